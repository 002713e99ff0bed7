#pragma once
// Reading a 3W operational presence table (OCHA's "who does what where": an organisation, a
// place and a sector per row, and no figures of people) into a presence_table.
//
// Columns, by name or by HXL tag (names first, tags for what no name gives; a row of names above
// the hashtag row, title rows above both, blanks inside tags as in "#org +name"):
//   organisation   ORG_NAME, organisation, partner; #org+name (#org without +acronym/+type)
//   acronym        ORG_ACRONYM, acronym; #org+acronym (the organisation when its name is empty)
//   type           ORG_TYPE, organisation_type; #org+type
//   country        country, country_iso3, location_code; #country+code, #country
//   admin1, admin2 ADM1_CODE, PROV_CODE, admin1_pcode, ...; #adm1+code, #adm2+code (codes only:
//                  areas are never joined by name, so name columns are told as not used)
//   sector         sector, cluster, CLUSTER_SECTOR_CODE, sector_code; #sector+code, #sector
// An organisation is its name as written (blanks around it trimmed), or its acronym when the
// name is empty: the same rule as the partners of tally reach, where an organisation is one
// value of its column. The country is the country column, else the one given, else the ISO 3166
// alpha-2 prefix of the row's P-codes (AF0101 is in AFG).
//
// A row is rejected for a wrong number of fields, no organisation, or no country; every other
// row is used (a row repeated in every field changes no distinct count: told as a notice).

#include <algorithm>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/presence_table.hpp>
#include <vector>

namespace tally::io {

struct presence_read_options {
    /// ISO3 code for a file without a country column and without P-codes.
    std::string country;
};

namespace detail {
inline constexpr std::string_view presence_org_names[] = {
    "org_name", "organisation", "organization", "organisation_name", "organization_name",
    "partner",  "partner_name", "org_acronym",  "acronym",           "organisation_acronym"};
inline constexpr std::string_view presence_figure_names[] = {
    "month",          "reporting_month",  "indicator",         "indicator_code",
    "reached",        "people_reached",   "new_beneficiaries", "pin",
    "people_in_need", "target",           "targeted",          "amount_usd",
    "amountUSD",      "requirements_usd", "requirements",      "in_need"};
inline constexpr std::string_view presence_place_names[] = {
    "sector",        "cluster",       "cluster_sector_code", "sector_code",   "cluster_code",
    "adm1_code",     "admin1_code",   "admin1_pcode",        "admin_1_pcode", "adm1_pcode",
    "prov_code",     "province_code", "adm2_code",           "admin2_code",   "admin2_pcode",
    "admin_2_pcode", "dist_code",     "district_code"};
/// The first column of h named one of names.
template <std::size_t N>
std::optional<std::size_t> find_any(const header_index& h, const std::string_view (&names)[N]) {
    for (auto n : names)
        if (auto i = h.find(n))
            return i;
    return std::nullopt;
}
} // namespace detail

/// Whether text is a presence table: within its first rows, an HXL hashtag row with #org and a
/// place or sector tag and no tag of a figure (#reached, #inneed, #targeted, #affected,
/// #population, #value, #indicator); or, first, a header with an organisation column, a sector or
/// admin code column, and no column of figures or months.
inline bool is_presence_table(std::string_view text, const std::string& source) {
    try {
        const std::string head(text.substr(0, std::min<std::size_t>(text.size(), 1 << 16)));
        csv_reader rd(head, source);
        csv_record rec;
        for (std::size_t i = 0; i < header_search_rows && rd.next(rec); ++i) {
            if (is_hxl_row(rec.fields)) {
                const hxl_columns t(rec.fields);
                for (auto figure : {"#reached", "#inneed", "#targeted", "#affected", "#population",
                                    "#value", "#indicator"})
                    if (!t.all(figure).empty())
                        return false;
                return !t.all("#org").empty() &&
                       (!t.all("#sector").empty() || !t.all("#adm1").empty() ||
                        !t.all("#adm2").empty() || !t.all("#country").empty());
            }
            if (i == 0) {
                const header_index h(rec);
                if (detail::find_any(h, detail::presence_org_names) &&
                    detail::find_any(h, detail::presence_place_names) &&
                    !detail::find_any(h, detail::presence_figure_names) &&
                    !h.find({"appealing_org", "implementing_org", "appealing_organisation",
                             "implementing_organisation"}))
                    return true;
            }
        }
    } catch (const error&) {
        // an unclosed quote in the first 64 KiB: the reader reports it
    }
    return false;
}

namespace detail {

/// Reads rd up to the header of a presence table into rec: past title rows, the first row with
/// an organisation column or the hashtag row. Throws errc::parse when the first
/// header_search_rows rows have none.
inline void find_presence_header(csv_reader& rd, csv_record& rec) {
    for (std::size_t i = 0; i < header_search_rows && rd.next(rec); ++i) {
        const header_index h(rec);
        if (is_hxl_row(rec.fields) || find_any(h, presence_org_names))
            return;
    }
    throw error(errc::parse, source_position{rd.source(), 1, 0},
                "not a 3W presence table: no organisation column (ORG_NAME, organisation, "
                "partner; HXL #org) in the first " +
                    std::to_string(header_search_rows) + " rows");
}

/// Tells in rep the columns of th (the header of source) that are not used (used: by column),
/// in one notice.
inline void tell_unused_columns(const tagged_header& th, const std::vector<bool>& used,
                                const std::string& source, validation_report& rep) {
    std::string unused;
    for (std::size_t i = 0; i < th.width; ++i) {
        const std::string name = i < th.names.size() ? th.names.name(i) : std::string();
        const std::string tag = th.tags && i < th.tags->size() ? th.tags->spec(i) : "";
        if (!used[i] && !(name.empty() && tag.empty()))
            unused += (unused.empty() ? "" : ", ") + (name.empty() ? tag : name);
    }
    if (!unused.empty())
        rep.tell({source, th.line, 0}, "columns not used: " + unused);
}

/// The country of a presence row: its country cell (as ISO3 when it names a country), else the
/// country given to the reader, else the country of its admin2 or admin1 P-code; "" when none.
inline std::string presence_country(std::string_view cell, std::string_view adm1,
                                    std::string_view adm2, const std::string& given) {
    std::string country(cell);
    if (!country.empty()) {
        if (const auto iso3 = iso3_of_country(country))
            country = *iso3;
    } else if (!given.empty())
        country = given;
    else {
        const auto pcode = !adm2.empty() ? adm2 : adm1;
        if (const auto iso3 = country_of_pcode(pcode))
            country = *iso3;
    }
    return country;
}

} // namespace detail

/// Reads a presence table from CSV text into into (appending) and returns the validation
/// report. Throws errc::parse when the header has no organisation column; never for a bad row.
inline validation_report read_presence_text(std::string text, std::string source,
                                            presence_table& into,
                                            const presence_read_options& options = {}) {
    using tally::detail::trim;
    validation_report rep;
    tell_decoding(rep, decode_in_place(text, source));
    const auto repeats = find_repeated_records(text);
    csv_reader rd(std::move(text), source);
    csv_record rec;
    detail::find_presence_header(rd, rec);
    const tagged_header th(rd, rec, source);
    std::vector<bool> used(th.width, false);
    auto col = [&](std::initializer_list<std::string_view> names,
                   std::initializer_list<std::string_view> tags,
                   std::initializer_list<std::string_view> without = {}) {
        const auto i = th.find(names, tags, without);
        if (i && *i < used.size())
            used[*i] = true;
        return i;
    };
    const auto c_org = col({"org_name", "organisation", "organization", "organisation_name",
                            "organization_name", "partner", "partner_name"},
                           {"#org+name", "#org"}, {"acronym", "type", "code"});
    const auto c_acronym =
        col({"org_acronym", "acronym", "organisation_acronym"}, {"#org+acronym"});
    const auto c_type =
        col({"org_type", "organisation_type", "organization_type", "partner_type"}, {"#org+type"});
    const auto c_country =
        col({"country_iso3", "country_code", "iso3", "location_code", "country", "countryCode"},
            {"#country+code", "#country"}, {"name"});
    const auto c_adm1 = col({"adm1_code", "admin1_code", "admin1_pcode", "admin_1_pcode",
                             "adm1_pcode", "prov_code", "province_code"},
                            {"#adm1+code"});
    const auto c_adm2 = col({"adm2_code", "admin2_code", "admin2_pcode", "admin_2_pcode",
                             "adm2_pcode", "dist_code", "district_code"},
                            {"#adm2+code"});
    const auto c_sector =
        col({"sector_code", "cluster_sector_code", "cluster_code", "sector", "cluster"},
            {"#sector+code", "#sector"}, {"name"});
    if (!c_org && !c_acronym)
        throw error(errc::parse, source_position{source, th.line, 0},
                    "not a 3W presence table: no organisation column (ORG_NAME, organisation, "
                    "partner; HXL #org+name)");
    detail::tell_unused_columns(th, used, source, rep);
    for (std::size_t i = 0; i < repeats.size() && i < 20; ++i)
        rep.tell({source, repeats[i].line, 0},
                 "line " + std::to_string(repeats[i].line) + " repeats line " +
                     std::to_string(repeats[i].earlier) +
                     " in every field: the same organisation in the same place, counted once");
    const code_id file = into.files.intern(source);
    tally::detail::notice_count by_acronym;
    for (bool pending = th.pending; pending || tally::detail::next_record(rd, rec, rep, th.width);
         pending = false) {
        if (pending && tally::detail::reject_swallowing(rd, rec, rep, th.width))
            continue;
        const source_position where{source, rec.line, 0};
        if (!tally::detail::check_row_width(rec, th.width, rep, source))
            continue;
        auto cell = [&](const std::optional<std::size_t>& c) {
            return c ? trim(rec[*c]) : std::string_view{};
        };
        std::string why;
        auto org = cell(c_org);
        if (org.empty() && !cell(c_acronym).empty()) {
            org = cell(c_acronym);
            by_acronym.see(rec.line);
        }
        if (org.empty())
            tally::detail::add_reason(why, "missing organisation");
        const std::string country =
            detail::presence_country(cell(c_country), cell(c_adm1), cell(c_adm2), options.country);
        if (country.empty())
            tally::detail::add_reason(
                why, "no country: no country column, no country given and no P-code on the row");
        if (!why.empty()) {
            rep.reject(where, std::move(why));
            continue;
        }
        presence_line l;
        l.country = into.countries.intern(country);
        auto code = [](dictionary& d, std::string_view v) {
            return v.empty() ? no_code : d.intern(v);
        };
        l.admin1 = code(into.admin1s, cell(c_adm1));
        l.admin2 = code(into.admin2s, cell(c_adm2));
        l.sector = code(into.sectors, cell(c_sector));
        l.organisation = into.organisations.intern(org);
        l.organisation_type = code(into.organisation_types, cell(c_type));
        l.file = file;
        l.source_line = static_cast<std::uint32_t>(rec.line);
        into.append(l);
        rep.use();
    }
    if (by_acronym.rows)
        rep.tell({source, by_acronym.first_line, 0},
                 "no organisation name: the acronym is the organisation" +
                     tally::detail::rows_suffix(by_acronym.rows));
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

/// Reads the presence table in the file at path. Throws errc::io when it cannot be read,
/// errc::parse as read_presence_text.
inline validation_report read_presence(const std::string& path, presence_table& into,
                                       const presence_read_options& options = {}) {
    return read_presence_text(read_file(path), path, into, options);
}

} // namespace tally::io
