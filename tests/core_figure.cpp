#include <doctest/doctest.h>
#include <tally/core/figure.hpp>

namespace test_core_figure {

using namespace tally;

TEST_CASE("thousands are grouped with commas") {
    CHECK(format_thousands(0) == "0");
    CHECK(format_thousands(999) == "999");
    CHECK(format_thousands(2356) == "2,356");
    CHECK(format_thousands(-1234567) == "-1,234,567");
}

TEST_CASE("a figure prints its own footnote with the bound") {
    provenance p;
    p.step("max per population group across sectors per admin1 and month")
        .exclude("people in transit")
        .note("Do not sum partner counts")
        .as_of(date(2024, 4, 1));
    figure<reached_count<>> f(reached_count<>(1315), reached_count<>(2356), p);
    CHECK(f.value().value() == 1315);
    CHECK_FALSE(f.exact());
    CHECK(f.overcount() == doctest::Approx(2356.0 / 1315.0));
    CHECK(f.footnote() ==
          "De-duplication: max per population group across sectors per admin1 and month. Does not "
          "include people in transit. Do not sum partner counts. As of 1 April 2024. Upper bound "
          "without de-duplication: 2,356.");
}

TEST_CASE("an exact figure says nothing of bounds, and a bound below the value is refused") {
    figure<usd_amount> f(usd_amount(10), provenance().source("FTS"));
    CHECK(f.exact());
    CHECK(f.footnote() == "Source: FTS.");
    CHECK_THROWS_AS(figure<std::int64_t>(5, 4, provenance()), tally::error);
}

} // namespace test_core_figure
