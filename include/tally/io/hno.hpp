#pragma once
// Reading a humanitarian needs overview (HNO) table as OCHA publishes it on HDX: HXL-tagged CSV
// with one row per place, sector, gender, age range and population group, and total rows among
// the detail rows:
//   - geography: national rows (no #adm1/#adm2 code), admin1 rows (#adm1 only), admin2 rows;
//   - sector "ALL": the intersector figure of its place (a precomputed, de-duplicated figure:
//     sectors overlap, so it is not their sum);
//   - gender "a"/"all", age range "ALL", #is_disabled "a": all sexes and ages;
//   - population group "ALL": all groups (the named groups, IDP, refugees…, are a part of it).
// A total row is a precomputed figure used as is at its own level, never added to the rows below
// it. The plan table receives the total rows (all sexes and ages, all groups) of one geographic
// level: the national rows (hno_level::national, when the file has any; else the admin1 rows) or
// the admin1 rows (hno_level::admin1); sector "ALL" rows are Intersector lines, the others sector
// lines under the catalog's sector name (HNO codes map to the catalog: SHL -> Shelter, PRO_CPM ->
// Protection (Child Protection); HLP, mine action and multi-sector are added for HNO files). The
// population group of every line is "all" (all population groups).
//
// A figure is its total column (#inneed, #targeted); a file without one whose parts cover
// everyone once (#targeted+f and #targeted+m, or +f/+m by +children/+adults, as 3W files write
// them) has their sum as its figure; other parts alone (population groups, one sex) are refused.
// When the total is there its parts are told as not used. A tag repeated with the same
// attributes is refused at the hashtag row.
//
// Every other row is a breakdown: it is read, validated and checked, and counted as used, but
// adds to nothing. Checks (notices, the rows are still used), for PiN and targets alike:
//   - a national row against the sum of the admin1 rows below it, an admin1 row against its
//     admin2 rows (same sector, sex/age and group): places are disjoint, so they should add;
//   - a row for all sexes and ages against the sum of its sex x age rows;
//   - an intersector row below the highest sector figure of its place (the mosaic rule:
//     intersector >= every sector).
// "Beyond rounding": each figure may be rounded by half a person, so a total of n parts may
// differ from their sum by up to (n + 1) / 2 before it is told. Population groups are not
// checked by sum: the named groups do not cover everyone (host populations are in ALL only).
//
// Country: the #country column when there is one; else options.country (ISO3); else the country
// of the P-codes (ISO 3166-1 alpha-2 prefix: "ML0101" -> MLI), national rows taking the one
// country of the file's P-codes. Figures: whole numbers, or decimals ("4845247.096"), rounded half
// away from zero with a notice. A row is rejected for a missing sector, a figure that is not a
// non-negative number, no country, or a repeated key (same place, sector, gender, age, disability
// and group as an earlier row).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/core/sector.hpp>
#include <tally/detail/row_reading.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/plan_table.hpp>
#include <vector>

namespace tally::io {

/// Which geographic level of an HNO table goes into the plan table.
enum class hno_level { national, admin1 };

struct hno_read_options {
    /// When set: country and admin1 codes that do not resolve are reported as notices.
    const geography* geo = nullptr;
    /// ISO3 code for a file without a #country column (else: from the P-codes).
    std::string country;
    hno_level level = hno_level::national;
};

/// The sector catalog of HNO files: the R4V catalog plus the HNO sectors it lacks.
inline sector_catalog hno_sector_catalog() {
    auto c = sector_catalog::r4v();
    c.add("PRO-HLP", "Protection (Housing, Land and Property)", "PRO");
    c.add("PRO-MA", "Protection (Mine Action)", "PRO");
    c.alias("PRO_MIN", "PRO-MA");
    c.add("MS", "Multi-sector");
    return c;
}

namespace detail {

using tally::detail::number_problem;
using tally::detail::number_status;
using tally::detail::parse_count;
using tally::detail::trim;

/// The records of text up to and including its HXL hashtag row (searched within the first
/// header_search_rows records), or std::nullopt when there is none.
inline std::optional<std::pair<std::vector<std::string>, std::size_t>> hxl_row_of(csv_reader& rd) {
    csv_record rec;
    for (std::size_t i = 0; i < header_search_rows && rd.next(rec); ++i)
        if (is_hxl_row(rec.fields))
            return std::pair{std::vector<std::string>(rec.fields.begin(), rec.fields.end()),
                             rec.line};
    return std::nullopt;
}

/// Case-insensitive equality of ASCII words.
inline bool same_word(std::string_view a, std::string_view b) {
    return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
               return std::tolower(static_cast<unsigned char>(x)) ==
                      std::tolower(static_cast<unsigned char>(y));
           });
}

/// Whether a gender, age range, disability or population-group cell means "all" (a total).
inline bool is_total_value(std::string_view v) {
    v = trim(v);
    return v.empty() || same_word(v, "all") || same_word(v, "a");
}

/// A figure cell: empty, a whole number, or a decimal rounded half away from zero.
struct hno_figure {
    bool present = false;
    bool rounded = false;
    std::int64_t value = 0;
    std::string written; ///< the cell as written, when rounded
};

/// Parses a figure into f; returns the reason it is refused, or an empty string.
inline std::string parse_hno_figure(std::string_view cell, std::string_view column, hno_figure& f) {
    f = {};
    std::int64_t v = 0;
    const auto st = parse_count(cell, v);
    if (st == number_status::empty)
        return {};
    if (st == number_status::ok) {
        f = {true, false, v, {}};
        return {};
    }
    const auto s = trim(cell);
    double d = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), d);
    if (st == number_status::not_a_number && ec == std::errc{} && p == s.data() + s.size() &&
        std::isfinite(d) && d >= 0 && d < 9.0e15) { // 9e15 < 2^53: the double is exact
        f = {true, true, static_cast<std::int64_t>(std::llround(d)), std::string(s)};
        return {};
    }
    if (ec == std::errc{} && p == s.data() + s.size() && d < 0)
        return number_problem(number_status::negative, column, cell);
    return number_problem(st, column, cell);
}

} // namespace detail

/// Whether text is an HNO table: an HXL hashtag row within its first rows, with #sector and
/// #inneed or #targeted (a total column or its breakdown, such as #targeted+f and #targeted+m),
/// and no #indicator (a 5W activity file, whose targets are not plan figures). A 3W table of
/// targets per place, sector and organisation is read as one too: the organisation is told as
/// not used, and two organisations in one place and sector are a repeated key.
inline bool is_hno_table(std::string_view text, const std::string& source) {
    try {
        csv_reader rd(std::string(text.substr(0, std::min<std::size_t>(text.size(), 1 << 16))),
                      source);
        const auto row = detail::hxl_row_of(rd);
        if (!row)
            return false;
        const hxl_columns cols(row->first);
        return !cols.all("#sector").empty() && cols.all("#indicator").empty() &&
               (!cols.all("#inneed").empty() || !cols.all("#targeted").empty());
    } catch (const error&) {
        return false; // an unclosed quote in the first 64 KiB: not for this test to report
    }
}

/// Reads an HNO table from CSV text into `into` (appending) and returns the validation report.
/// Throws errc::parse when the text has no HXL hashtag row within its first rows, or when that
/// row lacks #sector, or both #inneed and #targeted, repeats a tag, or breaks a figure down
/// without its total into parts that do not cover everyone; never for a bad row.
inline validation_report read_hno_text(std::string text, std::string source, plan_table& into,
                                       const hno_read_options& options = {}) {
    using namespace tally::detail;
    using namespace io::detail;
    csv_reader rd(std::move(text), source);
    validation_report rep;
    const auto tags_row = io::detail::hxl_row_of(rd);
    if (!tags_row)
        throw error(errc::parse, source_position{source, 1, 0},
                    "not an HNO table: no HXL hashtag row in the first " +
                        std::to_string(header_search_rows) + " rows");
    // Named copies, not a structured binding: clang 14 cannot capture those in lambdas.
    const std::vector<std::string>& tag_cells = tags_row->first;
    const std::size_t tag_line = tags_row->second;
    const hxl_columns cols(tag_cells);
    cols.require_distinct(source, tag_line);
    std::vector<bool> used(cols.size(), false);
    auto col = [&](std::string_view pattern, std::initializer_list<std::string_view> without = {}) {
        const auto i = cols.find(pattern, source, tag_line, without);
        if (!i)
            return absent_column;
        used[*i] = true;
        return *i;
    };
    auto code_col = [&](std::string_view name) {
        const auto c = col(std::string(name) + "+code");
        return c != absent_column ? c : col(name, {"name"});
    };
    const auto c_country = code_col("#country");
    const auto c_adm1 = code_col("#adm1");
    const auto c_adm2 = code_col("#adm2");
    const auto c_sector = code_col("#sector");
    const auto c_gender = col("#gender");
    auto c_age = col("#age+range");
    if (c_age == absent_column)
        c_age = col("#age", {"min", "max"});
    const auto c_disabled = col("#is_disabled");
    const auto c_group = code_col("#population_group");
    // A figure is its total column; without one, parts that cover everyone once (+f and +m,
    // or the four sex x age cells) are added up; other parts alone cannot give a total.
    auto figure = [&](std::string_view tag) {
        const auto b = cols.figure(tag);
        std::vector<std::size_t> out;
        if (b.total)
            out.push_back(*b.total);
        else if (hxl_parts_cover_everyone(b.parts))
            for (const auto& p : b.parts)
                out.push_back(p.first);
        else if (!b.parts.empty()) {
            std::string parts;
            for (const auto& p : b.parts)
                parts += (parts.empty() ? "" : ", ") + cols.spec(p.first);
            throw error(errc::parse, source_position{source, tag_line, 0},
                        "HXL tag '" + std::string(tag) + "' has no total column and its parts (" +
                            parts +
                            ") are not a breakdown of everyone (+f and +m, or +f and +m by "
                            "+children and +adults): add a '" +
                            std::string(tag) + "' column");
        }
        for (auto i : out)
            used[i] = true;
        return out;
    };
    const auto c_pin = figure("#inneed");
    const auto c_target = figure("#targeted");
    if (c_sector == absent_column || (c_pin.empty() && c_target.empty()))
        throw error(errc::parse, source_position{source, tag_line, 0},
                    "not an HNO table: the HXL row lacks #sector, or both #inneed and #targeted");
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (!used[i] && cols[i])
            rep.tell({source, tag_line, 0},
                     "column " + std::to_string(i + 1) + " (" + tag_cells[i] + ") is not used");

    // The rows, validated; figures kept as numbers for the checks.
    struct row {
        std::size_t line;
        std::string country, adm1, adm2, sector, gender, age, disabled, group;
        hno_figure pin, target;
        int level; // 0 national, 1 admin1, 2 admin2
        bool sexage_total, group_total;
    };
    std::vector<row> rows;
    std::map<std::string, std::size_t> key_line;
    std::string file_country; // the one country of the P-codes, for national rows
    bool several_countries = false;
    csv_record rec;
    const std::size_t width = cols.size();
    auto cell = [&](std::size_t i) {
        return i == absent_column || i >= rec.size() ? std::string_view{} : trim(rec[i]);
    };
    auto value_or_all = [](std::string_view v) {
        return is_total_value(v) ? std::string("ALL") : std::string(v);
    };
    while (next_record(rd, rec, rep, width)) {
        const std::size_t line = rec.line;
        if (rec.size() != width) {
            rep.reject({source, line, 0}, "expected " + std::to_string(width) + " fields, found " +
                                              std::to_string(rec.size()));
            continue;
        }
        row r;
        r.line = line;
        std::string why;
        r.adm1 = std::string(cell(c_adm1));
        r.adm2 = std::string(cell(c_adm2));
        r.level = !r.adm2.empty() ? 2 : !r.adm1.empty() ? 1 : 0;
        r.sector = std::string(cell(c_sector));
        if (r.sector.empty())
            add_reason(why, "missing sector");
        r.gender = value_or_all(cell(c_gender));
        r.age = value_or_all(cell(c_age));
        r.disabled = value_or_all(cell(c_disabled));
        r.group = value_or_all(cell(c_group));
        r.sexage_total = r.gender == "ALL" && r.age == "ALL" && r.disabled == "ALL";
        r.group_total = r.group == "ALL";
        for (auto [cs, f] : {std::pair{&c_pin, &r.pin}, std::pair{&c_target, &r.target}})
            for (auto c : *cs) {
                hno_figure part;
                if (auto bad = parse_hno_figure(rec[c], tag_cells[c], part); !bad.empty())
                    add_reason(why, bad);
                else if (part.present) {
                    f->written += (f->written.empty() ? "" : " + ") + std::string(trim(rec[c]));
                    f->present = true;
                    f->rounded |= part.rounded;
                    if (part.value > std::numeric_limits<std::int64_t>::max() - f->value)
                        add_reason(why, "the parts of " + cols.spec(c) + " exceed 64 bits");
                    else
                        f->value += part.value;
                }
            }
        if (const auto c = cell(c_country); !c.empty())
            r.country = std::string(c);
        else if (!options.country.empty())
            r.country = options.country;
        else if (r.level > 0) {
            const auto& pcode = r.level == 2 ? r.adm2 : r.adm1;
            if (auto iso3 = country_of_pcode(pcode)) {
                r.country = *iso3;
                if (file_country.empty())
                    file_country = *iso3;
                else if (file_country != *iso3)
                    several_countries = true;
            } else
                add_reason(why, "the P-code '" + pcode +
                                    "' does not begin with an ISO 3166 country code");
        }
        const auto key = r.country + '|' + r.adm1 + '|' + r.adm2 + '|' + r.sector + '|' + r.gender +
                         '|' + r.age + '|' + r.disabled + '|' + r.group;
        if (why.empty() && !r.country.empty()) {
            const auto [it, fresh] = key_line.emplace(key, line);
            if (!fresh)
                add_reason(why, "repeats the place, sector, gender, age, disability and group of "
                                "line " +
                                    std::to_string(it->second));
        }
        if (!why.empty()) {
            rep.reject({source, line, 0}, std::move(why));
            continue;
        }
        rows.push_back(std::move(r));
    }
    // National rows of a file without a country column take the country of its P-codes.
    std::vector<row> kept;
    kept.reserve(rows.size());
    for (auto& r : rows) {
        if (r.country.empty()) {
            if (file_country.empty() || several_countries) {
                rep.reject({source, r.line, 0},
                           several_countries
                               ? "no country: the P-codes name several countries (give the "
                                 "country)"
                               : "no country: no #country column, no country given and no "
                                 "P-code in the file");
                continue;
            }
            r.country = file_country;
            const auto key = r.country + "|||" + r.sector + '|' + r.gender + '|' + r.age + '|' +
                             r.disabled + '|' + r.group;
            if (const auto [it, fresh] = key_line.emplace(key, r.line); !fresh) {
                rep.reject({source, r.line, 0},
                           "repeats the place, sector, gender, age, disability and group of line " +
                               std::to_string(it->second));
                continue;
            }
        }
        kept.push_back(std::move(r));
    }
    rows = std::move(kept);

    // The checks of totals against the rows below them.
    auto tell_sum = [&](const row& total, std::string_view what, const hno_figure& t,
                        std::int64_t sum, std::size_t parts, std::string_view below) {
        const std::int64_t diff = t.value > sum ? t.value - sum : sum - t.value;
        if (2 * static_cast<std::uint64_t>(diff) > parts + 1)
            rep.tell({source, total.line, 0}, std::string(what) + " " + std::to_string(t.value) +
                                                  " differs from the sum " + std::to_string(sum) +
                                                  " of its " + std::to_string(parts) + " " +
                                                  std::string(below) + " rows");
    };
    struct sum_of {
        std::int64_t pin = 0, target = 0;
        std::size_t pin_parts = 0, target_parts = 0;
        void add(const row& r) {
            if (r.pin.present) {
                pin += r.pin.value;
                ++pin_parts;
            }
            if (r.target.present) {
                target += r.target.value;
                ++target_parts;
            }
        }
    };
    auto rest = [](const row& r) {
        return r.sector + '|' + r.gender + '|' + r.age + '|' + r.disabled + '|' + r.group;
    };
    std::map<std::string, sum_of> by_parent_place, by_sexage_total;
    std::map<std::string, std::int64_t> highest_sector_pin;
    for (const auto& r : rows) {
        if (r.level > 0)
            by_parent_place[r.country + '|' + (r.level == 2 ? r.adm1 : std::string()) + '|' +
                            rest(r)]
                .add(r);
        if (r.gender != "ALL" && r.age != "ALL")
            by_sexage_total[r.country + '|' + r.adm1 + '|' + r.adm2 + '|' + r.sector + '|' +
                            r.disabled + '|' + r.group]
                .add(r);
        if (r.sector != "ALL" && r.pin.present) {
            auto& h = highest_sector_pin[r.country + '|' + r.adm1 + '|' + r.adm2 + '|' + r.gender +
                                         '|' + r.age + '|' + r.disabled + '|' + r.group];
            h = std::max(h, r.pin.value);
        }
    }
    auto check = [&](const row& r, const sum_of* s, std::string_view below) {
        if (!s)
            return;
        if (r.pin.present && s->pin_parts)
            tell_sum(r, "PiN", r.pin, s->pin, s->pin_parts, below);
        if (r.target.present && s->target_parts)
            tell_sum(r, "target", r.target, s->target, s->target_parts, below);
    };
    auto find = [](const auto& m, const std::string& k) {
        const auto it = m.find(k);
        return it == m.end() ? nullptr : &it->second;
    };
    for (const auto& r : rows) {
        if (r.level < 2)
            check(r, find(by_parent_place, r.country + '|' + r.adm1 + '|' + rest(r)),
                  r.level == 0 ? "admin1" : "admin2");
        if (r.sexage_total)
            check(r,
                  find(by_sexage_total, r.country + '|' + r.adm1 + '|' + r.adm2 + '|' + r.sector +
                                            "|ALL|" + r.group),
                  "sex and age");
        if (r.sector == "ALL" && r.pin.present)
            if (const auto* h = find(highest_sector_pin, r.country + '|' + r.adm1 + '|' + r.adm2 +
                                                             '|' + r.gender + '|' + r.age + '|' +
                                                             r.disabled + '|' + r.group);
                h && *h > r.pin.value)
                rep.tell({source, r.line, 0}, "intersector PiN " + std::to_string(r.pin.value) +
                                                  " is below the highest sector PiN " +
                                                  std::to_string(*h) + " of its place and group");
    }

    // The total rows of the chosen level go into the table; the others are breakdowns.
    const bool has_national =
        std::any_of(rows.begin(), rows.end(), [](const row& r) { return r.level == 0; });
    const int level = options.level == hno_level::admin1 || !has_national ? 1 : 0;
    const auto catalog = hno_sector_catalog();
    const code_id all_groups =
        into.group_or_add("all", "All population groups", cross_country_rule::additive);
    const code_id file = into.files.intern(source);
    geography_check geo(options.geo);
    std::size_t breakdowns = 0;
    std::map<std::string, std::size_t> unknown_sectors; // sector -> first line
    for (const auto& r : rows) {
        for (auto [what, f] : {std::pair{"PiN", &r.pin}, std::pair{"target", &r.target}})
            if (f->rounded)
                rep.tell({source, r.line, 0}, std::string(what) + " " + f->written +
                                                  " is not a whole number: rounded to " +
                                                  std::to_string(f->value));
        if (r.level != level || !r.sexage_total || !r.group_total) {
            ++breakdowns;
            rep.use();
            continue;
        }
        plan_line l;
        l.country = into.countries.intern(r.country);
        l.admin1 = level == 1 ? into.admin1s.intern(r.adm1) : no_code;
        l.intersector = same_word(r.sector, "all");
        if (!l.intersector) {
            if (auto s = catalog.find(r.sector))
                l.sector = into.sectors.intern(catalog.info(*s).name);
            else {
                unknown_sectors.emplace(r.sector, r.line);
                l.sector = into.sectors.intern(r.sector);
            }
        }
        l.group = all_groups;
        l.pin = r.pin.value;
        l.target = r.target.value;
        l.file = file;
        l.source_line = static_cast<std::uint32_t>(r.line);
        into.append(l);
        rep.use();
        geo.row(into.countries, l.country, into.admin1s, l.admin1, r.line);
        if (r.pin.present && r.target.present && r.target.value > r.pin.value)
            rep.tell({source, r.line, 0}, "target " + std::to_string(r.target.value) +
                                              " is above PiN " + std::to_string(r.pin.value));
    }
    for (const auto& [s, line] : unknown_sectors)
        rep.tell({source, line, 0}, "sector '" + s + "' is not in the sector catalog: kept as is");
    if (breakdowns)
        rep.tell({source, tag_line, 0},
                 std::to_string(breakdowns) +
                     " rows are breakdowns of the total rows read (by sex and age, population "
                     "group, or " +
                     (level == 0 ? "admin1/admin2" : "national/admin2") +
                     " level): checked against their totals, not added");
    geo.finish(rep, source, into.countries, into.admin1s);
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

} // namespace tally::io
