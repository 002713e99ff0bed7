#include <doctest/doctest.h>
#include <set>
#include <string>
#include <tally/core/geography.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace test_io_geography_csv {

using namespace tally;

TEST_CASE("a geography loads from CSV, admin1 included") {
    const auto g = io::read_geography_csv_text("level,code,name,parent,kind\n"
                                               "region,X,Test region,,\n"
                                               "platform,P1,One,X,national\n"
                                               "platform,P2,Two,X,sub_regional\n"
                                               "country,ECU,Ecuador,P1,\n"
                                               "country,PER,Peru,P2,\n"
                                               "admin1,ECU-01,\"Azuay\",ECU,\n"
                                               "admin1,ECU-13,Manabí,ECU,\n");
    CHECK(g.region_code() == "X");
    CHECK(g.platform(0).kind == platform_kind::national);
    CHECK(g.platform(1).kind == platform_kind::sub_regional);
    CHECK(g.admin1_count() == 2);
    const auto a = g.find_admin1("ECU-13");
    REQUIRE(a);
    CHECK(g.country(g.admin1(*a).country).code == "ECU");
    // Names are never keys.
    CHECK_FALSE(g.find_admin1("Manabi"));
}

TEST_CASE("a bad geography file is an error naming the line") {
    auto fails = [](std::string text, errc code, std::size_t line) {
        try {
            (void)io::read_geography_csv_text(std::move(text), "geo.csv");
            FAIL("no error");
        } catch (const tally::error& e) {
            CHECK(e.code() == code);
            CHECK(e.where().file == "geo.csv");
            CHECK(e.where().line == line);
        }
    };
    fails("level,code,name,parent\nregion,R,R,\nplatform,P,P,R\ncountry,COL,Colombia,NOPE\n",
          errc::unknown_code, 4);
    fails("level,code,name,parent\nregion,R,R,\nplatform,P,P,R\nplatform,P,Q,R\n",
          errc::duplicate_code, 4);
    fails("level,code,name,parent\nprovince,P,P,R\n", errc::parse, 2);
    fails("code,name\n", errc::parse, 1);
}

TEST_CASE("a geography file with a second region, an unknown parent or a kind typo is refused") {
    auto fails = [](std::string text, errc code, std::size_t line, std::string part) {
        try {
            (void)io::read_geography_csv_text(std::move(text), "geo.csv");
            FAIL("no error");
        } catch (const tally::error& e) {
            CHECK(e.code() == code);
            CHECK(e.where().file == "geo.csv");
            CHECK(e.where().line == line);
            CHECK(std::string(e.what()).find(part) != std::string::npos);
        }
    };
    const std::string head = "level,code,name,parent,kind\nregion,X,Test,,\n";
    fails(head + "platform,P,P,X,national\nregion,Y,Other,,\n", errc::duplicate_code, 4,
          "a second region 'Y' (the region is 'X', line 2)");
    fails(head + "platform,P,P,XX,national\n", errc::unknown_code, 3, "unknown parent 'XX'");
    fails(head + "platform,P,P,X,natoinal\n", errc::parse, 3, "unknown platform kind 'natoinal'");
    // Accepted spellings: empty (sub-regional), national, sub_regional, Sub-regional.
    const auto g =
        io::read_geography_csv_text(head + "platform,A,A,X,\nplatform,B,B,X,Sub-regional\n");
    CHECK(g.platform(0).kind == platform_kind::sub_regional);
    CHECK(g.platform(1).kind == platform_kind::sub_regional);
}

TEST_CASE("the parents of a geography file are checked whatever the order of its rows") {
    auto fails = [](std::string text, errc code, std::size_t line, std::string message) {
        try {
            (void)io::read_geography_csv_text(std::move(text), "geo.csv");
            FAIL("no error");
        } catch (const tally::error& e) {
            CHECK(e.code() == code);
            CHECK(e.where().line == line);
            CHECK(e.detail() == message);
        }
    };
    const std::string head = "level,code,name,parent,kind\n";
    // A platform before the region: its parent is still checked against the region.
    fails(head + "platform,P,P,XX,national\nregion,X,Test,,\n", errc::unknown_code, 2,
          "unknown parent 'XX' of platform 'P' (the region is 'X', line 3)");
    fails(head + "platform,P,P,,national\nregion,X,Test,,\n", errc::parse, 2,
          "missing parent of platform 'P' (the region 'X', line 3)");
    // A parent that names a region the file does not have.
    fails(head + "platform,P,P,XX,national\ncountry,COL,Colombia,P,\n", errc::unknown_code, 2,
          "unknown parent 'XX' of platform 'P' (the file has no region row)");
    // A country or admin1 without a parent.
    fails(head + "region,X,Test,,\nplatform,P,P,X,\ncountry,COL,Colombia,,\n", errc::parse, 4,
          "missing parent of country 'COL' (its platform)");
    fails(head + "region,X,Test,,\nplatform,P,P,X,\ncountry,COL,Colombia,P,\nadmin1,A,A,,\n",
          errc::parse, 5, "missing parent of admin1 'A' (its country)");
    fails(head + "admin1,A,A,PER,\nregion,X,Test,,\nplatform,P,P,X,\ncountry,COL,Colombia,P,\n",
          errc::unknown_code, 2, "unknown country 'PER' (the parent of admin1 'A')");
    // Children before their parents are fine.
    const auto g = io::read_geography_csv_text(head + "admin1,CO05,Antioquia,COL,\n"
                                                      "country,COL,Colombia,P,\n"
                                                      "platform,P,P,X,national\n"
                                                      "region,X,Test,,\n");
    CHECK(g.region_code() == "X");
    REQUIRE(g.find_admin1("CO05"));
    CHECK(g.country(g.admin1(*g.find_admin1("CO05")).country).code == "COL");
    CHECK(g.platform(g.country(*g.find_country("COL")).platform).code == "P");
}

TEST_CASE("a geography file that is not UTF-8 is read with a decoding notice") {
    std::vector<io::notice> notices;
    const auto g = io::read_geography_csv_text("level,code,name,parent\n"
                                               "platform,P,P,\n"
                                               "country,ECU,Ecuador,P\n"
                                               "admin1,EC13,Manab\xED,ECU\n",
                                               "geo.csv", &notices);
    CHECK(g.admin1(*g.find_admin1("EC13")).name == "Manab\xC3\xAD"); // UTF-8
    REQUIRE(notices.size() == 1);
    CHECK(notices[0].where.file == "geo.csv");
    CHECK(notices[0].where.line == 4);
    CHECK(notices[0].message.find("read as Windows-1252") != std::string::npos);
}

TEST_CASE("a geography file with two platforms or two countries of one name is refused with "
          "both lines") {
    // Two platforms named Andes used to load, and the report added them into one row (its
    // regional line came out at -1,400).
    const std::string head = "level,code,name,parent,kind\nregion,X,Test,,\n";
    try {
        (void)io::read_geography_csv_text(head + "platform,AN1,Andes,X,national\n"
                                                 "platform,AN2,ANDES,X,national\n"
                                                 "country,COL,Colombia,AN1,\n",
                                          "geo.csv");
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(std::string(e.what()) ==
              "[tally.duplicate_code.105] geo.csv:4: platform 'AN2' (ANDES) has the name or code "
              "'ANDES' of platform 'AN1' (line 3)");
    }
    try {
        (void)io::read_geography_csv_text(head + "platform,P,P,X,national\n"
                                                 "country,COL,Colombia,P,\n"
                                                 "country,CO2,Colombia,P,\n",
                                          "geo.csv");
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::duplicate_code);
        CHECK(e.where().line == 5);
        CHECK(std::string(e.what()).find("of country 'COL' (line 4)") != std::string::npos);
    }
    // A platform and a country may share a name (a national platform).
    const auto g = io::read_geography_csv_text(head + "platform,COL,Colombia,X,national\n"
                                                      "country,COL,Colombia,COL,\n");
    CHECK(g.country_count() == 1);
}

} // namespace test_io_geography_csv
