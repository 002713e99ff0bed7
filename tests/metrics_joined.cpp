#include "metrics_fixture.hpp"
#include <doctest/doctest.h>
#include <tally/io/flow_csv.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/table/plan_table.hpp>
#include <type_traits>

namespace test_metrics_joined {

using namespace tally;
using namespace tally::metrics;
using dedup::reach_key;

namespace {
joined_table<> joined(std::vector<reach_key> by, std::string scope = {}) {
    metrics_fixture::inputs f;
    join_options o;
    o.by = std::move(by);
    o.scope = std::move(scope);
    return join(f.in, o);
}
std::int64_t funding_of(const joined_cell<>& c) {
    return c.funding.value().value();
}
} // namespace

TEST_CASE("join inputs refer to the tables given, and hold no table when none is given") {
    tally::plan_table plan;
    metrics::join_inputs<> in;
    CHECK(!in.activities);
    CHECK(!in.plan.has_value());
    CHECK(!in.requirements);
    in.plan = plan;
    REQUIRE(in.plan);
    CHECK(&*in.plan == &plan);
    CHECK(in.plan->size() == 0);
    in.plan = {};
    CHECK(!in.plan);
    // A temporary table would dangle: it is refused at compile time.
    static_assert(
        !std::is_constructible_v<metrics::input_ref<tally::plan_table>, tally::plan_table&&>);
    static_assert(
        std::is_constructible_v<metrics::input_ref<tally::plan_table>, const tally::plan_table&>);
}

TEST_CASE("join inputs still take a table's address, as when they were pointers, with a "
          "deprecation warning") {
    tally::plan_table plan;
    metrics::join_inputs<> in;
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
    in.plan = &plan;
    in.activities = nullptr;
    const bool no_activities = in.activities == nullptr, a_plan = in.plan != nullptr;
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    CHECK(&*in.plan == &plan);
    CHECK(!in.activities);
    CHECK(no_activities);
    CHECK(a_plan);
}

TEST_CASE("a country and sector cell joins reach, plan, funding and requirements") {
    const auto t = joined({reach_key::country, reach_key::sector});
    REQUIRE(t.cells.size() == 4);
    const auto* c = t.find({"COL", "Health"});
    REQUIRE(c);
    // 200 in destination + 100 in transit (country level keeps them); the capacity-building
    // line reaches no one countable.
    CHECK(c->reached.value().value() == 300);
    CHECK(c->in_transit.value() == 100);
    CHECK(c->target->value().value() == 400);
    CHECK(c->pin->value().value() == 1000);
    CHECK(funding_of(*c) == 1000);
    CHECK(c->requirements->value().value() == 2000);
    CHECK(c->lines == 3);
    CHECK(c->non_direct_lines == 1);
    CHECK(c->last_month->to_string() == "2023-02");
    CHECK(c->appealing.value() == 2); // UNHCR, IOM
    // regional Health 700 + COL/PER Health 200 + COL no sector 300 + COL Health/Food 400.
    CHECK(c->outside_money.value() == 1600);

    const auto* food = t.find({"COL", "Food Security"});
    REQUIRE(food);
    CHECK(funding_of(*food) == 3000);          // "Colombia" resolves to COL
    CHECK(food->outside_money.value() == 700); // COL no sector 300 + COL Health/Food 400
    const auto* per = t.find({"PER", "Health"});
    REQUIRE(per);
    CHECK(funding_of(*per) == 500);           // "Perú" resolves to PER
    CHECK(per->outside_money.value() == 900); // regional Health 700 + COL/PER Health 200
}

TEST_CASE("a cell present in one input only has the other figures missing or zero") {
    const auto t = joined({reach_key::country, reach_key::sector});
    const auto* ecu = t.find({"ECU", "Education"});
    REQUIRE(ecu);
    CHECK(ecu->reached.value().value() == 0); // one awareness line: no one countable
    CHECK(ecu->lines == 1);
    CHECK(ecu->non_direct_lines == 1);
    CHECK_FALSE(ecu->target);
    CHECK_FALSE(ecu->pin);
    CHECK(funding_of(*ecu) == 0);
    CHECK(ecu->requirements->value().value() == 500);
}

TEST_CASE("money that fits no cell is reported by reason and country, never dropped") {
    const auto t = joined({reach_key::country, reach_key::sector});
    const auto& o = t.outside;
    CHECK(o.of(outside_reason::regional).value() == 700);
    CHECK(o.of(outside_reason::multi_country).value() == 200);
    CHECK(o.of(outside_reason::unspecified_sector).value() == 300);
    CHECK(o.of(outside_reason::multi_sector).value() == 400);
    CHECK(o.of(outside_reason::unknown_country).value() == 50);
    CHECK(o.total.value() == 1650);
    CHECK(o.by_country.at("COL").value() == 900); // 200 + 300 + 400
    CHECK(o.by_country.at("PER").value() == 200);
    CHECK(o.region_wide.value() == 700);
    CHECK(o.unknown_country.value() == 50);
    CHECK(t.funding_in_cells.value() == 4500);
    CHECK(t.total_funding.value() == 6150);
    CHECK(t.funding_in_cells + o.total == t.total_funding);
    bool told = false;
    for (const auto& n : t.notices)
        told = told || n.find("'Jordan'") != std::string::npos;
    CHECK(told);
    CHECK(t.last_month->to_string() == "2023-03");
}

TEST_CASE("platform cells leave people in transit out of reached and keep them apart") {
    const auto t = joined({reach_key::platform});
    const auto* col = t.find({"Colombia"});
    REQUIRE(col);
    // Intersector: Health 200 (Jan) and Food Security 300 (Mar) are different months: 500.
    CHECK(col->reached.value().value() == 500);
    CHECK(col->in_transit.value() == 100);
    // COL Health 1000 + Food 3000 + no sector 300 + Health/Food 400: sectors are not a key.
    CHECK(funding_of(*col) == 4700);
    CHECK(col->requirements->value().value() == 8000);
    CHECK(col->target->value().value() == 600); // mosaic: max(400, 600)
    // COL+PER is two platforms; regional names no country; Jordan is unknown.
    CHECK(t.outside.total.value() == 950);
    CHECK(t.outside.of(outside_reason::multi_country).value() == 200);
    CHECK(col->outside_money.value() == 900); // regional 700 + COL/PER 200
}

TEST_CASE("region cells hold every country's and the regional money") {
    const auto t = joined({reach_key::region});
    REQUIRE(t.cells.size() == 1);
    CHECK(t.cells[0].keys == std::vector<std::string>{"R4V"});
    CHECK(funding_of(t.cells[0]) == 6100);
    CHECK(t.outside.total.value() == 50);
    CHECK(t.outside.of(outside_reason::unknown_country).value() == 50);
}

TEST_CASE("a sector scope keeps only that sector's lines, plan rows, flows and requirements") {
    const auto t = joined({reach_key::country}, "Health");
    REQUIRE(t.cells.size() == 2);
    const auto* col = t.find({"COL"});
    REQUIRE(col);
    CHECK(col->reached.value().value() == 300);
    CHECK(funding_of(*col) == 1000);
    CHECK(col->requirements->value().value() == 2000);
    CHECK(col->target->value().value() == 400);
    // Health/Food Security is only partly Health: multi-sector; the Food Security flow is not
    // Health money at all.
    CHECK(t.outside.of(outside_reason::multi_sector).value() == 400);
    CHECK(t.outside.of(outside_reason::unspecified_sector).value() == 300);
    CHECK(t.outside.of(outside_reason::regional).value() == 700);
    CHECK(t.total_funding.value() == 1000 + 500 + 700 + 200 + 300 + 50 + 400);
    CHECK_FALSE(t.find({"ECU"}));
    const auto& notes = col->reached.how().notes();
    // Health has no sub-sector in the R4V catalog: the note says the sector only.
    CHECK(std::find(notes.begin(), notes.end(), "Only the Health sector") != notes.end());
}

TEST_CASE("a sub-sector scope and a sector scope that holds it") {
    metrics_fixture::inputs f;
    metrics_fixture::add_line(f.acts, "PER", "2023-01",
                              "Protection (Human Trafficking and Smuggling)", "IOM",
                              "in_destination", 12);
    metrics_fixture::add_line(f.acts, "PER", "2023-01", "Protection (General)", "UNHCR",
                              "in_destination", 30);
    join_options o;
    o.by = {reach_key::country};
    o.scope = "Protection (Human Trafficking and Smuggling)";
    auto t = join(f.in, o);
    REQUIRE(t.find({"PER"}));
    CHECK(t.find({"PER"})->reached.value().value() == 12);
    o.scope = "Protection";
    t = join(f.in, o);
    // max per population group across the two sub-sectors (the default intersector model).
    CHECK(t.find({"PER"})->reached.value().value() == 30);
    o.scope = "Astrology";
    CHECK_THROWS_AS(join(f.in, o), error);
}

TEST_CASE("the joined table refuses keys it cannot join on") {
    metrics_fixture::inputs f;
    join_options o;
    o.by = {reach_key::admin1};
    CHECK_THROWS_AS(join(f.in, o), error);
    o.by = {reach_key::country, reach_key::country};
    CHECK_THROWS_AS(join(f.in, o), error);
    o.by = {reach_key::country};
    o.in_transit = dedup::in_transit_rule::separate;
    CHECK_THROWS_AS(join(f.in, o), error);
}

TEST_CASE("plain flow CSV buckets become regional, multi-country and multi-sector money") {
    io::validation_report rep;
    const auto t = io::parse_flow_csv("donor,recipient,country,sector,amount_usd\n"
                                      "D,R,COL,Health,10\nD,R,COL,Health,5\nD,R,REGIONAL,MULTI,7\n"
                                      "D,R,MULTI,Health,3\n",
                                      "f.csv", rep);
    const auto e = money_entries(t);
    REQUIRE(e.size() == 3);
    metrics_fixture::inputs f;
    f.in.funding = e;
    join_options o;
    const auto j = join(f.in, o);
    CHECK(j.find({"COL", "Health"})->funding.value().value() == 15);
    CHECK(j.outside.of(outside_reason::regional).value() == 7);
    CHECK(j.outside.of(outside_reason::multi_country).value() == 3);
    CHECK(j.outside.total.value() == 10);
}

TEST_CASE("requirements that fit no cell are told with their sum, never dropped in silence") {
    // A per-plan requirement of COL (no sector) and one of a country outside the geography.
    metrics_fixture::inputs f;
    f.req.update({"COL", ""}, usd_amount(5000));
    f.req.update({"Jordan", "Health"}, usd_amount(70));
    join_options o;
    o.by = {reach_key::country, reach_key::sector};
    const auto t = join(f.in, o);
    CHECK(t.unplaced_requirements.value() == 5070);
    auto told = [&](const std::string& s) {
        return std::find(t.notices.begin(), t.notices.end(), s) != t.notices.end();
    };
    CHECK(told("requirements of 5,000 USD name no sector: they fit no country and sector cell, "
               "so no cell's coverage counts them"));
    CHECK(told("requirements country 'Jordan' does not resolve to a country of R4V: its 70 USD "
               "are left out"));
    CHECK(t.find({"COL", "Health"})->requirements->value().value() == 2000);
    // Under a scope no part of a requirement without a sector can be claimed.
    o.scope = "Health";
    const auto scoped = join(f.in, o);
    CHECK(std::find(scoped.notices.begin(), scoped.notices.end(),
                    "requirements of 5,000 USD name no sector: no part of them can be attributed "
                    "to Health, so they are left out") != scoped.notices.end());
    // Where sectors are summed over, the requirement without a sector counts: COL 2000 + 6000 +
    // 5000.
    o.scope.clear();
    o.by = {reach_key::country};
    const auto by_country = join(f.in, o);
    CHECK(by_country.find({"COL"})->requirements->value().value() == 13000);
    CHECK(by_country.unplaced_requirements.value() == 70);
}

} // namespace test_metrics_joined
