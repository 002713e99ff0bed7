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
