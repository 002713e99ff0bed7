#pragma once
// Distinct organisations from a presence table (table/presence_table.hpp): how many
// organisations work in each country, admin1, admin2, sector or organisation type, or any
// combination of them.
//
// The rule is that of partners in tally reach: an organisation counts once in a group, however
// many rows name it there, and partner counts are never added: the same organisation works in
// several places and sectors, so the count of a country is the number of distinct organisations
// in it, not the sum of its provinces' counts (which is kept beside it as the upper bound, to show
// how much the distinct count matters). A row without the key's value (no admin2, no sector)
// falls in the group "" (not given).

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <tally/core/count.hpp>
#include <tally/core/error.hpp>
#include <tally/table/presence_table.hpp>
#include <vector>

namespace tally::dedup {

enum class presence_key : std::uint8_t { country, admin1, admin2, sector, organisation_type };

constexpr std::string_view to_string(presence_key k) noexcept {
    constexpr std::string_view n[] = {"country", "admin1", "admin2", "sector", "organisation_type"};
    return n[static_cast<int>(k)];
}

/// "country,admin1,..." as keys. Throws errc::invalid_argument for an unknown key or a key given
/// twice.
inline std::vector<presence_key> parse_presence_keys(std::string_view s) {
    std::vector<presence_key> out;
    while (!s.empty()) {
        const auto comma = s.find(',');
        auto part = s.substr(0, comma);
        s.remove_prefix(comma == std::string_view::npos ? s.size() : comma + 1);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (part.empty())
            continue;
        std::optional<presence_key> k;
        for (int i = 0; i < 5; ++i)
            if (part == to_string(static_cast<presence_key>(i)))
                k = static_cast<presence_key>(i);
        if (part == "organization_type" || part == "org_type")
            k = presence_key::organisation_type;
        if (!k)
            throw error(errc::invalid_argument,
                        "unknown key '" + std::string(part) +
                            "' (expected country, admin1, admin2, sector, organisation_type)");
        if (std::find(out.begin(), out.end(), *k) != out.end())
            throw error(errc::invalid_argument, "key '" + std::string(part) + "' given twice");
        out.push_back(*k);
    }
    return out;
}

/// The distinct organisations of one group.
struct presence_row {
    std::vector<std::string> keys; ///< one value per key ("" when the rows do not give it)
    partner_count organisations;   ///< distinct organisations
    std::int64_t rows = 0;         ///< rows of the table in the group
    /// The sum of the distinct counts of the group's finest places (admin2, else admin1, else
    /// country) and sectors: what adding counts would give, never the figure.
    std::int64_t organisations_upper = 0;
};

/// The distinct organisations per group of keys, in the byte order of the keys (an empty keys
/// gives one group, the whole table).
inline std::vector<presence_row> count_presence(const presence_table& t,
                                                const std::vector<presence_key>& keys) {
    auto value = [&](const presence_line& l, presence_key k) -> std::string {
        auto of = [](const dictionary& d, code_id id) {
            return id == no_code ? std::string() : d[id];
        };
        switch (k) {
        case presence_key::country:
            return of(t.countries, l.country);
        case presence_key::admin1:
            return of(t.admin1s, l.admin1);
        case presence_key::admin2:
            return of(t.admin2s, l.admin2);
        case presence_key::sector:
            return of(t.sectors, l.sector);
        case presence_key::organisation_type:
            return of(t.organisation_types, l.organisation_type);
        }
        return {};
    };
    struct group {
        std::set<code_id> orgs;
        std::int64_t rows = 0;
        std::map<std::vector<code_id>, std::set<code_id>> finest; // place x sector -> orgs
    };
    std::map<std::vector<std::string>, group> groups;
    for (const auto& l : t) {
        std::vector<std::string> key;
        for (auto k : keys)
            key.push_back(value(l, k));
        auto& g = groups[key];
        g.orgs.insert(l.organisation);
        ++g.rows;
        g.finest[{l.country, l.admin1, l.admin2, l.sector}].insert(l.organisation);
    }
    std::vector<presence_row> out;
    for (auto& [key, g] : groups) {
        presence_row r{key, partner_count(static_cast<std::int64_t>(g.orgs.size())), g.rows, 0};
        for (const auto& [place, orgs] : g.finest)
            r.organisations_upper += static_cast<std::int64_t>(orgs.size());
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace tally::dedup
