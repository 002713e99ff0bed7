#include <doctest/doctest.h>
#include <sstream>
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

TEST_CASE("a figure prints its value, with its footnote when asked") {
    provenance how;
    how.step("max per population group across sectors per admin1 and month")
        .exclude("people in transit");
    const figure<reached_count<>> f(reached_count<>(1315), reached_count<>(2356), how);
    std::ostringstream os;
    os << f;
    CHECK(os.str() == "1315");
    os.str("");
    os << with_footnote(f);
    CHECK(os.str() == "1315 (" + f.footnote() + ")");
    CHECK(os.str().find("Upper bound without de-duplication: 2,356.") != std::string::npos);
    os.str("");
    os << with_footnote(figure<usd_amount>(usd_amount(7), provenance()));
    CHECK(os.str() == "7 USD"); // no footnote, no parentheses
}

TEST_CASE("print shows a measure that is n/a as n/a and any other value as it prints") {
    const std::optional<double> none, half = 0.5;
    const std::optional<target_count<>> target = target_count<>(80);
    std::ostringstream os;
    os << print(none) << " " << print(half) << " " << print(target) << " " << print(usd_amount(3))
       << " " << print(std::optional<usd_amount>());
    CHECK(os.str() == "n/a 0.5 80 3 USD n/a");
}

} // namespace test_core_figure
