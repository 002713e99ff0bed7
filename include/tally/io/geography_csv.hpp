#pragma once
// Reader of geography files: CSV with columns level,code,name,parent and an optional kind
// (level = region | platform | country | admin1; the parent of a platform is the region, of a
// country its platform, of an admin1 its country; kind = national | sub_regional for a
// platform). A file defines one region; a code defined twice, an unknown parent or kind, or a
// second region is refused naming the line.

#include <cstddef>
#include <optional>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>

namespace tally::io {

/// Loads a geography from CSV text (columns level,code,name,parent; see the file comment).
/// Throws errc::parse naming the line for a bad level, a missing column or an unknown parent,
/// and errc::duplicate_code for a code defined twice.
inline geography read_geography_csv_text(std::string text, std::string source = "<memory>") {
    decode_in_place(text, source); // a geography file has no report for the notices
    csv_reader rd(std::move(text), source);
    csv_record rec;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty geography file");
    header_index h(rec);
    h.require_distinct(source, rec.line);
    auto lv = h.find("level"), cd = h.find("code"), nm = h.find("name"), pa = h.find("parent");
    if (!lv || !cd || !pa)
        throw error(errc::parse, source_position{source, rec.line, 0},
                    "geography header must have columns level,code,name,parent");
    geography g;
    bool seen_region = false;
    std::size_t region_line = 0;
    while (rd.next(rec)) {
        const source_position at{source, rec.line, 0};
        auto field = [&](std::optional<std::size_t> i) -> std::string {
            return i && *i < rec.size() ? std::string(rec[*i]) : std::string();
        };
        const auto level = normalize_name(field(lv));
        const auto code = field(cd), name = field(nm), parent = field(pa);
        if (code.empty())
            throw error(errc::parse, at, "missing code");
        try {
            if (level == "region") {
                if (seen_region)
                    throw error(errc::duplicate_code, at,
                                "a second region '" + code + "' (the region is '" +
                                    g.region_code() + "', line " + std::to_string(region_line) +
                                    ")");
                seen_region = true;
                region_line = rec.line;
                g.set_region(code, name);
            } else if (level == "platform") {
                // A platform's parent is the region: another code is a typo, not a
                // second region.
                if (!parent.empty() && seen_region && parent != g.region_code())
                    throw error(errc::unknown_code, at,
                                "unknown parent '" + parent + "' of platform '" + code +
                                    "' (the region is '" + g.region_code() + "')");
                const auto kind = normalize_name(field(h.find("kind")));
                if (kind != "" && kind != "national" && kind != "sub_regional" &&
                    kind != "subregional")
                    throw error(errc::parse, at,
                                "unknown platform kind '" + field(h.find("kind")) +
                                    "' (national or sub_regional)");
                g.add_platform(code, name.empty() ? code : name,
                               kind == "national" ? platform_kind::national
                                                  : platform_kind::sub_regional);
            } else if (level == "country") {
                g.add_country(code, name, parent);
            } else if (level == "admin1") {
                g.add_admin1(code, name, parent);
            } else {
                throw error(errc::parse, at, "unknown level '" + level + "'");
            }
        } catch (const error& e) {
            if (!e.where().file.empty())
                throw;
            throw error(e.code(), at, e.detail());
        }
    }
    return g;
}

/// Loads a geography from a CSV file. Throws errc::io, errc::parse, errc::duplicate_code.
inline geography read_geography_csv(const std::string& path) {
    return read_geography_csv_text(read_file(path), path);
}

} // namespace tally::io
