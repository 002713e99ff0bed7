// HXL hashtag rows (io/hxl.hpp): tag specs, the hashtag row, column matching.
#include <doctest/doctest.h>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/io/hxl.hpp>
#include <vector>

namespace test_io_hxl {

using tally::io::hxl_columns;
using tally::io::parse_hxl_tag;

TEST_CASE("a tag spec is read without regard to case or the blanks between its parts") {
    const auto t = parse_hxl_tag(" #Affected +F  + children ");
    REQUIRE(t);
    CHECK(t->name == "affected");
    CHECK(t->attributes == std::vector<std::string>{"f", "children"});
    CHECK_FALSE(parse_hxl_tag("affected"));
    CHECK_FALSE(parse_hxl_tag("#"));
    CHECK_FALSE(parse_hxl_tag("#adm1 code"));
    CHECK_FALSE(parse_hxl_tag("#adm1+"));
    CHECK_FALSE(parse_hxl_tag("#1adm"));
}

TEST_CASE("the hashtag row is found under title and header rows") {
    const std::vector<std::vector<std::string>> rows = {{"Report 2024", "", ""},
                                                        {"Country", "Sector", "People in need"},
                                                        {"#country", "#sector", "#inneed"},
                                                        {"MLI", "HEA", "10"}};
    const auto i =
        tally::io::find_header_row(rows, [](const auto& r) { return tally::io::is_hxl_row(r); });
    REQUIRE(i);
    CHECK(*i == 2);
    // More than half of the non-empty cells must be tags: one tag among three names is not.
    CHECK_FALSE(tally::io::is_hxl_row(std::vector<std::string>{"#country", "Sector", "PiN"}));
    CHECK(tally::io::is_hxl_row(std::vector<std::string>{"#country", "", "#inneed", "notes"}));
    CHECK_FALSE(tally::io::find_header_row(rows, [](const auto&) { return false; }));
    CHECK_FALSE(tally::io::find_header_row(
        rows, [](const auto& r) { return tally::io::is_hxl_row(r); }, 2));
}

TEST_CASE("a column matches a pattern when it has the pattern's name and attributes") {
    const hxl_columns c(std::vector<std::string>{"#adm1+name", "#adm1 +code", "#inneed +f",
                                                 "#inneed+m", "#inneed", "notes"});
    CHECK(c.all("#adm1") == std::vector<std::size_t>{0, 1});
    CHECK(c.find("#adm1+code", "f.csv", 2) == 1u);
    CHECK(c.find("#ADM1", "f.csv", 2, {"name"}) == 1u);
    CHECK(c.all("#inneed") == std::vector<std::size_t>{2, 3, 4});
    CHECK(c.find("#inneed", "f.csv", 2) == 4u); // the exact one among the breakdown
    CHECK_FALSE(c.find("#targeted", "f.csv", 2));
    CHECK_FALSE(c[5]);
}

TEST_CASE("the same tag twice with the same attributes is an error") {
    const hxl_columns c(
        std::vector<std::string>{"#inneed+f", "#inneed +F", "#targeted+f", "#targeted+m"});
    try {
        (void)c.find("#inneed+f", "f.csv", 3);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(std::string(e.what()).find("f.csv:3") != std::string::npos);
        CHECK(std::string(e.what()).find("appears twice (columns 1 and 2)") != std::string::npos);
    }
    CHECK_THROWS_AS((void)c.find("#targeted", "f.csv", 3), tally::error);
}

} // namespace test_io_hxl
