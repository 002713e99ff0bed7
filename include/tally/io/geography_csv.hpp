#pragma once
// Reader of geography files: CSV with columns level,code,name,parent and an optional kind
// (level = region | platform | country | admin1; the parent of a platform is the region, of a
// country its platform, of an admin1 its country; kind = national | sub_regional for a
// platform). A file defines one region; a code defined twice, an unknown or missing parent, an
// unknown kind, or a second region is refused naming the line, whatever the order of the rows.

#include <algorithm>
#include <cstddef>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::io {

namespace detail {

/// The level of a row of a geography file.
enum class geo_level { region, platform, country, admin1 };

/// A row of a geography file, read on its own.
struct geo_row {
    std::size_t line;
    geo_level level;
    std::string code, name, parent;
    platform_kind kind;
};

/// The rows of a geography file, and the codes of each level.
struct geo_rows {
    std::vector<geo_row> rows;
    std::optional<std::size_t> region; // index in rows
    std::set<std::string> platforms, countries;
};

/// The columns of a geography file (name and kind are optional).
struct geo_columns {
    std::size_t level, code;
    std::optional<std::size_t> name;
    std::size_t parent;
    std::optional<std::size_t> kind;
};

/// First pass: every row of rd (past its header, of width fields) on its own (level, code, kind),
/// and the codes of each level. Throws errc::parse and errc::duplicate_code as
/// read_geography_csv_text says.
inline geo_rows read_geography_rows(csv_reader& rd, std::size_t width, const geo_columns& c) {
    const std::string& source = rd.source();
    csv_record rec;
    const std::optional<std::size_t> lv = c.level, cd = c.code, nm = c.name, pa = c.parent,
                                     kd = c.kind;
    geo_rows out;
    auto& [rows, region, platforms, countries] = out;
    while (rd.next(rec)) {
        const source_position at{source, rec.line, 0};
        if (rec.last_line != rec.line)
            if (const auto s = rd.swallowed(width))
                throw error(errc::parse, at, swallowed_reason(*s, rec.line, width));
        auto field = [&](std::optional<std::size_t> i) -> std::string {
            return i && *i < rec.size() ? std::string(rec[*i]) : std::string();
        };
        const auto level = normalize_name(field(lv));
        geo_row r{rec.line,  geo_level::region, field(cd),
                  field(nm), field(pa),         platform_kind::national};
        if (r.code.empty())
            throw error(errc::parse, at, "missing code");
        if (level == "region") {
            if (region)
                throw error(errc::duplicate_code, at,
                            "a second region '" + r.code + "' (the region is '" +
                                rows[*region].code + "', line " +
                                std::to_string(rows[*region].line) + ")");
            region = rows.size();
        } else if (level == "platform") {
            r.level = geo_level::platform;
            const auto kind = normalize_name(field(kd));
            if (kind != "" && kind != "national" && kind != "sub_regional" && kind != "subregional")
                throw error(errc::parse, at,
                            "unknown platform kind '" + field(kd) + "' (national or sub_regional)");
            r.kind = kind == "national" ? platform_kind::national : platform_kind::sub_regional;
            platforms.insert(r.code);
        } else if (level == "country") {
            r.level = geo_level::country;
            countries.insert(r.code);
        } else if (level == "admin1") {
            r.level = geo_level::admin1;
        } else {
            throw error(errc::parse, at, "unknown level '" + level + "'");
        }
        rows.push_back(std::move(r));
    }
    return out;
}

/// Second pass, with every row known: the parents, in file order.
inline void check_geography_parents(const geo_rows& all, const std::string& source) {
    const auto& [rows, region, platforms, countries] = all;
    for (const auto& r : rows) {
        const source_position at{source, r.line, 0};
        if (r.level == geo_level::platform) {
            // A platform's parent is the region: another code is a typo, not a second region.
            // A file without a region row leaves the parent empty (the default region).
            if (region && r.parent.empty())
                throw error(errc::parse, at,
                            "missing parent of platform '" + r.code + "' (the region '" +
                                rows[*region].code + "', line " +
                                std::to_string(rows[*region].line) + ")");
            if (!r.parent.empty() && (!region || r.parent != rows[*region].code))
                throw error(errc::unknown_code, at,
                            "unknown parent '" + r.parent + "' of platform '" + r.code + "' (" +
                                (region ? "the region is '" + rows[*region].code + "', line " +
                                              std::to_string(rows[*region].line)
                                        : std::string("the file has no region row")) +
                                ")");
        } else if (r.level == geo_level::country || r.level == geo_level::admin1) {
            const bool country = r.level == geo_level::country;
            const std::string what = country ? "country" : "admin1",
                              parent_what = country ? "platform" : "country";
            if (r.parent.empty())
                throw error(errc::parse, at,
                            "missing parent of " + what + " '" + r.code + "' (its " + parent_what +
                                ")");
            if (!(country ? platforms : countries).contains(r.parent))
                throw error(errc::unknown_code, at,
                            "unknown " + parent_what + " '" + r.parent + "' (the parent of " +
                                what + " '" + r.code + "')");
        }
    }
}

/// Refuses two platforms, or two countries, of one name or code (up to case, accents, blanks
/// and punctuation, as names are resolved): rows are keyed by platform name and countries found
/// by code or name, so either would add two entries into one row or make one unreachable.
inline void refuse_geography_twins(const std::vector<geo_row>& rows, const std::string& source) {
    std::map<std::pair<geo_level, std::string>, const geo_row*> seen;
    for (const auto& r : rows) {
        if (r.level != geo_level::platform && r.level != geo_level::country)
            continue;
        const char* what = r.level == geo_level::platform ? "platform" : "country";
        const std::string name = r.name.empty() ? r.code : r.name;
        for (const auto& spelling : {r.code, name}) {
            const auto folded = geography::fold_name(spelling);
            if (folded.empty())
                continue;
            const auto [it, fresh] = seen.emplace(std::pair{r.level, folded}, &r);
            if (!fresh && it->second != &r)
                throw error(errc::duplicate_code, source_position{source, r.line, 0},
                            std::string(what) + " '" + r.code + "' (" + name +
                                ") has the name or code '" + spelling + "' of " + what + " '" +
                                it->second->code + "' (line " + std::to_string(it->second->line) +
                                ")");
        }
    }
}

/// The geography of rows: the region, then each level in file order, so every parent exists
/// when its children are added. A code defined twice is found here, at its second line.
inline geography build_geography(const std::vector<geo_row>& rows, const std::string& source) {
    geography g;
    auto add = [&](geo_level l) {
        for (const auto& r : rows) {
            if (r.level != l)
                continue;
            try {
                switch (l) {
                case geo_level::region:
                    g.set_region(r.code, r.name);
                    break;
                case geo_level::platform:
                    g.add_platform(r.code, r.name.empty() ? r.code : r.name, r.kind);
                    break;
                case geo_level::country:
                    g.add_country(r.code, r.name, r.parent);
                    break;
                case geo_level::admin1:
                    g.add_admin1(r.code, r.name, r.parent);
                    break;
                }
            } catch (const error& e) {
                if (!e.where().file.empty())
                    throw;
                throw error(e.code(), source_position{source, r.line, 0}, e.detail());
            }
        }
    };
    for (auto l : {geo_level::region, geo_level::platform, geo_level::country, geo_level::admin1})
        add(l);
    return g;
}

} // namespace detail

/// Loads a geography from CSV text (columns level,code,name,parent; see the file comment).
/// The order of the rows does not matter: the rows are read first, then checked against each
/// other (a country listed before its platform, or a platform before the region, is checked
/// all the same). Every platform's parent must be the region, when the file names one (and may
/// then not be empty); every country's parent a platform of the file, every admin1's a country.
/// Decoding notices (a Windows-1252 file transcoded) are appended to notices when it is given.
/// Throws errc::parse naming the line for a bad level or kind, a missing column, code or parent,
/// errc::unknown_code for an unknown parent, and errc::duplicate_code for a code defined twice,
/// a second region, or two platforms (two countries) whose codes or names are one name once
/// case, accents, blanks and punctuation are set aside (naming both lines).
inline geography read_geography_csv_text(std::string text, std::string source = "<memory>",
                                         std::vector<notice>* notices = nullptr) {
    const decoded_input decoded = decode_in_place(text, source);
    if (notices)
        notices->insert(notices->end(), decoded.notices.begin(), decoded.notices.end());
    csv_reader rd(std::move(text), source);
    csv_record rec;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty geography file");
    header_index h(rec);
    h.require_distinct(source, rec.line);
    auto lv = h.find("level"), cd = h.find("code"), nm = h.find("name"), pa = h.find("parent"),
         kd = h.find("kind");
    if (!lv || !cd || !pa)
        throw error(errc::parse, source_position{source, rec.line, 0},
                    "geography header must have columns level,code,name,parent");

    const auto rows = detail::read_geography_rows(rd, h.size(), {*lv, *cd, nm, *pa, kd});
    detail::check_geography_parents(rows, source);
    detail::refuse_geography_twins(rows.rows, source);
    return detail::build_geography(rows.rows, source);
}

/// Loads a geography from a CSV file (see read_geography_csv_text). Throws errc::io,
/// errc::parse, errc::unknown_code, errc::duplicate_code.
inline geography read_geography_csv(const std::string& path,
                                    std::vector<notice>* notices = nullptr) {
    return read_geography_csv_text(read_file(path), path, notices);
}

} // namespace tally::io
