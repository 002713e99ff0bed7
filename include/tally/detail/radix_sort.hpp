#pragma once
// An in-place MSD radix sort for large arrays of entries ordered first by a 64-bit key: the
// passes of the readers and of the reach pipeline that sort millions of hashes or packed keys.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <utility>

namespace tally::detail {

/// Sorts v[lo, hi) by less, given that key(e) is a 64-bit value that less orders first (a < b
/// whenever key(a) < key(b)) and that the entries agree on the key bits above shift + 8: by the
/// key's byte at shift into 256 buckets (a counting pass, then the entries moved along their
/// cycles in place: no second buffer), then each bucket the same way on the next byte while it
/// is large, and small buckets by std::sort, in cache.
template <class T, class Key, class Less>
void radix_sort(T* v, std::size_t lo, std::size_t hi, Key key, Less less, unsigned shift = 56) {
    if (hi - lo < 1024 || shift < 8) {
        std::sort(v + lo, v + hi, less);
        return;
    }
    const auto bucket = [&](const T& e) {
        return static_cast<std::size_t>((static_cast<std::uint64_t>(key(e)) >> shift) & 0xFF);
    };
    std::size_t begin[257] = {};
    for (std::size_t i = lo; i < hi; ++i)
        ++begin[bucket(v[i]) + 1];
    begin[0] = lo;
    for (std::size_t b = 0; b < 256; ++b)
        begin[b + 1] += begin[b];
    std::size_t next[256];
    std::copy(begin, begin + 256, next);
    for (std::size_t b = 0; b < 256; ++b)
        while (next[b] < begin[b + 1]) {
            T x = v[next[b]];
            for (std::size_t d = bucket(x); d != b; d = bucket(x))
                std::swap(x, v[next[d]++]);
            v[next[b]++] = x;
        }
    for (std::size_t b = 0; b < 256; ++b)
        radix_sort(v, begin[b], begin[b + 1], key, less, shift - 8);
}

/// Sorts 64-bit values in place, ascending. The first pass looks at the eight highest bits that
/// any value sets (packed keys rarely use all 64 bits, and their highest byte may hold only a
/// bit or two of them: a first pass on it would leave a few buckets as large as the input).
inline void radix_sort(std::uint64_t* v, std::size_t n) {
    std::uint64_t any = 0;
    for (std::size_t i = 0; i < n; ++i)
        any |= v[i];
    const auto top = static_cast<unsigned>(std::bit_width(any));
    radix_sort(
        v, 0, n, [](std::uint64_t x) { return x; },
        [](std::uint64_t a, std::uint64_t b) { return a < b; }, top <= 8 ? 0 : top - 8);
}

} // namespace tally::detail
