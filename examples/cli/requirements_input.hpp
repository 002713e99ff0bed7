#pragma once
// Requirements per plan and year as `tally funding`, `tally misalign` and `tally report` read
// them (funding/requirements.hpp): the sources (requirements CSVs in their layouts, the HDX HAPI
// funding table, FTS plan overviews), the countries resolved, the user's choice of a year
// (--year) and plans (--plan-code), and the year flows are then selected by.

#include <ostream>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/fts_plans.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/io/validation.hpp>
#include <vector>

#include "cli.hpp"

namespace tally::cli {

/// The help lines of the options that choose among requirements, shared by the commands (a
/// macro, so that it joins the string literals of each command's help).
#define TALLY_CLI_REQUIREMENTS_CHOICE_HELP                                                         \
    "  --year YEAR        requirements of that year only, and funding of that usage year\n"        \
    "                     (flows whose one UsageYear is YEAR, as FTS selects them).\n"             \
    "  --plan-code CODE   requirements (and flows) of that plan only (FTS code, e.g. HAFG20;\n"    \
    "                     a comma list for several, each its own row with --by plan).\n"           \
    "Requirements are per plan and year: a file of several years, or of several plans in one\n"    \
    "output row, is refused (listing them) unless --year or --plan-code chooses (or, in\n"         \
    "tally funding, --by year|plan); with requirements of one year, flows are selected by\n"       \
    "that usage year.\n"

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

/// The user's choice among requirements: --year and --plan-code.
inline funding::requirements_choice requirements_choice_of(const options& opt) {
    funding::requirements_choice c;
    c.year = opt.value_or("year", "");
    if (!c.year.empty()) {
        const auto y = io::detail::year_of_cell(c.year);
        if (!y || y->size() != c.year.size())
            throw error(errc::usage, "--year must be a year such as 2024, not '" + c.year + "'");
    }
    c.plans = split_list(opt.value_or("plan-code", ""));
    return c;
}

/// The usage year flows are selected by: the year chosen, else (unless the output is grouped by
/// year) the one year of the requirements chosen, told on notes; "" for none.
inline std::string flow_year(const funding::requirements_choice& c,
                             const funding::requirements_table& chosen, bool by_year,
                             std::vector<std::string>& notes) {
    if (!c.year.empty() || by_year)
        return c.year;
    std::vector<std::string> years;
    for (const auto& r : chosen.rows())
        if (r.requirements && std::find(years.begin(), years.end(), r.year) == years.end())
            years.push_back(r.year);
    if (years.size() != 1 || years.front().empty())
        return {};
    notes.push_back("requirements are of " + years.front() +
                    " only: funding is that of usage year " + years.front() +
                    " (choose another with --year, or --by year)");
    return years.front();
}

/// The notes on the flows select_flows left out.
template <class Selected>
void note_selected_flows(const Selected& s, const std::string& year,
                         std::vector<std::string>& notes) {
    auto usd = [](auto a) { return std::to_string(a.value()) + " USD"; };
    if (s.other_year)
        notes.push_back(std::to_string(s.other_year) + " flow(s) of " + usd(s.other_year_amount) +
                        " of another usage year than " + year + " (or of several) left out");
    if (s.no_year)
        notes.push_back(std::to_string(s.no_year) + " flow(s) of " + usd(s.no_year_amount) +
                        " without a usage year left out");
    if (s.other_plan)
        notes.push_back(std::to_string(s.other_plan) + " flow(s) of " + usd(s.other_plan_amount) +
                        " of other plans (or of no plan) left out (--plan-code)");
}

} // namespace tally::cli
