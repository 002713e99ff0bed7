#include "metrics_fixture.hpp"
#include <doctest/doctest.h>
#include <tally/metrics/outliers.hpp>

namespace test_metrics_outliers {

using namespace tally;
using namespace tally::metrics;

namespace {
// n lines of indicator `ind` with people 90, 91, ..., then the extra values.
activity_table lines(int n, std::vector<std::int64_t> extra) {
    activity_table t;
    for (int i = 0; i < n; ++i)
        metrics_fixture::add_line(t, "COL", "2023-01", "Health", "UNHCR", "in_destination", 90 + i);
    for (auto v : extra)
        metrics_fixture::add_line(t, "COL", "2023-01", "Health", "UNHCR", "in_destination", v);
    return t;
}
} // namespace

TEST_CASE("a line far above its indicator's quartiles is an outlier, its peers are not") {
    // 21 lines of 90..110 people and one of 50,000: on the log scale Q1 ≈ ln 96, Q3 ≈ ln 106,
    // the IQR is floored at ln 2, so the high fence is ≈ 106 · 2³ = 848 people.
    const auto t = lines(21, {50000});
    const auto r = find_outliers(t);
    REQUIRE(r.indicators.size() == 1);
    CHECK(r.indicators[0].lines == 22);
    CHECK(r.indicators[0].q3 > 95);
    CHECK(r.indicators[0].q3 < 120);
    CHECK(r.indicators[0].high > 700);
    CHECK(r.indicators[0].high < 1000);
    REQUIRE(r.outliers.size() == 1);
    CHECK(r.outliers[0].people == 50000);
    CHECK(r.outliers[0].high);
    CHECK(r.outliers[0].line == 21);
}

TEST_CASE("a line far below its indicator's quartiles is an outlier too") {
    const auto r = find_outliers(lines(21, {3}));
    REQUIRE(r.outliers.size() == 1);
    CHECK(r.outliers[0].people == 3);
    CHECK_FALSE(r.outliers[0].high);
    CHECK(r.outliers[0].fence > 3); // the low fence, ≈ 96 / 8
}

TEST_CASE("an indicator with too few lines is not judged") {
    const auto r = find_outliers(lines(5, {50000}));
    CHECK(r.indicators.empty());
    CHECK(r.outliers.empty());
}

TEST_CASE("lines a little apart are not outliers: the IQR is at least a factor 2") {
    activity_table t;
    for (int i = 0; i < 20; ++i)
        metrics_fixture::add_line(t, "COL", "2023-01", "Health", "UNHCR", "in_destination", 100);
    metrics_fixture::add_line(t, "COL", "2023-01", "Health", "UNHCR", "in_destination", 500);
    CHECK(find_outliers(t).outliers.empty());
    metrics_fixture::add_line(t, "COL", "2023-01", "Health", "UNHCR", "in_destination", 5000);
    const auto r = find_outliers(t);
    REQUIRE(r.outliers.size() == 1);
    CHECK(r.outliers[0].people == 5000);
}

} // namespace test_metrics_outliers
