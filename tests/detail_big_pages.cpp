#include <algorithm>
#include <cstdint>
#include <doctest/doctest.h>
#include <tally/detail/big_pages.hpp>

namespace test_detail_big_pages {

using tally::detail::big_page_allocator;
using tally::detail::big_vector;

TEST_CASE("a big vector keeps its values as it grows past the huge-page size") {
    big_vector<std::uint64_t> v;
    // From small blocks (std::allocator) to mapped ones: 1M values are 8 MiB.
    for (std::uint64_t i = 0; i < (1u << 20); ++i)
        v.push_back(i * 2654435761u);
    bool kept = true;
    for (std::uint64_t i = 0; i < v.size(); ++i)
        kept = kept && v[i] == i * 2654435761u;
    CHECK(kept);
#if defined(__linux__)
    // A mapped block starts on a 2 MiB boundary, so the kernel can back it with huge pages.
    CHECK(reinterpret_cast<std::uintptr_t>(v.data()) % big_page_allocator<int>::huge == 0);
#endif
    // Copies, swaps and shrinking back below the threshold free what they leave.
    big_vector<std::uint64_t> w = v;
    CHECK(w == v);
    big_vector<std::uint64_t> small(10, 7);
    small.swap(w);
    CHECK(small.size() == v.size());
    CHECK(w.size() == 10);
    CHECK(w[9] == 7);
    small.resize(100);
    small.shrink_to_fit();
    CHECK(small.size() == 100);
    CHECK(small[99] == v[99]);
}

TEST_CASE("a big vector of a size that is not a multiple of the huge-page size") {
    // 3 MiB + 8 bytes: the block is rounded up to 4 MiB and every byte of it usable.
    big_vector<char> v((std::size_t{3} << 20) + 8, 'x');
    v.back() = 'y';
    CHECK(std::count(v.begin(), v.end(), 'x') == static_cast<std::ptrdiff_t>(v.size() - 1));
    CHECK(v.back() == 'y');
}

} // namespace test_detail_big_pages
