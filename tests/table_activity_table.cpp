#include <doctest/doctest.h>
#include <tally/table/activity_table.hpp>

using namespace tally;

namespace {
activity_line line_of(activity_table& t, const char* country, const char* org, std::int64_t n) {
    activity_line l;
    l.country = t.countries.intern(country);
    l.when = month(2023, 1);
    l.appealing_org = l.implementing_org = t.orgs.intern(org);
    l.sector = t.sectors.intern("Health");
    l.indicator = t.indicators.intern("HEA-01");
    l.new_beneficiaries = n;
    return l;
}
} // namespace

TEST_CASE("an activity table stores lines and their sparse group breakdown") {
    activity_table t;
    const auto dest = t.groups().id_of("in_destination"), host = t.groups().id_of("host_community");
    const group_value bd[] = {{dest, 7}, {host, 3}};
    t.append(line_of(t, "ECU", "UNHCR", 10), bd);
    t.append(line_of(t, "PER", "IOM", 0), {});
    REQUIRE(t.size() == 2);
    CHECK(t.groups_of(0).size() == 2);
    CHECK(t.group_values_of(0)[1] == 3);
    CHECK(t.groups_of(1).empty());
    CHECK(t.countries.name(t.country()[1]) == "PER");
    CHECK(t.month_index()[0] == month(2023, 1).index());
}

TEST_CASE("an activity table refuses negative values") {
    activity_table t;
    const group_value bad[] = {{0, -1}};
    CHECK_THROWS_AS(t.append(line_of(t, "ECU", "X", 1), bad), tally::error);
    CHECK_THROWS_AS(t.append(line_of(t, "ECU", "X", -1), {}), tally::error);
}

TEST_CASE("merging activity tables re-encodes the other table's ids") {
    activity_table a, b;
    a.append(line_of(a, "ECU", "UNHCR", 1), {});
    const group_value bd[] = {{2, 5}};
    b.append(line_of(b, "PER", "IOM", 5), bd);
    b.append(line_of(b, "ECU", "UNHCR", 2), {});
    a.merge(b);
    REQUIRE(a.size() == 3);
    CHECK(a.countries.size() == 2);
    CHECK(a.countries.name(a.country()[1]) == "PER");
    CHECK(a.country()[2] == a.country()[0]);
    CHECK(a.orgs.name(a.appealing_org()[1]) == "IOM");
    CHECK(a.group_values_of(1)[0] == 5);
    activity_table other_groups(population_groups{});
    CHECK_THROWS_AS(a.merge(other_groups), tally::error);
}
