// read_join_inputs (join_input.hpp): every reader of the join's four inputs, compiled once for
// the commands that join (funding, misalign, report) instead of in each of them.

#include "join_input.hpp"
#include <initializer_list>
#include <tally/io/activity_reader.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>

namespace tally::cli {

std::unique_ptr<join_files> read_join_inputs(const split_args& s, const geography* geo,
                                             std::optional<date> as_of, std::string_view command,
                                             std::ostream& err,
                                             const funding::requirements_choice& choice,
                                             const join_columns& columns) {
    auto r = std::make_unique<join_files>();
    auto& in = r->in;
    io::input_registry seen;
    auto read = [&](const char* option, std::initializer_list<io::file_kind> kinds,
                    const io::column_map& map, auto body) {
        read_inputs(s.files(option), kinds, command, "--" + std::string(option), err, seen,
                    r->failures, map, body);
    };
    read("activities", {io::file_kind::activities}, columns.activities,
         [&](input_text& t, const std::string& path, io::file_kind) {
             io::activity_read_options o;
             o.geo = geo;
             o.columns = columns.activities;
             in.reports.activities.merge(io::read_activities_span(t.view.data(), t.view.size(),
                                                                  path, r->activities, o, t.map));
         });
    io::plan_read_options plan_options;
    plan_options.geo = geo;
    plan_options.columns = columns.plan;
    read("plan", {io::file_kind::plan}, columns.plan,
         [&](input_text& t, const std::string& path, io::file_kind) {
             in.reports.plan.merge(io::read_plan_text(t.take(), path, r->plan, plan_options));
         });
    funding::flow_set<usd_amount> flows;
    read("funding", {io::file_kind::fts_json, io::file_kind::fts_csv, io::file_kind::flow_csv},
         columns.funding, [&](input_text& t, const std::string& path, io::file_kind kind) {
             switch (kind) {
             case io::file_kind::fts_json:
                 io::parse_fts_json(t.view, path, flows, in.reports.funding);
                 break;
             case io::file_kind::fts_csv:
                 io::parse_fts_csv(t.take(), path, flows, in.reports.funding, {columns.funding});
                 break;
             default: {
                 r->undated.sources.push_back(path);
                 const auto ft =
                     io::parse_flow_csv(t.take(), path, in.reports.funding, {columns.funding});
                 auto e = metrics::money_entries<usd_amount>(ft);
                 in.funding.insert(in.funding.end(), e.begin(), e.end());
                 break;
             }
             }
         });
    // Requirements per plan and year: countries resolved, the choice applied, then one year and
    // one plan per country checked (funding/requirements.hpp) before they are keyed by country and
    // sector for the join.
    funding::requirements_table req_table;
    read("requirements", {io::file_kind::requirements, io::file_kind::fts_plans},
         columns.requirements, [&](input_text& t, const std::string& path, io::file_kind kind) {
             read_requirements_text(t.take(), path, kind, req_table, in.reports.requirements,
                                    columns.requirements);
         });
    std::string year = choice.year;
    if (!req_table.empty()) {
        resolve_requirement_countries(req_table, geo ? *geo : geography::r4v(),
                                      in.reports.requirements);
        req_table = funding::choose(req_table, choice, r->choice_notes);
        year = flow_year(choice, req_table, false, r->choice_notes);
        (void)funding::requirements_by(req_table, {"country"}, r->choice_notes,
                                       funding::plan_figure::requirements, false);
        for (const auto& row : req_table.rows())
            if (row.requirements && row.country != funding::multi_country)
                r->requirements.update({row.country, row.sector}, *row.requirements);
    } else if (!choice.plans.empty())
        throw error(errc::usage, "--plan-code needs --requirements (the plans' codes)");
    // The as-of date first, as tally funding applies it (funding::select_as_of, one rule).
    if (as_of) {
        auto sel = funding::select_as_of(flows, *as_of);
        r->after_as_of = sel.left_out;
        r->undated.flows = sel.undated;
        flows = std::move(sel.flows);
    }
    if (!year.empty() || !choice.plans.empty()) {
        const auto sel = funding::select_flows(flows, year, choice.plans, req_table);
        note_selected_flows(sel, year, r->choice_notes);
        flows = sel.flows;
        for (const auto& p : r->undated.sources)
            r->choice_notes.push_back(p + " is a flow CSV: it has no usage years nor plans, so "
                                          "all its rows are counted whatever the year or plan");
    }
    {
        auto e = metrics::money_entries(flows);
        in.funding.insert(in.funding.end(), e.begin(), e.end());
    }
    if (!as_of)
        r->undated = {};
    if (s.given("activities"))
        in.activities = &r->activities;
    if (s.given("plan"))
        in.plan = &r->plan;
    if (s.given("requirements"))
        in.requirements = &r->requirements;
    return r;
}

} // namespace tally::cli
