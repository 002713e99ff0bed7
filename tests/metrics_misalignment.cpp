#include "metrics_fixture.hpp"
#include <doctest/doctest.h>
#include <tally/metrics/misalignment.hpp>

namespace test_metrics_misalignment {

using namespace tally;
using namespace tally::metrics;
using dedup::reach_key;
using doctest::Approx;

namespace {
struct spec {
    const char* country;
    std::int64_t reached;
    std::optional<std::int64_t> target, pin;
    std::int64_t funding;
    std::optional<std::int64_t> requirements;
    std::size_t lines = 1, non_direct = 0;
    const char* last = "2023-12";
    std::int64_t outside = 0;
};

joined_cell<> cell(const spec& s) {
    joined_cell<> c;
    c.keys = {s.country};
    c.reached = figure<reached_count<>>(reached_count<>(s.reached), provenance{});
    if (s.target)
        c.target = figure<target_count<>>(target_count<>(*s.target), provenance{});
    if (s.pin)
        c.pin = figure<pin_count<>>(pin_count<>(*s.pin), provenance{});
    c.funding = figure<usd_amount>(usd_amount(s.funding), provenance{});
    if (s.requirements)
        c.requirements = figure<usd_amount>(usd_amount(*s.requirements), provenance{});
    c.lines = s.lines;
    c.non_direct_lines = s.non_direct;
    if (s.lines)
        c.last_month = month::parse(s.last);
    c.outside_money = usd_amount(s.outside);
    return c;
}

joined_table<> table(const std::vector<spec>& specs, std::int64_t scale = 1) {
    joined_table<> t;
    t.by = {reach_key::country};
    t.last_month = month::parse("2023-12");
    for (auto s : specs) {
        s.funding *= scale;
        t.cells.push_back(cell(s));
    }
    std::sort(t.cells.begin(), t.cells.end(),
              [](const auto& a, const auto& b) { return a.keys < b.keys; });
    return t;
}

// Six comparable cells (target 100, requirements 1000 each) and two that are not:
//   cell  reached  PiN  funding  attainment coverage  log_ratio
//   ARG      50    200     500     0.5       0.5      0
//   BOL      80    400     400     0.8       0.4      ln 0.5
//   COL      40    100     800     0.4       0.8      ln 2
//   ECU      50    200     500     0.5       0.5      0
//   PER     100    100    1000     1.0       1.0      0
//   URY       1    100     900     0.01      0.9      ln 90 = 4.49981
//   CHL       0     -      300     (no plan, no requirements; 2 non-direct lines to 2023-06)
//   BRA      70     -        0     (no plan, no requirements; 100 USD outside cells)
std::vector<spec> example() {
    return {{"ARG", 50, 100, 200, 500, 1000},
            {"BOL", 80, 100, 400, 400, 1000},
            {"COL", 40, 100, 100, 800, 1000},
            {"ECU", 50, 100, 200, 500, 1000},
            {"PER", 100, 100, 100, 1000, 1000},
            {"URY", 1, 100, 100, 900, 1000, 4, 1},
            {"CHL", 0, std::nullopt, std::nullopt, 300, std::nullopt, 2, 2, "2023-06"},
            {"BRA", 70, std::nullopt, std::nullopt, 0, std::nullopt, 1, 0, "2023-12", 100}};
}

const cell_metrics<>& at(const misalignment<>& m, const joined_table<>& t, const char* key) {
    for (std::size_t i = 0; i < t.cells.size(); ++i)
        if (t.cells[i].keys[0] == key)
            return m.cells[i];
    throw std::runtime_error("no cell");
}
} // namespace

TEST_CASE("per-cell metrics follow their formulas on a table computed by hand") {
    auto t = table(example());
    t.cells[0].outside_money = usd_amount(250); // ARG: coverage_upper (500 + 250) / 1000
    const auto m = measure(t);
    const auto& arg = at(m, t, "ARG");
    CHECK(arg.attainment->value() == 0.5);
    CHECK(arg.coverage->value() == 0.5);
    CHECK(arg.coverage_upper->value() == 0.75);
    CHECK(*arg.gap == 0.0);
    CHECK(*arg.log_ratio == 0.0);
    CHECK(arg.cost_per_reached->value() == 10);        // 500 / 50
    CHECK(arg.planned_cost_per_target->value() == 10); // 1000 / 100
    CHECK(arg.funding_per_pin->value() == 2.5);        // 500 / 200
    CHECK(*arg.non_direct_share == 0.0);
    CHECK(arg.comparable);
    const auto& col = at(m, t, "COL");
    CHECK(*col.gap == Approx(0.4)); // 0.8 − 0.4
    CHECK(*col.log_ratio == Approx(std::log(2.0)));
    CHECK(*at(m, t, "URY").non_direct_share == 0.25); // 1 of 4 lines
    const auto& chl = at(m, t, "CHL");
    CHECK_FALSE(chl.comparable);
    CHECK_FALSE(chl.attainment);
    CHECK_FALSE(chl.coverage);
    CHECK_FALSE(chl.coverage_upper);
    CHECK_FALSE(chl.gap);
    CHECK_FALSE(chl.log_ratio);
    CHECK_FALSE(chl.cost_per_reached); // no one reached
    CHECK_FALSE(chl.funding_share);
    CHECK(*chl.non_direct_share == 1.0);
}

TEST_CASE("shares, distances, rank correlation and inequality over comparable cells") {
    const auto t = table(example());
    const auto m = measure(t);
    const auto& s = m.summary;
    CHECK(s.comparable_cells == 6);
    // funding total 4100, reached total 321
    CHECK(*at(m, t, "PER").funding_share == Approx(1000.0 / 4100));
    CHECK(*at(m, t, "PER").reach_share == Approx(100.0 / 321));
    // ½ Σ |f_i/4100 − r_i/321|
    CHECK(*s.total_variation == Approx(0.2869083));
    CHECK(*s.jensen_shannon == Approx(0.1358473));
    CHECK(*s.spearman == Approx(-2.0 / 17));
    // funding per PiN x = (2.5, 1, 8, 2.5, 10, 9), PiN p = (200, 400, 100, 200, 100, 100):
    // P = 1100, μ = 4100/1100; Σ Σ p p |Δx| / (2 P² μ) = 0.4478936
    CHECK(*s.gini_funding_per_pin == Approx(0.4478936));
    // coverage weighted by requirements (all 1000): mean of (0.5, 0.4, 0.8, 0.5, 1, 0.9)
    CHECK(s.coverage_weighted->mean == Approx(4.1 / 6));
    CHECK(s.coverage_weighted->sd == Approx(0.2266912));
    CHECK(s.attainment_weighted->mean == Approx(3.21 / 6));
    CHECK(s.attainment_weighted->sd == Approx(0.3116488));
    // funding shares against PiN shares (PiN / 1100)
    CHECK(*s.need_total_variation == Approx(0.3858093));
    CHECK(s.theil_funding_per_pin->total == Approx(0.3574772));
    // platforms: Southern Cone (ARG, BOL, URY), Colombia, Ecuador, Peru
    CHECK(s.theil_funding_per_pin->between == Approx(0.1780585));
    CHECK(s.theil_funding_per_pin->within == Approx(0.1794187));
    CHECK(s.theil_funding_per_pin->groups.size() == 4);
    CHECK(*s.median_log_ratio == 0.0);
    CHECK(*s.mad_log_ratio == Approx(std::log(2.0) / 2));
}

TEST_CASE("flags follow their precedence and z uses the median and MAD of log ratios") {
    const auto t = table(example());
    const auto m = measure(t);
    // z(URY) = ln 90 / (1.4826 · ln 2 / 2) = 8.757
    CHECK(*at(m, t, "URY").z == Approx(8.757390));
    CHECK(*at(m, t, "BOL").z == Approx(-1.348982));
    CHECK(at(m, t, "URY").flag == misalignment_flag::funding_ahead);
    CHECK(at(m, t, "BOL").flag == misalignment_flag::none);
    CHECK(at(m, t, "CHL").flag == misalignment_flag::funded_no_reach);
    CHECK(at(m, t, "BRA").flag == misalignment_flag::reach_no_funding);
    CHECK_FALSE(at(m, t, "CHL").z);
    CHECK(m.summary.flagged == 3);
    CHECK(m.summary.z_flags);
    // A threshold above 8.76 leaves URY unflagged.
    CHECK(at(measure(t, {9.0}), t, "URY").flag == misalignment_flag::none);
}

TEST_CASE("likely causes are those that can explain the flag's direction") {
    const auto t = table(example());
    const auto m = measure(t);
    CHECK(at(m, t, "URY").causes == std::vector{likely_cause::non_direct_activities});
    CHECK(at(m, t, "CHL").causes ==
          std::vector{likely_cause::non_direct_activities, likely_cause::reporting_lag});
    CHECK(at(m, t, "BRA").causes ==
          std::vector{likely_cause::funding_unreported, likely_cause::money_outside_cells});
    CHECK(at(m, t, "ARG").causes.empty());
}

TEST_CASE("funding with no activity line at all is activities_unreported") {
    auto specs = example();
    specs.push_back({"PAN", 0, std::nullopt, std::nullopt, 50, std::nullopt, 0, 0});
    const auto t = table(specs);
    const auto m = measure(t);
    CHECK(at(m, t, "PAN").flag == misalignment_flag::funded_no_reach);
    CHECK(at(m, t, "PAN").causes == std::vector{likely_cause::activities_unreported});
    CHECK_FALSE(at(m, t, "PAN").non_direct_share);
}

TEST_CASE("no z flags below 5 log ratios or when MAD is 0") {
    auto specs = example();
    specs.resize(4); // ARG BOL COL ECU: MAD > 0 but 4 cells
    auto t = table(specs);
    auto m = measure(t);
    CHECK_FALSE(m.summary.z_flags);
    CHECK(at(m, t, "COL").z); // z is still reported
    CHECK(m.summary.flagged == 0);
    // Five cells with the same log ratio and one far off: MAD = 0, no z at all.
    t = table({{"ARG", 50, 100, 200, 500, 1000},
               {"BOL", 50, 100, 200, 500, 1000},
               {"COL", 50, 100, 200, 500, 1000},
               {"ECU", 50, 100, 200, 500, 1000},
               {"PER", 1, 100, 200, 900, 1000}});
    m = measure(t);
    CHECK(*m.summary.mad_log_ratio == 0.0);
    CHECK_FALSE(m.summary.z_flags);
    CHECK_FALSE(at(m, t, "PER").z);
    CHECK(at(m, t, "PER").flag == misalignment_flag::none);
}

TEST_CASE("one cell, ties and zeros give n/a where a statistic is not defined") {
    auto t = table({{"ARG", 50, 100, 200, 500, 1000}});
    auto m = measure(t);
    CHECK(m.summary.comparable_cells == 1);
    CHECK(*m.summary.total_variation == 0.0); // both shares are 1
    CHECK_FALSE(m.summary.spearman);
    CHECK(*m.summary.gini_funding_per_pin == 0.0);
    CHECK(*m.summary.mad_log_ratio == 0.0);
    // No funding anywhere: shares of funding, Gini and Theil are n/a; attainment still works.
    t = table({{"ARG", 50, 100, 200, 0, 1000}, {"BOL", 20, 100, 200, 0, 1000}});
    m = measure(t);
    CHECK_FALSE(m.summary.total_variation);
    CHECK_FALSE(m.summary.jensen_shannon);
    CHECK_FALSE(m.summary.gini_funding_per_pin);
    CHECK_FALSE(m.summary.theil_funding_per_pin);
    CHECK_FALSE(m.summary.median_log_ratio); // coverage 0: no log ratio
    CHECK(m.summary.attainment_weighted->mean == Approx(0.35));
    CHECK(at(m, t, "ARG").flag == misalignment_flag::reach_no_funding);
}

TEST_CASE("a table without comparable cells has every summary statistic n/a") {
    const auto t = table(
        {{"CHL", 10, std::nullopt, std::nullopt, 300, std::nullopt}, {"BRA", 0, 0, 100, 0, 0}});
    const auto m = measure(t);
    CHECK(m.summary.comparable_cells == 0);
    CHECK_FALSE(m.summary.total_variation);
    CHECK_FALSE(m.summary.jensen_shannon);
    CHECK_FALSE(m.summary.spearman);
    CHECK_FALSE(m.summary.gini_funding_per_pin);
    CHECK_FALSE(m.summary.coverage_weighted);
    CHECK_FALSE(m.summary.attainment_weighted);
    CHECK_FALSE(m.summary.need_total_variation);
    CHECK_FALSE(m.summary.median_log_ratio);
    CHECK_FALSE(m.summary.mad_log_ratio);
    CHECK_FALSE(at(m, t, "BRA").attainment); // target 0
    CHECK_FALSE(at(m, t, "BRA").coverage);   // requirements 0
}

TEST_CASE("equal funding per PiN gives a Gini of 0 and no need misalignment") {
    const auto t = table({{"ARG", 50, 100, 200, 600, 1000},
                          {"BOL", 20, 100, 100, 300, 1000},
                          {"COL", 90, 100, 700, 2100, 1000}});
    const auto m = measure(t);
    CHECK(*m.summary.gini_funding_per_pin == Approx(0.0));
    CHECK(*m.summary.need_total_variation == Approx(0.0));
    CHECK(m.summary.theil_funding_per_pin->total == Approx(0.0));
}

TEST_CASE("scaling all funding changes coverage but no share, divergence, rank or Gini") {
    const auto t1 = table(example()), t3 = table(example(), 3);
    const auto m1 = measure(t1), m3 = measure(t3);
    CHECK(at(m3, t3, "ARG").coverage->value() == Approx(3 * at(m1, t1, "ARG").coverage->value()));
    for (std::size_t i = 0; i < m1.cells.size(); ++i) {
        CHECK(m1.cells[i].funding_share.has_value() == m3.cells[i].funding_share.has_value());
        if (m1.cells[i].funding_share)
            CHECK(*m3.cells[i].funding_share == Approx(*m1.cells[i].funding_share));
    }
    CHECK(*m3.summary.total_variation == Approx(*m1.summary.total_variation));
    CHECK(*m3.summary.jensen_shannon == Approx(*m1.summary.jensen_shannon));
    CHECK(*m3.summary.spearman == Approx(*m1.summary.spearman));
    CHECK(*m3.summary.gini_funding_per_pin == Approx(*m1.summary.gini_funding_per_pin));
    CHECK(*m3.summary.need_total_variation == Approx(*m1.summary.need_total_variation));
}

TEST_CASE("the library measures a joined table without the command-line tool") {
    metrics_fixture::inputs f;
    const auto t = join(f.in, join_options{});
    const auto m = measure(t);
    REQUIRE(m.cells.size() == t.cells.size());
    // COL Health: attainment 300/400, coverage 1000/2000, upper (1000 + 1600)/2000.
    const auto i = static_cast<std::size_t>(t.find({"COL", "Health"}) - t.cells.data());
    CHECK(m.cells[i].attainment->value() == 0.75);
    CHECK(m.cells[i].coverage->value() == 0.5);
    CHECK(m.cells[i].coverage_upper->value() == 1.3);
    CHECK(*m.cells[i].non_direct_share == Approx(1.0 / 3));
    CHECK(m.summary.funding_outside_cells.value() == 1650);
    // ECU Education: requirements, no target: not comparable; no funding, no one reached.
    const auto e = static_cast<std::size_t>(t.find({"ECU", "Education"}) - t.cells.data());
    CHECK_FALSE(m.cells[e].comparable);
    CHECK(m.cells[e].flag == misalignment_flag::none);
    CHECK(m.summary.comparable_cells == 3);
}

TEST_CASE("a cell whose refunds exceed its funding is flagged as such and left out of shares") {
    // The example plus CRI: target 100, requirements 1000, reached 30, net funding -300 (a refund
    // larger than the money reported). Its coverage -0.3 carries its own flag; the six
    // comparable cells and their metrics are those of the example.
    auto specs = example();
    specs.push_back({"CRI", 30, 100, 100, -300, 1000});
    const auto t = table(specs);
    const auto m = measure(t);
    const auto& cri = at(m, t, "CRI");
    CHECK(cri.flag == misalignment_flag::negative_funding);
    CHECK(cri.causes == std::vector<likely_cause>{likely_cause::refunds_exceed_funding});
    CHECK_FALSE(cri.comparable);
    CHECK_FALSE(cri.funding_share);
    CHECK(cri.coverage->value() == Approx(-0.3));
    CHECK(m.summary.comparable_cells == 6);
    CHECK(m.summary.negative_funding_cells == 1);
    CHECK(m.summary.flagged == 4);
    REQUIRE(m.summary.notes.size() == 1);
    CHECK(m.summary.notes[0].find("1 cell(s) with net funding below zero (refunds exceed "
                                  "funding)") == 0);
    // Shares and distances stay defined, and equal those without the cell.
    const auto base = measure(table(example()));
    REQUIRE(m.summary.total_variation);
    CHECK(*m.summary.total_variation == Approx(*base.summary.total_variation));
    CHECK(*m.summary.spearman == Approx(*base.summary.spearman));
    CHECK(m.summary.coverage_weighted->mean == Approx(base.summary.coverage_weighted->mean));
    CHECK(to_string(misalignment_flag::negative_funding) == "negative_funding");
    CHECK(to_string(likely_cause::refunds_exceed_funding) == "refunds_exceed_funding");
}

} // namespace test_metrics_misalignment
