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
#include <string>
#include <tally/io/file.hpp>
#include <unistd.h>

namespace test_cli_sketch {

namespace {
const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/sketch/";

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
    const auto e = run("estimate " + d + "col.sketch " + d + "per.sketch " + d + "ecu.sketch");
    CHECK(e.status == 0);
    CHECK(e.out == "distinct,lower,upper\n71,71,71\n");
    const auto o = run("overlap " + d + "col.sketch " + d + "per.sketch");
    CHECK(o.status == 0);
    CHECK(o.out == "intersection,lower,upper,jaccard\n11,11,11,0.1803\n");
}

TEST_CASE("tally sketch info prints the country, parameters, key fingerprint and count") {
    if (!have_sodium())
        return;
    const auto d = scratch("info");
    build_three(d);
    const auto r = run("info " + d + "col.sketch");
    CHECK(r.status == 0);
    // The fingerprint of key 00..1f, computed with Python's hashlib.blake2b (see
    // sketch_keyed_hash.cpp).
    CHECK(r.out == "field,value\nformat_version,1\ncountries,COL\nkey_fingerprint,"
                   "37d8edda59ba8daa\nhll_precision,14\nhll_mode,exact\ntheta_lg_k,12\ntheta,1\n"
                   "distinct,41\nlower,41\nupper,41\n");
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
    const auto k = run("estimate " + d + "col.sketch " + d + "other.sketch");
    CHECK(k.status == 2);
    CHECK(k.err.find("[tally.mismatch.106] " + d +
                     "other.sketch: cannot merge sketches made with different keys") !=
          std::string::npos);
    CHECK(run("overlap " + d + "col.sketch " + d + "other.sketch").status == 2);
    REQUIRE(run("build --key-file " + fx + "test.key --country PER --precision 12 " + fx +
                "per_ids.csv -o " + d + "p12.sketch")
                .status == 0);
    const auto p = run("estimate " + d + "col.sketch " + d + "p12.sketch");
    CHECK(p.status == 2);
    CHECK(p.err.find("precision 14 and 12") != std::string::npos);

    const auto bytes = tally::io::read_file(d + "col.sketch");
    {
        std::FILE* f = std::fopen((d + "cut.sketch").c_str(), "wb");
        REQUIRE(f);
        std::fwrite(bytes.data(), 1, bytes.size() / 2, f);
        std::fclose(f);
    }
    const auto c = run("info " + d + "cut.sketch");
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
    const auto key = tally::io::read_file(d + "k");
    CHECK(key.size() == 65);
    CHECK(key.find_first_not_of("0123456789abcdef\n") == std::string::npos);
    const auto perms = std::filesystem::status(d + "k").permissions();
    CHECK((perms & std::filesystem::perms::group_all) == std::filesystem::perms::none);
    CHECK((perms & std::filesystem::perms::others_all) == std::filesystem::perms::none);
    CHECK(run("keygen -o " + d + "k").status == 2);
    CHECK(tally::io::read_file(d + "k") == key);
}

TEST_CASE("tally sketch estimate, overlap and info refuse wrong usage") {
    CHECK(run("").status == 2);
    CHECK(run("merge a b").status == 2);
    CHECK(run("overlap " + fx + "identifier_v1.bin").status == 2);
    const auto golden = run("info " + fx + "identifier_v1.bin");
    CHECK(golden.status == 0); // the golden file is a sketch of COL and PER, 25 people
    CHECK(golden.out.find("countries,COL PER\n") != std::string::npos);
    CHECK(golden.out.find("distinct,25\n") != std::string::npos);
}

TEST_CASE("tally reach --in-transit-sketches adds the regional in-transit figure on its own row") {
    if (!have_sodium())
        return;
    const auto d = scratch("reach");
    build_three(d);
    const std::string sample = std::string(TALLY_SOURCE_DIR) + "/examples/data/sample_5w.csv";
    const auto r =
        tally_test::run_cli("reach " + sample + " --by region --in-transit-sketches " + d);
    CHECK(r.status == 0);
    // The reach row first (unchanged), then the 71 people of the three sketches, exact.
    CHECK(r.out.find("\nR4V,3752,4793,") != std::string::npos);
    CHECK(r.out.find("\nR4V,71,71,,,in_transit_sketch,\"People in transit, counted once across "
                     "countries (COL, ECU, PER) by merging keyed sketches of their identifiers: "
                     "exact") != std::string::npos);
    const auto by_platform =
        tally_test::run_cli("reach " + sample + " --by platform --in-transit-sketches " + d);
    CHECK(by_platform.out.find("\nColombia,41,41,,,in_transit_sketch,") != std::string::npos);
    CHECK(by_platform.out.find("\nPeru,31,31,,,in_transit_sketch,") != std::string::npos);
    const auto by_country =
        tally_test::run_cli("reach " + sample + " --by country --in-transit-sketches " + d);
    CHECK(by_country.status == 2);
    CHECK(by_country.out.empty());
    CHECK(by_country.err.find("needs --by region and/or platform") != std::string::npos);
}

} // namespace test_cli_sketch
