#include <doctest/doctest.h>
#include <tally/core/resolve.hpp>

namespace test_core_resolve {

using namespace tally;

TEST_CASE("a sector's code, name and Spanish name resolve to one key labelled by its name") {
    dictionary d;
    for (auto s : {"HEA", "Health", "Salud", "health ", "Health & Nutrition", "Protection (GBV)"})
        d.intern(s);
    const auto r = resolve_sectors(d, sector_catalog::r4v());
    CHECK(r.key == std::vector<code_id>{0, 0, 0, 0, 4, 5});
    CHECK(r.label == std::vector<std::string>{"Health", "Health", "Health", "Health",
                                              "Health & Nutrition", "Protection (GBV)"});
    // A sub-sector resolves to itself, not to its sector.
    CHECK(r.entry[5] != r.entry[0]);
    CHECK(r.read_as == std::vector<std::string>{"sector 'HEA' is read as Health",
                                                "sector 'Salud' is read as Health",
                                                "sector 'health ' is read as Health"});
    CHECK(r.unresolved == std::vector<std::string>{"Health & Nutrition"});
    CHECK(r.key_of(no_code) == no_code);
}

TEST_CASE("a country's code and names resolve to one key labelled by its ISO3 code") {
    dictionary d;
    for (auto s : {"Colombia", "COL", "colombia", "Perú", "Jordan"})
        d.intern(s);
    const auto r = resolve_countries(d, geography::r4v());
    CHECK(r.key == std::vector<code_id>{0, 0, 0, 3, 4});
    CHECK(r.label == std::vector<std::string>{"COL", "COL", "COL", "PER", "Jordan"});
    CHECK(r.read_as.size() == 3);
    CHECK(r.read_as[2] == "country 'Perú' is read as PER (Peru)");
    CHECK(r.unresolved == std::vector<std::string>{"Jordan"});
    CHECK(country_code(geography::r4v(), "República Dominicana") == "DOM");
    CHECK_FALSE(country_code(geography::r4v(), "Jordan"));
    CHECK(sector_name(sector_catalog::r4v(), "wsh") == "WASH");
    CHECK_FALSE(sector_name(sector_catalog::r4v(), "Coordination"));
}

} // namespace test_core_resolve
