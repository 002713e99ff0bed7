#pragma once
// Reader of the FTS flow exports published on HDX (hxl_fts_incoming_funding_<iso3>.csv,
// hxl_fts_internal_funding_<iso3>.csv): a header row, then an HXL hashtag row (every non-empty
// cell starts with '#'), then one flow per row.
//
// The export flattens the destination objects: destLocations is a list of ISO3 codes,
// destGlobalClusters a list of global cluster names, destUsageYearStart/End a year range. Lists
// are separated by a bare ',' while names contain ", " ("Housing, Land and Property"), so a
// part that starts with a blank continues the previous name. A year range of more than one year
// becomes one shared UsageYear per year (it then falls in the "Multi-year" group). The export has
// no versionId (taken as 1) and no parent or child ids.
// amountUSD is counted to the dollar: a whole amount written as a decimal ("1234.0") is read
// as it is, one with cents is rounded half away from zero and told in one notice (first row,
// row count).
// Columns are found once, at the header, by io::resolve_columns (io/column_map.hpp): the user's
// column map (fts_csv_options::columns), then the layout `HDX FTS flow export` (io/layouts.hpp),
// which also knows the export's columns tally does not read (budgetYear, refCode, ...). A column
// not read whose name is close to one the layout reads (`amountUS`) stops the file; any other is
// told as not used.

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/funding/flow.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::io {

/// True when every non-empty field of rec starts with '#' and at least one does (an HXL row).
inline bool is_hxl_row(const csv_record& rec) {
    bool any = false;
    for (auto f : rec.fields) {
        if (f.empty())
            continue;
        if (f.front() != '#')
            return false;
        any = true;
    }
    return any;
}

/// Splits an FTS export list ("Mine Action,Protection"; "Housing, Land and Property,Health").
inline std::vector<std::string> split_fts_list(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start < s.size()) {
        auto end = s.find(',', start);
        if (end == std::string_view::npos)
            end = s.size();
        auto part = s.substr(start, end - start);
        if (!out.empty() && !part.empty() && part.front() == ' ')
            out.back() += "," + std::string(part);
        else if (!part.empty())
            out.emplace_back(part);
        start = end + 1;
    }
    return out;
}

namespace detail {
/// A whole number, also written as a decimal ("1234.0", as FTS writes some amounts); a decimal
/// with a fraction is rounded half away from zero, and *rounded (when given) set.
inline std::optional<std::int64_t> parse_int(std::string_view s, bool* rounded = nullptr) {
    while (!s.empty() && s.front() == ' ')
        s.remove_prefix(1);
    while (!s.empty() && s.back() == ' ')
        s.remove_suffix(1);
    if (s.empty())
        return std::nullopt;
    std::int64_t v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec == std::errc() && p == s.data() + s.size())
        return v;
    // FTS sometimes writes whole amounts as "1234.0".
    double d = 0;
    auto [p2, ec2] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (ec2 == std::errc() && p2 == s.data() + s.size() && d > -9.2e18 && d < 9.2e18) {
        if (rounded && std::trunc(d) != d)
            *rounded = true;
        return static_cast<std::int64_t>(std::llround(d));
    }
    return std::nullopt;
}

/// The notice for amounts given with cents, rounded to whole dollars: at the first such row,
/// with the count of rows.
inline void tell_rounded(validation_report& report, const std::string& source,
                         std::string_view column, const tally::detail::notice_count& rounded) {
    if (rounded.rows == 0)
        return;
    report.tell({source, rounded.first_line, 0},
                std::string(column) +
                    " with cents rounded to whole dollars, half away from zero (counted to the "
                    "dollar)" +
                    tally::detail::rows_suffix(rounded.rows));
}
} // namespace detail

/// The usage years an FTS export may name (FTS starts in 1999; plans run a few years ahead).
inline constexpr std::int64_t min_usage_year = 1900, max_usage_year = 2200;

/// How an HDX FTS flow export is read.
struct fts_csv_options {
    /// The user's column map (io/column_map.hpp), applied before the built-in layout.
    column_map columns;
};

/// The columns of an FTS flow export whose header (the names, trimmed) is on line, the columns
/// not read told in report. Throws errc::parse as io::resolve_columns does.
inline resolved_columns resolve_fts_header(const std::vector<std::string>& names,
                                           const std::string& source, std::size_t line,
                                           const column_map& columns, validation_report& report) {
    auto b = resolve_columns(names, fts_flow_roles(), fts_flow_layouts(), columns, source, line);
    tell_columns(report, source, line, b);
    return b;
}

namespace detail {

/// The columns of an FTS flow export that the reader reads: the required ones, and the others
/// when the file has them.
struct fts_columns {
    std::size_t id = 0, amount = 0, boundary = 0, on = 0, status = 0;
    std::optional<std::size_t> type, loc, gc, org, y0, y1, plan, planid, proj, emerg, src, srcloc,
        flow_date, decision_date, desc, oa, cur;
};

/// The columns of bound (an FTS flow export's header, on line of source). Throws errc::parse
/// for a required column that is missing (resolve_columns has made sure of them).
inline fts_columns bind_fts_columns(const resolved_columns& bound, const std::string& source,
                                    std::size_t line) {
    auto need = [&](std::string_view role) {
        if (auto i = bound.find(role))
            return *i;
        throw error(errc::parse, source_position{source, line, 0},
                    "FTS flow export without a column for " + std::string(role));
    };
    fts_columns c;
    c.id = need("id"), c.amount = need("amount_usd"), c.boundary = need("boundary");
    c.on = need("on_boundary"), c.status = need("status");
    c.type = bound.find("flow_type"), c.loc = bound.find("dest_locations");
    c.gc = bound.find("dest_global_clusters"), c.org = bound.find("dest_organization");
    c.y0 = bound.find("dest_usage_year_start"), c.y1 = bound.find("dest_usage_year_end");
    c.plan = bound.find("dest_plan"), c.planid = bound.find("dest_plan_id");
    c.proj = bound.find("dest_project"), c.emerg = bound.find("dest_emergency");
    c.src = bound.find("src_organization"), c.srcloc = bound.find("src_locations");
    c.flow_date = bound.find("date"), c.decision_date = bound.find("decision_date");
    c.desc = bound.find("description"), c.oa = bound.find("original_amount");
    c.cur = bound.find("original_currency");
    return c;
}

/// A usage year of an FTS flow (the cell t of column what), or none when the cell is blank.
/// A year that is there but unreadable rejects the flow (std::invalid_argument), as a date
/// does: taken as absent, the flow would silently lose its usage year.
inline std::optional<std::int64_t> fts_usage_year(std::string_view t, const char* what) {
    while (!t.empty() && t.front() == ' ')
        t.remove_prefix(1);
    while (!t.empty() && t.back() == ' ')
        t.remove_suffix(1);
    if (t.empty())
        return std::nullopt;
    double d = 0;
    auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
    const auto y = parse_int(t);
    if (!y || ec != std::errc() || p != t.data() + t.size() || std::trunc(d) != d)
        throw std::invalid_argument(std::string(what) + " '" + std::string(t) + "' is not a year");
    return y;
}

/// The flow of a row of an FTS flow export (rec, of the header's width, columns c); rounded
/// is set when its amountUSD had cents. Throws std::invalid_argument naming what is wrong with
/// the row.
template <Amount A>
funding::flow<A> fts_flow(const csv_record& rec, const fts_columns& c, bool& rounded) {
    using namespace funding;
    auto cell = [&](std::optional<std::size_t> i) -> std::string_view {
        return i && *i < rec.size() ? rec[*i] : std::string_view{};
    };
    flow<A> f;
    f.id = std::string(rec[c.id]);
    if (f.id.empty())
        throw std::invalid_argument("empty id");
    auto amount = parse_int(rec[c.amount], &rounded);
    if (!amount)
        throw std::invalid_argument("amountUSD '" + std::string(rec[c.amount]) +
                                    "' is not a number");
    f.amount = A(*amount);
    auto en = [](auto parsed, std::string_view what, std::string_view s) {
        if (!parsed)
            throw std::invalid_argument("unknown " + std::string(what) + " '" + std::string(s) +
                                        "'");
        return *parsed;
    };
    f.boundary = en(parse_flow_boundary(rec[c.boundary]), "boundary", rec[c.boundary]);
    f.on_boundary = en(parse_boundary_share(rec[c.on]), "onBoundary", rec[c.on]);
    f.status = en(parse_flow_status(rec[c.status]), "status", rec[c.status]);
    if (auto t = cell(c.type); !t.empty())
        f.type = en(parse_flow_type(t), "flowType", t);
    // A date that is there but unreadable rejects the flow, as in the JSON reader:
    // taken as undated it would pass every --as-of.
    auto when = [](std::string_view s, const char* what) -> std::optional<date> {
        if (s.empty())
            return std::nullopt;
        if (auto d = date::try_parse(s))
            return d;
        throw std::invalid_argument(std::string(what) + " '" + std::string(s) + "' is not a date");
    };
    f.flow_date = when(cell(c.flow_date), "date");
    f.decision_date = when(cell(c.decision_date), "decisionDate");
    f.description = std::string(cell(c.desc));
    if (auto oa = parse_int(cell(c.oa)))
        f.original_amount = static_cast<double>(*oa);
    f.original_currency = std::string(cell(c.cur));
    auto add = [](std::vector<flow_object>& to, object_type t,
                  const std::vector<std::string>& names) {
        const auto b = names.size() > 1 ? object_behavior::shared : object_behavior::single;
        for (const auto& n : names)
            to.push_back({t, {}, n, b});
    };
    auto one = [](std::string_view s) {
        return s.empty() ? std::vector<std::string>{} : std::vector<std::string>{std::string(s)};
    };
    add(f.sources, object_type::organization, one(cell(c.src)));
    add(f.sources, object_type::location, split_fts_list(cell(c.srcloc)));
    add(f.destinations, object_type::organization, one(cell(c.org)));
    add(f.destinations, object_type::location, split_fts_list(cell(c.loc)));
    add(f.destinations, object_type::global_cluster, split_fts_list(cell(c.gc)));
    add(f.destinations, object_type::emergency, one(cell(c.emerg)));
    add(f.destinations, object_type::project, one(cell(c.proj)));
    if (auto p = cell(c.plan); !p.empty())
        f.destinations.push_back({object_type::plan, std::string(cell(c.planid)), std::string(p),
                                  object_behavior::single});
    const auto y0 = fts_usage_year(cell(c.y0), "destUsageYearStart"),
               y1 = fts_usage_year(cell(c.y1), "destUsageYearEnd");
    if (y0 || y1) {
        const auto a = y0 ? *y0 : *y1, b = y1 ? *y1 : *y0;
        // Each year is range-checked before the span is computed, so b - a cannot
        // overflow and the loop below runs at most 101 times.
        for (auto y : {a, b})
            if (y < min_usage_year || y > max_usage_year)
                throw std::invalid_argument("usage year " + std::to_string(y) + " is outside " +
                                            std::to_string(min_usage_year) + ".." +
                                            std::to_string(max_usage_year));
        if (b < a || b - a > 100)
            throw std::invalid_argument("usage years " + std::to_string(a) + ".." +
                                        std::to_string(b));
        std::vector<std::string> years;
        for (auto y = a; y <= b; ++y)
            years.push_back(std::to_string(y));
        add(f.destinations, object_type::usage_year, years);
    }
    return f;
}

} // namespace detail

/// Parses an HDX FTS flow export and offers its flows to into. Throws errc::parse when the
/// header lacks id, amountUSD, boundary, onBoundary or status, and as io::resolve_columns does
/// (a column of the map not in the file, a role mapped twice, a column close to a role's name
/// and not read); a row that cannot be read is rejected into report. The HXL row, when present,
/// is skipped and not counted as a row. A line identical to an earlier one is told as a notice
/// naming both (the flow counts once).
template <Amount A>
void parse_fts_csv(std::string text, std::string source, funding::flow_set<A>& into,
                   validation_report& report, const fts_csv_options& options = {}) {
    using namespace funding;
    tell_decoding(report, decode_in_place(text, source));
    const auto repeats = find_repeated_records(text);
    csv_reader r(std::move(text), source);
    csv_record rec;
    if (!r.next(rec))
        return;
    header_index h(rec);
    h.require_distinct(source, rec.line);
    std::vector<std::string> header_names;
    for (auto f : rec.fields)
        header_names.emplace_back(tally::detail::trim(f));
    const auto bound = resolve_fts_header(header_names, source, rec.line, options.columns, report);
    const auto c = detail::bind_fts_columns(bound, source, rec.line);
    // An identical line is the same flow (same id, and the export has no versionId): the row is
    // used and the flow set keeps one record of it, so it is not counted twice; the notice names
    // both lines so that the copy can be found.
    for (std::size_t i = 0; i < repeats.size() && i < 20; ++i)
        report.tell({source, repeats[i].line, 0},
                    "line " + std::to_string(repeats[i].line) + " repeats line " +
                        std::to_string(repeats[i].earlier) +
                        " in every field: the same flow, counted once");
    if (repeats.size() > 1)
        report.tell({source, repeats.front().line, 0},
                    std::to_string(repeats.size()) +
                        " lines of this file repeat an earlier line in every field; each flow "
                        "is counted once");
    tally::detail::notice_count rounded_rows;
    bool first = true;
    // A quoted field that swallows lines looking like rows, or never closes, is a rejected row
    // (tally::detail::read_record).
    const std::size_t width = h.size();
    while (tally::detail::next_record(r, rec, report, width)) {
        if (first && is_hxl_row(rec)) {
            first = false;
            report.lines_read -= rec.lines(); // the hashtag row: not a row of the account
            continue;
        }
        first = false;
        const source_position where{source, rec.line, 0};
        if (!tally::detail::check_row_width(rec, width, report, source))
            continue;
        try {
            bool rounded = false;
            auto f = detail::fts_flow<A>(rec, c, rounded);
            into.update(std::move(f));
            report.use();
            if (rounded)
                rounded_rows.see(rec.line);
        } catch (const std::exception& e) {
            report.reject(where, e.what());
        }
    }
    detail::tell_rounded(report, source, "amountUSD", rounded_rows);
}

/// Reads the HDX FTS flow export at path. Throws errc::io when it cannot be read, errc::parse
/// as parse_fts_csv does.
template <Amount A>
void read_fts_csv(const std::string& path, funding::flow_set<A>& into, validation_report& report,
                  const fts_csv_options& options = {}) {
    parse_fts_csv<A>(read_file(path), path, into, report, options);
}

#ifdef TALLY_COMPILED
// With the compiled component (docs/packaging.md), the reader for usd_amount is compiled once,
// into tally::compiled (src/fts_csv.cpp); other amount types are instantiated here as usual.
extern template void parse_fts_csv<usd_amount>(std::string, std::string,
                                               funding::flow_set<usd_amount>&, validation_report&,
                                               const fts_csv_options&);
extern template void read_fts_csv<usd_amount>(const std::string&, funding::flow_set<usd_amount>&,
                                              validation_report&, const fts_csv_options&);
#endif

} // namespace tally::io
