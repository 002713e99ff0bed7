#include <doctest/doctest.h>
#include <tally/dedup/plan.hpp>

namespace test_dedup_plan {

using namespace tally;
using namespace tally::dedup;

namespace {
struct plan_builder {
    plan_table t;
    plan_builder& add(const char* country, const char* admin1, const char* sector,
                      const char* group, std::int64_t pin, std::int64_t target,
                      std::uint32_t line = 0) {
        plan_line l;
        l.country = t.countries.intern(country);
        l.admin1 = *admin1 ? t.admin1s.intern(admin1) : no_code;
        if (is_intersector_label(sector))
            l.intersector = true;
        else
            l.sector = t.sectors.intern(sector);
        l.group = t.groups().id_of(group);
        l.pin = pin;
        l.target = target;
        l.file = t.files.intern("plan.csv");
        l.source_line = line;
        t.append(l);
        return *this;
    }
};

const plan_row* find(const plan_result& r, std::vector<std::string> keys,
                     transit_part part = transit_part::all) {
    for (const auto& row : r.rows)
        if (row.keys == keys && row.part == part)
            return &row;
    return nullptr;
}
std::int64_t pin(const plan_row* r) {
    REQUIRE(r);
    return r->pin.value().value();
}
std::int64_t target(const plan_row* r) {
    REQUIRE(r);
    return r->target.value().value();
}
} // namespace

TEST_CASE("the intersector PiN and target are the highest sector figures per place and group") {
    plan_builder b;
    b.add("ECU", "Azuay", "Health", "in_destination", 5000, 2000)
        .add("ECU", "Azuay", "Food Security", "in_destination", 7000, 1500)
        .add("ECU", "Azuay", "Food Security", "host_community", 900, 300)
        .add("ECU", "Pichincha", "Health", "in_destination", 800, 400);
    auto r = aggregate_plan(b.t, {reach_key::country});
    REQUIRE(r.rows.size() == 1);
    // Azuay destination max(5000, 7000) + host 900 + Pichincha 800 = 8700; targets
    // max(2000, 1500) + 300 + 400 = 2700.
    CHECK(pin(&r.rows[0]) == 8700);
    CHECK(target(&r.rows[0]) == 2700);
    CHECK(r.rows[0].pin.upper().value() == 13700);
    CHECK(r.rows[0].target.upper().value() == 4200);
    CHECK(r.rows[0].intersector);
    CHECK(r.rows[0].pin.how().steps()[0].find("mosaic") != std::string::npos);
    auto sectors = aggregate_plan(b.t, {reach_key::country, reach_key::sector});
    CHECK(pin(find(sectors, {"ECU", "Food Security"})) == 7900);
    CHECK(pin(find(sectors, {"ECU", "Health"})) == 5800);
}

TEST_CASE("a precomputed Intersector row replaces the mosaic and is never added to sector rows") {
    plan_builder b;
    b.add("ECU", "Azuay", "Health", "in_destination", 5000, 2000)
        .add("ECU", "Azuay", "Food Security", "in_destination", 7000, 1500)
        .add("ECU", "Azuay", "Intersector", "in_destination", 9000, 2500)
        .add("ECU", "Pichincha", "Health", "in_destination", 800, 400);
    auto r = aggregate_plan(b.t, {reach_key::country, reach_key::admin1});
    CHECK(pin(find(r, {"ECU", "Azuay"})) == 9000);
    CHECK(target(find(r, {"ECU", "Azuay"})) == 2500);
    CHECK(find(r, {"ECU", "Azuay"})->pin.upper().value() == 12000);
    CHECK(find(r, {"ECU", "Azuay"})->precomputed == 1);
    CHECK(pin(find(r, {"ECU", "Pichincha"})) == 800);
    auto country = aggregate_plan(b.t, {reach_key::country});
    CHECK(pin(&country.rows[0]) == 9800);
    CHECK(country.rows[0].pin.how().steps()[0].find("precomputed Intersector row for 1 of 2") !=
          std::string::npos);
    // Sector rows leave the Intersector row out.
    auto sectors = aggregate_plan(b.t, {reach_key::sector});
    REQUIRE(sectors.rows.size() == 2);
    CHECK(pin(find(sectors, {"Health"})) == 5800);
}

TEST_CASE("a target above its PiN is reported for the plan line and the row") {
    plan_builder b;
    b.add("PER", "Lima", "Health", "in_destination", 100, 120, 7)
        .add("PER", "Lima", "Education", "in_destination", 300, 50, 8);
    auto r = aggregate_plan(b.t, {reach_key::country, reach_key::sector});
    REQUIRE(r.notices.size() == 2);
    CHECK(r.notices[0] ==
          "plan.csv:7: target 120 exceeds PiN 100 (PER, Lima, Health, in_destination)");
    CHECK(r.notices[1] == "target 120 exceeds PiN 100 in the row (PER, Health)");
    // The intersector row: PiN max(100, 300) = 300, target max(120, 50) = 120: no row notice.
    auto inter = aggregate_plan(b.t, {reach_key::country});
    CHECK(inter.notices.size() == 1);
}

TEST_CASE("regional plan figures leave people in transit out by default") {
    plan_builder b;
    b.add("ECU", "", "Health", "in_destination", 1000, 500)
        .add("ECU", "", "Health", "in_transit", 400, 200)
        .add("PER", "", "Shelter", "in_destination", 2000, 800)
        .add("PER", "", "Shelter", "in_transit", 300, 100);
    CHECK(pin(&aggregate_plan(b.t, {reach_key::region}).rows[0]) == 3000);
    CHECK(pin(&aggregate_plan(b.t, {{reach_key::region}, in_transit_rule::include}).rows[0]) ==
          3700);
    auto sep = aggregate_plan(b.t, {reach_key::region}, in_transit_rule::separate);
    CHECK(pin(find(sep, {"R4V"}, transit_part::additive)) == 3000);
    CHECK(pin(find(sep, {"R4V"}, transit_part::per_country)) == 700);
    auto countries = aggregate_plan(b.t, {reach_key::country});
    CHECK(pin(find(countries, {"ECU"})) == 1400);
    CHECK(aggregate_plan(b.t, {reach_key::region})
              .rows[0]
              .pin.footnote()
              .find("Does not include people in transit") != std::string::npos);
}

TEST_CASE("a plan query refuses the month key") {
    plan_builder b;
    CHECK_THROWS_AS(aggregate_plan(b.t, {reach_key::month}), tally::error);
}

TEST_CASE("plan keys are parsed with the month refused") {
    CHECK(parse_plan_keys("country, sector") ==
          std::vector<reach_key>{reach_key::country, reach_key::sector});
    try {
        parse_plan_keys("country,month");
        FAIL("a month key was accepted");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::invalid_argument);
        CHECK(e.detail() == "plan figures have no month key");
    }
    CHECK_THROWS_AS(parse_plan_keys("country,planet"), tally::error);
}

} // namespace test_dedup_plan

namespace test_dedup_plan {

TEST_CASE("a plan country written by its Spanish name and by its code is one place") {
    plan_builder b;
    b.add("Perú", "", "Health", "in_destination", 100, 50)
        .add("PER", "", "Education", "in_destination", 80, 40)
        .add("Brasil", "", "Health", "in_destination", 7, 7);
    const auto r = aggregate_plan(b.t, {reach_key::country});
    REQUIRE(r.rows.size() == 2);
    CHECK(pin(find(r, {"PER"})) == 100); // the mosaic: the highest sector of the one place
    CHECK(pin(find(r, {"BRA"})) == 7);
    REQUIRE(r.notices.size() == 2);
    CHECK(r.notices[0] == "country 'Perú' is read as PER (Peru)");
}

TEST_CASE("a plan sector written by its code, English and Spanish names is one sector") {
    plan_builder b;
    b.add("COL", "", "Health", "in_destination", 100, 40)
        .add("COL", "", "Salud", "in_destination", 50, 20)
        .add("COL", "", "Shelter", "in_destination", 120, 60);
    plan_query q;
    const auto sectors = aggregate_plan(b.t, q);
    REQUIRE(sectors.rows.size() == 2);
    CHECK(pin(find(sectors, {"COL", "Health"})) == 150);
    CHECK(target(find(sectors, {"COL", "Health"})) == 60);
    // The mosaic takes the highest sector, Health 150, not Shelter 120 over two halves.
    q.by = {reach_key::country};
    const auto inter = aggregate_plan(b.t, q);
    CHECK(pin(find(inter, {"COL"})) == 150);
    CHECK(target(find(inter, {"COL"})) == 60);
}

TEST_CASE("a plan query takes its keys and in-transit rule as a reach query does") {
    plan_builder b;
    b.add("ECU", "", "Health", "in_destination", 1000, 500)
        .add("ECU", "", "Health", "in_transit", 400, 200)
        .add("PER", "", "Shelter", "in_destination", 2000, 800);
    // The key list of reach_pipeline::query, held in a variable as a program parses it.
    const std::vector<reach_key> keys = parse_plan_keys("region");
    for (auto rule :
         {in_transit_rule::exclude, in_transit_rule::include, in_transit_rule::separate}) {
        plan_query q;
        q.by = keys;
        q.in_transit = rule;
        const auto listed = aggregate_plan(b.t, keys, rule);
        const auto queried = aggregate_plan(b.t, q);
        CHECK(listed.by == queried.by);
        CHECK(listed.in_transit == rule);
        REQUIRE(listed.rows.size() == queried.rows.size());
        for (std::size_t i = 0; i < listed.rows.size(); ++i) {
            CHECK(listed.rows[i].keys == queried.rows[i].keys);
            CHECK(listed.rows[i].part == queried.rows[i].part);
            CHECK(listed.rows[i].pin.value() == queried.rows[i].pin.value());
            CHECK(listed.rows[i].target.value() == queried.rows[i].target.value());
        }
    }
    // The rule reaches the figure: people in transit are added only when included.
    CHECK(pin(&aggregate_plan(b.t, {reach_key::region}).rows[0]) == 3000);
    CHECK(pin(&aggregate_plan(b.t, {reach_key::region}, in_transit_rule::include).rows[0]) == 3400);
}

} // namespace test_dedup_plan
