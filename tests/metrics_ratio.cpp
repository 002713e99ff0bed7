#include <doctest/doctest.h>
#include <sstream>
#include <tally/metrics/ratio.hpp>
#include <type_traits>

namespace test_metrics_ratio {

using namespace tally;
using namespace tally::metrics;

TEST_CASE("attainment and coverage divide the right measures and are n/a for a zero denominator") {
    const auto a = attainment(reached_count<>(50), target_count<>(200));
    REQUIRE(a);
    CHECK(a->value() == 0.25);
    CHECK_FALSE(attainment(reached_count<>(50), target_count<>(0)));
    const auto c = coverage(usd_amount(300), usd_amount(1200));
    REQUIRE(c);
    CHECK(c->value() == 0.25);
    CHECK_FALSE(coverage(usd_amount(300), usd_amount(0)));
    static_assert(!std::is_same_v<decltype(a), decltype(c)>);
}

TEST_CASE("costs per person are money per measure") {
    CHECK(cost_per_reached(usd_amount(1000), reached_count<>(40))->value() == 25);
    CHECK_FALSE(cost_per_reached(usd_amount(1000), reached_count<>(0)));
    CHECK(planned_cost_per_target(usd_amount(1000), target_count<>(100))->value() == 10);
    CHECK(funding_per_pin(usd_amount(900), pin_count<>(300))->value() == 3);
    CHECK_FALSE(funding_per_pin(usd_amount(900), pin_count<>(0)));
}

TEST_CASE("ratios of age and gender cells divide the totals") {
    cells r = cells::Zero(), t = cells::Zero();
    r[0] = 10;
    r[3] = 20;
    t[1] = 60;
    CHECK(attainment(reached_count<cells>(r), target_count<cells>(t))->value() == 0.5);
}

TEST_CASE("the gap and log ratio compare coverage with attainment") {
    const auto c = coverage(usd_amount(800), usd_amount(1000));
    const auto a = attainment(reached_count<>(40), target_count<>(100));
    CHECK(*gap<usd_amount>(c, a) == doctest::Approx(0.4));
    CHECK(*log_ratio<usd_amount>(c, a) == doctest::Approx(std::log(2.0)));
    // ln(coverage / attainment) = ln(cost per reached / planned cost per target):
    // (800 / 40) / (1000 / 100) = 2.
    CHECK(*log_ratio<usd_amount>(c, a) ==
          doctest::Approx(
              std::log(cost_per_reached(usd_amount(800), reached_count<>(40))->value() /
                       planned_cost_per_target(usd_amount(1000), target_count<>(100))->value())));
    const auto zero = coverage(usd_amount(0), usd_amount(1000));
    CHECK(*gap<usd_amount>(zero, a) == doctest::Approx(-0.4));
    CHECK_FALSE(log_ratio<usd_amount>(zero, a));
    CHECK_FALSE(log_ratio<usd_amount>(std::nullopt, a));
    CHECK_FALSE(gap<usd_amount>(c, std::nullopt));
}

TEST_CASE("ratios print their value, and n/a when they are n/a") {
    std::ostringstream os;
    const auto c = coverage(usd_amount(337), usd_amount(1000));
    const auto none = attainment(reached_count<>(5), target_count<>(0));
    os << c << " " << none << " " << *c;
    CHECK(os.str() == "0.337 n/a 0.337");
    os.str("");
    os.precision(2);
    os << attainment(reached_count<>(1), target_count<>(3)); // the stream's own precision
    CHECK(os.str() == "0.33");
}

} // namespace test_metrics_ratio
