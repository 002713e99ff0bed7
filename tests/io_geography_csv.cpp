#include <doctest/doctest.h>
#include <set>
#include <tally/core/geography.hpp>
#include <tally/io/geography_csv.hpp>

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
    fails("level,code,name,parent\nplatform,P,P,R\ncountry,COL,Colombia,NOPE\n", errc::unknown_code,
          3);
    fails("level,code,name,parent\nplatform,P,P,R\nplatform,P,Q,R\n", errc::duplicate_code, 3);
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

} // namespace test_io_geography_csv
