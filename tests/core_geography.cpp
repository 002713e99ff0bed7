#include <doctest/doctest.h>
#include <set>
#include <tally/core/geography.hpp>

namespace test_core_geography {

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

TEST_CASE("a country resolves from its ISO3 code, English or Spanish name, whatever the case and "
          "accents") {
    const auto g = geography::r4v();
    const auto per = g.find_country("PER");
    REQUIRE(per);
    for (const char* s : {"PER", "per", "Peru", "PERU", "Perú", "PERÚ", " perú "})
        CHECK(g.resolve_country(s) == per);
    CHECK(g.resolve_country("República Dominicana") == g.find_country("DOM"));
    CHECK(g.resolve_country("Republica dominicana") == g.find_country("DOM"));
    CHECK(g.resolve_country("Trinidad y Tobago") == g.find_country("TTO"));
    CHECK(g.resolve_country("Trinidad and Tobago") == g.find_country("TTO"));
    CHECK(g.resolve_country("Curaçao") == g.find_country("CUW"));
    CHECK(g.resolve_country("Curazao") == g.find_country("CUW"));
    CHECK(g.resolve_country("Bolivia (Plurinational State of)") == g.find_country("BOL"));
    CHECK(g.resolve_country("Brasil") == g.find_country("BRA"));
    CHECK(g.resolve_country("Panamá") == g.find_country("PAN"));
}

TEST_CASE("a country name that matches nothing does not resolve") {
    const auto g = geography::r4v();
    CHECK_FALSE(g.resolve_country("Jordan"));
    CHECK_FALSE(g.resolve_country("Peruvia"));
    CHECK_FALSE(g.resolve_country(""));
    CHECK_FALSE(g.resolve_country("REGIONAL"));
}

TEST_CASE("an alias given to a second country is refused") {
    auto g = geography::r4v();
    CHECK_THROWS_AS(g.add_country_alias("COL", "Perú"), error);
    CHECK_THROWS_AS(g.add_country_alias("XXX", "Nowhere"), error);
    g.add_country_alias("COL", "Kolumbien");
    CHECK(g.resolve_country("kolumbien") == g.find_country("COL"));
}

TEST_CASE("two platforms of one name or code are refused, whatever the case or accents") {
    geography g("R", "Region");
    g.add_platform("AND", "Andes", platform_kind::national);
    CHECK_THROWS_WITH_AS(g.add_platform("AN2", "ANDES", platform_kind::national),
                         "[tally.duplicate_code.105] platform 'AN2' (ANDES) has the name or code "
                         "of platform 'AND' (Andes)",
                         error);
    CHECK_THROWS_AS(g.add_platform("and", "Other", platform_kind::national), error);
    CHECK_THROWS_AS(g.add_platform("OTH", "AND", platform_kind::national), error);
    CHECK(g.platform_count() == 1);
    g.add_platform("CAR", "Caribbean", platform_kind::sub_regional);
    CHECK(g.resolve_platform("caribbean") == code_id{1});
    CHECK(g.resolve_platform("CAR") == code_id{1});
    CHECK_FALSE(g.resolve_platform("Caribe"));
    const auto r = geography::r4v();
    CHECK(r.platform(*r.resolve_platform("southern cone")).code == "SCO");
}

TEST_CASE("two countries of one code or name are refused, so every spelling finds one country") {
    geography g("R", "Region");
    g.add_platform("P", "P", platform_kind::national);
    g.add_country("COL", "Colombia", "P");
    CHECK_THROWS_WITH_AS(g.add_country("col", "Kolumbien", "P"),
                         "[tally.duplicate_code.105] country 'col' is defined twice (as 'COL')",
                         error);
    CHECK_THROWS_WITH_AS(g.add_country("XCO", "COLOMBIA", "P"),
                         "[tally.duplicate_code.105] the name 'COLOMBIA' is given to two "
                         "countries (COL and XCO)",
                         error);
    CHECK_THROWS_WITH_AS(g.add_country("XYZ", "col", "P"),
                         "[tally.duplicate_code.105] the name 'col' of country XYZ is the code of "
                         "country COL",
                         error);
    CHECK_THROWS_AS(g.add_country("Colombia", "Another", "P"), error);
    CHECK(g.country_count() == 1);
    g.add_country("PER", "Peru", "P");
    CHECK(g.country_count() == 2);
    CHECK(g.country(*g.resolve_country("peru")).code == "PER");
}

} // namespace test_core_geography
