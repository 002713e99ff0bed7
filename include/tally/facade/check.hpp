#pragma once
// The validation report for bindings: `tally check` as a function. Each input (5W activities,
// plan or needs table, 3W presence, flow CSV, HDX FTS flow export, requirements) is read by the
// reader of its kind, as the tool reads it; the result is one row per input (file, kind, layout,
// rows_read, lines_read, rows_used, rows_rejected, notices) and one row per problem (file, line,
// what: rejected or notice, message as the tool prints it), in line order per file.
//
// Cost: that of the readers; the tables read are dropped after each input.

#include <tally/version.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <tally/core/geography.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/presence_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <vector>

namespace tally::facade {

/// The options of `tally check`.
struct check_options {
    std::string geography;       ///< a geography CSV; empty: the R4V preset
    std::string columns;         ///< a column map
    std::string indicator_types; ///< a CSV indicator,type[,sector][,year]
    bool keep_going = true;      ///< as the tool: an input that cannot be read goes to not_read
};

struct check_result {
    table files;    ///< one row per input read
    table problems; ///< one row per rejected row or notice
    std::vector<std::string> not_read;
};

/// The readers' options of a check: the geography (nullptr: the R4V preset), the column map and
/// the indicator types (nullptr: tally's list).
struct check_readers {
    const geography* geo = nullptr;
    io::column_map columns;
    const indicator_types* types = nullptr;
};

/// One input read as `tally check` and check() read it: its validation report, its kind as they
/// name it, and the lines of a 5W file (for the outliers of `tally check --outliers`).
struct checked_input {
    io::validation_report report;
    std::string kind;
    activity_table activities;
};

/// Reads one input (In: an input_text of the facade or of the tool: view, map, take()) with the
/// reader of its kind: the one per-kind reader setup of `tally check` and check().
template <class In>
checked_input check_input(In& in, const std::string& source, io::file_kind kind,
                          const check_readers& r) {
    checked_input c;
    auto& rep = c.report;
    if (kind == io::file_kind::flow_csv) {
        (void)io::parse_flow_csv(in.take(), source, rep, {r.columns});
        c.kind = io::name_of(kind);
    } else if (kind == io::file_kind::fts_csv) {
        funding::flow_set<usd_amount> flows;
        io::parse_fts_csv(in.take(), source, flows, rep, {r.columns});
        c.kind = io::name_of(kind);
    } else if (kind == io::file_kind::requirements) {
        (void)io::parse_requirements_table(in.take(), source, rep, {r.columns});
        c.kind = io::name_of(kind);
    } else if (kind == io::file_kind::presence) {
        presence_table t;
        rep = io::read_presence_text(in.take(), source, t);
        c.kind = "3W presence";
    } else if (kind == io::file_kind::plan) {
        plan_table t;
        io::plan_read_options po;
        po.geo = r.geo;
        po.columns = r.columns;
        rep = io::read_plan_text(in.take(), source, t, po);
        c.kind = "plan";
    } else {
        io::activity_read_options ao;
        ao.geo = r.geo;
        ao.columns = r.columns;
        ao.types = r.types;
        rep = io::read_activities_span(in.view.data(), in.view.size(), source, c.activities, ao,
                                       in.map);
        c.kind = "activities";
    }
    return c;
}

namespace detail {

// The tables of a check result, with their columns.
inline check_result check_tables() {
    check_result out;
    auto& f = out.files;
    f.add("file", column_type::text);
    f.add("kind", column_type::text);
    f.add("layout", column_type::text);
    for (auto h : {"rows_read", "lines_read", "rows_used", "rows_rejected", "notices"})
        f.add(h, column_type::integer);
    auto& p = out.problems;
    p.add("file", column_type::text);
    p.add("line", column_type::integer);
    p.add("what", column_type::text);
    p.add("message", column_type::text);
    return out;
}

inline void add_problem(table& p, const std::string& file, std::size_t line, const char* what,
                        std::string message) {
    p.columns[0].text.push_back(file);
    p.columns[1].integer.push_back(static_cast<std::int64_t>(line));
    p.columns[2].text.emplace_back(what);
    p.columns[3].text.push_back(std::move(message));
}

// The row of one input in the files table.
inline void add_file_row(table& f, const std::string& source, const checked_input& c) {
    const auto& rep = c.report;
    std::string layout;
    for (const auto& l : rep.layouts)
        layout += (layout.empty() ? "" : "; ") +
                  (l.layout.empty() ? std::string("(the column map)") : l.layout);
    f.columns[0].text.push_back(source);
    f.columns[1].text.push_back(c.kind);
    f.columns[2].text.push_back(layout);
    f.columns[3].integer.push_back(static_cast<std::int64_t>(rep.rows_read));
    f.columns[4].integer.push_back(static_cast<std::int64_t>(rep.lines_read));
    f.columns[5].integer.push_back(static_cast<std::int64_t>(rep.rows_used));
    f.columns[6].integer.push_back(static_cast<std::int64_t>(rep.rejected.size()));
    f.columns[7].integer.push_back(static_cast<std::int64_t>(rep.notices.size()));
}

// The rejected rows and notices of one input, in line order.
inline void add_problems(table& p, const std::string& source, const io::validation_report& rep) {
    struct line_problem {
        std::size_t line;
        const char* what;
        std::string text;
    };
    std::vector<line_problem> lines;
    for (const auto& r : rep.rejected)
        lines.push_back({r.where.line, "rejected", r.to_string()});
    for (const auto& n : rep.notices)
        lines.push_back({n.where.line, "notice", n.where.to_string() + ": notice: " + n.message});
    std::stable_sort(lines.begin(), lines.end(),
                     [](const line_problem& a, const line_problem& b) { return a.line < b.line; });
    for (auto& l : lines)
        add_problem(p, source, l.line, l.what, std::move(l.text));
}

} // namespace detail

/// Validates the inputs; never throws for a bad row.
inline check_result check(const std::vector<input>& inputs, const check_options& o = {}) {
    if (inputs.empty())
        throw error(errc::usage, "no input");
    std::vector<io::notice> geo_notices;
    std::optional<geography> geo;
    if (!o.geography.empty())
        geo = geography_of(o.geography, geo_notices);
    const auto types = indicator_types_of(o.indicator_types);
    check_readers readers;
    readers.geo = geo ? &*geo : nullptr;
    readers.columns = column_map_of(o.columns, "columns");
    readers.types = types ? &*types : nullptr;

    check_result out = detail::check_tables();
    for (const auto& n : geo_notices)
        detail::add_problem(out.problems, n.where.file, n.where.line, "notice",
                            n.where.to_string() + ": notice: " + n.message);
    read_inputs(inputs,
                {io::file_kind::activities, io::file_kind::plan, io::file_kind::presence,
                 io::file_kind::flow_csv, io::file_kind::fts_csv, io::file_kind::requirements},
                readers.columns, o.keep_going, out.not_read,
                [&](input_text& in, const std::string& source, io::file_kind kind) {
                    const auto c = check_input(in, source, kind, readers);
                    detail::add_file_row(out.files, source, c);
                    detail::add_problems(out.problems, source, c.report);
                });
    return out;
}

} // namespace tally::facade
