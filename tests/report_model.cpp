#include "metrics_fixture.hpp"
#include <doctest/doctest.h>
#include <tally/report/model.hpp>

namespace test_report_model {

using namespace tally;
using namespace tally::report;

// The figures below are worked out by hand from tests/metrics_fixture.hpp:
// activities COL Health 200 in destination (Jan), 100 in transit (Feb), 40 capacity building;
// COL Food Security 300 (Mar); PER Health 50; ECU Education 80 awareness (reaches no one);
// plan COL Health 1000/400, COL Food Security 2000/600, PER Health 500/100 (PiN/target);
// requirements COL Health 2000, COL Food Security 6000, PER Health 1000, ECU Education 500.
namespace {
report_model build(std::string scope = {}) {
    metrics_fixture::inputs f;
    report_options o;
    o.scope = std::move(scope);
    return build_report(f.in, o);
}
const report_line* find(const std::vector<report_line>& v, std::string_view name) {
    for (const auto& l : v)
        if (l.name == name || l.code == name)
            return &l;
    return nullptr;
}
} // namespace

TEST_CASE("the whole-response headline leaves people in transit out and counts all funding") {
    const auto m = build();
    const auto& r = m.region;
    // 200 + 300 (COL) + 50 (PER); COL's 100 in transit are apart.
    CHECK(r.reached.value().value() == 550);
    CHECK(r.in_transit.value() == 100);
    // Mosaic: COL max(2000, 1000) / max(600, 400), plus PER 500 / 100.
    CHECK(r.pin->value() == 2500);
    CHECK(r.target->value() == 700);
    CHECK(*r.attainment() == doctest::Approx(550.0 / 700.0));
    // Every flow but Jordan's 50 (not a country of the geography): 6150 - 50.
    CHECK(r.funding.value() == 6100);
    CHECK(r.requirements->value() == 9500);
    CHECK(*r.coverage() == doctest::Approx(6100.0 / 9500.0));
    // UNHCR, IOM, WFP, PAHO, UNICEF: partners of non-direct lines count too.
    CHECK(r.appealing.value() == 5);
    CHECK(r.implementing.value() == 5);
    CHECK(m.funding_not_in_scope.value() == 50);
}

TEST_CASE("platform rows come in the geography's order and hold only their countries' money") {
    const auto m = build();
    REQUIRE(m.platforms.size() == 3);
    CHECK(m.platforms[0].name == "Colombia");
    CHECK(m.platforms[1].name == "Ecuador");
    CHECK(m.platforms[2].name == "Peru");
    const auto& col = m.platforms[0];
    CHECK(col.reached.value().value() == 500); // in transit left out above country level
    CHECK(col.in_transit.value() == 100);
    CHECK(col.funding.value() == 4700); // 1000 + 3000 + 300 (no sector) + 400 (two sectors)
    CHECK(col.requirements->value() == 8000);
    CHECK(col.appealing.value() == 3); // UNHCR, IOM, WFP
    CHECK(m.platforms[2].funding.value() == 500);
    CHECK(m.platforms[1].reached.value().value() == 0);
    CHECK_FALSE(m.platforms[1].target);
    // Regional 700 and COL+PER 200 are in no platform row.
    CHECK(m.funding_outside_platforms.value() == 900);
    std::int64_t sum = m.funding_outside_platforms.value();
    for (const auto& p : m.platforms)
        sum += p.funding.value();
    CHECK(sum == m.region.funding.value());
}

TEST_CASE("an organisation that served only people in transit counts in its country, platform "
          "and regional partners") {
    // The fixture plus TRANSIT, whose only line in Colombia served people in transit: Colombia
    // country and platform rows have UNHCR, IOM, WFP and TRANSIT; the region adds PAHO and UNICEF.
    metrics_fixture::inputs f;
    metrics_fixture::add_line(f.acts, "COL", "2023-02", "Health", "TRANSIT", "in_transit", 10);
    const auto m = build_report(f.in, report_options{});
    const auto* country = find(m.countries, "COL");
    REQUIRE(country);
    REQUIRE(!m.platforms.empty());
    const auto& platform = m.platforms[0];
    REQUIRE(platform.name == "Colombia");
    CHECK(country->appealing.value() == 4);
    CHECK(platform.appealing.value() == 4);
    CHECK(platform.implementing.value() == 4);
    CHECK(m.region.appealing.value() == 6);
    CHECK(m.region.implementing.value() == 6);
    // People in transit stay out of the platform's and the region's people reached.
    CHECK(platform.reached.value().value() == 500);
    CHECK(platform.in_transit.value() == 110);
    // Every national platform has its country's counts.
    for (const auto& p : m.platforms)
        for (const auto& c : m.countries)
            if (c.platform == p.name && p.name == c.name) {
                CHECK(p.appealing == c.appealing);
                CHECK(p.implementing == c.implementing);
            }
}

TEST_CASE("country rows keep people in transit in and show them apart") {
    const auto m = build();
    REQUIRE(m.countries.size() == 3);
    const auto* col = find(m.countries, "COL");
    REQUIRE(col);
    CHECK(col->name == "Colombia");
    CHECK(col->platform == "Colombia");
    CHECK(col->reached.value().value() == 600);
    CHECK(col->in_transit.value() == 100);
    CHECK(*col->attainment() == doctest::Approx(1.0)); // 600 / 600
}

TEST_CASE("a sub-sector scope restricts reach, plan, funding and requirements to it") {
    const auto m = build("Health");
    CHECK(m.scope == "Health");
    const auto& r = m.region;
    CHECK(r.reached.value().value() == 250); // 200 + 50; 100 in transit apart
    CHECK(r.in_transit.value() == 100);
    CHECK(r.pin->value() == 1500);
    CHECK(r.target->value() == 500);
    // COL 1000, Perú 500, regional 700, COL+PER 200; not Food Security's 3000.
    CHECK(r.funding.value() == 2400);
    // No sector 300, Jordan 50, Health + Food Security 400 cannot be attributed to Health.
    CHECK(m.funding_not_in_scope.value() == 750);
    CHECK(m.funding_outside_platforms.value() == 900);
    CHECK(r.requirements->value() == 3000);
    CHECK(m.title == "End-year report: Health");
}

TEST_CASE("footnotes follow from the provenance of the figures") {
    const auto m = build();
    const auto* transit = m.find_footnote("in-transit");
    REQUIRE(transit);
    CHECK(transit->text.find("do not include refugees and migrants in transit") !=
          std::string::npos);
    CHECK(transit->text.find("counts twice): 100.") != std::string::npos);
    const auto* outside = m.find_footnote("outside-platforms");
    REQUIRE(outside);
    CHECK(outside->text.find("(900 USD)") != std::string::npos);
    REQUIRE(m.find_footnote("partners"));
    CHECK(m.find_footnote("partners")->text.find("do not sum partner counts") != std::string::npos);
    const auto* dedup = m.find_footnote("deduplication");
    REQUIRE(dedup);
    CHECK(dedup->text.find("max per population group across sectors") != std::string::npos);
    CHECK(m.find_footnote("not-in-scope")->text.find("50 USD") == 0);
    CHECK_FALSE(m.find_footnote("rejected")); // the fixture has no rejected rows
    CHECK(m.find_footnote("funding-as-of")->text.find(" as of ") == std::string::npos);
}

TEST_CASE("the funding footnote carries the as-of date and rejected rows are counted") {
    metrics_fixture::inputs f;
    // Six rows used and one rejected, through the report's own reject() (a braced temporary
    // rejected_row pushed here made g++ 12 -O3 warn -Wmaybe-uninitialized inside std::string).
    f.in.reports.activities.rows_read = 6;
    f.in.reports.activities.reject(source_position{"a.csv", 8, 0}, "bad month");
    report_options o;
    o.as_of = date::parse("2024-04-01");
    o.flows_after_as_of = 2;
    const auto m = build_report(f.in, o);
    const auto* fn = m.find_footnote("funding-as-of");
    REQUIRE(fn);
    CHECK(fn->text.find("as of 1 April 2024.") != std::string::npos);
    CHECK(fn->text.find("2 flows dated after that day are left out.") != std::string::npos);
    const auto* rej = m.find_footnote("rejected");
    REQUIRE(rej);
    CHECK(rej->text.find("1 row of 7 in the activities") != std::string::npos);
    // The rejected rows' note comes before the misalignment section's, the page's last.
    REQUIRE(m.footnotes.size() >= 2);
    CHECK(m.footnotes[m.footnotes.size() - 2].id == "rejected");
    CHECK(m.footnotes.back().id == "misalignment");
}

TEST_CASE("the model says which inputs were given and names its measures in words") {
    metrics_fixture::inputs f;
    auto m = build_report(f.in, report_options{});
    CHECK(m.given("activities"));
    CHECK(m.given("funding")); // money entries, though no funding file was read
    CHECK(m.given("requirements"));
    CHECK_FALSE(m.scope_is_subsector);
    CHECK(*m.funding_shown(m.region) == 6100);
    f.in.funding.clear();
    m = build_report(f.in, report_options{});
    CHECK_FALSE(m.given("funding"));
    CHECK_FALSE(m.funding_shown(m.region));
    CHECK_FALSE(m.coverage_shown(m.region));
    CHECK(*m.reached_shown(m.region) == 550);
    for (const auto& s : m.misalignment.summary) {
        CAPTURE(s.name);
        CHECK_FALSE(s.label.empty());
        CHECK(s.label != s.name);
    }
    CHECK(m.misalignment.summary[1].name == "coverage_weighted_mean");
    CHECK(m.misalignment.summary[1].ratio);
    report_options o;
    o.scope = "Protection (Human Trafficking and Smuggling)";
    CHECK(build_report(f.in, o).scope_is_subsector);
    o.scope = "Health";
    CHECK_FALSE(build_report(f.in, o).scope_is_subsector);
}

TEST_CASE("the coverage spread names the least and most funded platforms") {
    const auto m = build();
    // Colombia 4700 / 8000, Peru 500 / 1000; Ecuador has no funding of its 500.
    CHECK(*m.misalignment.lowest_coverage == doctest::Approx(0.0));
    CHECK(m.misalignment.lowest_platform == "Ecuador");
    CHECK(*m.misalignment.highest_coverage == doctest::Approx(4700.0 / 8000.0));
    CHECK(m.misalignment.highest_platform == "Colombia");
}

TEST_CASE("a flagged cell explains its causes in one sentence") {
    flagged_cell f;
    CHECK(f.explanation().empty());
    f.causes = {"funding that partners did not report to FTS"};
    CHECK(f.explanation() == "This may stem from funding that partners did not report to FTS.");
    f.causes.push_back("activity reports that stop before the last month of the data");
    CHECK(f.explanation() == "This may stem from funding that partners did not report to FTS, or "
                             "from activity reports that stop before the last month of the data.");
}

TEST_CASE("cells flagged by the misalignment metrics carry their causes as phrases") {
    metrics_fixture::inputs f;
    f.in.funding.clear(); // no money anywhere: every cell that reached someone is flagged
    const auto m = build_report(f.in, {});
    REQUIRE_FALSE(m.misalignment.flagged.empty());
    for (const auto& c : m.misalignment.flagged) {
        CHECK(c.why == "people reached, but no funding was reported");
        REQUIRE_FALSE(c.causes.empty());
        CHECK(c.causes.front() == "funding that partners did not report to FTS");
        CHECK(c.explanation().rfind("This may stem from funding that partners", 0) == 0);
    }
}

TEST_CASE("a line whose refunds exceed its funding shows no coverage and says why") {
    // The fixture plus a refund of 5,000 USD to COL Health: Colombia's net funding is
    // 4,700 - 5,000 = -300 (country and platform), the region's 6,100 - 5,000 = 1,100.
    metrics_fixture::inputs f;
    metrics::money_entry<> refund;
    refund.countries = {"COL"};
    refund.sectors = {"Health"};
    refund.amount = usd_amount(-5000);
    f.in.funding.push_back(refund);
    const auto m = build_report(f.in, report_options{});
    const auto* col = find(m.countries, "COL");
    REQUIRE(col);
    CHECK(col->funding.value() == -300);
    CHECK_FALSE(col->coverage());
    CHECK_FALSE(m.platforms[0].coverage());
    CHECK(m.region.funding.value() == 1100);
    CHECK(*m.region.coverage() == doctest::Approx(1100.0 / 9500.0));
    const auto* note = m.find_footnote("negative-funding");
    REQUIRE(note);
    CHECK(note->text == "Net funding is below zero, as refunds or corrections exceed the funding "
                        "reported, for Colombia (-300 USD): coverage is not shown for these lines "
                        "(n/a), and they are left out of the coverage range across platforms.");
    CHECK(m.misalignment.lowest_platform != "Colombia");
    // The COL Health cell (1,000 - 5,000) is flagged with its own cause, without a coverage.
    bool flagged = false;
    for (const auto& c : m.misalignment.flagged)
        if (c.country == "COL" && c.sector == "Health") {
            flagged = true;
            CHECK(c.why == "net funding below zero: refunds exceed the funding reported");
            CHECK_FALSE(c.coverage);
            CHECK(c.explanation() == "This may stem from refunds or corrections larger than the "
                                     "funding reported (net funding below zero).");
        }
    CHECK(flagged);
}

TEST_CASE("the in-transit footnote follows the figure's rule, whatever the group is called") {
    // The report asks the regional figure what it did with people counted once per country; a
    // group labelled otherwise than "in transit" is left out and footnoted all the same.
    population_groups g;
    g.add("in_destination", "In destination", cross_country_rule::additive);
    g.add("crossing", "Crossing the border", cross_country_rule::per_country_only);
    activity_table acts(g);
    metrics_fixture::add_line(acts, "COL", "2023-01", "Health", "UNHCR", "in_destination", 200);
    metrics_fixture::add_line(acts, "COL", "2023-02", "Health", "IOM", "crossing", 100);
    metrics::join_inputs<> in;
    in.activities = acts;
    const auto m = build_report(in, report_options{});
    CHECK(m.region.reached.value().value() == 200);
    CHECK(m.region.reached.how().in_transit() == in_transit_treatment::left_out);
    CHECK(m.region.reached.footnote().find("people crossing the border") != std::string::npos);
    REQUIRE(m.find_footnote("in-transit"));
    CHECK(m.find_footnote("in-transit")->text.find("counts twice): 100.") != std::string::npos);
}

} // namespace test_report_model
