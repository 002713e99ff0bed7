#pragma once
// Funding for bindings: `tally funding` as a function. The files are read and summed by
// metrics::read_funding_files and metrics::summarize_funding, the steps the tool runs, with its
// options; the rows come back as the columns of the tool's JSON: the keys, funding_usd,
// pledges_usd, then requirements_usd, unmet_usd and coverage (a fraction rounded to four
// decimals, as the tool prints it) when requirements were given, allocated_usd with an
// allocation, plan_name, plan_type, in_need and targeted by plan; NA where the tool prints
// null. The provenance (one for the table in the tool's JSON) is the one footnote, the flows'
// boundary totals a table of one row, and the tool's notes the notices. No rule is applied here.
//
// Cost: that of the readers and of the summary.

#include <tally/version.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <tally/core/error.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/facade/join_inputs.hpp>
#include <tally/facade/misalign.hpp>
#include <tally/facade/table.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/funding_summary.hpp>
#include <tally/report/format.hpp>
#include <tally/table/plan_table.hpp>
#include <vector>

namespace tally::facade {

/// The inputs of `tally funding`: its FILEs (FTS API JSON, HDX FTS flow exports, plain flow
/// CSVs, or tables of funding per plan), --requirements and --plan; an empty list is an input
/// not given.
struct funding_sources {
    std::vector<input> funding, requirements, plan;
};

/// The options of `tally funding`, with its defaults (an empty string is the option not
/// given).
struct funding_options {
    std::string by;                   ///< a comma list of country, sector, organisation, year, plan
    std::string allocate = "none";    ///< none, requirements, target or pin
    std::string as_of;                ///< leave out FTS flows dated after this date (YYYY-MM-DD)
    std::string sector;               ///< one sector or sub-sector; empty: every sector
    std::string year;                 ///< requirements of this year, flows of this usage year
    std::string plan_code;            ///< requirements and flows of these plans (a comma list)
    std::string columns;              ///< the column map of the funding files
    std::string requirements_columns; ///< the column map of the requirements
    bool strict = false;              ///< errc::validation when rows were rejected
    bool keep_going = false;          ///< inputs that cannot be read go to not_read
};

/// What funding returns: the rows, and the flows' boundary totals as the tool's JSON has them
/// (shared_flows, shared_usd, internal_flows, internal_usd, duplicates_dropped, rows_read,
/// rows_rejected), one row.
struct funding_result : result {
    table totals;
};

namespace detail {

/// The query of the options. Throws errc::usage for a bad option.
inline metrics::funding_query funding_query_of(const funding_sources& in,
                                               const funding_options& o) {
    if (o.allocate != "none" && o.allocate != "requirements" && o.allocate != "target" &&
        o.allocate != "pin")
        throw error(errc::usage,
                    "allocate must be none, requirements, target or pin, not '" + o.allocate + "'");
    metrics::funding_query q;
    q.allocate = o.allocate;
    q.scope = sector_of(o.sector);
    // The arguments as a binding's user writes them (tally.funding(by=..., plan=...)), not
    // the tool's options.
    const metrics::funding_option_names names{
        "by=", "allocate=", "plan=", " (a plan file or data frame)"};
    metrics::set_funding_keys(q, o.by, names);
    q.as_of = as_of_date(o.as_of);
    metrics::check_allocation(q, !in.plan.empty(), names);
    q.choice = io::requirements_choice_of(o.year, o.plan_code, "year");
    q.columns = column_map_of(o.columns, "columns");
    q.requirements_columns = column_map_of(o.requirements_columns, "requirements_columns");
    if (!o.requirements_columns.empty() && in.requirements.empty())
        throw error(errc::usage, "requirements_columns goes with requirements (the funding "
                                 "files are read with columns)");
    return q;
}

/// The rows of a summary as the columns of the tool's JSON.
inline table funding_rows(const metrics::funding_summary& s) {
    table t;
    for (const auto& k : s.key_names)
        t.add(k, column_type::text);
    const std::size_t n = s.key_names.size();
    t.add("funding_usd", column_type::integer);
    t.add("pledges_usd", column_type::integer);
    if (s.with_requirements) {
        t.add("requirements_usd", column_type::integer);
        t.add("unmet_usd", column_type::integer);
        t.add("coverage", column_type::real);
    }
    if (s.allocate != "none")
        t.add("allocated_usd", column_type::integer);
    if (s.by_plan) {
        t.add("plan_name", column_type::text);
        t.add("plan_type", column_type::text);
        t.add("in_need", column_type::integer);
        t.add("targeted", column_type::integer);
    }
    auto& c = t.columns;
    auto money = [](const std::optional<usd_amount>& a) {
        return a ? std::optional<std::int64_t>(a->value()) : std::nullopt;
    };
    for (const auto& r : s.rows) {
        for (std::size_t k = 0; k < n; ++k)
            c[k].text.push_back(r.key[k]);
        std::size_t i = n;
        c[i++].integer.push_back(r.funding.value());
        c[i++].integer.push_back(r.pledges.value());
        if (s.with_requirements) {
            add_integer(c[i++], money(r.requirements));
            add_integer(c[i++], money(r.unmet));
            add_real(c[i++], r.coverage ? std::optional<double>(report::ratio_rounded(*r.coverage))
                                        : std::nullopt);
        }
        if (s.allocate != "none")
            c[i++].integer.push_back(s.allocated_to(r.key));
        if (s.by_plan) {
            const auto* p = s.plan_of(r);
            c[i].text.push_back(p ? p->plan_name : std::string());
            c[i++].mark(p != nullptr);
            c[i].text.push_back(p ? p->plan_type : std::string());
            c[i++].mark(p != nullptr);
            add_integer(c[i++], p ? p->in_need : std::nullopt);
            add_integer(c[i++], p ? p->targeted : std::nullopt);
        }
    }
    return t;
}

/// The flows' boundary totals and the row counts, one row.
inline table funding_totals(const metrics::funding_summary& s, const io::validation_report& r) {
    table t;
    auto integer = [&](const char* name, std::int64_t v) {
        t.add(name, column_type::integer).integer.push_back(v);
    };
    integer("shared_flows", static_cast<std::int64_t>(s.totals.shared_flows));
    integer("shared_usd", s.totals.shared.value());
    integer("internal_flows", static_cast<std::int64_t>(s.totals.internal_flows));
    integer("internal_usd", s.totals.internal.value());
    integer("duplicates_dropped", static_cast<std::int64_t>(s.duplicates));
    integer("rows_read", static_cast<std::int64_t>(r.rows_read));
    integer("rows_rejected", static_cast<std::int64_t>(r.rejected.size()));
    return t;
}

} // namespace detail

/// Funding, pledges, requirements and coverage per group of o.by from the inputs. Throws
/// tally::error as the tool stops: errc::usage without funding files, for a bad option (an
/// unknown key, allocation or sector; an allocation without what it needs; a date that is not
/// one), for requirements of several years or plans in one group, or tables of funding per plan
/// given with flows; the reader's error for an input that cannot be read (unless keep_going);
/// errc::validation when strict and rows were rejected.
inline funding_result funding(const funding_sources& in, const funding_options& o = {}) {
    if (in.funding.empty())
        throw error(errc::usage, "funding needs at least one funding file");
    const auto q = detail::funding_query_of(in, o);
    metrics::funding_files files(q.key_names);
    funding_result out;
    metrics::read_funding_files(
        files, q,
        [&](const char* name, std::initializer_list<io::file_kind> kinds,
            const io::column_map& columns, auto body) {
            const auto& inputs = std::string_view(name) == "funding" ? in.funding : in.requirements;
            read_inputs(inputs, kinds, columns, o.keep_going, out.not_read, body);
            return !inputs.empty();
        });
    const auto s =
        metrics::summarize_funding(files, q, [&](plan_table& plan, io::validation_report& report) {
            read_inputs(in.plan, {io::file_kind::plan}, {}, o.keep_going, out.not_read,
                        [&](input_text& t, const std::string& source, io::file_kind) {
                            report.merge(io::read_plan_text(t.take(), source, plan, {}));
                        });
        });
    check_strict(o.strict, files.report); // the plan's rows too
    out.rows = detail::funding_rows(s);
    out.totals = detail::funding_totals(s, files.report);
    finish_query(out, {s.how.footnote()}, files.report, metrics::funding_notes(s));
    return out;
}

} // namespace tally::facade
