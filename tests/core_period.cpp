#include <doctest/doctest.h>
#include <tally/core/period.hpp>

namespace test_core_period {

using namespace tally;

TEST_CASE("months parse from YYYY-MM and order by time") {
    const auto m = month::parse("2023-01");
    CHECK(m.year() == 2023);
    CHECK(m.number() == 1);
    CHECK(month::parse("2023-12-31") == month(2023, 12));
    CHECK(month(2022, 12) < m);
    CHECK(month(2023, 12).next() == month(2024, 1));
    CHECK(m.to_string() == "2023-01");
    for (auto bad : {"2023-13", "2023-00", "23-01", "2023/01", "", "2023-1", "abcd-ef"})
        CHECK_FALSE(month::try_parse(bad));
    CHECK_THROWS_AS(month::parse("2023-13"), tally::error);
}

TEST_CASE("a period contains its months") {
    const auto p = period::year(2023);
    CHECK(p.months() == 12);
    CHECK(p.contains(month(2023, 6)));
    CHECK_FALSE(p.contains(month(2024, 1)));
    CHECK(p.to_string() == "2023-01..2023-12");
    CHECK_THROWS_AS(period::of(month(2023, 5), month(2023, 4)), tally::error);
}

TEST_CASE("as-of dates parse and print as in report footnotes") {
    const auto d = date::parse("2024-04-01");
    CHECK(d.to_long_string() == "1 April 2024");
    CHECK(d.to_string() == "2024-04-01");
    CHECK(date::parse("2020-02-29T10:11:12Z") == date(2020, 2, 29));
    CHECK_FALSE(date::try_parse("2023-02-29"));
    CHECK_FALSE(date::try_parse("2023-04-31"));
    CHECK(date(2024, 1, 1) > date(2023, 12, 31));
}

} // namespace test_core_period
