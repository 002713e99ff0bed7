#include <doctest/doctest.h>

#if defined(TALLY_HAVE_SODIUM)
#include "sketch_support.hpp"
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

TEST_CASE("a key file with a byte order mark, CRLF, UTF-16 or white space around it reads") {
    const std::string hex(key_hex);
    for (const std::string& text :
         {"\xEF\xBB\xBF" + hex + "\r\n", "  \t" + hex + " \r\n\r\n", "\r\n" + hex, hex + "\f\v"})
        CHECK(sketch_key::from_hex(text).to_hex() == hex);
    // Windows Notepad's "Unicode": UTF-16 LE with its byte order mark, and BE.
    std::string le = "\xFF\xFE", be = "\xFE\xFF";
    for (char c : hex + "\r\n") {
        le += c;
        le += '\0';
        be += '\0';
        be += c;
    }
    CHECK(sketch_key::from_hex(le).to_hex() == hex);
    CHECK(sketch_key::from_hex(be).to_hex() == hex);
    // Inner white space or another character is still refused.
    CHECK_THROWS_AS(sketch_key::from_hex(hex.substr(0, 32) + " " + hex.substr(32)), error);
    CHECK_THROWS_AS(sketch_key::from_hex("\xEF\xBB\xBF"), error);
}

TEST_CASE("the authentication key is crypto_kdf of the shared key, and its file reads back") {
    // Expected from Python's hashlib, an independent BLAKE2b: crypto_kdf_derive_from_key is
    //   blake2b(b'', key=bytes(range(32)), salt=(1).to_bytes(8, 'little') + bytes(8),
    //           person=b'tallyskt' + bytes(8), digest_size=32)
    const auto auth = sketch_auth_key::derive(sketch_key::from_hex(key_hex));
    CHECK(auth.key_fingerprint() == 0x37d8edda59ba8daaULL);
    CHECK(auth.to_text() == "tally-sketch-auth-key 37d8edda59ba8daa "
                            "f9555caa5128e63fd25332cd4b1d78b8ff47da29942574aae3ea29ac522a2eda");
    const auto back = sketch_auth_key::from_text("\xEF\xBB\xBF" + auth.to_text() + "\r\n");
    CHECK(back.to_text() == auth.to_text());
    // A shared key file gives its authentication key too.
    CHECK(sketch_auth_key::from_text(std::string(key_hex) + "\n").to_text() == auth.to_text());
    // The tag: keyed BLAKE2b-256, blake2b(b'tally', key=<the key above>, digest_size=32).
    const auto t = auth.tag("tally");
    std::string hex;
    for (auto b : t) {
        static constexpr char d[] = "0123456789abcdef";
        hex += d[b >> 4];
        hex += d[b & 15];
    }
    CHECK(hex == "902c04a5212df52130b23d816cfe812dbfab07b2f87f17a7b1e514baa6f39bc0");
    CHECK(auth.verify("tally", t));
    CHECK_FALSE(auth.verify("tallY", t));
    CHECK_THROWS_WITH_AS(sketch_auth_key::from_text("tally-sketch-auth-key 37d8 abcd"),
                         "[tally.invalid_argument.103] an authentication key file is one line: "
                         "tally-sketch-auth-key, the key fingerprint (16 hexadecimal characters) "
                         "and the key (64)",
                         error);
}

TEST_CASE("the version-2 identifier sketch golden file reads with the key and carries its tag") {
    // identifier_v2.bin: COL persons 0..19 and PER persons 10..24 of trial 9 (25 people), p 8,
    // lg_k 5, made with the key 00 01 .. 1f. Its tag is keyed BLAKE2b-256 of the bytes before
    // it under the authentication key, checked here against Python's hashlib:
    //   blake2b(data[:-40], key=bytes.fromhex('f9555c...2eda'), digest_size=32)
    const auto key = sketch_key::from_hex(key_hex);
    const auto auth = sketch_auth_key::derive(key);
    const auto path = tally_test::sketch_data("identifier_v2.bin");
    const auto make = [&] {
        identifier_sketch s(key_fingerprint(key), "COL", 8, 5);
        for (std::uint64_t i = 0; i < 20; ++i)
            s.update(tally_test::person(9, i));
        identifier_sketch p(key_fingerprint(key), "PER", 8, 5);
        for (std::uint64_t i = 10; i < 25; ++i)
            p.update(tally_test::person(9, i));
        s.merge(p);
        return s;
    };
    if (tally_test::write_golden_requested())
        tally_test::write_bytes(path, make().serialize(auth));
    const auto bytes = tally_test::read_bytes(path);
    REQUIRE(bytes.size() > 48);
    CHECK(bytes.substr(0, 6) == std::string("TSKB\x02\x00", 6));
    std::string tag;
    for (std::size_t i = bytes.size() - 40; i < bytes.size() - 8; ++i) {
        static constexpr char d[] = "0123456789abcdef";
        const auto b = static_cast<unsigned char>(bytes[i]);
        tag += d[b >> 4];
        tag += d[b & 15];
    }
    CHECK(tag == "a1a6fc13834242dc8ad6eb073115612bfe94d45806ce1a275901101c85ae35d0");
    const auto s = identifier_sketch::deserialize(bytes, auth);
    CHECK(s == make());
    CHECK(s.estimate().value == 25);
    CHECK(s.serialize(auth) == bytes);
    // With another key it is refused, by the key's name.
    CHECK_THROWS_AS(
        identifier_sketch::deserialize(bytes, sketch_auth_key::derive(sketch_key::generate())),
        error);
}
#else
TEST_CASE("keyed hashing is skipped: built without libsodium") {
    MESSAGE("skipped: libsodium not found, tally::sodium not built");
}
#endif
