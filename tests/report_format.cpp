#include <doctest/doctest.h>
#include <tally/report/format.hpp>

namespace test_report_format {

using namespace tally::report;

TEST_CASE("counts for people keep one decimal of thousands, millions and billions") {
    CHECK(short_number(0) == "0");
    CHECK(short_number(830) == "830");
    CHECK(short_number(999) == "999");
    CHECK(short_number(1000) == "1K");
    CHECK(short_number(26214) == "26.2K"); // the seed's headline
    CHECK(short_number(26000) == "26K");   // no trailing .0
    CHECK(short_number(26250) == "26.3K"); // half away from zero
    CHECK(short_number(262345) == "262.3K");
    CHECK(short_number(1250000) == "1.3M");
    CHECK(short_number(8400000) == "8.4M");
    CHECK(short_number(2100000000) == "2.1B");
    CHECK(short_number(-26214) == "-26.2K");
}

TEST_CASE("a count that rounds up to the next unit is written in that unit") {
    CHECK(short_number(999949) == "999.9K");
    CHECK(short_number(999950) == "1M");
    CHECK(short_number(999960) == "1M");
    CHECK(short_number(999950000) == "1B");
}

TEST_CASE("amounts are US dollars in short form and ratios are percentages with one decimal") {
    CHECK(short_usd(1300000) == "US$ 1.3M");
    CHECK(short_usd(150000) == "US$ 150K");
    CHECK(short_usd(830) == "US$ 830");
    CHECK(percent(0.788) == "78.8%");
    CHECK(percent(26214.0 / 33266.0) == "78.8%");
    CHECK(percent(0.0) == "0.0%");
    CHECK(percent(1.5) == "150.0%");
    CHECK(percent(std::nullopt) == "n/a");
}

TEST_CASE("tables get exact figures with thousands separators") {
    CHECK(exact(26214) == "26,214");
    CHECK(exact(4000000001) == "4,000,000,001");
    CHECK(exact(std::nullopt) == "n/a");
    CHECK(decimal(0.30123) == "0.301");
    CHECK(decimal(6.0, true) == "6");
    CHECK(decimal(22530426.0, true) == "22,530,426");
    CHECK(decimal(std::nullopt) == "n/a");
}

} // namespace test_report_format
