#include <algorithm>
#include <cstdint>
#include <doctest/doctest.h>
#include <random>
#include <tally/detail/radix_sort.hpp>
#include <utility>
#include <vector>

namespace test_detail_radix_sort {

using tally::detail::radix_sort;

std::vector<std::uint64_t> sorted_copy(std::vector<std::uint64_t> v) {
    std::sort(v.begin(), v.end());
    return v;
}

TEST_CASE("64-bit values sort as std::sort sorts them, whichever bytes they use") {
    std::mt19937_64 rng(20261203);
    // Full-width values, packed keys using the low 20, 35 and 40 bits, 9 and 12 bits, many
    // equal values, a few huge buckets, sizes around the small-array cut-off. The arrays of
    // 200,000 go through the LSD sort (one to six passes, an odd count ending in the second
    // buffer, digits on which every value agrees skipped); the smaller ones through the
    // in-place sort, which starts at the eight highest bits any value sets.
    const std::vector<std::pair<std::size_t, std::uint64_t>> cases = {
        {0, ~0ULL},
        {1, ~0ULL},
        {1023, ~0ULL},
        {1024, ~0ULL},
        {200000, ~0ULL},
        {200000, (1ULL << 20) - 1},
        {200000, (1ULL << 40) - 1},
        {200000, (1ULL << 35) - 1},
        {200000, (1ULL << 9) - 1},
        {200000, (1ULL << 12) - 1},
        {70000, (1ULL << 33) - 1},
        {60000, (1ULL << 35) - 1},
        {200000, 7},
        {50000, 0},
        {300000, 0xFF00000000000000ULL}};
    for (const auto& c : cases) {
        const std::size_t n = c.first;
        const std::uint64_t mask = c.second;
        CAPTURE(n);
        CAPTURE(mask);
        std::vector<std::uint64_t> v(n);
        for (auto& x : v)
            x = rng() & mask;
        const auto expected = sorted_copy(v);
        radix_sort(v.data(), v.size());
        CHECK(v == expected);
    }
}

TEST_CASE("entries ordered by a key and then by a second field keep that order") {
    struct entry {
        std::uint64_t key;
        std::uint32_t tie;
    };
    std::mt19937_64 rng(7);
    std::vector<entry> v(100000);
    for (auto& e : v)
        e = {rng() & 0xFFFF'0000'0000'FFFFULL, static_cast<std::uint32_t>(rng() % 5)};
    const auto less = [](const entry& a, const entry& b) {
        return a.key != b.key ? a.key < b.key : a.tie < b.tie;
    };
    auto expected = v;
    std::sort(expected.begin(), expected.end(), less);
    radix_sort(
        v.data(), 0, v.size(), [](const entry& e) { return e.key; }, less);
    REQUIRE(v.size() == expected.size());
    bool same = true;
    for (std::size_t i = 0; i < v.size(); ++i)
        same = same && v[i].key == expected[i].key && v[i].tie == expected[i].tie;
    CHECK(same);
}

} // namespace test_detail_radix_sort
