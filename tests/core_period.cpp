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

TEST_CASE("a month given as a date must have that day: 2023-02-30 and 2023-01-00 are refused") {
    // Issue 24: 5W months 2023-02-30 and 2023-01-00 were read as February and January.
    for (auto bad : {"2023-02-30", "2023-01-00", "2023-04-31", "2023-02-29", "2023-01-32",
                     "2023-01-3x", "2023-01-1"})
        CHECK_MESSAGE(!month::try_parse(bad), bad);
    CHECK(month::try_parse("2024-02-29") == month(2024, 2)); // a leap day
    CHECK(month::try_parse("2000-02-29") == month(2000, 2));
    CHECK_FALSE(month::try_parse("1900-02-29")); // 1900 is not a leap year
    CHECK(month::try_parse("2023-01-31") == month(2023, 1));
}

TEST_CASE("a date or month with a time of day keeps the day, text after a date is refused") {
    // Spreadsheets and pandas write "2023-01-15 00:00:00"; FTS writes ISO timestamps.
    for (auto good :
         {"2023-01-15 00:00:00", "2023-01-15T10:30", "2023-01-15T10:30:59.250Z",
          "2023-01-15T23:59:60+05:30", "2023-01-15 10:30:00-0300", "2023-01-15T10:30:00+02"}) {
        CHECK_MESSAGE(date::try_parse(good) == date(2023, 1, 15), good);
        CHECK_MESSAGE(month::try_parse(good) == month(2023, 1), good);
    }
    for (auto bad : {"2023-01-15 and more", "2023-01-15T", "2023-01-15T24:00", "2023-01-15T10:60",
                     "2023-01-15T10:30:00.", "2023-01-15T10:30:00ZZ", "2023-01-15T10:30+5",
                     "2023-01-1510:30", "2023-02-30T00:00:00"}) {
        CHECK_MESSAGE(!date::try_parse(bad), bad);
        CHECK_MESSAGE(!month::try_parse(bad), bad);
    }
}

} // namespace test_core_period
