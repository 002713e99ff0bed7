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

TEST_CASE("a repeated tag is refused when the header is read, whether it is looked up or not") {
    const hxl_columns c(std::vector<std::string>{"#country", "#notes+x", "#NOTES +x"});
    REQUIRE(c.repeated());
    CHECK(c.repeated()->first == 1);
    try {
        c.require_distinct("f.csv", 4);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(std::string(e.what()).find(
                  "f.csv:4: HXL tag '#notes+x' appears twice (columns 2 and 3)") !=
              std::string::npos);
    }
    CHECK_NOTHROW(
        hxl_columns(std::vector<std::string>{"#a+x", "#a+y", "#a"}).require_distinct("f.csv", 1));
}

TEST_CASE("a figure's columns are its total and its parts, each with its extra attributes") {
    const hxl_columns c(std::vector<std::string>{"#targeted+f", "#targeted+m", "#adm1"});
    const auto b = c.figure("#targeted");
    CHECK_FALSE(b.total);
    REQUIRE(b.parts.size() == 2);
    CHECK(b.parts[1].first == 1);
    CHECK(b.parts[1].second == std::vector<std::string>{"m"});
    CHECK(tally::io::hxl_parts_cover_everyone(b.parts));
    const hxl_columns d(std::vector<std::string>{"#reached", "#reached+f+children", "#reached+idps",
                                                 "#reached+m+children"});
    const auto e = d.figure("#reached");
    CHECK(e.total == 0u);
    REQUIRE(e.parts.size() == 3);
    CHECK_FALSE(tally::io::hxl_parts_cover_everyone(e.parts));
    CHECK(tally::io::hxl_sex_age_cell(e.parts[0].second) == 0u); // girls
    CHECK(tally::io::hxl_sex_age_cell(e.parts[2].second) == 1u); // boys
    CHECK(tally::io::hxl_sex_age_cell({"adults", "m"}) == 3u);   // men
    CHECK(tally::io::hxl_sex_age_cell({"o", "children"}) == 4u);
    CHECK_FALSE(tally::io::hxl_sex_age_cell({"f"}));
    CHECK_FALSE(tally::io::hxl_sex_age_cell(e.parts[1].second));
}

} // namespace test_io_hxl
