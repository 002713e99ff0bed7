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

using funding::flow_year;
using funding::note_selected_flows;
using io::read_requirements_text;
using io::resolve_requirement_countries;

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

/// The user's choice among requirements: --year and --plan-code.
inline funding::requirements_choice requirements_choice_of(const options& opt) {
    return io::requirements_choice_of(opt.value_or("year", ""), opt.value_or("plan-code", ""),
                                      "--year");
}

} // namespace tally::cli
