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

namespace test_core_iso3166 {

TEST_CASE("a country's alpha-3 code or any of its names gives the code") {
    CHECK(tally::iso3_of_country("AFG") == "AFG");
    CHECK(tally::iso3_of_country("afg") == "AFG");
    CHECK(tally::iso3_of_country("Afghanistan") == "AFG");
    CHECK(tally::iso3_of_country(" AFGHANISTAN ") == "AFG");
    // The names the FTS API writes (ISO 3166 short names, UN and OCHA names).
    CHECK(tally::iso3_of_country("occupied Palestinian territory") == "PSE");
    CHECK(tally::iso3_of_country("Iran, Islamic Republic of") == "IRN");
    CHECK(tally::iso3_of_country("Congo, The Democratic Republic of the") == "COD");
    CHECK(tally::iso3_of_country("Democratic Republic of the Congo") == "COD");
    CHECK(tally::iso3_of_country("Congo") == "COG");
    CHECK(tally::iso3_of_country("Turkey") == "TUR");
    CHECK(tally::iso3_of_country("Türkiye") == "TUR");
    CHECK(tally::iso3_of_country("Czech Republic") == "CZE");
    CHECK(tally::iso3_of_country("Venezuela (Bolivarian Republic of)") == "VEN");
    CHECK(tally::iso3_of_country("Côte d'Ivoire") == "CIV");
    CHECK(tally::iso3_of_country("Cote d'Ivoire") == "CIV");
    CHECK(tally::iso3_of_country("Perú") == "PER");
    CHECK(tally::iso3_of_country("Kosovo") == "XKX");
    CHECK(tally::iso3_of_country("ABW") == "ABW"); // the first entry of the table
    CHECK(tally::iso3_of_country("Zimbabwe") == "ZWE");
}

TEST_CASE("a name that is not a country's is not guessed") {
    CHECK_FALSE(tally::iso3_of_country(""));
    CHECK_FALSE(tally::iso3_of_country("Global"));
    CHECK_FALSE(tally::iso3_of_country("Afghan"));
    CHECK_FALSE(tally::iso3_of_country("AF")); // alpha-2 codes are P-code prefixes, not names
    CHECK_FALSE(tally::iso3_of_country("Not specified"));
}

} // namespace test_core_iso3166
