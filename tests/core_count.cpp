#include <doctest/doctest.h>
#include <limits>
#include <sstream>
#include <tally/core/count.hpp>

namespace test_core_count {

using namespace tally;

template <class A, class B>
concept addable = requires(A a, B b) {
    a + b;
};

TEST_CASE("counts of one measure add and take maxima") {
    reached_count<> a(1239), b(76);
    CHECK((a + b).value() == 1315);
    CHECK(max(a, b).value() == 1239);
    CHECK(reached_count<>().value() == 0);
}

TEST_CASE("count addition that would overflow throws instead of wrapping") {
    reached_count<> big(std::numeric_limits<std::int64_t>::max());
    CHECK_THROWS_AS(big + reached_count<>(1), tally::error);
    try {
        (void)(big + reached_count<>(1));
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::overflow);
    }
}

TEST_CASE("a negative count is refused") {
    CHECK_THROWS_AS(pin_count<>(-1), tally::error);
    cells c = cells::Zero();
    c[2] = -5;
    CHECK_THROWS_AS((void)target_count<cells>{c}, tally::error);
}

TEST_CASE("age and gender cells add and take maxima cell by cell") {
    cells x, y;
    x << 1, 2, 3, 4, 0, 0;
    y << 4, 0, 3, 1, 0, 2;
    reached_count<cells> a(x), b(y);
    cells sum, mx;
    sum << 5, 2, 6, 5, 0, 2;
    mx << 4, 2, 3, 4, 0, 2;
    CHECK((a + b) == reached_count<cells>(sum));
    CHECK(max(a, b) == reached_count<cells>(mx));
    // The cell-wise max (maxsector) can exceed the larger of the two totals.
    CHECK(max(a, b).total() == 15);
    CHECK(std::max(a.total(), b.total()) == 10);
}

TEST_CASE("cell overflow is detected in any cell") {
    cells x = cells::Zero(), y = cells::Zero();
    x[5] = std::numeric_limits<std::int64_t>::max();
    y[5] = 1;
    CHECK_THROWS_AS(reached_count<cells>(x) + reached_count<cells>(y), tally::error);
}

TEST_CASE("partner counts compare but expose no addition") {
    partner_count a(3), b(5);
    CHECK(a < b);
    CHECK(b.value() == 5);
    static_assert(!addable<partner_count, partner_count>);
    static_assert(!addable<pin_count<>, reached_count<>>);
    static_assert(addable<pin_count<>, pin_count<>>);
    static_assert(CountRep<std::int64_t> && CountRep<cells> && !CountRep<double>);
}

TEST_CASE("counts print their total and partner counts their number") {
    std::ostringstream os;
    os << reached_count<>(1315) << " " << target_count<>(0) << " " << partner_count(12);
    cells c = cells::Zero();
    c[0] = 4;
    c[3] = 7;
    os << " " << reached_count<cells>(c);
    CHECK(os.str() == "1315 0 12 11");
}

} // namespace test_core_count
