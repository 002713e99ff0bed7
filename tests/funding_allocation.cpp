#include <doctest/doctest.h>
#include <limits>
#include <tally/funding/allocation.hpp>

namespace test_funding_allocation {

using namespace tally;
using namespace tally::funding;

TEST_CASE("a pro rata split adds up exactly, largest remainders first") {
    Eigen::VectorXd w(3);
    w << 1, 1, 1;
    CHECK(split_pro_rata(100, w) == std::vector<std::int64_t>{34, 33, 33});
    w << 1, 0, 3;
    CHECK(split_pro_rata(300, w) == std::vector<std::int64_t>{75, 0, 225});
    // A negative total is split as its magnitude and negated: 10 -> 2.5, 7.5 -> 3, 7 (the tie
    // to the earlier weight), so split(-t) == -split(t).
    CHECK(split_pro_rata(-10, w) == std::vector<std::int64_t>{-3, 0, -7});
    Eigen::VectorXd z = Eigen::VectorXd::Zero(2);
    CHECK_THROWS_AS(split_pro_rata(1, z), error);
    Eigen::VectorXd big(2);
    big << 1, 2;
    const auto p = split_pro_rata(9'000'000'000'000'000'001, big);
    CHECK(p[0] + p[1] == 9'000'000'000'000'000'001);
}

TEST_CASE("a pro rata split at the 64-bit limits is exact and never wraps") {
    constexpr auto max = std::numeric_limits<std::int64_t>::max();
    constexpr auto min = std::numeric_limits<std::int64_t>::min();
    Eigen::VectorXd w(2);
    w << 1, 1;
    // 2^63 - 1 = 4611686018427387904 + 4611686018427387903; the odd unit goes to the first.
    CHECK(split_pro_rata(max, w) ==
          std::vector<std::int64_t>{4'611'686'018'427'387'904, 4'611'686'018'427'387'903});
    CHECK(split_pro_rata(min, w) ==
          std::vector<std::int64_t>{-4'611'686'018'427'387'904, -4'611'686'018'427'387'904});
    Eigen::VectorXd one(1);
    one << 3;
    CHECK(split_pro_rata(max, one) == std::vector<std::int64_t>{max});
    CHECK(split_pro_rata(min, one) == std::vector<std::int64_t>{min});
    // Huge and tiny weights: 1e300 takes everything but the share of 1e-300 (0).
    Eigen::VectorXd skew(2);
    skew << 1e300, 1e-300;
    CHECK(split_pro_rata(max, skew) == std::vector<std::int64_t>{max, 0});
    // Weights above 2^62 (scaled): 2:1 of 3 * 10^18.
    Eigen::VectorXd large(2);
    large << 8e18, 4e18;
    CHECK(split_pro_rata(3'000'000'000'000'000'000, large) ==
          std::vector<std::int64_t>{2'000'000'000'000'000'000, 1'000'000'000'000'000'000});
}

TEST_CASE("unattributed sector money is spread within its country and the rule is stated") {
    group_sums<> f({"country", "sector"});
    f.update({"COL", "HEALTH"}, usd_amount(1500));
    f.update({"COL", "MULTI"}, usd_amount(300));
    f.update({"REGIONAL", "MULTI"}, usd_amount(700));
    const std::map<std::vector<std::string>, double> w = {
        {{"COL", "HEALTH"}, 3000}, {{"COL", "FOOD"}, 1000}, {{"PER", "FOOD"}, 5}};
    const auto r = allocate_pro_rata(f, "sector", w, "requirements");
    CHECK(r.sums.at({"COL", "HEALTH"}) == usd_amount(1725));
    CHECK(r.sums.at({"COL", "FOOD"}) == usd_amount(75));
    CHECK(r.sums.at({"COL", "MULTI"}) == usd_amount(0)); // emptied, still listed
    CHECK(r.sums.result().count({"COL", "MULTI"}) == 1);
    CHECK(r.sums.at({"REGIONAL", "MULTI"}) == usd_amount(700)); // nowhere to go
    CHECK(r.moved == usd_amount(300));
    CHECK(r.left == usd_amount(700));
    CHECK(r.sums.total() == f.total());
    CHECK(r.how.footnote().find("pro rata to requirements") != std::string::npos);
    CHECK(r.how.footnote().find("indicative") != std::string::npos);
    CHECK_THROWS_AS(allocate_pro_rata(f, "year", w, "requirements"), error);
}

TEST_CASE("plan weights follow the plan rule: a country-level row is its own place, added once") {
    plan_table plan;
    const auto col = plan.countries.intern("COL"), per = plan.countries.intern("PER");
    const auto health = plan.sectors.intern("HEALTH"), food = plan.sectors.intern("FOOD");
    const auto a1 = plan.admin1s.intern("COL-01"), a2 = plan.admin1s.intern("COL-02");
    auto line = [&](code_id c, code_id a, code_id s, code_id g, std::int64_t pin,
                    std::int64_t target) {
        plan_line l;
        l.country = c;
        l.admin1 = a;
        l.sector = s;
        l.group = g;
        l.pin = pin;
        l.target = target;
        plan.append(l);
    };
    // COL HEALTH group 0: country level 100 and admin1 rows 60 + 30 -> 190, as `tally plan`
    // adds them (the country-level row is its own place).
    line(col, no_code, health, 0, 100, 50);
    line(col, a1, health, 0, 60, 30);
    line(col, a2, health, 0, 30, 10);
    // COL HEALTH group 1: admin1 only, 5 + 7 -> 12.
    line(col, a1, health, 1, 5, 1);
    line(col, a2, health, 1, 7, 1);
    line(col, no_code, food, 0, 40, 20);
    line(per, no_code, food, 0, 8, 4);
    plan_line inter;
    inter.country = col;
    inter.intersector = true;
    inter.group = 0;
    inter.pin = 1'000'000;
    plan.append(inter);
    const auto w = plan_weights(plan, plan_measure::pin, {"country", "sector"});
    CHECK(w.at({"COL", "Health"}) == 202.0); // 100 + 60 + 30 + 5 + 7
    CHECK(w.at({"COL", "FOOD"}) == 40.0);
    CHECK(w.at({"PER", "FOOD"}) == 8.0);
    CHECK(w.size() == 3);
    const auto t = plan_weights(plan, plan_measure::target, {"sector"});
    // Across countries the plan's default in-transit rule leaves group 1 (in transit) out:
    // 50 + 30 + 10, as `tally plan --by sector` gives.
    CHECK(t.at({"Health"}) == 90.0);
    CHECK(t.at({"FOOD"}) == 24.0);
    CHECK_THROWS_AS(plan_weights(plan, plan_measure::pin, {"year"}), error);
    // The weights are the figures of the plan rule itself.
    dedup::plan_query q;
    q.check_lines = false;
    const auto figures = dedup::aggregate_plan(plan, q);
    for (const auto& row : figures.rows)
        CHECK(w.at(row.keys) == static_cast<double>(row.pin.value().value()));
    // Used as weights: COL's MULTI money goes 202 : 40 by PiN.
    group_sums<> f({"country", "sector"});
    f.update({"COL", "MULTI"}, usd_amount(242));
    const auto r = allocate_pro_rata(f, "sector", w, "people in need");
    CHECK(r.sums.at({"COL", "Health"}) == usd_amount(202));
    CHECK(r.sums.at({"COL", "FOOD"}) == usd_amount(40));
}

} // namespace test_funding_allocation
