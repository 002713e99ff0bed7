#pragma once
// Reading humanitarian needs tables (HNO, HPC, HDX HAPI) as OCHA publishes them: people in need
// and targeted per place, sector and breakdown, with total rows among the breakdown rows. Three
// layouts, told apart by their header (needs_layout_of):
//   - HXL-tagged (HNO files on HDX): #country, #adm1+code, #adm2+code, #sector+code, #gender,
//     #age+range, #is_disabled, #population_group, #category, #inneed, #targeted; title rows and
//     a row of names may stand above the hashtag row;
//   - the HPC needs table in its current layout, read by its header names (no HXL row): Country
//     ISO3, Admin 1 PCode, Admin 2 PCode, Description, Cluster, Category, In Need, Targeted (the
//     names, Population, Affected, Reached and Info are not used); a country's file has no
//     Country ISO3 column;
//   - the HDX HAPI humanitarian-needs table, long: location_code, admin1_code, admin2_code,
//     admin_level, sector_code ("Intersectoral" for the all-sector figure), category,
//     population_status, population: one row per figure, INN -> PiN, TGT -> target (REA
//     reached, AFF affected and "all" population are not plan figures: told, not used).
//
// A row is one place (national: no admin code; admin1; admin2), one sector ("ALL", "Intersectoral"
// or a sector code) and one breakdown: gender ("a"/"all"), age range ("ALL"), disability ("a"),
// population group ("ALL") and category ("" or "total" are the total; "Adult", "Children - Female
// - IDP" are breakdowns); a `+total` attribute or a "total" value is a total everywhere. The row
// whose breakdown is all totals is the place's figure: a precomputed figure used as is at its own
// level, never added to the rows below it. Sector "ALL" rows are Intersector lines (sectors
// overlap: the all-sector figure is not their sum); sector codes map to the catalog
// (hno_sector_catalog: SHL Shelter, PRO-CPN / PRO_CPN / PRO_CPM Child Protection, ...). Every line
// has the population group "all", unless options.breakdowns_as_groups (then the breakdown rows by
// category or population group go in too, each as a group of its name: for output by
// population group only, since the groups of one place overlap).
//
// A figure is its total column (#inneed, #targeted, or one with the +total attribute); a file
// without one whose parts cover everyone once (#targeted+f and #targeted+m, or +f/+m by
// +children/+adults, as 3W files write them) has their sum as its figure; other parts alone
// (population groups, one sex) are refused. A tag repeated with the same attributes is refused
// at the hashtag row.
//
// A place (and sector) with breakdown rows but no total row is never lost in silence: when its
// rows by sex (f and m), by age range (ranges from 0 with an open end, "0-17" and "18+"), or by
// category (Female and Male; Children, Adult and Elderly) cover everyone, their sum is its figure,
// with a notice naming the rows; otherwise a notice names the place, and it gives no figure.
//
// Geography: the plan table receives the figures of one level. hno_level::national: per country
// and sector, its national row; else its admin1 rows (as admin1 lines); else its admin2 rows,
// added per admin1 area when their admin1 is known, else added into the national figure.
// hno_level::admin1: per country and sector, its admin1 rows; else its admin2 rows added per
// admin1 area by their P-codes (the row's admin1 code; else the admin1 code, of the file's admin1
// rows or of options.geo, that begins the admin2 P-code: AF0101 is in AF01); else, when the
// admin1 of some admin2 rows is unknown (Sudan's HPC rows carry admin2 codes only), the country's
// national figure as a country-level line, with a notice that names the country and why. Each
// roll-up is told.
//
// Every row that is not a figure of the chosen level is a breakdown: read, validated, checked and
// counted as used, but added to nothing. Checks (notices; the rows are still used), for PiN and
// targets alike:
//   - a national row against the sum of the admin1 rows below it, an admin1 row against its
//     admin2 rows (same sector and breakdown): places are disjoint, so they should add;
//   - a row for all sexes and ages against the sum of its sex x age rows;
//   - a total against its categories: Female + Male, and Children + Adult + Elderly, should add
//     up to it, and no category may exceed it;
//   - an intersector row below the highest sector figure of its place (the mosaic rule:
//     intersector >= every sector).
// "Beyond rounding": each figure may be rounded by half a person, so a total of n parts may
// differ from their sum by up to (n + 1) / 2 before it is told. Population groups are not
// checked by sum: the named groups do not cover everyone (host populations are in ALL only).
//
// Country: the country column when there is one (a name resolves to its ISO3 code:
// iso3_of_country); else options.country (ISO3); else the country of the P-codes (ISO 3166-1
// alpha-2 prefix: "ML0101" -> MLI), national rows taking the one country of the file's
// P-codes. Figures: whole numbers, or decimals ("4845247.096"), rounded half away from zero with
// a notice. A row is rejected for a missing sector (with the file's own description of the row),
// a figure that is not a non-negative number, no country, or a repeated key (same place, sector
// and breakdown as an earlier row).

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/core/names.hpp>
#include <tally/core/sector.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/plan_table.hpp>
#include <vector>

namespace tally::io {

/// Which geographic level of a needs table goes into the plan table.
enum class hno_level { national, admin1 };

struct hno_read_options {
    /// When set: country and admin1 codes that do not resolve are reported as notices, and its
    /// admin1 areas are the admin1 areas admin2 P-codes roll up to.
    const geography* geo = nullptr;
    /// ISO3 code for a file without a country column (else: from the P-codes).
    std::string country;
    hno_level level = hno_level::national;
    /// Breakdown rows by category or population group also go into the plan table, each as a
    /// population group of its name (for output by population group only).
    bool breakdowns_as_groups = false;
    /// The user's column map (io/column_map.hpp): for the HPC and HAPI layouts, applied before
    /// their built-in layouts; for a table read by its hashtags, naming columns by their tags
    /// (`#inneed+total = pin`), those columns then being bound as mapped and the others read by
    /// their tags.
    column_map columns;
};

/// The sector catalog of needs tables: the R4V catalog plus the HNO/HPC sectors it lacks, and
/// their codes as OCHA writes them (hyphen or underscore alike: PRO-CPN, PRO_CPN).
inline sector_catalog hno_sector_catalog() {
    auto c = sector_catalog::r4v();
    c.add("PRO-HLP", "Protection (Housing, Land and Property)", "PRO");
    c.add("PRO-MA", "Protection (Mine Action)", "PRO");
    c.alias("PRO_MIN", "PRO-MA");
    c.alias("Mine Action", "PRO-MA");
    c.alias("Housing, Land and Property", "PRO-HLP");
    c.alias("PRO-CPN", "PRO-CP");
    c.add("MS", "Multi-sector");
    c.alias("Multi", "MS");
    c.alias("Multi-sector (unspecified)", "MS");
    c.add("CCM", "Camp Coordination and Camp Management");
    c.add("ERL", "Early Recovery");
    c.add("LOG", "Logistics");
    c.add("TEL", "Emergency Telecommunications");
    c.add("CSS", "Coordination and Support Services");
    return c;
}

namespace detail {

using tally::detail::absent_column;
using tally::detail::add_reason;
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

/// Whether a gender, age range, disability, population-group or category cell means "all" (a
/// total): empty, "all", "a", "total".
inline bool is_total_value(std::string_view v) {
    v = trim(v);
    return v.empty() || same_word(v, "all") || same_word(v, "a") || same_word(v, "total");
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

/// Adds part into sum (presence and rounding carried over); returns false on overflow.
inline bool add_figure(hno_figure& sum, const hno_figure& part) {
    if (!part.present)
        return true;
    if (part.value > std::numeric_limits<std::int64_t>::max() - sum.value)
        return false;
    sum.value += part.value;
    sum.present = true;
    return true;
}

/// The layouts of a needs table.
enum class needs_layout { none, hxl, hpc, hapi };

/// The names of the HPC needs table and of the HAPI humanitarian-needs table.
inline bool is_hpc_header(const header_index& h) {
    return h.find({"cluster"}) && h.find({"category"}) && h.find({"in_need", "targeted"}) &&
           h.find({"admin_1_pcode", "admin_2_pcode", "country_iso3"});
}
inline bool is_hapi_needs_header(const header_index& h) {
    return h.find({"population_status"}) && h.find({"population"}) && h.find({"sector_code"}) &&
           h.find({"location_code"});
}

/// The roles a user's map binds in a row (its columns named by name or tag); empty when the map
/// names a column the row lacks or a role the reader does not have. Never throws.
inline std::vector<std::string> mapped_roles(const std::vector<std::string>& cells,
                                             const io::reader_roles& rr, const column_map& user) {
    tally::detail::header_binding h(cells, source_position{}, cells);
    try {
        tally::detail::bind_user_map(h, rr, user);
    } catch (const error&) {
        return {};
    }
    return h.role;
}

/// The layout a row of names is the header of: the HPC needs table or the HAPI table by their
/// names; with a user's map, also the one of the two that the map and its layout read, unless
/// R4V's or tally's plan layouts read the row as well (a plan file: needs_layout::none).
inline needs_layout needs_layout_of_row(const csv_record& rec, const column_map& user) {
    const header_index h(rec);
    if (is_hpc_header(h))
        return needs_layout::hpc;
    if (is_hapi_needs_header(h))
        return needs_layout::hapi;
    if (user.empty())
        return needs_layout::none;
    std::vector<std::string> names;
    for (auto f : rec.fields)
        names.emplace_back(trim(f));
    const auto groups = population_groups::r4v();
    const auto plan = fit_header(names, plan_roles(groups), plan_layouts(), user);
    const auto hpc = fit_header(names, needs_roles(), needs_layouts(), user);
    const auto hapi = fit_header(names, hapi_needs_roles(), hapi_needs_layouts(), user);
    const std::size_t p = plan ? plan->known : 0, n = hpc ? hpc->known : 0,
                      a = hapi ? hapi->known : 0;
    if (hapi && a > p && a >= n)
        return needs_layout::hapi;
    if (hpc && n > p)
        return needs_layout::hpc;
    return needs_layout::none;
}

/// The layout of text, from its first rows (64 KiB): an HXL hashtag row with #sector and
/// #inneed or #targeted (or their breakdown) and no #indicator; else a row of the HPC or HAPI
/// names within the first rows (titles may stand above it). With a user's map (io/column_map.hpp),
/// a hashtag row whose sector or figures the map gives, or a row of names the map makes a
/// header of the HPC or HAPI layout (needs_layout_of_row), is one too.
inline needs_layout needs_layout_of(std::string_view text, const std::string& source,
                                    const column_map& user = {}) {
    try {
        const std::string head(text.substr(0, std::min<std::size_t>(text.size(), 1 << 16)));
        {
            csv_reader rd(head, source);
            if (const auto row = hxl_row_of(rd)) {
                const hxl_columns cols(row->first);
                const auto mapped = mapped_roles(row->first, needs_roles(), user);
                auto given = [&](std::string_view r) {
                    return std::find(mapped.begin(), mapped.end(), r) != mapped.end();
                };
                return (!cols.all("#sector").empty() || given("sector")) &&
                               cols.all("#indicator").empty() &&
                               (!cols.all("#inneed").empty() || !cols.all("#targeted").empty() ||
                                given("pin") || given("target"))
                           ? needs_layout::hxl
                           : needs_layout::none;
            }
        }
        csv_reader rd(head, source);
        csv_record rec;
        for (std::size_t i = 0; i < header_search_rows && rd.next(rec); ++i)
            if (const auto l = needs_layout_of_row(rec, user); l != needs_layout::none)
                return l;
    } catch (const error&) {
        // an unclosed quote in the first 64 KiB: not for this test to report
    }
    return needs_layout::none;
}

/// One row of a needs table: a place, a sector, a breakdown and its figures.
struct needs_row {
    std::vector<std::size_t> lines; ///< the records it was read from (several in the HAPI table)
    std::size_t at = 0;             ///< for a sum of rows (no record of its own): its first line
    std::string country, adm1, adm2, sector, gender, age, disabled, group, category;
    std::string caseload; ///< the HPC Description: one cluster may have several caseloads
    hno_figure pin, target;
    int level = 0;            ///< 0 national, 1 admin1, 2 admin2
    std::string parent;       ///< the admin1 of an admin2 row, when known
    bool synthesized = false; ///< the sum of breakdown rows that cover everyone
    bool set_aside = false;   ///< another caseload of its cluster (pick_caseloads)

    std::size_t line() const { return lines.empty() ? at : lines.front(); }
    /// Gender, age, disability, population group and category: "ALL" for a total.
    std::string breakdown() const {
        return gender + '|' + age + '|' + disabled + '|' + group + '|' + category;
    }
    bool is_total() const {
        return gender == "ALL" && age == "ALL" && disabled == "ALL" && group == "ALL" &&
               category == "ALL";
    }
    /// Only dimension d (0 gender, 1 age, 2 disability, 3 group, 4 category) is not a total.
    bool breaks_down_only(int d) const {
        const std::string* dims[] = {&gender, &age, &disabled, &group, &category};
        for (int i = 0; i < 5; ++i)
            if ((*dims[i] == "ALL") == (i == d))
                return false;
        return true;
    }
    std::string place() const { return country + '|' + adm1 + '|' + adm2; }
    std::string key() const { return place() + '|' + sector + '|' + breakdown(); }
    /// Key with the caseload: what must not repeat.
    std::string caseload_key() const { return key() + '|' + caseload; }
    std::string where() const {
        std::string w = country;
        if (!adm2.empty())
            w += " " + adm2;
        else if (!adm1.empty())
            w += " " + adm1;
        return w + ", sector " + sector;
    }
};

inline std::string value_or_all(std::string_view v) {
    return is_total_value(v) ? std::string("ALL") : std::string(trim(v));
}

/// The columns of the HXL and HPC layouts, one per role (absent_column when not there); a
/// figure may be the sum of several columns (its parts, in an HXL file without its total).
struct needs_columns {
    std::size_t country = absent_column, adm1 = absent_column, adm2 = absent_column,
                sector = absent_column, gender = absent_column, age = absent_column,
                disabled = absent_column, group = absent_column, category = absent_column,
                description = absent_column, info = absent_column;
    std::vector<std::size_t> pin, target;
    std::vector<std::string> names; ///< each column's name (or tag) for messages
};

/// Reads one record of the HXL or HPC layout into r; returns the reasons it is refused.
inline std::string parse_needs_record(const csv_record& rec, const needs_columns& c, needs_row& r) {
    auto cell = [&](std::size_t i) {
        return i == absent_column || i >= rec.size() ? std::string_view{} : trim(rec[i]);
    };
    std::string why;
    r.lines = {rec.line};
    r.country = std::string(cell(c.country));
    r.adm1 = std::string(cell(c.adm1));
    r.adm2 = std::string(cell(c.adm2));
    r.sector = std::string(cell(c.sector));
    if (r.sector.empty()) {
        std::string about;
        for (auto i : {c.description, c.info})
            if (!cell(i).empty())
                about +=
                    (about.empty() ? "" : ", ") + c.names[i] + " '" + std::string(cell(i)) + "'";
        add_reason(why, "missing sector" + (about.empty() ? "" : " (" + about + ")"));
    }
    r.gender = value_or_all(cell(c.gender));
    r.age = value_or_all(cell(c.age));
    r.disabled = value_or_all(cell(c.disabled));
    r.group = value_or_all(cell(c.group));
    r.category = value_or_all(cell(c.category));
    if (!r.sector.empty())
        r.caseload = std::string(cell(c.description));
    for (auto [cs, f] : {std::pair{&c.pin, &r.pin}, std::pair{&c.target, &r.target}})
        for (auto i : *cs) {
            hno_figure part;
            if (auto bad = parse_hno_figure(rec[i], c.names[i], part); !bad.empty())
                add_reason(why, bad);
            else if (part.present) {
                f->written += (f->written.empty() ? "" : " + ") + std::string(trim(rec[i]));
                f->rounded |= part.rounded;
                if (!add_figure(*f, part))
                    add_reason(why, "the parts of " + c.names[i] + " exceed 64 bits");
            }
        }
    return why;
}

/// The field of c a role of the needs reader (io::needs_roles) goes to, or nullptr for a figure.
inline std::size_t* needs_field(needs_columns& c, std::string_view role) {
    if (role == "country")
        return &c.country;
    if (role == "admin1")
        return &c.adm1;
    if (role == "admin2")
        return &c.adm2;
    if (role == "sector")
        return &c.sector;
    if (role == "gender")
        return &c.gender;
    if (role == "age")
        return &c.age;
    if (role == "disabled")
        return &c.disabled;
    if (role == "population_group")
        return &c.group;
    if (role == "category")
        return &c.category;
    if (role == "description")
        return &c.description;
    if (role == "info")
        return &c.info;
    return nullptr;
}

/// The field of c a role goes to, read only (see above).
inline const std::size_t* needs_field(const needs_columns& c, std::string_view role) {
    return needs_field(const_cast<needs_columns&>(c), role);
}

/// The binding of the columns c of an HXL hashtag row (tag_cells; mapped: the user's map bound
/// to it) by the layout tags_layout, for `tally check`: each column and the role it is read as.
inline resolved_columns hxl_needs_binding(const needs_columns& c, const io::layout& tags_layout,
                                          const tally::detail::header_binding& mapped,
                                          const std::vector<std::string>& tag_cells,
                                          const column_map& user) {
    resolved_columns b;
    b.layout = user.empty() ? tags_layout.name : tags_layout.name + ", with the column map";
    b.header = tag_cells;
    b.role.assign(tag_cells.size(), "");
    b.how.assign(tag_cells.size(), column_binding::unused);
    b.instead.assign(tag_cells.size(), absent_column);
    for (const auto& e : tags_layout.entries) {
        auto bind = [&](std::size_t i) {
            if (i == absent_column || i >= b.role.size())
                return;
            b.role[i] = e.role;
            b.how[i] = mapped.how[i] == column_binding::user ? column_binding::user
                                                             : column_binding::layout;
        };
        if (const std::size_t* field = needs_field(c, e.role))
            bind(*field);
        else
            for (auto i : e.role == "pin" ? c.pin : c.target)
                bind(i);
    }
    for (const auto& r : {"description", "info"})
        if (const auto i = *needs_field(c, r); i != absent_column && i < b.role.size()) {
            b.role[i] = r;
            b.how[i] = column_binding::user;
        }
    return b;
}

/// The columns of an HXL hashtag row, looked up by the patterns of the layout `HNO with HXL`
/// (io/layouts.hpp), after the columns the user's map names (by their tags). Records the binding
/// in rep. Throws errc::parse as read_hno_text says, and as io::resolve_columns does for the
/// map (a column not in the row, a role the reader does not have, a role mapped twice).
inline needs_columns hxl_needs_columns(const std::vector<std::string>& tag_cells,
                                       std::size_t tag_line, const std::string& source,
                                       validation_report& rep, const column_map& user = {}) {
    const hxl_columns all_cols(tag_cells);
    all_cols.require_distinct(source, tag_line);
    // The user's map first: its columns are taken out of the row before the tags are read.
    const auto roles = needs_roles();
    tally::detail::header_binding mapped(tag_cells, source_position{source, tag_line, 0},
                                         tag_cells);
    tally::detail::bind_user_map(mapped, roles, user);
    std::vector<std::string> cells = tag_cells;
    for (std::size_t i = 0; i < cells.size(); ++i)
        if (mapped.how[i] != column_binding::unused)
            cells[i].clear();
    const hxl_columns cols(cells);
    std::vector<bool> used(cols.size(), false);
    needs_columns c;
    for (std::size_t i = 0; i < all_cols.size(); ++i)
        c.names.push_back(all_cols[i] ? all_cols.spec(i) : tag_cells[i]);
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
    const io::layout& tags_layout = needs_layouts()[1]; // HNO with HXL
    for (const auto& e : tags_layout.entries) {
        std::size_t* field = needs_field(c, e.role);
        auto& figure_columns = e.role == "pin" ? c.pin : c.target;
        if (const auto m = std::find(mapped.role.begin(), mapped.role.end(), e.role);
            m != mapped.role.end()) {
            const auto i = static_cast<std::size_t>(m - mapped.role.begin());
            if (field)
                *field = i;
            else
                figure_columns = {i};
            continue;
        }
        if (!field) {
            figure_columns = figure(e.names.front());
            continue;
        }
        // The first pattern with a column gives the role (several columns: the exact one).
        for (const auto& name : e.names) {
            const auto p = tally::detail::parse_tag_pattern(name);
            const auto i = cols.find(std::string_view(name).substr(0, name.find('-')), source,
                                     tag_line, p ? p->without : std::vector<std::string>{});
            if (i) {
                *field = *i;
                used[*i] = true;
                break;
            }
        }
    }
    // Roles only a map gives (description, info) are bound as mapped.
    for (std::size_t i = 0; i < mapped.role.size(); ++i)
        if (std::size_t* field = needs_field(c, mapped.role[i]); field && *field == absent_column)
            *field = i;
    if (c.sector == absent_column || (c.pin.empty() && c.target.empty()))
        throw error(errc::parse, source_position{source, tag_line, 0},
                    "not an HNO table: the HXL row lacks #sector, or both #inneed and #targeted");
    const resolved_columns b = hxl_needs_binding(c, tags_layout, mapped, tag_cells, user);
    rep.layouts.push_back({source, b.layout, b.map_text()});
    for (std::size_t i = 0; i < cols.size(); ++i)
        if (!used[i] && cols[i])
            rep.tell({source, tag_line, 0},
                     "column " + std::to_string(i + 1) + " (" + tag_cells[i] + ") is not used");
    return c;
}

/// The columns of the HPC header, read by name (io::resolve_columns with the needs layouts,
/// after the user's map), the columns not read told in rep. Throws errc::parse as
/// io::resolve_columns does.
inline needs_columns hpc_needs_columns(const csv_record& header, const std::string& source,
                                       validation_report& rep, const column_map& user = {}) {
    const header_index h(header);
    h.require_distinct(source, header.line);
    needs_columns c;
    for (auto f : header.fields)
        c.names.emplace_back(trim(f));
    const auto b =
        resolve_columns(c.names, needs_roles(), needs_layouts(), user, source, header.line);
    tell_columns(rep, source, header.line, b);
    for (std::size_t i = 0; i < b.role.size(); ++i) {
        if (b.role[i].empty())
            continue;
        if (std::size_t* field = needs_field(c, b.role[i]))
            *field = i;
        else
            (b.role[i] == "pin" ? c.pin : c.target) = {i};
    }
    return c;
}

/// Reads the records of the HXL or HPC layout after their header into rows.
inline void read_needs_records(csv_reader& rd, const needs_columns& c, std::size_t width,
                               const std::string& source, validation_report& rep,
                               std::vector<needs_row>& rows) {
    csv_record rec;
    while (tally::detail::next_record(rd, rec, rep, width)) {
        if (!tally::detail::check_row_width(rec, width, rep, source))
            continue;
        needs_row r;
        if (auto why = parse_needs_record(rec, c, r); !why.empty()) {
            rep.reject({source, rec.line, 0}, std::move(why));
            continue;
        }
        rows.push_back(std::move(r));
    }
}

/// Reads the HAPI humanitarian-needs table (one figure per record) after its header into rows:
/// the records of one place, sector and category make one row.
inline void read_hapi_needs(csv_reader& rd, const csv_record& header, const std::string& source,
                            validation_report& rep, std::vector<needs_row>& rows,
                            const column_map& user = {}) {
    const header_index h(header);
    h.require_distinct(source, header.line);
    std::vector<std::string> names;
    for (auto f : header.fields)
        names.emplace_back(trim(f));
    const auto b =
        resolve_columns(names, hapi_needs_roles(), hapi_needs_layouts(), user, source, header.line);
    tell_columns(rep, source, header.line, b);
    auto col = [&](std::string_view role) { return b.find(role).value_or(absent_column); };
    const auto c_country = col("country"), c_adm1 = col("admin1"), c_adm2 = col("admin2"),
               c_level = col("admin_level"), c_sector = col("sector"), c_category = col("category"),
               c_status = col("population_status"), c_value = col("population"),
               c_error = col("error");
    auto name_of = [&](std::size_t i, const char* otherwise) {
        return i == absent_column ? std::string(otherwise) : names[i];
    };
    const std::size_t width = header.size();
    std::map<std::string, std::size_t> row_of;                   // key -> index in rows
    std::map<std::string, std::size_t> status_line;              // key|status -> line
    std::map<std::string, tally::detail::notice_count> not_plan; // status -> rows
    csv_record rec;
    while (tally::detail::next_record(rd, rec, rep, width)) {
        const source_position where{source, rec.line, 0};
        if (!tally::detail::check_row_width(rec, width, rep, source))
            continue;
        auto cell = [&](std::size_t i) {
            return i == absent_column ? std::string_view{} : trim(rec[i]);
        };
        needs_row r;
        r.lines = {rec.line};
        std::string why;
        r.country = std::string(cell(c_country));
        if (r.country.empty())
            add_reason(why, "missing " + name_of(c_country, "location_code"));
        r.adm1 = std::string(cell(c_adm1));
        r.adm2 = std::string(cell(c_adm2));
        r.sector = std::string(cell(c_sector));
        if (same_word(r.sector, "intersectoral"))
            r.sector = "ALL";
        if (r.sector.empty())
            add_reason(why, "missing " + name_of(c_sector, "sector_code") +
                                (cell(c_error).empty()
                                     ? std::string()
                                     : " (error: " + std::string(cell(c_error)) + ")"));
        r.gender = r.age = r.disabled = r.group = "ALL";
        r.category = value_or_all(cell(c_category));
        if (const auto l = cell(c_level); !l.empty()) {
            const int level = !r.adm2.empty() ? 2 : !r.adm1.empty() ? 1 : 0;
            if (l != std::to_string(level))
                add_reason(why, "admin_level " + std::string(l) + " but " +
                                    (level == 0 ? std::string("no admin code")
                                                : "an admin" + std::to_string(level) + " code"));
        }
        const auto status = cell(c_status);
        hno_figure value;
        if (auto bad = parse_hno_figure(cell(c_value), name_of(c_value, "population"), value);
            !bad.empty())
            add_reason(why, bad);
        const bool pin = same_word(status, "INN"), target = same_word(status, "TGT");
        if (!pin && !target && !same_word(status, "REA") && !same_word(status, "AFF") &&
            !same_word(status, "all"))
            add_reason(why, "population_status '" + std::string(status) +
                                "' is none of INN, TGT, REA, AFF, all");
        const auto key = r.key();
        if (why.empty()) {
            const auto [it, fresh] = status_line.emplace(key + '|' + std::string(status), rec.line);
            if (!fresh)
                add_reason(why, "repeats the place, sector, category and population_status of "
                                "line " +
                                    std::to_string(it->second));
        }
        if (!why.empty()) {
            rep.reject(where, std::move(why));
            continue;
        }
        if (!pin && !target)
            not_plan[std::string(status)].see(rec.line);
        const auto [it, fresh] = row_of.emplace(key, rows.size());
        if (fresh)
            rows.push_back(std::move(r));
        else
            rows[it->second].lines.push_back(rec.line);
        auto& row = rows[it->second];
        if (pin)
            row.pin = value;
        else if (target)
            row.target = value;
    }
    for (const auto& [status, n] : not_plan)
        rep.tell({source, n.first_line, 0},
                 "population_status " + status +
                     " is not a plan figure (INN is PiN, TGT the target): read, not used" +
                     tally::detail::rows_suffix(n.rows));
}

/// The country of each row (see the top of this header); rows without one, or repeating an
/// earlier row's key, are rejected (every record of them).
inline void assign_countries(std::vector<needs_row>& rows, const hno_read_options& options,
                             const std::string& source, validation_report& rep) {
    std::string file_country; // the one country of the P-codes, for national rows
    bool several = false;
    auto reject = [&](const needs_row& r, const std::string& why) {
        for (auto l : r.lines)
            rep.reject({source, l, 0}, why);
    };
    std::vector<needs_row> kept;
    for (auto& r : rows) {
        r.level = !r.adm2.empty() ? 2 : !r.adm1.empty() ? 1 : 0;
        if (!r.country.empty()) {
            if (const auto iso3 = iso3_of_country(r.country))
                r.country = *iso3;
        } else if (!options.country.empty())
            r.country = options.country;
        else if (r.level > 0) {
            const auto& pcode = r.level == 2 ? r.adm2 : r.adm1;
            if (const auto iso3 = country_of_pcode(pcode)) {
                r.country = *iso3;
                if (file_country.empty())
                    file_country = *iso3;
                else if (file_country != *iso3)
                    several = true;
            } else {
                reject(r,
                       "the P-code '" + pcode + "' does not begin with an ISO 3166 country code");
                continue;
            }
        }
        kept.push_back(std::move(r));
    }
    rows.clear();
    std::map<std::string, std::size_t> key_line;
    for (auto& r : kept) {
        if (r.country.empty()) {
            if (file_country.empty() || several) {
                reject(r, several ? "no country: the P-codes name several countries (give the "
                                    "country)"
                                  : "no country: no country column, no country given and no "
                                    "P-code in the file");
                continue;
            }
            r.country = file_country;
        }
        const auto [it, fresh] = key_line.emplace(r.caseload_key(), r.line());
        if (!fresh) {
            reject(r, "repeats the place, sector, gender, age, disability, group, category and "
                      "caseload of line " +
                          std::to_string(it->second));
            continue;
        }
        rows.push_back(std::move(r));
    }
}

/// One figure per place, cluster and breakdown when a cluster has several caseloads (the HPC
/// table's Description: "General Protection" and "Protection (overall)" are both PRO): they
/// overlap, so they are not added; the largest PiN (else target) is the cluster's figure, and
/// the others are set aside (returned: read and counted, added to nothing), told once per
/// country and cluster with the caseloads' names.
inline std::vector<needs_row> pick_caseloads(std::vector<needs_row>& rows,
                                             const std::string& source, validation_report& rep) {
    std::map<std::string, std::vector<std::size_t>> by_key;
    for (std::size_t i = 0; i < rows.size(); ++i)
        by_key[rows[i].key()].push_back(i);
    std::map<std::string, std::pair<std::size_t, std::set<std::string>>> told; // country|sector
    for (const auto& [key, idx] : by_key) {
        if (idx.size() < 2)
            continue;
        auto size = [&](std::size_t i) {
            const auto& r = rows[i];
            return std::pair{r.pin.present ? r.pin.value : -1,
                             r.target.present ? r.target.value : -1};
        };
        const auto best = *std::max_element(idx.begin(), idx.end(),
                                            [&](auto a, auto b) { return size(a) < size(b); });
        auto& t = told[rows[best].country + ", sector " + rows[best].sector];
        if (t.second.empty())
            t.first = rows[idx.front()].line();
        for (auto i : idx) {
            t.second.insert(rows[i].caseload);
            rows[i].set_aside = i != best;
        }
    }
    for (const auto& [what, t] : told) {
        std::string names;
        for (const auto& n : t.second)
            names += (names.empty() ? "'" : ", '") + n + "'";
        rep.tell({source, t.first, 0},
                 what + " has " + std::to_string(t.second.size()) + " caseloads (" + names +
                     "): they overlap, so per place the largest PiN is the sector's figure and "
                     "the others are not added");
    }
    std::vector<needs_row> kept, aside;
    for (auto& r : rows)
        (r.set_aside ? aside : kept).push_back(std::move(r));
    rows = std::move(kept);
    return aside;
}

/// The admin1 of each admin2 row: its admin1 code, else the longest admin1 code of its country
/// (from the file's admin1 rows and the admin1 codes given beside admin2 codes, and from geo)
/// that begins its P-code.
inline void assign_parents(std::vector<needs_row>& rows, const geography* geo) {
    std::map<std::string, std::set<std::string>> admin1s; // country -> admin1 codes
    for (const auto& r : rows)
        if (!r.adm1.empty())
            admin1s[r.country].insert(r.adm1);
    if (geo)
        for (code_id a = 0; a < geo->admin1_count(); ++a)
            admin1s[geo->country(geo->admin1(a).country).code].insert(geo->admin1(a).code);
    for (auto& r : rows) {
        if (r.level != 2)
            continue;
        if (!r.adm1.empty()) {
            r.parent = r.adm1;
            continue;
        }
        for (const auto& a : admin1s[r.country])
            if (a.size() < r.adm2.size() && r.adm2.compare(0, a.size(), a) == 0 &&
                a.size() > r.parent.size())
                r.parent = a;
    }
}

/// The age range a cell gives: "0-17" -> [0, 17], "18+" or "60-" -> [18, inf); std::nullopt
/// otherwise.
inline std::optional<std::pair<int, int>> age_range(std::string_view s) {
    s = trim(s);
    int a = 0, b = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), a);
    if (ec != std::errc{} || a < 0)
        return std::nullopt;
    const std::string_view rest(p, static_cast<std::size_t>(s.data() + s.size() - p));
    if (rest == "+" || rest == "-" || rest == " +")
        return std::pair{a, std::numeric_limits<int>::max()};
    if (rest.empty() || rest.front() != '-')
        return std::nullopt;
    auto [q, ec2] = std::from_chars(rest.data() + 1, rest.data() + rest.size(), b);
    if (ec2 != std::errc{} || q != rest.data() + rest.size() || b < a)
        return std::nullopt;
    return std::pair{a, b};
}

/// Lower-cased, for the names of categories.
inline std::string lower(std::string_view s) {
    std::string o(trim(s));
    for (auto& ch : o)
        ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    return o;
}

/// Of rows (breakdown rows of one place, each breaking down only dimension d), those that cover
/// everyone once, or empty: by sex f and m (and o); by age, ranges that tile from 0 with an open
/// end; by category, female and male, or children, adult(s) and elderly.
inline std::vector<const needs_row*> covering_parts(const std::vector<const needs_row*>& rows,
                                                    int d) {
    std::vector<const needs_row*> out;
    if (d == 0) { // gender
        bool f = false, m = false;
        for (const auto* r : rows) {
            const auto g = lower(r->gender);
            if (g == "f" || g == "female")
                f = true;
            else if (g == "m" || g == "male")
                m = true;
            else if (g != "o" && g != "other")
                return {};
            out.push_back(r);
        }
        return f && m ? out : std::vector<const needs_row*>{};
    }
    if (d == 1) { // age
        std::vector<std::pair<std::pair<int, int>, const needs_row*>> ranges;
        for (const auto* r : rows) {
            const auto a = age_range(r->age);
            if (!a)
                return {};
            ranges.emplace_back(*a, r);
        }
        std::sort(ranges.begin(), ranges.end(),
                  [](const auto& x, const auto& y) { return x.first < y.first; });
        long next = 0;
        for (const auto& [a, r] : ranges) {
            if (a.first != next || next == std::numeric_limits<int>::max())
                return {};
            next = a.second == std::numeric_limits<int>::max() ? a.second : long(a.second) + 1;
            out.push_back(r);
        }
        return next == std::numeric_limits<int>::max() ? out : std::vector<const needs_row*>{};
    }
    if (d == 4) { // category
        for (const std::vector<std::vector<std::string_view>>& set :
             {std::vector<std::vector<std::string_view>>{{"female"}, {"male"}},
              {{"children"}, {"adult", "adults"}, {"elderly"}}}) {
            out.clear();
            for (const auto& names : set)
                for (const auto* r : rows)
                    if (std::find(names.begin(), names.end(), lower(r->category)) != names.end())
                        out.push_back(r);
            if (out.size() == set.size())
                return out;
        }
        return {};
    }
    return {}; // disability and population groups never cover everyone
}

/// A total for each place and sector that has breakdown rows but no total row, from breakdown
/// rows that cover everyone (covering_parts); the others are told by name (see the top).
inline void synthesize_totals(std::vector<needs_row>& rows, const std::string& source,
                              validation_report& rep) {
    std::map<std::string, std::vector<std::size_t>> by_place; // place|sector -> row indices
    for (std::size_t i = 0; i < rows.size(); ++i)
        by_place[rows[i].place() + '|' + rows[i].sector].push_back(i);
    std::vector<needs_row> made;
    static constexpr const char* dim_names[] = {"sex", "age range", "disability",
                                                "population group", "category"};
    for (const auto& [key, idx] : by_place) {
        if (std::any_of(idx.begin(), idx.end(), [&](auto i) { return rows[i].is_total(); }))
            continue;
        const needs_row& first = rows[idx.front()];
        bool done = false;
        for (int d : {0, 1, 4}) {
            std::vector<const needs_row*> parts;
            for (auto i : idx)
                if (rows[i].breaks_down_only(d))
                    parts.push_back(&rows[i]);
            const auto cover = covering_parts(parts, d);
            if (cover.empty())
                continue;
            needs_row t = first;
            t.lines = {};
            t.gender = t.age = t.disabled = t.group = t.category = "ALL";
            t.pin = t.target = {};
            t.synthesized = true;
            bool pin_all = true, target_all = true;
            std::string lines;
            for (const auto* p : cover) {
                pin_all &= p->pin.present;
                target_all &= p->target.present;
                if (!add_figure(t.pin, p->pin) || !add_figure(t.target, p->target))
                    pin_all = target_all = false;
                lines += (lines.empty() ? "" : ", ") + std::to_string(p->line());
            }
            if (!pin_all)
                t.pin = {};
            if (!target_all)
                t.target = {};
            rep.tell({source, cover.front()->line(), 0},
                     first.where() + " has no total row: its figure is the sum of its rows by " +
                         dim_names[d] + " (lines " + lines + ")");
            t.at = cover.front()->line();
            made.push_back(std::move(t));
            done = true;
            break;
        }
        if (!done) {
            std::set<std::string> seen;
            std::string parts;
            for (auto i : idx) {
                const auto& r = rows[i];
                const auto b = r.category != "ALL" ? r.category
                               : r.group != "ALL"  ? "group " + r.group
                                                   : "gender " + r.gender + ", age " + r.age;
                if (seen.insert(b).second && seen.size() <= 5)
                    parts += (parts.empty() ? "" : "; ") + b;
            }
            if (seen.size() > 5)
                parts += "; ...";
            rep.tell({source, first.line(), 0},
                     first.where() + " has no total row, and its breakdown rows (" + parts +
                         ") do not cover everyone: it gives no figure");
        }
    }
    // A sum has no record of its own: its parts are the records counted.
    for (auto& t : made)
        rows.push_back(std::move(t));
}

/// Tells in rep each category row (a breakdown by category only) whose PiN or target is above
/// the one of its total row (same place and sector).
inline void tell_categories_above_total(const std::vector<needs_row>& rows,
                                        const std::string& source, validation_report& rep) {
    std::map<std::string, const needs_row*> totals;
    for (const auto& r : rows)
        if (r.is_total())
            totals[r.place() + '|' + r.sector] = &r;
    for (const auto& r : rows) {
        if (!r.breaks_down_only(4))
            continue;
        const auto it = totals.find(r.place() + '|' + r.sector);
        if (it == totals.end())
            continue;
        const auto* t = &it->second;
        for (auto [what, part, whole] : {std::tuple{"PiN", &r.pin, &(*t)->pin},
                                         std::tuple{"target", &r.target, &(*t)->target}})
            if (part->present && whole->present && part->value > whole->value)
                rep.tell({source, r.line(), 0},
                         std::string(what) + " " + std::to_string(part->value) + " of category '" +
                             r.category + "' is above the total " + std::to_string(whole->value) +
                             " of " + r.where());
    }
}

/// The checks of totals against the rows below them (see the top of this header).
inline void check_needs_totals(const std::vector<needs_row>& rows, const std::string& source,
                               validation_report& rep) {
    auto tell_sum = [&](const needs_row& total, std::string_view what, std::int64_t t,
                        std::int64_t sum, std::size_t parts, std::string_view below) {
        const std::int64_t diff = t > sum ? t - sum : sum - t;
        if (2 * static_cast<std::uint64_t>(diff) > parts + 1)
            rep.tell({source, total.line(), 0}, std::string(what) + " " + std::to_string(t) +
                                                    " differs from the sum " + std::to_string(sum) +
                                                    " of its " + std::to_string(parts) + " " +
                                                    std::string(below) + " rows");
    };
    struct sum_of {
        std::int64_t pin = 0, target = 0;
        std::size_t pin_parts = 0, target_parts = 0;
        void add(const needs_row& r) {
            if (r.pin.present && !__builtin_add_overflow(pin, r.pin.value, &pin))
                ++pin_parts;
            if (r.target.present && !__builtin_add_overflow(target, r.target.value, &target))
                ++target_parts;
        }
    };
    auto rest = [](const needs_row& r) { return r.sector + '|' + r.breakdown(); };
    std::map<std::string, sum_of> by_parent_place, by_sexage, by_category_set[2];
    std::map<std::string, std::int64_t> highest_sector_pin;
    static const std::vector<std::string> category_sets[2] = {{"female", "male"},
                                                              {"children", "adult", "elderly"}};
    for (const auto& r : rows) {
        if (r.synthesized)
            continue;
        if (r.level == 1 || (r.level == 2 && !r.parent.empty()))
            by_parent_place[r.country + '|' + (r.level == 2 ? r.parent : std::string()) + '|' +
                            rest(r)]
                .add(r);
        if (r.gender != "ALL" && r.age != "ALL")
            by_sexage[r.place() + '|' + r.sector + '|' + r.disabled + '|' + r.group + '|' +
                      r.category]
                .add(r);
        if (r.breaks_down_only(4))
            for (int s = 0; s < 2; ++s) {
                auto c = lower(r.category);
                if (c == "adults")
                    c = "adult";
                const auto& set = category_sets[s];
                if (std::find(set.begin(), set.end(), c) != set.end())
                    by_category_set[s][r.place() + '|' + r.sector].add(r);
            }
        if (r.sector != "ALL" && r.pin.present) {
            auto& h = highest_sector_pin[r.place() + '|' + r.breakdown()];
            h = std::max(h, r.pin.value);
        }
    }
    auto check = [&](const needs_row& r, const sum_of* s, std::string_view below) {
        if (!s)
            return;
        if (r.pin.present && s->pin_parts)
            tell_sum(r, "PiN", r.pin.value, s->pin, s->pin_parts, below);
        if (r.target.present && s->target_parts)
            tell_sum(r, "target", r.target.value, s->target, s->target_parts, below);
    };
    auto find = [](const auto& m, const std::string& k) {
        const auto it = m.find(k);
        return it == m.end() ? nullptr : &it->second;
    };
    tell_categories_above_total(rows, source, rep);
    for (const auto& r : rows) {
        if (r.synthesized)
            continue;
        if (r.level < 2)
            check(r, find(by_parent_place, r.country + '|' + r.adm1 + '|' + rest(r)),
                  r.level == 0 ? "admin1" : "admin2");
        if (r.gender == "ALL" && r.age == "ALL" && r.disabled == "ALL")
            check(
                r,
                find(by_sexage, r.place() + '|' + r.sector + "|ALL|" + r.group + '|' + r.category),
                "sex and age");
        if (r.is_total()) {
            check(r, find(by_category_set[0], r.place() + '|' + r.sector), "Female and Male");
            check(r, find(by_category_set[1], r.place() + '|' + r.sector),
                  "Children, Adult and Elderly");
        }
        if (r.sector == "ALL" && r.pin.present)
            if (const auto* h = find(highest_sector_pin, r.place() + '|' + r.breakdown());
                h && *h > r.pin.value)
                rep.tell({source, r.line(), 0}, "intersector PiN " + std::to_string(r.pin.value) +
                                                    " is below the highest sector PiN " +
                                                    std::to_string(*h) + " of its place and group");
    }
}

/// A figure of the chosen level for the plan table: the row, or a sum of rows below it.
struct needs_figure {
    const needs_row* row; ///< the row, or the first of the rows added
    std::string admin1;   ///< "" for a country-level line
    hno_figure pin, target;
    std::vector<const needs_row*> parts; ///< the rows added (the row alone when not a sum)
};

/// The rows of each level (country, admin1, admin2) of one sector and breakdown of a country.
struct needs_levels {
    std::vector<const needs_row*> at[3];
};

/// The figure of the rows rs added up (admin1: their area, "" at country level).
inline needs_figure sum_needs_rows(const std::vector<const needs_row*>& rs,
                                   const std::string& admin1) {
    needs_figure f{rs.front(), admin1, {}, {}, rs};
    for (const auto* r : rs) {
        add_figure(f.pin, r->pin);
        add_figure(f.target, r->target);
    }
    return f;
}

/// The figure of the row r alone.
inline needs_figure one_needs_row(const needs_row* r, const std::string& admin1) {
    return needs_figure{r, admin1, r->pin, r->target, {r}};
}

/// Admin1 rows, and the admin2 rows of admin1 areas without a row of their own added up by
/// area, appended to out; the admin2 rows whose admin1 is unknown are appended to unknown.
/// True when some admin2 rows were added up.
inline bool admin1_figures(const needs_levels& lv, std::vector<needs_figure>& out,
                           std::vector<const needs_row*>& unknown) {
    std::set<std::string> have;
    for (const auto* r : lv.at[1]) {
        have.insert(r->adm1);
        out.push_back(one_needs_row(r, r->adm1));
    }
    std::map<std::string, std::vector<const needs_row*>> by_parent;
    for (const auto* r : lv.at[2])
        if (r->parent.empty())
            unknown.push_back(r);
        else if (!have.contains(r->parent))
            by_parent[r->parent].push_back(r);
    for (const auto& [parent, rs] : by_parent)
        out.push_back(sum_needs_rows(rs, parent));
    return !by_parent.empty();
}

/// What choose_level did for one country (its name, its first line): the sectors summed from
/// lower rows, the sectors left out, the admin2 codes of unknown admin1, whether admin2 rows
/// were added up by admin1, and whether its figures are at country level.
struct level_choice {
    std::string country;
    std::size_t first = 0;
    struct {
        std::set<std::string> summed, left_out, unknown_codes;
        bool rolled = false, country_level = false;
    } found;
};

/// Tells in rep what choose_level did for one country (see choose_level).
inline void tell_level_choice(const level_choice& choice, const hno_read_options& options,
                              const std::string& source, validation_report& rep) {
    const auto& [country, first, found] = choice;
    const auto& [summed, left_out, unknown_codes, rolled, country_level] = found;
    auto list = [](const std::set<std::string>& v) {
        std::string s;
        std::size_t n = 0;
        for (const auto& x : v)
            if (n++ < 5)
                s += (s.empty() ? "" : ", ") + x;
        return v.size() > 5 ? s + ", ..." : s;
    };
    if (rolled)
        rep.tell({source, first, 0},
                 country + ": admin2 rows of admin1 areas without a row of their own are "
                           "added up by the admin1 area their P-codes name");
    if (!summed.empty())
        rep.tell({source, first, 0},
                 country + ": no national row for sector(s) " + list(summed) +
                     ": their national figure is the sum of their admin1 (or admin2) rows");
    if (!left_out.empty())
        rep.tell({source, first, 0},
                 country + ": sector(s) " + list(left_out) +
                     " have no admin1 or admin2 rows: they are not in these admin1 figures "
                     "(their national rows are read at national level)");
    if (options.level == hno_level::admin1 && country_level) {
        if (!unknown_codes.empty())
            rep.tell({source, first, 0},
                     country + ": its admin2 rows (" + list(unknown_codes) +
                         ") carry no admin1 code, and no admin1 code of the file or of the "
                         "geography begins their P-codes, so they cannot be added up to "
                         "admin1: its figures are given at country level (admin1 empty); "
                         "give a geography with its admin1 areas (--geography) to have "
                         "them by admin1");
        else
            rep.tell({source, first, 0}, country +
                                             ": no admin1 or admin2 rows: its figures are given at "
                                             "country level (admin1 empty)");
    } else if (!country_level && !unknown_codes.empty())
        rep.tell({source, first, 0},
                 country + ": admin2 rows (" + list(unknown_codes) +
                     ") whose admin1 is unknown (no admin1 code, and no admin1 code of the "
                     "file or of the geography begins their P-codes) are not added to any "
                     "admin1 area");
}

/// The figures of the chosen level (see the top of this header), for rows whose breakdown is
/// eligible. The lines of one country are all of one level (country level, or admin1), so that
/// no figure is added to the figures of another level that already count its people; what
/// could not be given at that level, and each sum of lower rows, is told per country.
inline std::vector<needs_figure> choose_level(const std::vector<needs_row>& rows,
                                              const hno_read_options& options,
                                              const std::string& source, validation_report& rep) {
    auto eligible = [&](const needs_row& r) {
        return r.is_total() ||
               (options.breakdowns_as_groups && (r.breaks_down_only(3) || r.breaks_down_only(4)));
    };
    // Per country, then per sector and breakdown: the rows of each level.
    std::map<std::string, std::map<std::string, needs_levels>> by_country;
    for (const auto& r : rows)
        if (eligible(r))
            by_country[r.country][r.sector + '|' + r.breakdown()]
                .at[static_cast<std::size_t>(r.level)]
                .push_back(&r);
    std::vector<needs_figure> out;
    for (const auto& [country, keys] : by_country) {
        bool has_national = false, has_admin1 = false;
        std::size_t first = 0;
        for (const auto& [key, lv] : keys) {
            has_national |= !lv.at[0].empty();
            has_admin1 |= !lv.at[1].empty() ||
                          std::any_of(lv.at[2].begin(), lv.at[2].end(),
                                      [](const needs_row* r) { return !r->parent.empty(); });
            for (const auto& at : lv.at)
                for (const auto* r : at)
                    first = first == 0 ? r->line() : std::min(first, r->line());
        }
        level_choice choice;
        choice.country = country;
        choice.first = first;
        auto& [summed, left_out, unknown_codes, rolled, country_level] = choice.found;
        auto sector_of = [](const std::string& key) { return key.substr(0, key.find('|')); };
        country_level =
            options.level == hno_level::national ? has_national || !has_admin1 : !has_admin1;
        for (const auto& [key, lv] : keys) {
            if (!country_level) {
                std::vector<const needs_row*> unknown;
                const std::size_t before = out.size();
                rolled |= admin1_figures(lv, out, unknown);
                for (const auto* r : unknown)
                    unknown_codes.insert(r->adm2);
                if (out.size() == before && unknown.empty())
                    left_out.insert(sector_of(key));
                continue;
            }
            // Country level: the national row, else the sum of the highest level below it.
            for (const auto* r : lv.at[2])
                if (r->parent.empty())
                    unknown_codes.insert(r->adm2);
            if (!lv.at[0].empty()) {
                for (const auto* r : lv.at[0])
                    out.push_back(one_needs_row(r, ""));
                continue;
            }
            const auto& below = !lv.at[1].empty() ? lv.at[1] : lv.at[2];
            out.push_back(sum_needs_rows(below, ""));
            summed.insert(sector_of(key));
        }
        tell_level_choice(choice, options, source, rep);
    }
    return out;
}

/// Appends the figures to into and accounts every record of rows and aside in rep.
inline void append_needs(const std::vector<needs_row>& rows, const std::vector<needs_row>& aside,
                         const std::vector<needs_figure>& figs, const std::string& source,
                         plan_table& into, const hno_read_options& options, std::size_t header_line,
                         validation_report& rep) {
    const auto catalog = hno_sector_catalog();
    const code_id all_groups =
        into.group_or_add("all", "All population groups", cross_country_rule::additive);
    const code_id file = into.files.intern(source);
    tally::detail::geography_check geo(options.geo);
    std::map<std::string, std::size_t> unknown_sectors; // sector -> first line
    std::set<const needs_row*> appended;
    for (const auto& f : figs) {
        const needs_row& r = *f.row;
        plan_line l;
        l.country = into.countries.intern(r.country);
        l.admin1 = f.admin1.empty() ? no_code : into.admin1s.intern(f.admin1);
        l.intersector = same_word(r.sector, "all");
        if (!l.intersector) {
            if (auto s = catalog.find(r.sector))
                l.sector = into.sectors.intern(catalog.info(*s).name);
            else {
                unknown_sectors.emplace(r.sector, r.line());
                l.sector = into.sectors.intern(r.sector);
            }
        }
        const auto& g = r.category != "ALL" ? r.category : r.group;
        l.group = g == "ALL" ? all_groups : into.group_or_add(g, g, cross_country_rule::additive);
        l.pin = f.pin.value;
        l.target = f.target.value;
        l.file = file;
        l.source_line = static_cast<std::uint32_t>(r.line());
        into.append(l);
        appended.insert(f.parts.begin(), f.parts.end());
        geo.row(into.countries, l.country, into.admin1s, l.admin1, r.line());
        if (f.pin.present && f.target.present && f.target.value > f.pin.value)
            rep.tell({source, r.line(), 0}, "target " + std::to_string(f.target.value) +
                                                " is above PiN " + std::to_string(f.pin.value));
    }
    std::size_t breakdowns = 0;
    for (const auto& r : rows) {
        for (auto [what, f] : {std::pair{"PiN", &r.pin}, std::pair{"target", &r.target}})
            if (f->rounded && !r.synthesized)
                rep.tell({source, r.line(), 0}, std::string(what) + " " + f->written +
                                                    " is not a whole number: rounded to " +
                                                    std::to_string(f->value));
        for (std::size_t i = 0; i < r.lines.size(); ++i)
            rep.use();
        if (!appended.contains(&r) && !r.synthesized)
            ++breakdowns;
    }
    for (const auto& r : aside) {
        for (std::size_t i = 0; i < r.lines.size(); ++i)
            rep.use();
        ++breakdowns;
    }
    for (const auto& [s, line] : unknown_sectors)
        rep.tell({source, line, 0}, "sector '" + s + "' is not in the sector catalog: kept as is");
    if (breakdowns)
        rep.tell({source, header_line, 0},
                 std::to_string(breakdowns) +
                     " rows are breakdowns of the figures read (by sex and age, population "
                     "group or category, or rows of another level): checked against their "
                     "totals, not added");
    geo.finish(rep, source, into.countries, into.admin1s);
}

} // namespace detail

/// Whether text is a needs table (see the top of this header): an HXL hashtag row within its
/// first rows, with #sector and #inneed or #targeted (a total column or its breakdown, such as
/// #targeted+f and #targeted+m), and no #indicator (a 5W activity file, whose targets are not plan
/// figures); or the header of the HPC needs table or of the HAPI humanitarian-needs table. A 3W
/// table of targets per place, sector and organisation is read as one too: the organisation is
/// told as not used, and two organisations in one place and sector are a repeated key. With a
/// user's column map, a header the map makes one of these is one too (needs_layout_of).
inline bool is_hno_table(std::string_view text, const std::string& source,
                         const column_map& user = {}) {
    return detail::needs_layout_of(text, source, user) != detail::needs_layout::none;
}

/// Reads a needs table from CSV text into `into` (appending) and returns the validation report.
/// Throws errc::parse when the text is not a needs table (no HXL hashtag row and no HPC or HAPI
/// header within its first rows), or when the hashtag row lacks #sector, or both #inneed and
/// #targeted, repeats a tag, or breaks a figure down without its total into parts that do not
/// cover everyone; never for a bad row.
inline validation_report read_hno_text(std::string text, std::string source, plan_table& into,
                                       const hno_read_options& options = {}) {
    using namespace io::detail;
    validation_report rep;
    const auto layout = needs_layout_of(text, source, options.columns);
    csv_reader rd(std::move(text), source);
    std::vector<needs_row> rows;
    std::size_t header_line = 1;
    if (layout == needs_layout::hxl) {
        const auto tags_row = hxl_row_of(rd);
        header_line = tags_row->second;
        const auto cols =
            hxl_needs_columns(tags_row->first, header_line, source, rep, options.columns);
        read_needs_records(rd, cols, tags_row->first.size(), source, rep, rows);
    } else if (layout == needs_layout::hpc || layout == needs_layout::hapi) {
        csv_record header;
        for (std::size_t i = 0; i < header_search_rows && rd.next(header); ++i)
            if (needs_layout_of_row(header, options.columns) == layout)
                break;
        header_line = header.line;
        // The header's fields are views into the reader's text: copied before it moves on.
        csv_record owned = header;
        std::vector<std::string> names(header.fields.begin(), header.fields.end());
        for (std::size_t i = 0; i < names.size(); ++i)
            owned.fields[i] = names[i];
        if (layout == needs_layout::hpc)
            read_needs_records(rd, hpc_needs_columns(owned, source, rep, options.columns),
                               owned.size(), source, rep, rows);
        else
            read_hapi_needs(rd, owned, source, rep, rows, options.columns);
    } else
        throw error(errc::parse, source_position{source, 1, 0},
                    "not an HNO table: no HXL hashtag row, and no header of the HPC or HAPI "
                    "needs tables, in the first " +
                        std::to_string(header_search_rows) + " rows");
    assign_countries(rows, options, source, rep);
    const auto aside = pick_caseloads(rows, source, rep);
    assign_parents(rows, options.geo);
    synthesize_totals(rows, source, rep);
    check_needs_totals(rows, source, rep);
    const auto figs = choose_level(rows, options, source, rep);
    append_needs(rows, aside, figs, source, into, options, header_line, rep);
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

} // namespace tally::io
