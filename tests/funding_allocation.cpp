#include <doctest/doctest.h>
#include <tally/funding/allocation.hpp>

using namespace tally;
using namespace tally::funding;

TEST_CASE("a pro rata split adds up exactly, largest remainders first") {
    Eigen::VectorXd w(3);
    w << 1, 1, 1;
    CHECK(split_pro_rata(100, w) == std::vector<std::int64_t>{34, 33, 33});
    w << 1, 0, 3;
    CHECK(split_pro_rata(300, w) == std::vector<std::int64_t>{75, 0, 225});
    CHECK(split_pro_rata(-10, w) == std::vector<std::int64_t>{-2, 0, -8});
    Eigen::VectorXd z = Eigen::VectorXd::Zero(2);
    CHECK_THROWS_AS(split_pro_rata(1, z), error);
    Eigen::VectorXd big(2);
    big << 1, 2;
    const auto p = split_pro_rata(9'000'000'000'000'000'001, big);
    CHECK(p[0] + p[1] == 9'000'000'000'000'000'001);
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

TEST_CASE("plan weights use country-level rows over admin1 rows and skip intersector rows") {
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
    // COL HEALTH group 0: country level 100 and admin1 rows 60 + 30 -> 100 (country level).
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
    CHECK(w.at({"COL", "HEALTH"}) == 112.0);
    CHECK(w.at({"COL", "FOOD"}) == 40.0);
    CHECK(w.at({"PER", "FOOD"}) == 8.0);
    CHECK(w.size() == 3);
    const auto t = plan_weights(plan, plan_measure::target, {"sector"});
    CHECK(t.at({"HEALTH"}) == 52.0);
    CHECK(t.at({"FOOD"}) == 24.0);
    CHECK_THROWS_AS(plan_weights(plan, plan_measure::pin, {"year"}), error);
    // Used as weights: COL's MULTI money goes 112 : 40 by PiN.
    group_sums<> f({"country", "sector"});
    f.update({"COL", "MULTI"}, usd_amount(152));
    const auto r = allocate_pro_rata(f, "sector", w, "people in need");
    CHECK(r.sums.at({"COL", "HEALTH"}) == usd_amount(112));
    CHECK(r.sums.at({"COL", "FOOD"}) == usd_amount(40));
}
