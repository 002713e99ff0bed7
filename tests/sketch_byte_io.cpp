#include <doctest/doctest.h>
#include <tally/sketch/byte_io.hpp>

namespace test_sketch_byte_io {

using namespace tally;

TEST_CASE("FNV-1a 64 gives the published values for the empty string and 'a'") {
    CHECK(detail::fnv1a64("") == 0xcbf29ce484222325ULL);
    CHECK(detail::fnv1a64("a") == 0xaf63dc4c8601ec8cULL);
}

TEST_CASE("integers are written little-endian and read back, with the checksum at the end") {
    detail::le_writer w;
    w.u16(0x0102);
    w.u32(0x03040506);
    w.u64(0x0708090a0b0c0d0eULL);
    const auto bytes = std::move(w).finish();
    REQUIRE(bytes.size() == 2 + 4 + 8 + 8);
    CHECK(bytes.substr(0, 6) == std::string("\x02\x01\x06\x05\x04\x03", 6));
    CHECK(static_cast<unsigned char>(bytes[6]) == 0x0e);
    detail::le_reader r(bytes, "test");
    CHECK(r.u16() == 0x0102);
    CHECK(r.u32() == 0x03040506);
    CHECK(r.u64() == 0x0708090a0b0c0d0eULL);
    CHECK_NOTHROW(r.expect_end());
}

TEST_CASE("a flipped bit, a short buffer and a read past the end are parse errors") {
    detail::le_writer w;
    w.u32(7);
    auto bytes = std::move(w).finish();
    auto flipped = bytes;
    flipped[1] = static_cast<char>(flipped[1] ^ 0x10);
    CHECK_THROWS_WITH_AS(detail::le_reader(flipped, "test"),
                         "[tally.parse.101] test: corrupt (checksum mismatch)", error);
    CHECK_THROWS_WITH_AS(detail::le_reader(bytes.substr(0, 5), "test"),
                         "[tally.parse.101] test: truncated (5 bytes)", error);
    detail::le_reader r(bytes, "test");
    CHECK_THROWS_WITH_AS(
        r.u64(), "[tally.parse.101] test: truncated: needs 8 bytes at offset 0, 4 left", error);
}

TEST_CASE("hex64 writes sixteen lower-case digits") {
    CHECK(detail::hex64(0) == "0000000000000000");
    CHECK(detail::hex64(0xABCDEF0123456789ULL) == "abcdef0123456789");
}

} // namespace test_sketch_byte_io
