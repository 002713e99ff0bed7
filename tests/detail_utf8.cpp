#include <doctest/doctest.h>
#include <string>
#include <tally/detail/utf8.hpp>

namespace test_detail_utf8 {

using namespace tally::detail;

TEST_CASE("invalid UTF-8 is told apart from valid UTF-8 and replaced byte by byte") {
    CHECK(is_valid_utf8("Manab\xC3\xAD"));          // Manabí in UTF-8
    CHECK_FALSE(is_valid_utf8("Manab\xED"));        // Manabí in Latin-1
    CHECK_FALSE(is_valid_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_valid_utf8("\xED\xA0\x80"));     // a surrogate
    CHECK_FALSE(is_valid_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    CHECK_FALSE(is_valid_utf8("\xE2\x82"));         // truncated euro sign
    CHECK(is_valid_utf8("\xF0\x9F\x98\x80"));       // U+1F600
    CHECK(valid_utf8("Manab\xED") == "Manab\xEF\xBF\xBD");
    CHECK(valid_utf8("a\xE2\x82z") == "a\xEF\xBF\xBD\xEF\xBF\xBDz");
    CHECK(valid_utf8("ok \xC3\xAD") == "ok \xC3\xAD");
}

} // namespace test_detail_utf8
