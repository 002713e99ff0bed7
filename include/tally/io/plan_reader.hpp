#pragma once
// Reading plan tables — people in need (PiN) and targets — from CSV (RFC 4180) into a
// plan_table, with validation.
//
// Columns (header names match without regard to case, blanks, spaces or hyphens):
//   country, admin1 (optional; empty = country level), sector, population_group, pin, target,
//   and optionally the age/gender cells of each: pin_girls, pin_boys, pin_women, pin_men,
//   pin_other_under_18, pin_other_above_18, and the same six with the prefix target_.
// At least one of pin and target is required; an absent column or an empty cell counts as 0.
// A sector value "Intersector" (tally::is_intersector_label) marks a precomputed all-sector row:
// it is stored with intersector = true and sector = no_code, and is never added to sector rows.
//
// Validation: a bad row is not used and is listed with its file, line and reasons (joined by
// "; "); rows_read == rows_used + rejected. A row is rejected for a wrong number of fields, a
// missing country, sector or population_group, an unknown population group, a number cell that
// is not a whole non-negative number, age/gender cells that do not add up to their total (when
// any of the twelve cells is given, both sets are checked: give both or neither; empty cells
// count as 0), or a repeated key (same country, admin1, sector and population group as an
// earlier row of the table: a plan has one figure per cell, and two could neither be added nor
// chosen between).
// Notices (row still used): target above PiN; columns that match no field; with options.geo,
// country and admin1 codes that do not resolve (once per code, at its first line).

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/sector.hpp>
#include <tally/detail/row_reading.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/plan_table.hpp>
#include <unordered_map>
#include <vector>

namespace tally::io {

struct plan_read_options {
    /// When set: country/admin1 codes that do not resolve are reported as notices.
    const geography* geo = nullptr;
    /// For an HNO table (io/hno.hpp) without a country column: its country (ISO3).
    std::string country;
    /// For an HNO table: the geographic level of the total rows read.
    hno_level level = hno_level::national;
};

/// Reads plan rows from CSV text into `into` (appending) and returns the validation report.
/// An HNO table (is_hno_table) is read by read_hno_text. Throws errc::parse when the text is
/// empty or the header lacks country, sector, population_group, or both pin and target; never
/// for a bad row.
inline validation_report read_plan_text(std::string text, std::string source, plan_table& into,
                                        const plan_read_options& options = {}) {
    using namespace tally::detail;
    validation_report rep;
    const decoded_input decoded = decode_in_place(text, source);
    if (is_hno_table(text, source)) {
        auto hno = read_hno_text(std::move(text), std::move(source), into,
                                 {options.geo, options.country, options.level});
        hno.notices.insert(hno.notices.begin(), decoded.notices.begin(), decoded.notices.end());
        return hno;
    }
    tell_decoding(rep, decoded);
    csv_reader rd(std::move(text), source);
    csv_record rec;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty file: no header");

    const header_index h(rec);
    h.require_distinct(source, rec.line);
    std::vector<bool> used(rec.size(), false);
    auto col = [&](std::initializer_list<std::string_view> names) {
        if (auto i = h.find(names); i && !used[*i]) {
            used[*i] = true;
            return *i;
        }
        return absent_column;
    };
    const auto c_country = col({"countryiso", "country_iso", "country", "country_country",
                                "country_code", "country_iso3", "iso3"});
    const auto c_admin1 = col({"admin1", "admin_1", "admin1_code", "admin1_pcode", "adm1",
                               "adm1_pcode", "country_admin1"});
    const auto c_sector = col({"sector"});
    const auto c_group = col({"population_group", "population_type", "pop_group"});
    const auto c_pin = col({"pin", "people_in_need"});
    const auto c_target = col({"target", "targeted", "people_targeted"});
    std::array<std::size_t, cell_count> c_pin_cells{}, c_target_cells{};
    bool any_cell_column = false;
    for (std::size_t k = 0; k < cell_count; ++k) {
        c_pin_cells[k] = col({"pin_" + std::string(cell_names[k])});
        c_target_cells[k] = col({"target_" + std::string(cell_names[k])});
        any_cell_column |= c_pin_cells[k] != absent_column || c_target_cells[k] != absent_column;
    }
    {
        std::string missing;
        if (c_country == absent_column)
            add_reason(missing, "country");
        if (c_sector == absent_column)
            add_reason(missing, "sector");
        if (c_group == absent_column)
            add_reason(missing, "population_group");
        if (c_pin == absent_column && c_target == absent_column)
            add_reason(missing, "pin or target");
        if (!missing.empty())
            throw error(errc::parse, source_position{source, rec.line, 0},
                        "not a plan file: missing column(s) " + missing);
    }
    tell_ignored_columns(rep, source, rec, used);
    const std::size_t width = rec.size();
    std::vector<std::string> column_name;
    for (auto f : rec.fields)
        column_name.emplace_back(trim(f));

    const code_id file = into.files.intern(source);
    geography_check geo(options.geo);
    // Key of a plan cell -> index of the line that holds it, to refuse repeated keys. Seeded with
    // the lines already in the table (an earlier file).
    auto key_of = [](const plan_line& l) {
        return std::to_string(l.country) + ':' + std::to_string(l.admin1) + ':' +
               (l.intersector ? std::string("*") : std::to_string(l.sector)) + ':' +
               std::to_string(l.group);
    };
    std::unordered_map<std::string, std::size_t> seen;
    for (std::size_t i = 0; i < into.size(); ++i)
        seen.emplace(key_of(into[i]), i);

    while (next_record(rd, rec, rep, width)) {
        const std::size_t line = rec.line;
        if (rec.size() != width) {
            rep.reject({source, line, 0}, "expected " + std::to_string(width) + " fields, found " +
                                              std::to_string(rec.size()));
            continue;
        }
        auto cell = [&](std::size_t i) {
            return i == absent_column ? std::string_view{} : trim(rec[i]);
        };
        std::string why;
        const auto country = cell(c_country);
        if (country.empty())
            add_reason(why, "missing country");
        const auto sector = cell(c_sector);
        if (sector.empty())
            add_reason(why, "missing sector");
        const auto group_text = cell(c_group);
        code_id group = no_code;
        if (group_text.empty())
            add_reason(why, "missing population_group");
        else if (auto g = into.groups().find(group_text))
            group = *g;
        else
            add_reason(why, "unknown population group '" + std::string(group_text) + "'");

        bool numbers_ok = true;
        auto number = [&](std::size_t c, std::int64_t& out) -> bool {
            out = 0;
            if (c == absent_column)
                return false;
            std::int64_t v = 0;
            const auto st = parse_count(rec[c], v);
            if (st == number_status::ok) {
                out = v;
                return true;
            }
            if (st != number_status::empty) {
                numbers_ok = false;
                add_reason(why, number_problem(st, column_name[c], rec[c]));
            }
            return false;
        };
        plan_line l;
        number(c_pin, l.pin);
        number(c_target, l.target);
        if (any_cell_column) {
            std::int64_t v = 0;
            for (std::size_t k = 0; k < cell_count; ++k) {
                const int ki = static_cast<int>(k);
                if (number(c_pin_cells[k], v)) {
                    l.pin_cells[ki] = v;
                    l.has_cells = true;
                }
                if (number(c_target_cells[k], v)) {
                    l.target_cells[ki] = v;
                    l.has_cells = true;
                }
            }
        }
        if (numbers_ok && l.has_cells) {
            bool overflow = false;
            std::int64_t pin_sum = 0, target_sum = 0;
            for (int k = 0; k < cell_count; ++k) {
                overflow |= __builtin_add_overflow(pin_sum, l.pin_cells[k], &pin_sum);
                overflow |= __builtin_add_overflow(target_sum, l.target_cells[k], &target_sum);
            }
            if (overflow) {
                add_reason(why, "the age/gender cells do not fit in 64 bits");
            } else {
                if (pin_sum != l.pin)
                    add_reason(why, "PiN age/gender cells add up to " + std::to_string(pin_sum) +
                                        ", not pin " + std::to_string(l.pin));
                if (target_sum != l.target)
                    add_reason(why, "target age/gender cells add up to " +
                                        std::to_string(target_sum) + ", not target " +
                                        std::to_string(l.target));
            }
        }
        if (!why.empty()) {
            rep.reject({source, line, 0}, std::move(why));
            continue;
        }

        // Encode, then refuse a repeated key before anything is appended.
        l.country = into.countries.intern(country);
        const auto a1 = cell(c_admin1);
        l.admin1 = a1.empty() ? no_code : into.admin1s.intern(a1);
        l.intersector = is_intersector_label(sector);
        l.sector = l.intersector ? no_code : into.sectors.intern(sector);
        l.group = group;
        l.file = file;
        l.source_line = static_cast<std::uint32_t>(line);
        const auto [it, fresh] = seen.emplace(key_of(l), into.size());
        if (!fresh) {
            const auto& first = into[it->second];
            rep.reject(
                {source, line, 0},
                // Both rows by file and line: the same file read twice would otherwise give
                // "line 2 repeats line 2".
                "repeats the country, admin1, sector and population group of " +
                    (first.file != no_code ? into.files[first.file] : std::string("<plan>")) + ":" +
                    std::to_string(first.source_line));
            continue;
        }
        into.append(l);
        rep.use();
        geo.row(into.countries, l.country, into.admin1s, l.admin1, line);
        if (l.target > l.pin)
            rep.tell({source, line, 0}, "target " + std::to_string(l.target) + " is above PiN " +
                                            std::to_string(l.pin));
    }
    geo.finish(rep, source, into.countries, into.admin1s);
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

/// Reads the plan file at path into `into`. Throws errc::io when the file cannot be read,
/// errc::parse when it is empty or its header is not that of a plan file.
inline validation_report read_plan(const std::string& path, plan_table& into,
                                   const plan_read_options& options = {}) {
    return read_plan_text(read_file(path), path, into, options);
}

} // namespace tally::io
