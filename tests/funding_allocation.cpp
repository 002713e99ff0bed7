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
