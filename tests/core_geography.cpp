#include <doctest/doctest.h>
#include <set>
#include <tally/core/geography.hpp>

using namespace tally;

TEST_CASE("the R4V preset has 17 countries under 5 national and 3 sub-regional platforms") {
    const auto g = geography::r4v();
    CHECK(g.country_count() == 17);
    CHECK(g.platform_count() == 8);
    std::set<std::string> iso;
    for (code_id c = 0; c < g.country_count(); ++c)
        iso.insert(g.country(c).code);
    CHECK(iso == std::set<std::string>{"ARG", "ABW", "BOL", "BRA", "CHL", "COL", "CRI", "CUW",
                                       "DOM", "ECU", "GUY", "MEX", "PAN", "PRY", "PER", "TTO",
                                       "URY"});
    int national = 0;
    for (code_id p = 0; p < g.platform_count(); ++p)
        national += g.platform(p).kind == platform_kind::national;
    CHECK(national == 5);
}

TEST_CASE("R4V sub-regional platforms hold the right countries") {
    const auto g = geography::r4v();
    auto members = [&](std::string_view platform) {
        std::set<std::string> out;
        for (auto c : g.countries_of(*g.find_platform(platform)))
            out.insert(g.country(c).code);
        return out;
    };
    CHECK(members("CAR") == std::set<std::string>{"ABW", "CUW", "DOM", "GUY", "TTO"});
    CHECK(members("CAM") == std::set<std::string>{"CRI", "MEX", "PAN"});
    CHECK(members("SCO") == std::set<std::string>{"ARG", "BOL", "PRY", "URY"});
    CHECK(members("COL") == std::set<std::string>{"COL"});
    CHECK(g.platform(g.country(*g.find_country("PRY")).platform).name == "Southern Cone");
}

TEST_CASE("a geography loads from CSV, admin1 included") {
    const auto g = geography::from_csv_text("level,code,name,parent,kind\n"
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
            (void)geography::from_csv_text(std::move(text), "geo.csv");
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
            (void)geography::from_csv_text(std::move(text), "geo.csv");
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
        geography::from_csv_text(head + "platform,A,A,X,\nplatform,B,B,X,Sub-regional\n");
    CHECK(g.platform(0).kind == platform_kind::sub_regional);
    CHECK(g.platform(1).kind == platform_kind::sub_regional);
}
