#include <bit>
#include <cstdint>
#include <cstring>
#include <doctest/doctest.h>
#include <random>
#include <string>
#include <tally/detail/bytes.hpp>

namespace test_detail_bytes {

TEST_CASE("the last bytes of a field or record are read as the word they make") {
    // Every length below 8 at every offset: the bytes copied into a zeroed word (on a
    // little-endian machine; elsewhere the word is still a function of the bytes alone).
    std::mt19937_64 rng(17);
    std::string bytes(40, '\0');
    for (auto& c : bytes)
        c = static_cast<char>(rng());
    bool same = true;
    for (std::size_t at = 0; at + 8 <= bytes.size(); ++at) {
        std::uint64_t w8 = 0;
        std::memcpy(&w8, bytes.data() + at, 8);
        same = same && tally::detail::load8(bytes.data() + at) == w8;
        for (std::size_t n = 0; n < 8; ++n) {
            std::uint64_t w = 0;
            std::memcpy(&w, bytes.data() + at, n);
            if constexpr (std::endian::native == std::endian::little)
                same = same && tally::detail::low_bytes(bytes.data() + at, n) == w;
            // Other bytes around them do not count.
            std::string copy = bytes;
            copy[at + n] = static_cast<char>(copy[at + n] ^ 0x5A);
            if (at > 0)
                copy[at - 1] = static_cast<char>(copy[at - 1] ^ 0x5A);
            same = same && tally::detail::low_bytes(copy.data() + at, n) ==
                               tally::detail::low_bytes(bytes.data() + at, n);
        }
    }
    CHECK(same);
}

} // namespace test_detail_bytes
