#include <doctest/doctest.h>
#include <limits>
#include <sstream>
#include <tally/core/money.hpp>

namespace test_core_money {

using namespace tally;

template <class A, class B>
concept addable = requires(A a, B b) {
    a + b;
};

TEST_CASE("amounts above 2^31 add exactly") {
    usd_amount a(3'000'000'000), b(1'234'567'890);
    CHECK((a + b).value() == 4'234'567'890);
    CHECK((a - b).value() == 1'765'432'110);
    CHECK((a * 3).value() == 9'000'000'000);
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

TEST_CASE("money prints its units and currency, and value() is its amount") {
    std::ostringstream os;
    os << usd_amount(3'000'000'000) << ", " << money<eur>(-5);
    CHECK(os.str() == "3000000000 USD, -5 EUR");
    CHECK(usd_amount(42).value() == 42);
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
    CHECK(usd_amount(42).units() == usd_amount(42).value()); // the old name, for one release
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
}

} // namespace test_core_money
