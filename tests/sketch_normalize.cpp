#include <doctest/doctest.h>
#include <tally/sketch/normalize.hpp>

namespace test_sketch_normalize {

using namespace tally;
using tally::sketch::normalize_identifier;

TEST_CASE("normalisation trims, collapses inner white space and lower-cases") {
    CHECK(normalize_identifier("  V-12.345\t") == "v-12.345");
    CHECK(normalize_identifier("Ana \t  MARIA") == "ana maria");
    CHECK(normalize_identifier("\xC2\xA0"
                               "abc"
                               "\xC2\xA0") == "abc"); // no-break spaces
    CHECK(normalize_identifier("   ").empty());
}

TEST_CASE("accented Latin letters become their base letter, in either composition") {
    CHECK(normalize_identifier(" José  PÉREZ\t") == "jose perez");
    CHECK(normalize_identifier("Núñez Ibáñez") == "nunez ibanez");
    CHECK(normalize_identifier("GONÇALVES") == "goncalves");
    // "e" followed by U+0301 COMBINING ACUTE ACCENT (decomposed form) equals precomposed "é".
    CHECK(normalize_identifier("Jose\xCC\x81") == normalize_identifier("José"));
    CHECK(normalize_identifier("Straße") == "strasse");
    CHECK(normalize_identifier("Œuvre Æsir") == "oeuvre aesir");
    CHECK(normalize_identifier("Łódź") == "lodz"); // Latin Extended-A
}

TEST_CASE("other characters are kept as they are") {
    CHECK(normalize_identifier("№ 5 × 3") == "№ 5 × 3");
    CHECK(normalize_identifier("Ωmega") == "Ωmega"); // Greek is not case-folded
}

TEST_CASE("bytes that are not UTF-8 are refused, not guessed") {
    CHECK_THROWS_WITH_AS(normalize_identifier("Jos\xE9"), // Latin-1 é
                         "[tally.parse.101] identifier is not valid UTF-8 at byte 4", error);
    CHECK_THROWS_AS(normalize_identifier("\xC0\xAF"), error);     // overlong '/'
    CHECK_THROWS_AS(normalize_identifier("\xED\xA0\x80"), error); // a surrogate
    CHECK_THROWS_AS(normalize_identifier("ab\xE2\x82"), error);   // cut short
}

} // namespace test_sketch_normalize
