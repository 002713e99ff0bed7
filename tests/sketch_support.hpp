#pragma once
// Synthetic 64-bit hashes for the sketch tests: SplitMix64's finaliser, a bijection of 64-bit
// integers whose outputs pass as uniform, so person i of trial t has hash person(t, i) and two
// countries share a person exactly when they share the integer.

#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>
#include <tally/sketch/identifier_sketch.hpp>

namespace tally_test {

inline std::uint64_t splitmix64(std::uint64_t x) {
    x += 0x9e3779b97f4a7c15ULL;
    x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
    x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
    return x ^ (x >> 31);
}

/// The hash of person i in trial t (trials draw disjoint hash sets).
inline std::uint64_t person(std::uint64_t trial, std::uint64_t i) {
    return splitmix64((trial << 40) ^ i);
}

/// A stand-in authenticator for the format tests, which run without libsodium: its tag spreads
/// an FNV-1a hash of a secret and the bytes over 32 bytes. It is not a MAC (anyone can compute
/// it); tally's own is sketch_auth_key (keyed BLAKE2b, tests/sketch_keyed_hash.cpp).
struct test_auth {
    std::uint64_t fingerprint = 7;
    std::uint64_t secret = 42;

    tally::sketch::sketch_tag tag(std::string_view bytes) const {
        std::string keyed = std::to_string(secret) + ":";
        keyed.append(bytes);
        std::uint64_t h = tally::detail::fnv1a64(keyed);
        tally::sketch::sketch_tag t{};
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (i % 8 == 0)
                h = splitmix64(h);
            t[i] = static_cast<unsigned char>(h >> (8 * (i % 8)));
        }
        return t;
    }
    bool verify(std::string_view bytes, const tally::sketch::sketch_tag& t) const {
        return tag(bytes) == t;
    }
    std::uint64_t key_fingerprint() const { return fingerprint; }
};

inline std::string sketch_data(const std::string& name) {
    return std::string(TALLY_SOURCE_DIR) + "/tests/data/sketch/" + name;
}

inline std::string read_bytes(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// Golden files are written once, by running the test program with TALLY_WRITE_GOLDEN_SKETCHES=1
/// set in the environment (after a deliberate format change, with a new version number); at
/// every other run the tests only read them.
inline bool write_golden_requested() {
    return std::getenv("TALLY_WRITE_GOLDEN_SKETCHES") != nullptr;
}

inline void write_bytes(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary);
    out << bytes;
}

} // namespace tally_test
