#pragma once
// The four inputs of a joined table (metrics/joined.hpp) read from their files: 5W activities,
// plans, funding (FTS API JSON, HDX FTS flow exports, plain flow CSVs, read file by file as
// `tally funding` reads them: metrics/funding_summary.hpp) and requirements (any
// requirements layout, FTS plan overviews), each through the reader of its kind, then the
// requirements chosen (a year, plans), the as-of date applied to the flows and the flows of the
// requirements' year and plans selected, with the notes of what was left out. `tally misalign`,
// `tally report` and the facade read their inputs through read_join_files; only the loop over
// the files (which the caller gives, as `read`) differs between them.
//
// Cost: that of the readers (the activity reader reads a mapped file in place); the flows are
// copied once per selection (as of a date, of a year or plans).

#include <tally/version.hpp>

#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/money.hpp>
#include <tally/core/period.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/funding_summary.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/table/activity_table.hpp>
#include <tally/table/flow_table.hpp>
#include <tally/table/plan_table.hpp>
#include <utility>
#include <vector>

namespace tally::metrics {

/// The names of the four inputs, as read_join_files asks for their files.
inline constexpr const char* join_file_inputs[] = {"activities", "plan", "funding", "requirements"};

/// The column maps of the four inputs, each applied to the files of its input only.
struct join_columns {
    io::column_map activities, plan, funding, requirements;
};

/// How the four inputs are read: the geography places are resolved with (nullptr: the R4V
/// preset), the date funding is as of, the choice of a year and plans among the requirements,
/// and the column maps.
struct join_read_options {
    const geography* geo = nullptr;
    std::optional<date> as_of;
    funding::requirements_choice choice;
    join_columns columns;
};

/// The tables read, and the join inputs referring to them (hence not copyable or movable).
struct join_files {
    activity_table activities;
    plan_table plan;
    funding::group_sums<usd_amount> requirements{{"country", "sector"}};
    join_inputs<usd_amount> in;
    /// FTS flows left out because they are dated after the as-of date.
    std::size_t after_as_of = 0;
    /// With an as-of date: the funding it could not filter (flow CSVs, undated FTS flows).
    funding::undated_funding undated;
    /// What the choice of a year and plans left out, and the year flows were selected by.
    std::vector<std::string> choice_notes;

    join_files() = default;
    join_files(const join_files&) = delete;
    join_files& operator=(const join_files&) = delete;
};

/// Reads the four inputs into r. read(name, kinds, columns, body) reads the files of the input
/// name (one of join_file_inputs) whose kind is one of kinds, calling body(text, source, kind)
/// for each (text has `view`, `map` and `take()`, as io readers take them), and returns whether
/// the input was given; what it does with a file that cannot be read is its own (the tool
/// reports it and goes on, the facade throws or notes it). Funding files are FTS API JSON, HDX
/// FTS flow exports or plain flow CSVs; FTS flows dated after as_of are left out. Requirements
/// files are requirements CSVs (any layout) or FTS plan overviews, per plan and year: the choice
/// selects among them (funding::choose), and FTS flows are then those of that usage year and
/// those plans (funding::flow_year, funding::select_flows); requirements of several years, or
/// of several plans in one country, are refused (errc::usage, naming them). Throws as the
/// readers do for errors that are not about one file (overflow of a sum).
template <class Read>
void read_join_files(join_files& r, const join_read_options& o, Read read) {
    auto& in = r.in;
    const auto& columns = o.columns;
    const bool activities_given =
        read("activities", {io::file_kind::activities}, columns.activities,
             [&](auto& t, const std::string& path, io::file_kind) {
                 io::activity_read_options ao;
                 ao.geo = o.geo;
                 ao.columns = columns.activities;
                 in.reports.activities.merge(io::read_activities_span(
                     t.view.data(), t.view.size(), path, r.activities, ao, t.map));
             });
    io::plan_read_options plan_options;
    plan_options.geo = o.geo;
    plan_options.columns = columns.plan;
    const bool plan_given =
        read("plan", {io::file_kind::plan}, columns.plan,
             [&](auto& t, const std::string& path, io::file_kind) {
                 in.reports.plan.merge(io::read_plan_text(t.take(), path, r.plan, plan_options));
             });
    funding::flow_set<usd_amount> flows;
    // The funding files as tally funding reads them (metrics::detail::read_flow_file); the rows
    // of a flow CSV become entries of the join as they are.
    read("funding", {io::file_kind::fts_json, io::file_kind::fts_csv, io::file_kind::flow_csv},
         columns.funding, [&](auto& t, const std::string& path, io::file_kind kind) {
             detail::read_flow_file(t, path, kind, flows, r.undated, in.reports.funding,
                                    columns.funding, [&](const flow_table& ft) {
                                        auto e = money_entries<usd_amount>(ft);
                                        in.funding.insert(in.funding.end(), e.begin(), e.end());
                                    });
         });
    // Requirements per plan and year: countries resolved, the choice applied, then one year and
    // one plan per country checked (funding/requirements.hpp) before they are keyed by country and
    // sector for the join.
    funding::requirements_table req_table;
    const bool requirements_given =
        read("requirements", {io::file_kind::requirements, io::file_kind::fts_plans},
             columns.requirements, [&](auto& t, const std::string& path, io::file_kind kind) {
                 io::read_requirements_text(t.take(), path, kind, req_table,
                                            in.reports.requirements, columns.requirements);
             });
    const auto& choice = o.choice;
    std::string year = choice.year;
    if (!req_table.empty()) {
        io::resolve_requirement_countries(req_table, o.geo ? *o.geo : geography::r4v(),
                                          in.reports.requirements);
        req_table = funding::choose(req_table, choice, r.choice_notes);
        year = funding::flow_year(choice, req_table, false, r.choice_notes);
        (void)funding::requirements_by(req_table, {"country"}, r.choice_notes,
                                       funding::plan_figure::requirements, false);
        for (const auto& row : req_table.rows())
            if (row.requirements && row.country != funding::multi_country)
                r.requirements.update({row.country, row.sector}, *row.requirements);
    } else if (!choice.plans.empty())
        throw error(errc::usage, "--plan-code needs --requirements (the plans' codes)");
    // The as-of date first, as tally funding applies it (funding::select_as_of, one rule).
    if (o.as_of) {
        auto sel = funding::select_as_of(flows, *o.as_of);
        r.after_as_of = sel.left_out;
        r.undated.flows = sel.undated;
        flows = std::move(sel.flows);
    }
    detail::keep_chosen_flows(flows, year, choice.plans, req_table, r.undated, r.choice_notes);
    {
        auto e = money_entries(flows);
        in.funding.insert(in.funding.end(), e.begin(), e.end());
    }
    if (!o.as_of)
        r.undated = {};
    if (activities_given)
        in.activities = r.activities;
    if (plan_given)
        in.plan = r.plan;
    if (requirements_given)
        in.requirements = r.requirements;
}

} // namespace tally::metrics
