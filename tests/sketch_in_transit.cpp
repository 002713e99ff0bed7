#include "sketch_support.hpp"
#include <doctest/doctest.h>
#include <filesystem>
#include <tally/sketch/in_transit.hpp>

namespace test_sketch_in_transit {

using namespace tally;
using namespace tally::sketch;
using tally_test::person;

namespace {
identifier_sketch country(const char* iso3, std::uint64_t from, std::uint64_t to) {
    identifier_sketch s(42, iso3);
    for (auto i = from; i < to; ++i)
        s.update(person(11, i));
    return s;
}
} // namespace

TEST_CASE("in-transit figures merge the countries of the region, or of each platform") {
    // COL [0, 30000), PER [20000, 45000), ECU [40000, 52000), ARG [50000, 51000),
    // BOL [50500, 53000): the region has 53,000 distinct people; the Southern Cone (ARG, BOL)
    // 3,000, above the exact limit of 2,048 at precision 14, so both are estimates.
    const std::vector<identifier_sketch> sketches = {
        country("COL", 0, 30000), country("PER", 20000, 45000), country("ECU", 40000, 52000),
        country("ARG", 50000, 51000), country("BOL", 50500, 53000)};
    const auto geo = geography::r4v();
    const auto region = in_transit_figures(geo, sketches, false);
    REQUIRE(region.size() == 1);
    CHECK(region[0].platform.empty());
    CHECK(region[0].countries == std::vector<std::string>{"ARG", "BOL", "COL", "ECU", "PER"});
    CHECK(region[0].people.lower <= 53000);
    CHECK(53000 <= region[0].people.upper);
    CHECK(region[0].footnote().find("HyperLogLog estimate, precision 14 (relative standard "
                                    "error 0.81%); 95% interval ") != std::string::npos);

    const auto platforms = in_transit_figures(geo, sketches, true);
    std::vector<std::string> names;
    for (const auto& f : platforms)
        names.push_back(f.platform);
    CHECK(names == std::vector<std::string>{"Colombia", "Ecuador", "Peru", "Southern Cone"});
    const auto& sc = platforms.back();
    CHECK(sc.countries == std::vector<std::string>{"ARG", "BOL"});
    CHECK(sc.people.lower <= 3000);
    CHECK(3000 <= sc.people.upper);
}

TEST_CASE("an exact in-transit figure says so in its footnote") {
    const std::vector<identifier_sketch> sketches = {country("COL", 0, 10), country("PER", 5, 12)};
    const auto f = in_transit_figures(geography::r4v(), sketches, false).at(0);
    CHECK(f.people.value == 12);
    CHECK(f.footnote() == "People in transit, counted once across countries (COL, PER) by "
                          "merging keyed sketches of their identifiers: exact (every keyed hash "
                          "is kept below the sketch's exact limit). Not added to the figures that "
                          "exclude people in transit.");
}

TEST_CASE("in-transit figures refuse unknown countries, mixed platforms, other keys, empty dirs") {
    const auto geo = geography::r4v();
    CHECK_THROWS_WITH_AS(in_transit_figures(geo, std::vector{country("VEN", 0, 5)}, false),
                         "[tally.unknown_code.104] sketch of unknown country 'VEN'", error);
    auto two = country("COL", 0, 5);
    two.merge(country("PER", 0, 5));
    CHECK_NOTHROW(in_transit_figures(geo, std::vector{two}, false));
    CHECK_THROWS_AS(in_transit_figures(geo, std::vector{two}, true), error);
    CHECK_THROWS_AS(in_transit_figures(
                        geo, std::vector{country("COL", 0, 5), identifier_sketch(7, "PER")}, false),
                    error);
    const auto empty_dir = std::filesystem::temp_directory_path() / "tally_sketch_empty_dir";
    std::filesystem::create_directories(empty_dir);
    const tally_test::test_auth auth{42};
    CHECK_THROWS_AS(read_sketch_dir(empty_dir.string(), auth), error);
    CHECK_THROWS_AS(read_sketch_dir("/nonexistent/tally", auth), error);
}

TEST_CASE("a sketch directory is read only through the key: another key's sketch is named") {
    const auto dir = std::filesystem::temp_directory_path() / "tally_sketch_dir_keys";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const tally_test::test_auth auth{42};
    tally_test::write_bytes((dir / "col.sketch").string(), country("COL", 0, 10).serialize(auth));
    const auto read = read_sketch_dir(dir.string(), auth);
    REQUIRE(read.size() == 1);
    CHECK(read[0] == country("COL", 0, 10));
    const tally_test::test_auth other{7};
    identifier_sketch per(7, "PER");
    per.update(1);
    tally_test::write_bytes((dir / "per.sketch").string(), per.serialize(other));
    CHECK_THROWS_WITH_AS(read_sketch_dir(dir.string(), auth),
                         ("[tally.mismatch.106] " + (dir / "per.sketch").string() +
                          ": sketch made with another key (key fingerprint 0000000000000007; the "
                          "key given has 000000000000002a)")
                             .c_str(),
                         error);
    std::filesystem::remove_all(dir);
}

TEST_CASE("a saturated sketch gives an in-transit figure of n/a, with the reason") {
    // Hashes j << 60 put every register of a p = 4 HyperLogLog at its maximum.
    identifier_sketch full(42, "COL", 4, 4);
    for (std::uint64_t j = 0; j < 16; ++j)
        full.update(j << 60);
    const auto f = in_transit_figures(geography::r4v(), std::vector{full}, false).at(0);
    CHECK_FALSE(whole_count(f.people.value));
    CHECK(f.footnote().find("95% interval 3 to n/a. The sketch is saturated: it has seen more "
                            "hashes than it can count, so the figure is n/a.") !=
          std::string::npos);
}

} // namespace test_sketch_in_transit
