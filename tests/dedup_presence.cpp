// Distinct organisations from a presence table (dedup/presence.hpp).
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <tally/dedup/presence.hpp>
#include <tally/io/presence_reader.hpp>

namespace test_dedup_presence {

using namespace tally;

TEST_CASE("organisations count once per group, never summed across groups") {
    presence_table t;
    (void)io::read_presence(std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/afg_3w.csv", t);
    const auto country = dedup::count_presence(t, {dedup::presence_key::country});
    REQUIRE(country.size() == 1);
    CHECK(country[0].keys == std::vector<std::string>{"AFG"});
    CHECK(country[0].organisations.value() == 4); // A, B, UNX, C
    CHECK(country[0].rows == 8);
    // Per district and cluster: {A}, {A}, {A, B}, {B, C}, {UNX}: 7 if counts were added.
    CHECK(country[0].organisations_upper == 7);
    const auto by = dedup::count_presence(t, dedup::parse_presence_keys("admin1, sector"));
    REQUIRE(by.size() == 4);
    CHECK(by[0].keys == std::vector<std::string>{"AF01", "EiE_OP"});
    CHECK(by[0].organisations.value() == 1); // A in two districts
    CHECK(by[1].keys == std::vector<std::string>{"AF01", "FSAC_OP"});
    CHECK(by[1].organisations.value() == 2); // A and B (B's repeated row counts once)
    const auto types = dedup::count_presence(t, {dedup::presence_key::organisation_type});
    REQUIRE(types.size() == 3);
    CHECK(types[0].keys[0] == "International NGO");
    CHECK(types[1].keys[0] == "National NGO");
    CHECK(types[1].organisations.value() == 2); // A and C
    CHECK(dedup::count_presence(t, {}).front().organisations.value() == 4);
}

TEST_CASE("presence keys are parsed and checked") {
    CHECK(dedup::parse_presence_keys("country,admin2,org_type") ==
          std::vector<dedup::presence_key>{dedup::presence_key::country,
                                           dedup::presence_key::admin2,
                                           dedup::presence_key::organisation_type});
    CHECK_THROWS_WITH_AS((void)dedup::parse_presence_keys("country,month"),
                         "[tally.invalid_argument.103] unknown key 'month' (expected country, "
                         "admin1, admin2, sector, organisation_type)",
                         error);
    CHECK_THROWS_AS((void)dedup::parse_presence_keys("sector,sector"), error);
}

TEST_CASE("the Afghanistan 3W of early 2024 counts 284 named organisations and WEWORLD") {
    const std::string path = std::string(TALLY_SHARED_DIR) + "/data/real/afg_3w_2024q1.csv";
    if (!std::filesystem::exists(path)) {
        MESSAGE("skipped: " << path << " is absent");
        return;
    }
    presence_table t;
    const auto rep = io::read_presence(path, t);
    CHECK(rep.rows_read == 10'902);
    CHECK(rep.rows_used == 10'902);
    // The publisher's 284 distinct ORG_NAME, plus the one organisation whose two rows give only
    // its acronym (WEWORLD): 285, as many as the distinct ORG_ACRONYM.
    const auto all = dedup::count_presence(t, {dedup::presence_key::country});
    REQUIRE(all.size() == 1);
    CHECK(all[0].organisations.value() == 285);
    std::size_t named = 0;
    for (std::size_t i = 0; i < t.organisations.size(); ++i)
        named += t.organisations[static_cast<code_id>(i)] != "WEWORLD";
    CHECK(named == 284);
    bool told = false;
    for (const auto& n : rep.notices)
        told |= n.where.line == 10'152 &&
                n.message == "no organisation name: the acronym is the organisation (2 rows; the "
                             "first is shown)";
    CHECK(told);
    // 8 cluster codes; distinct organisations per cluster, checked with a script over the file.
    const auto by_sector = dedup::count_presence(t, {dedup::presence_key::sector});
    REQUIRE(by_sector.size() == 8);
    CHECK(by_sector[3].keys[0] == "FSAC_OP");
    CHECK(by_sector[3].organisations.value() == 158);
    CHECK(by_sector[6].keys[0] == "PROTECTION_OP");
    CHECK(by_sector[6].organisations.value() == 112);
}

} // namespace test_dedup_presence
