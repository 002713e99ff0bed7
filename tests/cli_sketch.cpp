// Runs `tally sketch` on three countries' small identifier files whose overlaps are known:
//   COL  V-0001..V-0040, "MARÍA LÓPEZ 1990", a duplicate "v-0002 " and one empty id: 41 people
//   PER  V-0031..V-0060, " maria  lopez 1990 " (the same person once normalised): 31 people
//   ECU  V-0055..V-0070 and V-0001..V-0005: 21 people
// Across the three: V-0001..V-0070 and María López, 71 people; COL and PER share V-0031..V-0040
// and María López, 11 people, Jaccard 11 / (41 + 31 - 11) = 0.1803. The sets are below the exact
// limit, so the figures are exact. test.key is the key 00 01 .. 1f, not a secret.
#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <tally/io/file.hpp>
#include <unistd.h>
#if defined(TALLY_HAVE_SODIUM)
#include <tally/sketch/keyed_hash.hpp>
#endif

namespace test_cli_sketch {

namespace {
const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/sketch/";
const std::string key = fx + "test.key";

tally_test::cli_result run(const std::string& args) {
    return tally_test::run_cli("sketch " + args);
}

/// A fresh scratch directory per test. Every ctest entry is its own process and they run in
/// parallel, so the name carries the process id (each test probes for libsodium first).
std::string scratch(const std::string& name) {
    const auto d = std::filesystem::temp_directory_path() /
                   ("tally_cli_sketch_" + std::to_string(::getpid()) + "_" + name);
    std::filesystem::remove_all(d);
    std::filesystem::create_directories(d);
    return d.string() + "/";
}

bool have_sodium() {
    const auto r = run("keygen -o " + scratch("probe") + "k");
    if (r.status != 0)
        MESSAGE("skipped: this tally was built without libsodium (" << r.err << ")");
    return r.status == 0;
}

/// Builds the three countries' sketches into dir.
void build_three(const std::string& dir) {
    for (std::string c : {"col", "per", "ecu"}) {
        std::string iso = c;
        for (auto& ch : iso)
            ch = static_cast<char>(ch - 'a' + 'A');
        const auto r = run("build --key-file " + fx + "test.key --country " + iso + " " + fx + c +
                           "_ids.csv -o " + dir + c + ".sketch");
        REQUIRE(r.status == 0);
    }
}
} // namespace

TEST_CASE("tally sketch build lists the row with an empty id and counts the rows") {
    if (!have_sodium())
        return;
    const auto d = scratch("build");
    const auto r = run("build --key-file " + fx + "test.key --country COL " + fx +
                       "col_ids.csv -o " + d + "col.sketch");
    CHECK(r.status == 0);
    CHECK(r.err.find("col_ids.csv:43: rejected: empty id\n") != std::string::npos);
    CHECK(r.err.find("col_ids.csv: 43 rows, 42 used, 1 rejected\n") != std::string::npos);
    CHECK(std::filesystem::exists(d + "col.sketch"));
    const auto strict = run("build --strict --key-file " + fx + "test.key --country COL " + fx +
                            "col_ids.csv -o " + d + "strict.sketch");
    CHECK(strict.status == 1);
    CHECK_FALSE(std::filesystem::exists(d + "strict.sketch"));
}

TEST_CASE("three countries' sketches give the distinct people across them and their overlap") {
    if (!have_sodium())
        return;
    const auto d = scratch("three");
    build_three(d);
    const auto e = run("estimate --key-file " + key + " " + d + "col.sketch " + d + "per.sketch " +
                       d + "ecu.sketch");
    CHECK(e.status == 0);
    CHECK(e.out == "distinct,lower,upper\n71,71,71\n");
    const auto o = run("overlap --key-file " + key + " " + d + "col.sketch " + d + "per.sketch");
    CHECK(o.status == 0);
    CHECK(o.out == "intersection,lower,upper,jaccard\n11,11,11,0.1803\n");
}

TEST_CASE("tally sketch info prints the country, parameters, key fingerprint and count") {
    if (!have_sodium())
        return;
    const auto d = scratch("info");
    build_three(d);
    const auto r = run("info --key-file " + key + " " + d + "col.sketch");
    CHECK(r.status == 0);
    // The fingerprint of key 00..1f, computed with Python's hashlib.blake2b (see
    // sketch_keyed_hash.cpp).
    CHECK(r.out == "field,value\nformat_version,2\ncountries,COL\nkey_fingerprint,"
                   "37d8edda59ba8daa\nhll_precision,14\nhll_mode,exact\ntheta_lg_k,12\ntheta,1\n"
                   "authenticated,yes\ndistinct,41\nlower,41\nupper,41\n");
}

TEST_CASE("tally sketch refuses sketches of another key or precision, and corrupt files") {
    if (!have_sodium())
        return;
    const auto d = scratch("refuse");
    build_three(d);
    REQUIRE(run("keygen -o " + d + "other.key").status == 0);
    REQUIRE(run("build --key-file " + d + "other.key --country PER " + fx + "per_ids.csv -o " + d +
                "other.sketch")
                .status == 0);
    const auto k = run("estimate --key-file " + key + " " + d + "col.sketch " + d + "other.sketch");
    CHECK(k.status == 2);
    CHECK(k.err.find("[tally.mismatch.106] " + d +
                     "other.sketch: sketch made with another key (key fingerprint ") !=
          std::string::npos);
    CHECK(run("overlap --key-file " + key + " " + d + "col.sketch " + d + "other.sketch").status ==
          2);
    REQUIRE(run("build --key-file " + fx + "test.key --country PER --precision 12 " + fx +
                "per_ids.csv -o " + d + "p12.sketch")
                .status == 0);
    const auto p = run("estimate --key-file " + key + " " + d + "col.sketch " + d + "p12.sketch");
    CHECK(p.status == 2);
    CHECK(p.err.find("precision 14 and 12") != std::string::npos);

    const auto bytes = tally::io::read_file(d + "col.sketch");
    {
        std::FILE* f = std::fopen((d + "cut.sketch").c_str(), "wb");
        REQUIRE(f);
        std::fwrite(bytes.data(), 1, bytes.size() / 2, f);
        std::fclose(f);
    }
    const auto c = run("info --key-file " + key + " " + d + "cut.sketch");
    CHECK(c.status == 2);
    CHECK(c.err.find("[tally.parse.101] " + d + "cut.sketch: sketch: corrupt") !=
          std::string::npos);
}

TEST_CASE(
    "tally sketch keygen writes a 64-digit key readable by its owner only, never over a file") {
    if (!have_sodium())
        return;
    const auto d = scratch("keygen");
    const auto r = run("keygen -o " + d + "k");
    CHECK(r.status == 0);
    const auto written = tally::io::read_file(d + "k");
    CHECK(written.size() == 65);
    CHECK(written.find_first_not_of("0123456789abcdef\n") == std::string::npos);
    const auto perms = std::filesystem::status(d + "k").permissions();
    CHECK((perms & std::filesystem::perms::group_all) == std::filesystem::perms::none);
    CHECK((perms & std::filesystem::perms::others_all) == std::filesystem::perms::none);
    CHECK(run("keygen -o " + d + "k").status == 2);
    CHECK(tally::io::read_file(d + "k") == written);
}

TEST_CASE("tally sketch estimate, overlap and info refuse wrong usage") {
    CHECK(run("").status == 2);
    CHECK(run("merge a b").status == 2);
    CHECK(run("overlap --key-file " + key + " " + fx + "identifier_v1.bin").status == 2);
    // No key, no sketch: only a holder of the key can tell a sketch tally should read.
    const auto no_key = run("estimate " + fx + "identifier_v2.bin");
    CHECK(no_key.status == 2);
    CHECK(no_key.out.empty());
    CHECK(no_key.err.find("--key-file KEY is required") != std::string::npos);
}

TEST_CASE("a format-1 sketch, which carries no tag, is refused with a message to rebuild it") {
    if (!have_sodium())
        return;
    const auto golden = run("info --key-file " + key + " " + fx + "identifier_v1.bin");
    CHECK(golden.status == 2);
    CHECK(golden.out.empty());
    CHECK(golden.err.find("[tally.parse.101] " + fx +
                          "identifier_v1.bin: sketch: format version 1 carries no "
                          "authentication tag and is no longer read: rebuild the sketch with "
                          "tally sketch build (format version 2)") != std::string::npos);
}

TEST_CASE("tally reach --in-transit-sketches adds the regional in-transit figure on its own row") {
    if (!have_sodium())
        return;
    const auto d = scratch("reach");
    build_three(d);
    const std::string sample = std::string(TALLY_SOURCE_DIR) + "/examples/data/sample_5w.csv";
    const auto r = tally_test::run_cli("reach " + sample + " --by region --in-transit-sketches " +
                                       d + " --key-file " + key);
    CHECK(r.status == 0);
    // The reach row first (unchanged), then the 71 people of the three sketches, exact.
    CHECK(r.out.find("\nR4V,3752,4793,") != std::string::npos);
    CHECK(r.out.find("\nR4V,71,71,,,in_transit_sketch,\"People in transit, counted once across "
                     "countries (COL, ECU, PER) by merging keyed sketches of their identifiers: "
                     "exact") != std::string::npos);
    const auto by_platform = tally_test::run_cli(
        "reach " + sample + " --by platform --in-transit-sketches " + d + " --key-file " + key);
    CHECK(by_platform.out.find("\nColombia,41,41,,,in_transit_sketch,") != std::string::npos);
    CHECK(by_platform.out.find("\nPeru,31,31,,,in_transit_sketch,") != std::string::npos);
    const auto by_country = tally_test::run_cli(
        "reach " + sample + " --by country --in-transit-sketches " + d + " --key-file " + key);
    CHECK(by_country.status == 2);
    CHECK(by_country.out.empty());
    CHECK(by_country.err.find("needs --by region and/or platform") != std::string::npos);
}

TEST_CASE("tally reach refuses --in-transit-sketches with --sector") {
    // A sketch holds people of every sector: its row beside one sector's rows would read as
    // that sector's people in transit. Refused before any file is read, so no sketch is needed.
    const auto d = scratch("reach_sector");
    const std::string sample = std::string(TALLY_SOURCE_DIR) + "/examples/data/sample_5w.csv";
    const auto r = tally_test::run_cli("reach " + sample + " --by region --sector Health " +
                                       "--in-transit-sketches " + d + " --key-file " + key);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--in-transit-sketches counts people in transit across every sector and "
                     "does not go with --sector") != std::string::npos);
}

TEST_CASE("tally reach --in-transit-sketches reads no sketch without the key") {
    if (!have_sodium())
        return;
    const auto d = scratch("reach_key");
    build_three(d);
    const std::string sample = std::string(TALLY_SOURCE_DIR) + "/examples/data/sample_5w.csv";
    const auto r =
        tally_test::run_cli("reach " + sample + " --by region --in-transit-sketches " + d);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--in-transit-sketches needs --key-file KEY") != std::string::npos);
}

TEST_CASE("an office with the authentication key checks sketches, and cannot build one") {
    if (!have_sodium())
        return;
    const auto d = scratch("auth");
    build_three(d);
    const auto a = run("auth-key --key-file " + key + " -o " + d + "auth.key");
    REQUIRE(a.status == 0);
    CHECK(a.out ==
          "authentication key of key fingerprint 37d8edda59ba8daa written to " + d + "auth.key\n");
    // The value is crypto_kdf of the key 00..1f (tests/sketch_keyed_hash.cpp, from Python).
    CHECK(tally::io::read_file(d + "auth.key") ==
          "tally-sketch-auth-key 37d8edda59ba8daa "
          "f9555caa5128e63fd25332cd4b1d78b8ff47da29942574aae3ea29ac522a2eda\n");
    const auto perms = std::filesystem::status(d + "auth.key").permissions();
    CHECK((perms & std::filesystem::perms::others_all) == std::filesystem::perms::none);
    const auto e = run("estimate --key-file " + d + "auth.key " + d + "col.sketch " + d +
                       "per.sketch " + d + "ecu.sketch");
    CHECK(e.status == 0);
    CHECK(e.out == "distinct,lower,upper\n71,71,71\n");
    // It hashes no identifier: build refuses it.
    const auto b = run("build --key-file " + d + "auth.key --country COL " + fx +
                       "col_ids.csv -o " + d + "x.sketch");
    CHECK(b.status == 2);
    CHECK(b.err.find("a sketch key is 64 hexadecimal characters") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(d + "x.sketch"));
    CHECK(run("auth-key --key-file " + d + "auth.key -o " + d + "again.key").status == 2);
    CHECK(run("auth-key --key-file " + key + " -o " + d + "auth.key").status == 2); // exists
}

TEST_CASE("a sketch changed after it was made is refused, even with its checksum made again") {
    if (!have_sodium())
        return;
    const auto d = scratch("forged");
    build_three(d);
    auto bytes = tally::io::read_file(d + "col.sketch");
    // One bit of a hash of the theta part changed, then the FNV-1a checksum made again, as any
    // program could.
    bytes[bytes.size() - 100] = static_cast<char>(bytes[bytes.size() - 100] ^ 0x01);
    std::uint64_t h = 14695981039346656037ULL;
    for (std::size_t i = 0; i + 8 < bytes.size(); ++i) {
        h ^= static_cast<unsigned char>(bytes[i]);
        h *= 1099511628211ULL;
    }
    for (int i = 0; i < 8; ++i)
        bytes[bytes.size() - 8 + static_cast<std::size_t>(i)] = static_cast<char>(h >> (8 * i));
    {
        std::ofstream f(d + "forged.sketch", std::ios::binary);
        f << bytes;
    }
    const auto r = run("estimate --key-file " + key + " " + d + "forged.sketch");
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("[tally.parse.101] " + d +
                     "forged.sketch: sketch: authentication tag does not match: the sketch was "
                     "altered, or made by someone who does not hold the key") != std::string::npos);
}

TEST_CASE("a key file with a byte order mark, CRLF, UTF-16 or white space around it reads") {
    if (!have_sodium())
        return;
    const auto d = scratch("keyfiles");
    const std::string hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    std::string utf16 = "\xFF\xFE";
    for (char c : hex + "\r\n") {
        utf16 += c;
        utf16 += '\0';
    }
    int n = 0;
    for (const std::string& text :
         {"\xEF\xBB\xBF" + hex + "\r\n", "  " + hex + "\t\r\n\r\n", utf16}) {
        const auto path = d + "key" + std::to_string(n++);
        {
            std::ofstream f(path, std::ios::binary);
            f << text;
        }
        const auto b = run("build --key-file " + path + " --country COL " + fx + "col_ids.csv -o " +
                           path + ".sketch");
        CHECK(b.status == 0);
        const auto i = run("info --key-file " + path + " " + path + ".sketch");
        CHECK(i.status == 0);
        CHECK(i.out.find("key_fingerprint,37d8edda59ba8daa\n") != std::string::npos);
    }
    {
        std::ofstream f(d + "bad", std::ios::binary);
        f << hex.substr(0, 60) << "\n";
    }
    const auto bad = run("info --key-file " + d + "bad " + d + "key0.sketch");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("[tally.invalid_argument.103] " + d +
                       "bad: a sketch key is 64 hexadecimal characters") != std::string::npos);
}

#if defined(TALLY_HAVE_SODIUM)
TEST_CASE("a saturated sketch or a tiny theta prints n/a, never -9223372036854775808") {
    using namespace tally::sketch;
    const auto d = scratch("saturated");
    const auto k = sketch_key::from_hex(tally::io::read_file(key));
    const auto auth = sketch_auth_key::derive(k);
    // Hashes j << 60 fill every register of a p = 4 HyperLogLog with its maximum (about 2^64
    // people); hashes 0..16 leave a theta of 16 / 2^64 over 16 hashes (2^64 people).
    identifier_sketch full(key_fingerprint(k), "COL", 4, 4), tiny(key_fingerprint(k), "PER", 4, 4);
    for (std::uint64_t j = 0; j < 16; ++j)
        full.update(j << 60);
    for (std::uint64_t h = 0; h <= 16; ++h)
        tiny.update(h);
    for (const auto& [name, s] : {std::pair{"full", full}, std::pair{"tiny", tiny}}) {
        std::ofstream f(d + name + ".sketch", std::ios::binary);
        f << s.serialize(auth);
    }
    const auto e = run("estimate --key-file " + key + " " + d + "full.sketch");
    CHECK(e.status == 0);
    CHECK(e.out == "distinct,lower,upper\nn/a,3,n/a\n");
    const auto i = run("info --key-file " + key + " " + d + "full.sketch");
    CHECK(i.out.find("\ndistinct,n/a\nlower,3\nupper,n/a\n") != std::string::npos);
    const auto o = run("overlap --key-file " + key + " " + d + "tiny.sketch " + d + "tiny.sketch");
    CHECK(o.status == 0);
    CHECK(o.out == "intersection,lower,upper,jaccard\nn/a,n/a,n/a,1.0000\n");
    for (const auto& out : {e.out, i.out, o.out})
        CHECK(out.find("-9223372036854775808") == std::string::npos);
    // In tally reach the figure is n/a too, with a word on why.
    std::filesystem::create_directories(d + "dir");
    std::filesystem::copy_file(d + "full.sketch", d + "dir/full.sketch");
    const std::string sample = std::string(TALLY_SOURCE_DIR) + "/examples/data/sample_5w.csv";
    const auto r = tally_test::run_cli("reach " + sample + " --by region --in-transit-sketches " +
                                       d + "dir --key-file " + key);
    CHECK(r.status == 0);
    CHECK(r.out.find("\nR4V,n/a,n/a,,,in_transit_sketch,") != std::string::npos);
    CHECK(r.out.find("The sketch is saturated") != std::string::npos);
}
#endif

} // namespace test_cli_sketch
