#include <doctest/doctest.h>
#include <limits>
#include <tally/core/money.hpp>

namespace test_core_money {

using namespace tally;

template <class A, class B>
concept addable = requires(A a, B b) {
    a + b;
};

TEST_CASE("amounts above 2^31 add exactly") {
    usd_amount a(3'000'000'000), b(1'234'567'890);
    CHECK((a + b).units() == 4'234'567'890);
    CHECK((a - b).units() == 1'765'432'110);
    CHECK((a * 3).units() == 9'000'000'000);
    CHECK(a > b);
    CHECK(a.to_string() == "3000000000 USD");
}

TEST_CASE("money overflow throws") {
    usd_amount m(std::numeric_limits<std::int64_t>::max());
    CHECK_THROWS_AS(m + usd_amount(1), tally::error);
    CHECK_THROWS_AS(m * 2, tally::error);
    CHECK_THROWS_AS(usd_amount(std::numeric_limits<std::int64_t>::min()) - usd_amount(1),
                    tally::error);
}

TEST_CASE("amounts in different currencies are different types") {
    static_assert(Amount<money<usd>> && Amount<money<eur>>);
    static_assert(!addable<money<usd>, money<eur>>);
    static_assert(addable<money<eur>, money<eur>>);
    CHECK(money<eur>(5).to_string() == "5 EUR");
}

} // namespace test_core_money
