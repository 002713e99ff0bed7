#pragma once
// One resolution rule per dimension: how a value written in an input (a country, a sector, a
// platform) is found in its catalog. Every reader, pipeline and command resolves through these
// functions, so `tally reach`, `plan`, `funding`, `misalign` and `report` put "HEA", "Health" and
// "Salud" in one row, and "COL", "Colombia" and "colombia" in one country.
//
//   country   geography::resolve_country: ISO3 code, name or alias (the R4V preset knows the
//             English and Spanish names and FTS's spellings); case, accents, blanks and
//             punctuation do not matter. Keyed and labelled by its ISO3 code.
//   sector    sector_catalog::find: code, name or alias; case, surrounding blanks, spaces and
//             hyphens do not matter. Keyed and labelled by the catalog's name ("Health"). A
//             sub-sector resolves to itself (Protection (GBV)); it rolls up to its sector only
//             where a rule says so (a scope, the southern-cone model).
//   platform  geography::resolve_platform: code or name, folded as countries are.
// A value that does not resolve is kept as written, as a key of its own, and told: names are
// never guessed.

#include <optional>
#include <string>
#include <string_view>
#include <tally/core/dictionary.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/sector.hpp>
#include <vector>

namespace tally {

/// The ISO3 code of a country given by code, name or alias; std::nullopt when geo does not know
/// it.
inline std::optional<std::string> country_code(const geography& geo, std::string_view s) {
    if (const auto id = geo.resolve_country(s))
        return geo.country(*id).code;
    return std::nullopt;
}

/// The catalog's name of a sector or sub-sector given by code, name or alias; std::nullopt when
/// the catalog does not know it.
inline std::optional<std::string> sector_name(const sector_catalog& cat, std::string_view s) {
    if (const auto id = cat.find(s))
        return cat.info(*id).name;
    return std::nullopt;
}

/// The values of a table's dictionary (its countries, or its sectors) resolved through their
/// catalog. Values that name one entry share a key: the id of the first of them in the
/// dictionary, so a pipeline keyed by dictionary ids needs only key[id] in place of id.
struct resolved_values {
    /// value id -> the id of the first value that names the same entry (itself when unresolved).
    std::vector<code_id> key;
    /// value id -> the entry's label (ISO3 code, catalog name), or the value as written.
    std::vector<std::string> label;
    /// value id -> the entry in the catalog (geography country id, sector id), or no_code.
    std::vector<code_id> entry;
    /// "country 'Perú' is read as PER (Peru)", "sector 'Salud' is read as Health": one per value
    /// written otherwise than its label.
    std::vector<std::string> read_as;
    /// The values that do not resolve, in dictionary order.
    std::vector<std::string> unresolved;

    /// key[id], or id itself for an id outside the dictionary (no_code).
    code_id key_of(code_id id) const noexcept { return id < key.size() ? key[id] : id; }
};

namespace detail {
template <class Find, class Label, class Describe>
resolved_values resolve_values(const dictionary& values, std::size_t entries, Find find,
                               Label label, Describe describe) {
    resolved_values r;
    const std::size_t n = values.size();
    r.key.resize(n);
    r.label.resize(n);
    r.entry.assign(n, no_code);
    std::vector<code_id> first(entries, no_code);
    for (code_id v = 0; v < n; ++v) {
        r.key[v] = v;
        r.label[v] = values[v];
        const std::optional<code_id> e = find(values[v]);
        if (!e) {
            r.unresolved.push_back(values[v]);
            continue;
        }
        if (first[*e] == no_code)
            first[*e] = v;
        r.key[v] = first[*e];
        r.entry[v] = *e;
        r.label[v] = label(*e);
        if (r.label[v] != values[v])
            r.read_as.push_back(describe(values[v], *e));
    }
    return r;
}
} // namespace detail

/// A table's countries resolved through geo (see the rule at the top of this header).
inline resolved_values resolve_countries(const dictionary& values, const geography& geo) {
    return detail::resolve_values(
        values, geo.country_count(), [&](std::string_view s) { return geo.resolve_country(s); },
        [&](code_id c) { return geo.country(c).code; },
        [&](const std::string& v, code_id c) {
            return "country '" + v + "' is read as " + geo.country(c).code + " (" +
                   geo.country(c).name + ")";
        });
}

/// A table's sectors resolved through cat (see the rule at the top of this header).
inline resolved_values resolve_sectors(const dictionary& values, const sector_catalog& cat) {
    return detail::resolve_values(
        values, cat.size(), [&](std::string_view s) { return cat.find(s); },
        [&](code_id s) { return cat.info(s).name; },
        [&](const std::string& v, code_id s) {
            return "sector '" + v + "' is read as " + cat.info(s).name;
        });
}

} // namespace tally
