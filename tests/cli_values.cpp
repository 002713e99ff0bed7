// Runs `tally values` (examples/cli/cmd_values.cpp): the countries, platforms and sectors that
// files hold, each with its name and its number of rows.
#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <string>

namespace test_cli_values {

namespace {
struct scratch : tally_test::scratch {
    explicit scratch(const std::string& name) : tally_test::scratch("tally_cli_values_" + name) {}
};

// ECU twice (Health, and HEA: another spelling of it), PER with a sector tally does not know,
// ARG of the Southern Cone platform.
const std::string activities =
    "country,admin1,month,partner,sector,indicator,population_group,reached\n"
    "ECU,,2023-01,A,Health,H1,in_destination,4\n"
    "ECU,,2023-02,B,HEA,H1,in_destination,3\n"
    "PER,,2023-01,A,Astrology,Z1,in_destination,2\n"
    "ARG,,2023-01,C,WASH,W1,in_destination,1\n";
} // namespace

TEST_CASE("tally values lists each country, platform and sector with its name and rows") {
    scratch s("csv");
    const auto r = tally_test::run_cli("values " + s.file("a.csv", activities));
    CHECK(r.status == 0);
    CHECK(r.out == "field,value,name,rows\n"
                   "country,ARG,Argentina,1\n"
                   "country,ECU,Ecuador,2\n"
                   "country,PER,Peru,1\n"
                   "platform,ECU,Ecuador,2\n"
                   "platform,PER,Peru,1\n"
                   "platform,SCO,Southern Cone,1\n"
                   "sector,Astrology,,1\n"
                   "sector,HEA,Health,1\n"
                   "sector,Health,Health,1\n"
                   "sector,WASH,WASH,1\n");
}

TEST_CASE("tally values adds the rows of several files and writes JSON and text") {
    scratch s("formats");
    const auto a = s.file("a.csv", activities);
    const auto plan = s.file("p.csv", "country,admin1,sector,population_group,pin,target\n"
                                      "ECU,,Health,in_destination,200,100\n");
    const auto j = tally_test::run_cli("values " + a + " " + plan + " --format json");
    REQUIRE(j.status == 0);
    const auto v = nlohmann::json::parse(j.out)["values"];
    REQUIRE(v.size() == 10);
    CHECK(v[1]["value"] == "ECU");
    CHECK(v[1]["rows"] == 3); // two activity lines and one plan row
    CHECK(v[6]["value"] == "Astrology");
    CHECK(v[6]["name"].is_null());
    const auto t = tally_test::run_cli("values " + a + " --format text");
    CHECK(t.status == 0);
    CHECK(t.out.find("country (3):\n  ARG (Argentina): 1 row\n") == 0);
    CHECK(t.out.find("\nsector (4):\n  Astrology: 1 row\n  HEA (Health): 1 row\n") !=
          std::string::npos);
}

TEST_CASE("tally values writes nothing and exits 2 when a file cannot be read") {
    scratch s("missing");
    const auto r =
        tally_test::run_cli("values " + s.file("a.csv", activities) + " " + s.path("missing.csv"));
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(tally_test::run_cli("values").status == 2);
}

TEST_CASE("tally values --known lists the geography and the sector catalog") {
    const auto r = tally_test::run_cli("values --known");
    REQUIRE(r.status == 0);
    // A country with its platform, a platform, a sector and a sub-sector with its sector.
    CHECK(r.out.find("field,value,name,part_of\n") == 0);
    CHECK(r.out.find("\ncountry,ARG,Argentina,SCO\n") != std::string::npos);
    CHECK(r.out.find("\nplatform,SCO,Southern Cone,\n") != std::string::npos);
    CHECK(r.out.find("\nsector,HEA,Health,\n") != std::string::npos);
    CHECK(r.out.find(",PRO\n") != std::string::npos);
    const auto j = tally_test::run_cli("values --known --format json");
    REQUIRE(j.status == 0);
    const auto v = nlohmann::json::parse(j.out)["known"];
    std::size_t sectors = 0, subsectors = 0;
    for (const auto& k : v)
        if (k["field"] == "sector") {
            ++sectors;
            if (!k["part_of"].is_null()) {
                ++subsectors;
                CHECK(k["part_of"] == "PRO");
            }
        }
    CHECK(subsectors == 4); // the four Protection sub-sectors
    CHECK(sectors > subsectors);
    const auto t = tally_test::run_cli("values --known --format text");
    CHECK(t.out.find("  HEA (Health)\n") != std::string::npos);
    // --known takes no file: a file given with it is a usage error, not a silent choice.
    scratch s("known");
    CHECK(tally_test::run_cli("values --known " + s.file("a.csv", activities)).status == 2);
}

} // namespace test_cli_values
