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
#include <tally/version.hpp>

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
TALLY_INLINE funding::requirements_table
parse_requirements_table(std::string text, std::string source, validation_report& report,
                         const requirements_read_options& options = {});

/// Parses requirements keyed (country, sector), as the readers gave them before plans and years
/// were kept: the rows of each (country, sector) added. Throws errc::parse as
/// parse_requirements_table, and errc::usage when the file holds requirements of several years
/// or, for one country, of several plans (funding::requirements_by names them):
/// read those with parse_requirements_table and choose.
TALLY_INLINE funding::group_sums<usd_amount>
parse_requirements_csv(std::string text, std::string source, validation_report& report,
                       const requirements_read_options& options = {});

/// Reads requirements from the file at path. Throws errc::io when it cannot be read.
TALLY_INLINE funding::group_sums<usd_amount>
read_requirements_csv(const std::string& path, validation_report& report,
                      const requirements_read_options& options = {});

/// Reads the requirements table of the file at path. Throws errc::io when it cannot be read,
/// errc::parse as parse_requirements_table.
TALLY_INLINE funding::requirements_table
read_requirements_table(const std::string& path, validation_report& report,
                        const requirements_read_options& options = {});

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
TALLY_INLINE void read_requirements_text(std::string text, const std::string& source,
                                         io::file_kind kind, funding::requirements_table& into,
                                         io::validation_report& report,
                                         const io::column_map& columns = {});

/// Resolves the country of every row of table (ISO3 code, English or Spanish name through geo,
/// else a country of the world): one place, one row. A value that resolves to nothing is kept as
/// written and noted on report with its file and line (once per value and file).
TALLY_INLINE void resolve_requirement_countries(funding::requirements_table& table,
                                                const geography& geo,
                                                io::validation_report& report);

} // namespace tally::io

#ifndef TALLY_COMPILED
#include <tally/io/requirements_csv-inl.hpp>
#endif
