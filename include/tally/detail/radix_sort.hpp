#pragma once
// Radix sorts for the passes of the readers and of the reach pipeline that sort millions of
// hashes or packed keys: an in-place MSD sort for entries ordered first by a 64-bit key, and an
// LSD sort through a second buffer for large arrays of plain 64-bit values.

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <tally/detail/big_pages.hpp>
#include <utility>
#include <vector>

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

/// Sorts the n 64-bit values of v, which use the low `top` bits, by their digits from the
/// lowest up (a stable counting pass per digit of at most 11 bits, through a second buffer as
/// large as v): each pass reads memory in order and writes to at most 2,048 places, where the
/// in-place sort's first pass jumps through the whole array. All the digits' counts are taken
/// in one pass first; a digit on which every value agrees costs nothing.
inline void lsd_radix_sort(std::uint64_t* v, std::size_t n, unsigned top) {
    const unsigned passes = (top + 10) / 11, width = (top + passes - 1) / passes;
    const std::size_t buckets = std::size_t{1} << width;
    const std::uint64_t mask = buckets - 1;
    std::vector<std::size_t> count(passes * buckets, 0);
    for (std::size_t i = 0; i < n; ++i)
        for (unsigned p = 0; p < passes; ++p)
            ++count[p * buckets + ((v[i] >> (p * width)) & mask)];
    big_vector<std::uint64_t> other(n);
    std::uint64_t *from = v, *to = other.data();
    for (unsigned p = 0; p < passes; ++p) {
        std::size_t* const c = count.data() + p * buckets;
        if (std::find(c, c + buckets, n) != c + buckets)
            continue; // every value has the same digit here
        std::size_t sum = 0;
        for (std::size_t b = 0; b < buckets; ++b)
            sum += std::exchange(c[b], sum);
        const unsigned shift = p * width;
        for (std::size_t i = 0; i < n; ++i) {
            const std::uint64_t x = from[i];
            to[c[(x >> shift) & mask]++] = x;
        }
        std::swap(from, to);
    }
    if (from != v)
        std::copy(from, from + n, v);
}

/// Sorts 64-bit values in place, ascending: large arrays by lsd_radix_sort, smaller ones by the
/// in-place sort, whose first pass looks at the eight highest bits that any value sets (packed
/// keys rarely use all 64 bits, and their highest byte may hold only a bit or two of them).
inline void radix_sort(std::uint64_t* v, std::size_t n) {
    std::uint64_t any = 0;
    for (std::size_t i = 0; i < n; ++i)
        any |= v[i];
    const auto top = static_cast<unsigned>(std::bit_width(any));
    if (n >= (std::size_t{1} << 16) && top > 0) {
        lsd_radix_sort(v, n, top);
        return;
    }
    radix_sort(
        v, 0, n, [](std::uint64_t x) { return x; },
        [](std::uint64_t a, std::uint64_t b) { return a < b; }, top <= 8 ? 0 : top - 8);
}

} // namespace tally::detail
