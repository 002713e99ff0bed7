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

    // First pass: every row on its own (level, code, kind) and the codes of each level.
    enum class level_t { region, platform, country, admin1 };
    struct row {
        std::size_t line;
        level_t level;
        std::string code, name, parent;
        platform_kind kind;
    };
    std::vector<row> rows;
    std::optional<std::size_t> region; // index in rows
    std::set<std::string> platforms, countries;
    const std::size_t width = h.size();
    while (rd.next(rec)) {
        const source_position at{source, rec.line, 0};
        if (rec.last_line != rec.line)
            if (const auto s = rd.swallowed(width))
                throw error(errc::parse, at, swallowed_reason(*s, rec.line, width));
        auto field = [&](std::optional<std::size_t> i) -> std::string {
            return i && *i < rec.size() ? std::string(rec[*i]) : std::string();
        };
        const auto level = normalize_name(field(lv));
        row r{rec.line, level_t::region, field(cd), field(nm), field(pa), platform_kind::national};
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
            r.level = level_t::platform;
            const auto kind = normalize_name(field(kd));
            if (kind != "" && kind != "national" && kind != "sub_regional" && kind != "subregional")
                throw error(errc::parse, at,
                            "unknown platform kind '" + field(kd) + "' (national or sub_regional)");
            r.kind = kind == "national" ? platform_kind::national : platform_kind::sub_regional;
            platforms.insert(r.code);
        } else if (level == "country") {
            r.level = level_t::country;
            countries.insert(r.code);
        } else if (level == "admin1") {
            r.level = level_t::admin1;
        } else {
            throw error(errc::parse, at, "unknown level '" + level + "'");
        }
        rows.push_back(std::move(r));
    }

    // Second pass, with every row known: the parents, in file order.
    for (const auto& r : rows) {
        const source_position at{source, r.line, 0};
        if (r.level == level_t::platform) {
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
        } else if (r.level == level_t::country || r.level == level_t::admin1) {
            const bool country = r.level == level_t::country;
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

    // Two platforms, or two countries, of one name or code (up to case, accents, blanks and
    // punctuation, as names are resolved): rows are keyed by platform name and countries found
    // by code or name, so either would add two entries into one row or make one unreachable.
    {
        std::map<std::pair<level_t, std::string>, const row*> seen;
        for (const auto& r : rows) {
            if (r.level != level_t::platform && r.level != level_t::country)
                continue;
            const char* what = r.level == level_t::platform ? "platform" : "country";
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
                                    it->second->code + "' (line " +
                                    std::to_string(it->second->line) + ")");
            }
        }
    }

    geography g;
    // Build: the region, then each level in file order, so every parent exists when its
    // children are added. A code defined twice is found here, at its second line.
    auto add = [&](level_t l) {
        for (const auto& r : rows) {
            if (r.level != l)
                continue;
            try {
                switch (l) {
                case level_t::region:
                    g.set_region(r.code, r.name);
                    break;
                case level_t::platform:
                    g.add_platform(r.code, r.name.empty() ? r.code : r.name, r.kind);
                    break;
                case level_t::country:
                    g.add_country(r.code, r.name, r.parent);
                    break;
                case level_t::admin1:
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
    for (auto l : {level_t::region, level_t::platform, level_t::country, level_t::admin1})
        add(l);
    return g;
}

/// Loads a geography from a CSV file (see read_geography_csv_text). Throws errc::io,
/// errc::parse, errc::unknown_code, errc::duplicate_code.
inline geography read_geography_csv(const std::string& path,
                                    std::vector<notice>* notices = nullptr) {
    return read_geography_csv_text(read_file(path), path, notices);
}

} // namespace tally::io
