#pragma once
// Readers of funding requirements (funding/requirements.hpp: per plan and year):
//  - plain `country, sector, requirements_usd` (optionally `year`, `plan_code`);
//  - HDX's "FTS requirements and funding" files (hxl_fts_requirements_funding_<iso3>.csv: one row
//    per plan and year, countryCode, id, name, code, typeName, year, requirements, funding; the
//    _cluster_ variant adds clusterCode and cluster), with or without their HXL row;
//  - the HDX HAPI funding table (location_code, appeal_code, appeal_name, appeal_type,
//    requirements_usd, funding_usd, reference_period_start, ...: one row per appeal);
//  - a file tagged with HXL only, or with names tally does not know above its hashtag row:
//    #country (+code), #sector (+code), #value+required+usd, #value+funding+total+usd,
//    #date+year, #activity+appeal+id+external (the plan code), #activity+appeal+name, ...
// Columns are found once, at the header, by io::resolve_columns (io/column_map.hpp): the user's
// column map (requirements_read_options::columns), then the layout of names that knows most of
// the header (requirements CSV, HDX FTS requirements and funding [by cluster], HDX HAPI
// funding: io/layouts.hpp), then, for a role no name gives, the layout `HXL requirements` read
// from the hashtag row. A column not read whose name is close to one the layouts read
// (`requirments`) stops the file; any other is told as not used. Each row keeps its plan (code,
// FTS id, name, type) and year (the year column, else the year of the period's start date), so
// that plans and years are never added together (funding/requirements.hpp). A per-plan file has no
// sector: its rows get the sector "" (the whole plan). Money outside any plan ("Not specified")
// gets the plan not_specified. Countries are resolved to their ISO3 code (iso3_of_country: "AFG",
// "Afghanistan"); a value that does not resolve is kept as written.
// An empty requirements cell (a plan or cluster without requirements, money outside any plan) is
// not read as 0: the row gives no requirement (its funding figure, when the table has one, is
// still kept), so its coverage stays n/a; such rows are told in one notice. Requirements and
// funding with cents are rounded to whole dollars (half away from zero), with a notice.

#include <algorithm>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/core/money.hpp>
#include <tally/core/names.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_plans.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>

namespace tally::io {

namespace detail {
/// The year a cell gives: "2020", or the year of a date "2020-05-01"; std::nullopt otherwise.
inline std::optional<std::string> year_of_cell(std::string_view s) {
    s = tally::detail::trim(s);
    if (s.size() < 4 ||
        !std::all_of(s.begin(), s.begin() + 4, [](char c) { return c >= '0' && c <= '9'; }))
        return std::nullopt;
    if (s.size() > 4 && s[4] != '-')
        return std::nullopt;
    const int y = std::stoi(std::string(s.substr(0, 4)));
    if (y < min_usage_year || y > max_usage_year)
        return std::nullopt;
    return std::string(s.substr(0, 4));
}
} // namespace detail

/// How requirements are read.
struct requirements_read_options {
    /// The user's column map (io/column_map.hpp), applied before the built-in layouts.
    column_map columns;
};

/// The columns of a requirements file whose header is th, the columns not read told in report.
/// Throws errc::parse as io::resolve_columns does.
inline resolved_columns resolve_requirements_header(const tagged_header& th,
                                                    const std::string& source,
                                                    const column_map& columns,
                                                    validation_report& report) {
    auto b = resolve_columns(th.cells, requirements_roles(), requirements_layouts(), columns,
                             source, th.line, th.tag_cells);
    tell_columns(report, source, th.line, b);
    return b;
}

namespace detail {

/// The year of a requirements row into year: its year cell y, else the year its start date d
/// begins with; a cell that is there and unreadable adds a reason to why.
inline void requirement_year(std::string_view y, std::string_view d, std::string& year,
                             std::string& why) {
    if (!y.empty()) {
        if (const auto v = year_of_cell(y); v && v->size() == y.size())
            year = *v;
        else
            tally::detail::add_reason(why, "year '" + std::string(y) + "' is not a year");
    } else if (!d.empty()) {
        if (const auto v = year_of_cell(d))
            year = *v;
        else
            tally::detail::add_reason(why, "start date '" + std::string(d) +
                                               "' does not begin with a year");
    }
}

} // namespace detail

/// Parses requirements (any layout above, told apart by the header) into a table of rows per
/// plan and year. Throws errc::parse when the header has no country column or no requirements
/// column, and as io::resolve_columns does (a column of the map not in the file, a role mapped
/// twice, a column close to a role's name and not read). A line identical to an earlier one is
/// kept, with a notice naming both.
inline funding::requirements_table
parse_requirements_table(std::string text, std::string source, validation_report& report,
                         const requirements_read_options& options = {}) {
    tell_decoding(report, decode_in_place(text, source));
    const auto repeats = find_repeated_records(text);
    csv_reader r(std::move(text), source);
    csv_record rec;
    funding::requirements_table out;
    if (!r.next(rec))
        return out;
    const tagged_header th(r, rec, source);
    const auto b = resolve_requirements_header(th, source, options.columns, report);
    const auto c_country = b.find("country"), c_sector = b.find("sector"),
               c_req = b.find("requirements_usd"), c_fund = b.find("funding_usd"),
               c_code = b.find("plan_code"), c_id = b.find("plan_id"), c_name = b.find("plan_name"),
               c_type = b.find("plan_type"), c_year = b.find("year"),
               c_start = b.find("start_date");
    if (!c_country || !c_req) // resolve_columns has made sure of them
        throw error(errc::parse, source_position{source, th.line, 0},
                    "a requirements CSV needs a country and a requirements column");
    // Identical lines are kept, as rows of several plans are: with a notice naming both.
    tell_repeated_lines(report, source, repeats);
    tally::detail::notice_count rounded_requirements, rounded_funding, without_requirement;
    // Records read by next_record: a quoted field that swallows lines looking like rows, or
    // never closes, is a rejected row (tally::detail::read_record).
    for (bool pending = th.pending; pending || tally::detail::next_record(r, rec, report, th.width);
         pending = false) {
        if (pending && tally::detail::reject_swallowing(r, rec, report, th.width))
            continue;
        const source_position where{source, rec.line, 0};
        if (!tally::detail::check_row_width(rec, th.width, report, source))
            continue;
        auto cell = [&](const std::optional<std::size_t>& c) {
            return c ? tally::detail::trim(rec[*c]) : std::string_view{};
        };
        std::string why;
        bool rounded = false, req_rounded = false;
        auto amount = [&](const std::optional<std::size_t>& c,
                          std::string_view what) -> std::optional<usd_amount> {
            const auto t = cell(c);
            if (t.empty())
                return std::nullopt;
            const auto v = detail::parse_int(t, &rounded);
            if (!v || *v < 0) {
                tally::detail::add_reason(why, std::string(what) + " '" + std::string(t) +
                                                   "' is not a non-negative whole number");
                return std::nullopt;
            }
            return usd_amount(*v);
        };
        funding::plan_requirement p;
        p.requirements = amount(c_req, "requirements");
        std::swap(rounded, req_rounded);
        p.funding = amount(c_fund, "funding");
        const auto country = cell(c_country);
        if (country.empty())
            tally::detail::add_reason(why, "missing country");
        if (const auto iso3 = iso3_of_country(country))
            p.country = *iso3;
        else
            p.country = std::string(country);
        p.sector = std::string(cell(c_sector));
        p.plan_code = std::string(cell(c_code));
        p.plan_id = std::string(cell(c_id));
        p.plan_name = std::string(cell(c_name));
        p.plan_type = std::string(cell(c_type));
        if (p.plan_code == funding::not_specified ||
            (p.plan_code.empty() && p.plan_name == funding::not_specified)) {
            p.plan_code = std::string(funding::not_specified);
            p.plan_id.clear();
        }
        detail::requirement_year(cell(c_year), cell(c_start), p.year, why);
        if (!why.empty()) {
            report.reject(where, std::move(why));
            continue;
        }
        p.source = source;
        p.line = rec.line;
        report.use();
        if (req_rounded)
            rounded_requirements.see(rec.line);
        if (rounded)
            rounded_funding.see(rec.line);
        if (!p.requirements)
            without_requirement.see(rec.line);
        out.add(std::move(p));
    }
    detail::tell_rounded(report, source, "requirements", rounded_requirements);
    detail::tell_rounded(report, source, "funding", rounded_funding);
    if (without_requirement.rows)
        report.tell({source, without_requirement.first_line, 0},
                    std::string("no requirements given (money outside a plan, or a plan or "
                                "cluster without requirements): no requirement is read") +
                        tally::detail::rows_suffix(without_requirement.rows));
    return out;
}

/// Parses requirements keyed (country, sector), as the readers gave them before plans and years
/// were kept: the rows of each (country, sector) added. Throws errc::parse as
/// parse_requirements_table, and errc::usage when the file holds requirements of several years
/// or, for one country, of several plans (funding::requirements_by names them):
/// read those with parse_requirements_table and choose.
inline funding::group_sums<usd_amount>
parse_requirements_csv(std::string text, std::string source, validation_report& report,
                       const requirements_read_options& options = {}) {
    const auto table =
        parse_requirements_table(std::move(text), std::move(source), report, options);
    std::vector<std::string> notes;
    // The checks of the rule: one year, and one plan per country.
    (void)funding::requirements_by(table, {"country"}, notes);
    funding::group_sums<usd_amount> out({"country", "sector"});
    for (const auto& r : table.rows())
        if (r.requirements)
            out.update({r.country, r.sector}, *r.requirements);
    return out;
}

/// Reads requirements from the file at path. Throws errc::io when it cannot be read.
inline funding::group_sums<usd_amount>
read_requirements_csv(const std::string& path, validation_report& report,
                      const requirements_read_options& options = {}) {
    return parse_requirements_csv(read_file(path), path, report, options);
}

/// Reads the requirements table of the file at path. Throws errc::io when it cannot be read,
/// errc::parse as parse_requirements_table.
inline funding::requirements_table
read_requirements_table(const std::string& path, validation_report& report,
                        const requirements_read_options& options = {}) {
    return parse_requirements_table(read_file(path), path, report, options);
}

/// The user's choice among requirements from its two options as written: a year ("2024", or
/// "" for none) and a comma list of plan codes (blanks trimmed, empty parts dropped). Throws
/// errc::usage, naming year_option ("--year", "year"), when the year is not a year.
inline funding::requirements_choice requirements_choice_of(std::string_view year,
                                                           std::string_view plan_codes,
                                                           std::string_view year_option) {
    funding::requirements_choice c;
    c.year = std::string(year);
    if (!c.year.empty()) {
        const auto y = detail::year_of_cell(c.year);
        if (!y || y->size() != c.year.size())
            throw error(errc::usage, std::string(year_option) +
                                         " must be a year such as 2024, not '" + c.year + "'");
    }
    c.plans = split_list(plan_codes);
    return c;
}

/// Reads the requirements in text (a requirements CSV in any of its layouts, read with the
/// user's column map columns, or an FTS plan overview) into into. Throws as the readers do.
inline void read_requirements_text(std::string text, const std::string& source, io::file_kind kind,
                                   funding::requirements_table& into, io::validation_report& report,
                                   const io::column_map& columns = {}) {
    into.merge(kind == io::file_kind::fts_plans
                   ? io::parse_fts_plan_overview(text, source, report)
                   : io::parse_requirements_table(std::move(text), source, report, {columns}));
}

/// Resolves the country of every row of table (ISO3 code, English or Spanish name through geo,
/// else a country of the world): one place, one row. A value that resolves to nothing is kept as
/// written and noted on report with its file and line (once per value and file).
inline void resolve_requirement_countries(funding::requirements_table& table, const geography& geo,
                                          io::validation_report& report) {
    std::vector<std::pair<std::string, std::string>> told; // value, file
    for (auto& r : table.rows()) {
        if (r.country == funding::multi_country || r.country.empty())
            continue;
        if (const auto id = geo.resolve_country(r.country))
            r.country = geo.country(*id).code;
        else if (const auto iso3 = iso3_of_country(r.country))
            r.country = *iso3;
        else if (std::find(told.begin(), told.end(), std::pair{r.country, r.source}) ==
                 told.end()) {
            told.emplace_back(r.country, r.source);
            report.tell({r.source, r.line, 0},
                        "country '" + r.country +
                            "' is neither a country code nor a country name tally knows: kept "
                            "as written, apart from the same place written otherwise");
        }
    }
}

} // namespace tally::io
