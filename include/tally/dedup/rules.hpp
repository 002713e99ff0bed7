#pragma once
// The names of the choices a de-duplication query makes: grouping keys, the within-sector rule,
// the intersector model and the in-transit rule, with their spellings on the command line.

#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <utility>
#include <vector>

namespace tally::dedup {

/// A grouping key of a query. Without `sector` the figures are intersector figures.
enum class reach_key : std::uint8_t {
    region,
    platform,
    country,
    admin1,
    month,
    sector,
    population_group
};

/// Indicators within one sector: `sum` (R4V 2023) or `max_indicator`, the max over indicators
/// per admin1, month and population group (conservative).
enum class within_sector_rule { sum, max_indicator };

/// Sectors -> intersector per admin1 and month, chosen per country.
enum class intersector_model {
    sum,          ///< sectors are disjoint
    max_group,    ///< max across sectors per population group, then add the groups
    max_cell,     ///< max across sectors per population group x age/gender cell, then add
    max_sector,   ///< the whole sector with the highest total (2021 rule)
    southern_cone ///< max{SHE,HTR,WSH,FSC} + Protection (General) + sum{MPC,INT,HEA,EDU}
};

/// Countries -> platform and region, for groups whose cross-country rule is per_country_only
/// (people in transit): left out (the default), included, or reported as their own figures.
enum class in_transit_rule { exclude, include, separate };

inline constexpr std::string_view to_string(reach_key k) noexcept {
    switch (k) {
    case reach_key::region:
        return "region";
    case reach_key::platform:
        return "platform";
    case reach_key::country:
        return "country";
    case reach_key::admin1:
        return "admin1";
    case reach_key::month:
        return "month";
    case reach_key::sector:
        return "sector";
    case reach_key::population_group:
        return "population_group";
    }
    return "?";
}
inline constexpr std::string_view to_string(within_sector_rule r) noexcept {
    return r == within_sector_rule::sum ? "sum" : "max-indicator";
}
inline constexpr std::string_view to_string(intersector_model m) noexcept {
    switch (m) {
    case intersector_model::sum:
        return "sum";
    case intersector_model::max_group:
        return "max-group";
    case intersector_model::max_cell:
        return "max-cell";
    case intersector_model::max_sector:
        return "max-sector";
    case intersector_model::southern_cone:
        return "southern-cone";
    }
    return "?";
}
inline constexpr std::string_view to_string(in_transit_rule r) noexcept {
    switch (r) {
    case in_transit_rule::exclude:
        return "exclude";
    case in_transit_rule::include:
        return "include";
    case in_transit_rule::separate:
        return "separate";
    }
    return "?";
}

} // namespace tally::dedup

namespace tally::detail {
// Finds to_string by argument-dependent lookup in the enum's namespace.
template <class E, std::size_t N>
E parse_choice(std::string_view s, const E (&all)[N], const char* what) {
    std::string list;
    for (auto e : all) {
        if (to_string(e) == s)
            return e;
        list += list.empty() ? "" : "|";
        list += std::string(to_string(e));
    }
    throw error(errc::invalid_argument,
                std::string(what) + " must be one of " + list + ", not '" + std::string(s) + "'");
}
} // namespace tally::detail

namespace tally::dedup {

/// Throws errc::invalid_argument for an unknown spelling.
inline reach_key parse_reach_key(std::string_view s) {
    static constexpr reach_key all[] = {
        reach_key::region, reach_key::platform, reach_key::country,         reach_key::admin1,
        reach_key::month,  reach_key::sector,   reach_key::population_group};
    return detail::parse_choice(s, all, "a key");
}
/// Throws errc::invalid_argument for an unknown spelling.
inline within_sector_rule parse_within_sector_rule(std::string_view s) {
    static constexpr within_sector_rule all[] = {within_sector_rule::sum,
                                                 within_sector_rule::max_indicator};
    return detail::parse_choice(s, all, "the within-sector rule");
}
/// Throws errc::invalid_argument for an unknown spelling.
inline intersector_model parse_intersector_model(std::string_view s) {
    static constexpr intersector_model all[] = {
        intersector_model::sum, intersector_model::max_group, intersector_model::max_cell,
        intersector_model::max_sector, intersector_model::southern_cone};
    return detail::parse_choice(s, all, "the intersector model");
}
/// Throws errc::invalid_argument for an unknown spelling.
inline in_transit_rule parse_in_transit_rule(std::string_view s) {
    static constexpr in_transit_rule all[] = {in_transit_rule::exclude, in_transit_rule::include,
                                              in_transit_rule::separate};
    return detail::parse_choice(s, all, "the in-transit rule");
}

/// Parses "country,sector" into keys. Throws errc::invalid_argument for an unknown or repeated
/// key.
inline std::vector<reach_key> parse_reach_keys(std::string_view list) {
    std::vector<reach_key> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(',', start);
        if (end == std::string_view::npos)
            end = list.size();
        auto part = list.substr(start, end - start);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (!part.empty()) {
            const auto k = parse_reach_key(part);
            for (auto e : out)
                if (e == k)
                    throw error(errc::invalid_argument,
                                "key '" + std::string(part) + "' is given twice");
            out.push_back(k);
        }
        start = end + 1;
    }
    return out;
}

/// Parses "ECU=sum,PER=max-cell" into the intersector model of each country (blanks around an
/// item trimmed, empty items skipped; the country codes are not checked here). option names
/// the option in the message of an item without '=': "<option> wants ISO3=MODEL, not 'ECU'".
/// Throws errc::invalid_argument for such an item or an unknown model.
inline std::vector<std::pair<std::string, intersector_model>>
parse_country_models(std::string_view list, std::string_view option) {
    std::vector<std::pair<std::string, intersector_model>> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        auto end = list.find(',', start);
        if (end == std::string_view::npos)
            end = list.size();
        auto item = list.substr(start, end - start);
        start = end + 1;
        while (!item.empty() && item.front() == ' ')
            item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ')
            item.remove_suffix(1);
        if (item.empty())
            continue;
        const auto eq = item.find('=');
        if (eq == std::string_view::npos)
            throw error(errc::invalid_argument,
                        std::string(option) + " wants ISO3=MODEL, not '" + std::string(item) + "'");
        out.emplace_back(std::string(item.substr(0, eq)),
                         parse_intersector_model(item.substr(eq + 1)));
    }
    return out;
}

} // namespace tally::dedup
