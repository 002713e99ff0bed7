#include <doctest/doctest.h>
#include <filesystem>
#include <tally/io/requirements_csv.hpp>

namespace test_io_requirements_csv {

using namespace tally;

namespace {
const std::string fixtures = std::string(TALLY_SOURCE_DIR) + "/tests/data/funding/";
}

TEST_CASE("plain requirements read per (country, sector); an empty cell is skipped with a notice") {
    io::validation_report rep;
    const auto r = io::read_requirements_csv(fixtures + "requirements.csv", rep);
    CHECK(r.result().size() == 3);
    CHECK(r.at({"COL", "HEALTH"}) == usd_amount(3000));
    CHECK(r.at({"PER", "FOOD"}) == usd_amount(8'000'000'000));
    CHECK(rep.rows_read == 4);
    CHECK(rep.clean());
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.line == 5);
}

TEST_CASE("a second row that only looks like a hashtag row is a data row, read and rejected") {
    // "#o\xFF" begins with '#' but is no HXL tag: the reader keeps it as a row (rejected for its
    // width), and counts it, as the record-count property and its fuzz target expect.
    io::validation_report rep;
    const auto r =
        io::parse_requirements_csv("country,wector,requirements_usd\n#o\xFF", "odd.csv", rep);
    CHECK(r.total().units() == 0);
    CHECK(rep.rows_read == 1);
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].where.line == 2);
    // A real hashtag row in that place is skipped, not read.
    io::validation_report tagged;
    (void)io::parse_requirements_csv(
        "country,sector,requirements_usd\n#country,#sector,#value+required+usd\nECU,HEA,5\n",
        "tagged.csv", tagged);
    CHECK(tagged.rows_read == 1);
    CHECK(tagged.rows_used == 1);
}

TEST_CASE("FTS requirements exports read with or without their HXL row") {
    const std::string per_plan = "countryCode,id,name,requirements,funding\n"
                                 "#country+code,#id,#name,#value+required,#value+funding\n"
                                 "AFG,1,Plan A,1000,5\nAFG,2,Plan B,,7\nAFG,3,Plan C,24,1\n";
    io::validation_report rep;
    const auto p = io::parse_requirements_csv(per_plan, "p.csv", rep);
    CHECK(p.at({"AFG", ""}) == usd_amount(1024));
    CHECK(rep.rows_read == 3);
    const std::string per_cluster = "countryCode,id,cluster,requirements\n"
                                    "AFG,1,Health,10\nAFG,1,WASH,-3\n";
    io::validation_report rep2;
    const auto c = io::parse_requirements_csv(per_cluster, "c.csv", rep2);
    CHECK(c.at({"AFG", "Health"}) == usd_amount(10));
    CHECK(rep2.rejected.size() == 1);
    CHECK_THROWS_AS(io::parse_requirements_csv("a,b\n1,2\n", "bad.csv", rep2), error);
}

TEST_CASE("the HDX cluster requirements for Afghanistan add up to the plan's requirements") {
    const std::string d = std::string(TALLY_SHARED_DIR) + "/data/fts/";
    if (!std::filesystem::exists(d)) {
        MESSAGE("skipped: " << d << " is absent");
        return;
    }
    io::validation_report rep;
    const auto plans = io::read_requirements_csv(d + "hxl_fts_requirements_funding_afg.csv", rep);
    const auto clusters =
        io::read_requirements_csv(d + "hxl_fts_requirements_funding_cluster_afg.csv", rep);
    CHECK(rep.clean());
    CHECK(plans.result().size() == 1);
    CHECK(clusters.result().size() > 1);
    CHECK(clusters.total() == plans.total());
}

TEST_CASE("a requirements row with more or fewer fields than the header is rejected") {
    io::validation_report rep;
    const auto r = io::parse_requirements_csv("country,sector,requirements_usd\n"
                                              "C,S,2,500,000\n"
                                              "C,S\n"
                                              "C,S,-1\n"
                                              "C,T,7\n",
                                              "req.csv", rep);
    CHECK(rep.rows_read == 4);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 3);
    CHECK(rep.rejected[0].where.line == 2);
    CHECK(rep.rejected[1].where.line == 3);
    CHECK(rep.rejected[2].where.line == 4);
    CHECK(r.result().size() == 1);
    CHECK(r.at({"C", "T"}) == usd_amount(7));
}

TEST_CASE("identical lines of a requirements CSV are kept and added, with a notice naming both") {
    io::validation_report rep;
    const auto r = io::parse_requirements_csv("country,sector,requirements_usd\n"
                                              "COL,Health,100\n"
                                              "COL,Health,100\n"
                                              "COL,Health,100\n",
                                              "r.csv", rep);
    CHECK(rep.rows_used == 3);
    CHECK(r.at({"COL", "Health"}) == usd_amount(300));
    REQUIRE(rep.notices.size() == 3); // two repeats, then their count
    CHECK(rep.notices[0].where.line == 3);
    CHECK(rep.notices[0].message.find("line 3 repeats line 2 in every field: kept") == 0);
    CHECK(rep.notices[1].message.find("line 4 repeats line 2") == 0);
    CHECK(rep.notices[2].message.find("2 lines of this file repeat an earlier line") == 0);
}

TEST_CASE("requirements with cents are rounded to the dollar with a notice") {
    io::validation_report rep;
    const auto r = io::parse_requirements_csv("country,sector,requirements_usd\n"
                                              "COL,FOOD,100.0\n"
                                              "COL,HEALTH,99.5\n",
                                              "r.csv", rep);
    CHECK(r.at({"COL", "FOOD"}) == usd_amount(100));
    CHECK(r.at({"COL", "HEALTH"}) == usd_amount(100));
    CHECK(rep.clean());
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.line == 3);
    CHECK(rep.notices[0].message.find("requirements with cents rounded") == 0);
    CHECK(rep.notices[0].message.find("rows") == std::string::npos); // one row
}

} // namespace test_io_requirements_csv

namespace test_io_requirements_csv {

TEST_CASE("requirements are read by their HXL tags where their names are not known") {
    tally::io::validation_report rep;
    const auto g = tally::io::parse_requirements_csv("País,Sector,Requerido\n"
                                                     "#country,#sector,#value+required+usd\n"
                                                     "PER,Health,1000\n"
                                                     "PER,WASH,\n",
                                                     "r.csv", rep);
    CHECK(rep.rows_read == 2);
    CHECK(rep.rows_used == 2);
    CHECK(rep.notices.size() == 1); // the empty requirements
    REQUIRE(g.result().size() == 1);
    CHECK(g.at({"PER", "Health"}) == tally::usd_amount(1000));
}

} // namespace test_io_requirements_csv
