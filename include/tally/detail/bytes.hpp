#pragma once
// Words read from text: the few bytes at the end of a field or a record, as one integer, with
// loads that stay inside the bytes (no byte-by-byte copy through a buffer on the stack, whose
// read-back as a word would wait for the stores: no store forwarding).

#include <tally/version.hpp> // first: the C++20 check

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace tally::detail {

/// The 8 bytes at p as a word.
inline std::uint64_t load8(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

/// The 4 bytes at p as the low half of a word.
inline std::uint64_t load4(const char* p) noexcept {
    std::uint32_t w;
    std::memcpy(&w, p, 4);
    return w;
}

/// The n < 8 bytes [p, p + n) as the low bytes of a word, zero above (on a little-endian machine
/// the value of memcpy into a zeroed word), assembled from loads inside them: overlapping bytes
/// are or-ed with themselves.
inline std::uint64_t low_bytes(const char* p, std::size_t n) noexcept {
    if (n >= 4)
        return load4(p) | (load4(p + n - 4) << (8 * (n - 4)));
    if (n == 0)
        return 0;
    const auto byte = [p](std::size_t k) {
        return static_cast<std::uint64_t>(static_cast<unsigned char>(p[k])) << (8 * k);
    };
    return byte(0) | byte(n / 2) | byte(n - 1);
}

} // namespace tally::detail
