#include <doctest/doctest.h>
#include <tally/core/sector.hpp>

namespace test_core_sector {

using namespace tally;

TEST_CASE("R4V sub-sectors roll up to their sector") {
    const auto s = sector_catalog::r4v();
    const auto gbv = s.id_of("Protection (GBV)");
    CHECK(s.is_subsector(gbv));
    CHECK(s.info(s.rollup(gbv)).name == "Protection");
    const auto wash = s.id_of("WASH");
    CHECK(s.rollup(wash) == wash);
}

TEST_CASE("sectors are found by code, name or alias, whatever the case") {
    const auto s = sector_catalog::r4v();
    CHECK(s.id_of("food security") == s.id_of("FSC"));
    CHECK(s.id_of("Multipurpose Cash Assistance") == s.id_of("MPC"));
    CHECK(s.id_of("child-protection") == s.id_of("PRO-CP"));
    CHECK_FALSE(s.find("Intersector"));
    CHECK_THROWS_AS(s.id_of("Astronomy"), tally::error);
}

TEST_CASE("Intersector is not a sector") {
    CHECK(is_intersector_label("Intersector"));
    CHECK(is_intersector_label("INTER-SECTOR"));
    CHECK_FALSE(is_intersector_label("Integration"));
    sector_catalog c;
    CHECK_THROWS_AS(c.add("Intersector", "All"), tally::error);
}

TEST_CASE("a sector catalog refuses duplicates and nested sub-sectors") {
    sector_catalog c;
    c.add("A", "Alpha");
    c.add("A1", "Alpha one", "A");
    CHECK_THROWS_AS(c.add("alpha", ""), tally::error);
    CHECK_THROWS_AS(c.add("A11", "Too deep", "A1"), tally::error);
    CHECK_THROWS_AS(c.add("B1", "", "B"), tally::error);
}

TEST_CASE("indicator types parse from 5W spellings and only direct assistance counts") {
    CHECK(parse_indicator_type("Direct Assistance") == indicator_type::direct_assistance);
    CHECK(parse_indicator_type("PiN indicator") == indicator_type::direct_assistance);
    CHECK(parse_indicator_type("Capacity building") == indicator_type::capacity_building);
    CHECK(parse_indicator_type("Mechanism/Advocacy") == indicator_type::mechanism_advocacy);
    CHECK(parse_indicator_type("infrastructure") == indicator_type::infrastructure);
    CHECK(parse_indicator_type("Other") == indicator_type::other);
    CHECK_FALSE(parse_indicator_type(""));
    CHECK_FALSE(parse_indicator_type("teleportation"));
    CHECK(counts_as_reached(indicator_type::direct_assistance));
    CHECK_FALSE(counts_as_reached(indicator_type::capacity_building));
    CHECK(to_string(indicator_type::mechanism_advocacy) == "mechanism_advocacy");
}

} // namespace test_core_sector

namespace test_core_sector_names {

TEST_CASE("HNO sector codes and Spanish sector names resolve to the R4V catalog") {
    const auto c = tally::sector_catalog::r4v();
    auto code = [&](const char* s) { return c.info(c.id_of(s)).code; };
    CHECK(code("SHL") == "SHE");
    CHECK(code("PRO_CPM") == "PRO-CP");
    CHECK(code("PRO_GBV") == "PRO-GBV");
    CHECK(code("Salud") == "HEA");
    CHECK(code("Educación") == "EDU");
    CHECK(code("educacion") == "EDU");
    CHECK(code("Seguridad Alimentaria") == "FSC");
    CHECK(code("Alojamiento") == "SHE");
    CHECK(code("Agua") == "WSH");
    CHECK(code("Protección") == "PRO");
    CHECK(code("Violencia basada en género") == "PRO-GBV");
    CHECK(c.rollup(c.id_of("Protección de la Niñez")) == c.id_of("PRO"));
}

} // namespace test_core_sector_names

namespace test_core_sector_names {

TEST_CASE("ActivityInfo's PiN indicators are direct assistance, its non-PiN ones never count") {
    using tally::indicator_type;
    CHECK(tally::parse_indicator_type("PiN") == indicator_type::direct_assistance);
    CHECK(tally::parse_indicator_type("non-PiN") == indicator_type::other);
    CHECK(tally::parse_indicator_type("Non PiN") == indicator_type::other);
    CHECK_FALSE(tally::counts_as_reached(*tally::parse_indicator_type("non-PiN")));
}

} // namespace test_core_sector_names
