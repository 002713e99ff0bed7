#include <doctest/doctest.h>

#if defined(TALLY_HAVE_SODIUM)
#include <tally/sketch/keyed_hash.hpp>

using namespace tally;
using namespace tally::sketch;

namespace {
const char* const key_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
}

TEST_CASE("the keyed hash is BLAKE2b-128 of 0x00 and the normalised identifier") {
    // Expected values from Python's hashlib, an independent BLAKE2b:
    //   blake2b(b'\x00' + b'jose perez', key=bytes(range(32)), digest_size=16), first 8 bytes
    //   read little-endian; the fingerprint likewise over b'\x01tally sketch key fingerprint'.
    const auto key = sketch_key::from_hex(key_hex);
    CHECK(keyed_hash(key, "  José  PÉREZ ") == 0x37b29c71f74bcb40ULL);
    CHECK(keyed_hash(key, "jose perez") == 0x37b29c71f74bcb40ULL);
    CHECK(key_fingerprint(key) == 0x37d8edda59ba8daaULL);
}

TEST_CASE("another key gives other hashes and another fingerprint") {
    const auto a = sketch_key::from_hex(key_hex);
    const auto b = sketch_key::generate();
    CHECK(b.to_hex().size() == 64);
    CHECK(sketch_key::from_hex(b.to_hex()).to_hex() == b.to_hex());
    CHECK(keyed_hash(a, "V-123") != keyed_hash(b, "V-123"));
    CHECK(key_fingerprint(a) != key_fingerprint(b));
    CHECK(key_fingerprint(a) != keyed_hash(a, "tally sketch key fingerprint"));
}

TEST_CASE("a key that is not 64 hexadecimal characters is refused") {
    CHECK_THROWS_WITH_AS(sketch_key::from_hex("abcd"),
                         "[tally.invalid_argument.103] a sketch key is 64 hexadecimal characters "
                         "(32 bytes)",
                         error);
    std::string bad(key_hex);
    bad[10] = 'g';
    CHECK_THROWS_AS(sketch_key::from_hex(bad), error);
    CHECK(sketch_key::from_hex(std::string(key_hex) + "\n").to_hex() == key_hex);
}

TEST_CASE("an identifier that is not UTF-8 cannot be hashed") {
    CHECK_THROWS_AS(keyed_hash(sketch_key::from_hex(key_hex), "Jos\xE9"), error);
}
#else
TEST_CASE("keyed hashing is skipped: built without libsodium") {
    MESSAGE("skipped: libsodium not found, tally::sodium not built");
}
#endif
