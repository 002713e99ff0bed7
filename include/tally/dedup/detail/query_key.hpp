#pragma once
// The packed output key of a reach or plan query: one field per query key, in query order.

#include <cstdint>
#include <span>
#include <tally/core/dictionary.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/detail/flat_hash.hpp>

namespace tally::detail {

/// The ids of one aggregated cell: country, admin1, month, sector, population group.
struct cell_ids {
    std::uint64_t country, admin1, month, sector, group;
};

/// Packs the values of `by` for one cell into out's fields 0..by.size()-1. The region field is 0
/// for countries in the geography and 1 otherwise; the platform field is the country's platform
/// (country_platform[c]) or unknown_platform for countries outside the geography.
inline std::uint64_t pack_query_key(std::span<const dedup::reach_key> by, const key_packer& out,
                                    std::span<const code_id> country_platform,
                                    std::uint64_t unknown_platform, const cell_ids& id) {
    using dedup::reach_key;
    std::uint64_t k = 0;
    std::size_t f = 0;
    for (auto key : by) {
        std::uint64_t v = 0;
        const code_id platform = country_platform[id.country];
        switch (key) {
        case reach_key::region:
            v = platform == no_code ? 1 : 0;
            break;
        case reach_key::platform:
            v = platform == no_code ? unknown_platform : platform;
            break;
        case reach_key::country:
            v = id.country;
            break;
        case reach_key::admin1:
            v = id.admin1;
            break;
        case reach_key::month:
            v = id.month;
            break;
        case reach_key::sector:
            v = id.sector;
            break;
        case reach_key::population_group:
            v = id.group;
            break;
        }
        k |= v << out.shift(f++);
    }
    return k;
}

} // namespace tally::detail
