// ISO 3166-1 alpha-2 -> alpha-3 (core/iso3166.hpp), for the country of a P-code.
#include <doctest/doctest.h>
#include <tally/core/iso3166.hpp>

namespace test_core_iso3166 {

TEST_CASE("a P-code's first two letters give its country") {
    CHECK(tally::country_of_pcode("ML0101") == "MLI");
    CHECK(tally::country_of_pcode("co05") == "COL");
    CHECK(tally::iso3_of_alpha2("AD") == "AND"); // the first entry of the table
    CHECK(tally::iso3_of_alpha2("ZW") == "ZWE"); // the last
    CHECK(tally::iso3_of_alpha2("VE") == "VEN");
    CHECK_FALSE(tally::iso3_of_alpha2("XX"));
    CHECK_FALSE(tally::iso3_of_alpha2("M"));
    CHECK_FALSE(tally::country_of_pcode("1"));
}

} // namespace test_core_iso3166
