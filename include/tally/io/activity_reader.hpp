#pragma once
// Reading 5W activity reports (CSV, RFC 4180) into an activity_table, with validation.
//
// Two layouts are read, told apart by the header:
// - wide: one column per population group (any code, label or alias of the table's
//   population_groups registry, e.g. `in_destination` or the R4V export's `IN_DESTINATION`,
//   `Host_Communities`, `PENDULARS`), plus `new_beneficiaries` and optionally `total_monthly`;
// - long: a `population_group` column and a `reached` column (one row per group); reached is the
//   row's new beneficiaries, and total_monthly is "not reported" (-1) when the column is absent.
// Header names are matched without regard to case, blanks, spaces or hyphens, and the R4V 5W
// export names map to the canonical columns (see the alias lists below). The organisation may be
// given as `appealing_org` and/or `implementing_org`, or as one `partner` column (the benchmark
// files), which then fills both roles.
//
// Validation: a bad row is not used; it is listed in the report with its file, the line its
// record starts on, and every reason found (joined by "; "). rows_read == rows_used + rejected.
// A row is rejected for
//   - a wrong number of fields;
//   - a missing key: country, month, sector, indicator, organisation (long form: also
//     population_group);
//   - a month that is not YYYY-MM (YYYY-MM-DD is accepted and keeps the month);
//   - an indicator type that is not known (an empty cell or no column means direct assistance);
//   - an unknown population group (long form);
//   - a number cell that is not a whole number, is negative or does not fit in 64 bits;
//   - population-group cells (wide form, when the header has group columns) that do not add up
//     to new beneficiaries;
//   - age/gender cells that do not add up to new beneficiaries, when any of them is given;
//   - new beneficiaries above total monthly, when total monthly is given.
// Empty number cells: a group or age/gender cell counts as 0; new beneficiaries counts as 0
// (activities of other indicator types often leave it blank); total monthly is "not reported"
// (-1) and then is not compared. In the wide form without a new_beneficiaries column, new
// beneficiaries are the sum of the group cells.
// Notices (the row is still used): beneficiaries on an indicator that is not direct assistance
// (they never count as reached; told once per indicator), an unreadable CVA flag (kept as
// unknown), columns that match no field, and, when options.geo is set, country and admin1 codes
// that do not resolve against it (told once per code, at its first line, with the row count).

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/period.hpp>
#include <tally/core/sector.hpp>
#include <tally/detail/row_reading.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/file.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/activity_table.hpp>
#include <utility>
#include <vector>

namespace tally::io {

struct activity_read_options {
    /// When set: country/admin1 codes that do not resolve are reported as notices (row still
    /// used).
    const geography* geo = nullptr;
};

} // namespace tally::io

namespace tally::detail {

/// Where each field of an activity file is, resolved once from the header.
struct activity_columns {
    std::size_t country = absent_column, admin1 = absent_column, admin2 = absent_column,
                month = absent_column, appealing = absent_column, implementing = absent_column,
                partner = absent_column, sector = absent_column, indicator = absent_column,
                type = absent_column, activity = absent_column, cva = absent_column,
                total = absent_column, fresh = absent_column, group = absent_column;
    std::array<std::size_t, cell_count> cells{absent_column, absent_column, absent_column,
                                              absent_column, absent_column, absent_column};
    /// Wide form: (column, group id) of each population-group column.
    std::vector<std::pair<std::size_t, code_id>> groups;
    bool long_form = false;
};

/// Finds the columns of an activity file. Throws errc::parse, naming the header line, when a
/// required column is missing, when two columns name the same population group, or when the
/// header mixes the long and the wide form.
inline activity_columns resolve_activity_header(const io::csv_record& header,
                                                const population_groups& groups,
                                                const std::string& source,
                                                std::vector<bool>& used) {
    const io::header_index h(header);
    h.require_distinct(source, header.line);
    used.assign(header.size(), false);
    auto col = [&](std::initializer_list<std::string_view> names) {
        if (auto i = h.find(names); i && !used[*i]) {
            used[*i] = true;
            return *i;
        }
        return absent_column;
    };
    activity_columns c;
    c.country = col({"country", "country_code", "country_iso3", "iso3"});
    c.admin1 = col({"admin1", "admin_1", "admin1_code", "admin1_pcode", "adm1", "adm1_pcode"});
    c.admin2 = col({"admin2", "admin_2", "admin2_code", "admin2_pcode", "adm2", "adm2_pcode"});
    c.month = col({"month", "reporting_month", "report_month"});
    c.appealing = col(
        {"appealing_org", "appealing_organisation", "appealing_organization", "appealing_partner"});
    c.implementing = col({"implementing_org", "implementing_organisation",
                          "implementing_organization", "implementing_partner"});
    c.partner = col({"partner", "organisation", "organization", "org"});
    c.sector = col({"sector"});
    c.indicator = col({"indicator", "indicator_code"});
    c.type = col({"indicator_type", "type_of_indicator"});
    c.activity = col({"rmrp_activity", "activity"});
    c.cva = col({"cva"});
    c.total = col({"total_monthly", "total_monthly_beneficiaries", "total_beneficiaries_monthly",
                   "monthly_total"});
    c.group = col({"population_group", "population_type", "pop_group"});
    if (c.group != absent_column) {
        // Long form: the value column is `reached` (or new_beneficiaries when there is none).
        c.long_form = true;
        c.fresh = col({"reached", "people_reached"});
        if (c.fresh == absent_column)
            c.fresh = col({"new_beneficiaries", "new_beneficiaries_of_the_month"});
    } else {
        c.fresh = col(
            {"new_beneficiaries", "new_beneficiaries_of_the_month", "new_monthly_beneficiaries"});
    }
    c.cells[0] = col({"girls"});
    c.cells[1] = col({"boys"});
    c.cells[2] = col({"women"});
    c.cells[3] = col({"men"});
    c.cells[4] = col({"other_under_18", "other_under18", "other_below_18", "other_u18", "other_<18",
                      "other_minors"});
    c.cells[5] =
        col({"other_above_18", "other_above18", "other_over_18", "other_18+", "other_18_plus",
             "other_18_and_above", "other_>18", "other_>=18", "other_adults"});
    // Population-group columns: any remaining header that names a registered group.
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (used[i])
            continue;
        if (auto g = groups.find(header[i])) {
            for (const auto& [other, og] : c.groups)
                if (og == *g)
                    throw error(errc::parse, source_position{source, header.line, 0},
                                "columns '" + std::string(trim(header[other])) + "' and '" +
                                    std::string(trim(header[i])) +
                                    "' both name population group '" + groups.info(*g).code + "'");
            c.groups.emplace_back(i, *g);
            used[i] = true;
        }
    }
    std::string missing;
    auto need = [&](bool ok, std::string_view what) {
        if (!ok)
            add_reason(missing, what);
    };
    need(c.country != absent_column, "country");
    need(c.month != absent_column, "month");
    need(c.sector != absent_column, "sector");
    need(c.indicator != absent_column, "indicator");
    need(c.appealing != absent_column || c.implementing != absent_column ||
             c.partner != absent_column,
         "appealing_org, implementing_org or partner");
    if (c.long_form) {
        if (!c.groups.empty())
            throw error(errc::parse, source_position{source, header.line, 0},
                        "the header has both a population_group column (long form) and "
                        "population-group columns such as '" +
                            std::string(trim(header[c.groups.front().first])) + "' (wide form)");
        need(c.fresh != absent_column, "reached");
    } else {
        need(c.fresh != absent_column || !c.groups.empty(),
             "new_beneficiaries or population-group columns");
    }
    if (!missing.empty())
        throw error(errc::parse, source_position{source, header.line, 0},
                    "not an activity file: missing column(s) " + missing);
    return c;
}

/// Parses a CVA flag ("yes"/"no" and the usual spellings); std::nullopt when unreadable.
inline std::optional<cva_flag> parse_cva(std::string_view s) {
    const auto n = io::normalize_name(s);
    if (n == "yes" || n == "y" || n == "true" || n == "1" || n == "si" || n == "sí" || n == "x")
        return cva_flag::yes;
    if (n == "no" || n == "n" || n == "false" || n == "0")
        return cva_flag::no;
    return std::nullopt;
}

} // namespace tally::detail

namespace tally::io {

/// Reads activity rows from CSV text into `into` (appending; its dictionaries grow) and returns
/// the validation report. source names the input in the report (usually the file path).
/// Throws errc::parse when the text is empty or the header is not that of an activity file (see
/// the file comment); never for a bad row.
inline validation_report read_activities_text(std::string text, std::string source,
                                              activity_table& into,
                                              const activity_read_options& options = {}) {
    using namespace tally::detail;
    // Rows are at most the lines of the text (fewer with quoted newlines or rejected rows).
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
    csv_reader rd(std::move(text), source);
    csv_record rec;
    validation_report rep;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty file: no header");
    std::vector<bool> used;
    const activity_columns c = resolve_activity_header(rec, into.groups(), source, used);
    into.reserve(lines, c.long_form ? lines : lines * c.groups.size());
    tell_ignored_columns(rep, source, rec, used);
    const std::size_t width = rec.size();
    std::vector<std::string> column_name;
    for (auto f : rec.fields)
        column_name.emplace_back(trim(f));

    const code_id file = into.files.intern(source);
    spelling_cache<std::optional<indicator_type>> types;
    spelling_cache<code_id> group_spellings;
    spelling_cache<std::optional<cva_flag>> cvas;
    std::vector<notice_count> cva_notes;
    std::vector<notice_count> indicator_notes; // by table indicator id
    std::vector<indicator_type> indicator_type_seen;
    geography_check geo(options.geo);
    std::vector<group_value> breakdown;
    breakdown.reserve(c.groups.size() + 1);
    intern_cache countries(into.countries), admin1s(into.admin1s), admin2s(into.admin2s),
        orgs(into.orgs), sectors(into.sectors), indicators(into.indicators),
        activities(into.activities);

    while (next_record(rd, rec, rep)) {
        const std::size_t line = rec.line;
        if (rec.size() != width) {
            rep.reject({source, line, 0}, "expected " + std::to_string(width) + " fields, found " +
                                              std::to_string(rec.size()));
            continue;
        }
        auto cell = [&](std::size_t i) {
            return i == absent_column ? std::string_view{} : trim(rec[i]);
        };
        std::string why; // stays empty (and unallocated) for a good row

        const auto country = cell(c.country);
        if (country.empty())
            add_reason(why, "missing country");
        const auto month_text = cell(c.month);
        std::optional<month> when;
        if (month_text.empty())
            add_reason(why, "missing month");
        else if (!(when = month::try_parse(month_text)))
            add_reason(why, "month '" + std::string(month_text) + "' is not YYYY-MM");
        const auto sector = cell(c.sector);
        if (sector.empty())
            add_reason(why, "missing sector");
        const auto indicator = cell(c.indicator);
        if (indicator.empty())
            add_reason(why, "missing indicator");
        const auto appealing_cell = cell(c.appealing), implementing_cell = cell(c.implementing),
                   partner_cell = cell(c.partner);
        auto first_given = [](std::string_view a, std::string_view b, std::string_view d) {
            return !a.empty() ? a : !b.empty() ? b : d;
        };
        const auto appealing = first_given(appealing_cell, partner_cell, implementing_cell);
        const auto implementing = first_given(implementing_cell, partner_cell, appealing_cell);
        if (appealing.empty())
            add_reason(why, "missing organisation");

        indicator_type type = indicator_type::direct_assistance;
        if (const auto t = cell(c.type); !t.empty()) {
            if (auto parsed =
                    types.get(t, [](std::string_view s) { return parse_indicator_type(s); }))
                type = *parsed;
            else
                add_reason(why, "indicator type '" + std::string(t) + "' is not known");
        }

        breakdown.clear();
        code_id long_group = no_code;
        if (c.long_form) {
            const auto g = cell(c.group);
            if (g.empty()) {
                add_reason(why, "missing population_group");
            } else {
                long_group = group_spellings.get(
                    g, [&](std::string_view s) { return into.groups().find(s).value_or(no_code); });
                if (long_group == no_code)
                    add_reason(why, "unknown population group '" + std::string(g) + "'");
            }
        }

        // Numbers. A cell that is not a count makes the sums meaningless, so they are only
        // compared when every number parsed.
        bool numbers_ok = true;
        auto number = [&](std::size_t col, std::int64_t& out) -> bool {
            if (col == absent_column)
                return false;
            const auto st = parse_count(rec[col], out);
            if (st == number_status::ok)
                return true;
            out = 0;
            if (st != number_status::empty) {
                numbers_ok = false;
                add_reason(why, number_problem(st, column_name[col], rec[col]));
            }
            return false;
        };
        std::int64_t fresh = 0, total = -1, v = 0;
        number(c.fresh, fresh);
        if (!number(c.total, total))
            total = -1;
        cells age_gender = cells::Zero();
        bool has_cells = false;
        for (int k = 0; k < cell_count; ++k)
            if (number(c.cells[static_cast<std::size_t>(k)], v)) {
                age_gender[k] = v;
                has_cells = true;
            }
        std::int64_t group_sum = 0;
        bool overflow = false;
        for (const auto& [col, g] : c.groups)
            if (number(col, v)) {
                breakdown.push_back({g, v});
                overflow |= __builtin_add_overflow(group_sum, v, &group_sum);
            }
        if (c.long_form && long_group != no_code)
            breakdown.push_back({long_group, fresh});

        if (numbers_ok) {
            if (!c.long_form && c.fresh == absent_column)
                fresh = group_sum;
            std::int64_t cell_sum = 0;
            for (int k = 0; k < cell_count; ++k)
                overflow |= __builtin_add_overflow(cell_sum, age_gender[k], &cell_sum);
            if (overflow)
                add_reason(why, "the breakdown does not fit in 64 bits");
            else {
                if (!c.groups.empty() && group_sum != fresh)
                    add_reason(why, "population groups add up to " + std::to_string(group_sum) +
                                        ", not new beneficiaries " + std::to_string(fresh));
                if (has_cells && cell_sum != fresh)
                    add_reason(why, "age/gender cells add up to " + std::to_string(cell_sum) +
                                        ", not new beneficiaries " + std::to_string(fresh));
            }
            if (total >= 0 && fresh > total)
                add_reason(why, "new beneficiaries " + std::to_string(fresh) +
                                    " exceed total monthly " + std::to_string(total));
        }

        if (!why.empty()) {
            rep.reject({source, line, 0}, std::move(why));
            continue;
        }

        cva_flag cva = cva_flag::unknown;
        if (const auto f = cell(c.cva); !f.empty()) {
            if (auto parsed = cvas.get(f, [](std::string_view s) { return parse_cva(s); })) {
                cva = *parsed;
            } else {
                const auto id = cvas.id_of(f);
                if (id >= cva_notes.size())
                    cva_notes.resize(id + 1);
                cva_notes[id].see(line);
            }
        }

        activity_line l;
        l.country = countries.intern(country);
        const auto a1 = cell(c.admin1), a2 = cell(c.admin2), act = cell(c.activity);
        l.admin1 = a1.empty() ? no_code : admin1s.intern(a1);
        l.admin2 = a2.empty() ? no_code : admin2s.intern(a2);
        l.when = *when;
        l.appealing_org = orgs.intern(appealing);
        l.implementing_org =
            implementing == appealing ? l.appealing_org : orgs.intern(implementing);
        l.sector = sectors.intern(sector);
        l.indicator = indicators.intern(indicator);
        l.type = type;
        l.activity = act.empty() ? no_code : activities.intern(act);
        l.cva = cva;
        l.total_monthly = total;
        l.new_beneficiaries = fresh;
        l.has_cells = has_cells;
        l.age_gender = age_gender;
        l.file = file;
        l.source_line = static_cast<std::uint32_t>(line);
        into.append(l, breakdown);
        rep.use();

        geo.row(into.countries, l.country, into.admin1s, l.admin1, line);
        if (!counts_as_reached(type) && fresh > 0) {
            if (l.indicator >= indicator_notes.size()) {
                indicator_notes.resize(l.indicator + 1);
                indicator_type_seen.resize(l.indicator + 1);
            }
            indicator_notes[l.indicator].see(line);
            indicator_type_seen[l.indicator] = type;
        }
    }

    geo.finish(rep, source, into.countries, into.admin1s);
    for (code_id i = 0; i < indicator_notes.size(); ++i)
        if (const auto& n = indicator_notes[i]; n.rows)
            rep.tell({source, n.first_line, 0},
                     "indicator '" + into.indicators[i] + "' is " +
                         std::string(to_string(indicator_type_seen[i])) +
                         ", not direct assistance: its beneficiaries are kept but never count "
                         "as people reached" +
                         rows_suffix(n.rows));
    for (code_id i = 0; i < cva_notes.size(); ++i)
        if (const auto& n = cva_notes[i]; n.rows)
            rep.tell({source, n.first_line, 0}, "CVA '" + cvas.spelling(i) +
                                                    "' is not yes or no; kept as unknown" +
                                                    rows_suffix(n.rows));
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

/// Reads the activity file at path into `into`. Throws errc::io when the file cannot be read,
/// errc::parse when it is empty or its header is not that of an activity file.
inline validation_report read_activities(const std::string& path, activity_table& into,
                                         const activity_read_options& options = {}) {
    return read_activities_text(read_file(path), path, into, options);
}

} // namespace tally::io
