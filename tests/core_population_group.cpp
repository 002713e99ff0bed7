#include <doctest/doctest.h>
#include <tally/core/count.hpp>
#include <tally/core/population_group.hpp>

namespace test_core_population_group {

using namespace tally;

TEST_CASE("the R4V groups: in transit is per country only, the others add up") {
    const auto g = population_groups::r4v();
    CHECK(g.size() == 5);
    CHECK(g.rule(g.id_of("in_transit")) == cross_country_rule::per_country_only);
    for (auto code : {"in_destination", "host_community", "pendular", "returnees"})
        CHECK(g.rule(g.id_of(code)) == cross_country_rule::additive);
}

TEST_CASE("R4V 5W column spellings resolve to the groups") {
    const auto g = population_groups::r4v();
    CHECK(g.id_of("IN_DESTINATION") == g.id_of("in_destination"));
    CHECK(g.id_of("IN_TRANSIT") == g.id_of("in transit"));
    CHECK(g.id_of("Host_Communities") == g.id_of("host_community"));
    CHECK(g.id_of("PENDULARS") == g.id_of("pendular"));
    CHECK(g.id_of("Returnees") == g.id_of("returnees"));
    CHECK_FALSE(g.find("tourists"));
}

TEST_CASE("groups are data: a plan can add its own") {
    auto g = population_groups::r4v();
    const auto id =
        g.add("on_the_move", "On the move", cross_country_rule::per_country_only, {"otm"});
    CHECK(g.id_of("OTM") == id);
    CHECK(g.info(id).label == "On the move");
    CHECK_THROWS_AS(g.add("transit2", "", cross_country_rule::additive, {"in transit"}),
                    tally::error);
    CHECK_FALSE(g.find("transit2")); // a failed add leaves nothing behind
}

TEST_CASE("per_group holds one count per group") {
    per_group<reached_count<>> v;
    v[3] += reached_count<>(7);
    v[3] += reached_count<>(5);
    CHECK(v.size() == 4);
    CHECK(v.at(3).value() == 12);
    CHECK(v.at(0).value() == 0);
}

} // namespace test_core_population_group

namespace test_core_population_group {

TEST_CASE("the R4V 2025 5W template names its population groups") {
    const auto g = tally::population_groups::r4v();
    CHECK(g.find("Refugees and Migrants IN DESTINATION") == g.id_of("in_destination"));
    CHECK(g.find("Refugees and Migrants IN TRANSIT") == g.id_of("in_transit"));
    CHECK(g.find("Host Communities") == g.id_of("host_community"));
    CHECK(g.find("Colombian Returnees") == g.id_of("returnees"));
    CHECK(g.find("Pendulars") == g.id_of("pendular"));
}

} // namespace test_core_population_group
