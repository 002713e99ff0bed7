#include <doctest/doctest.h>
#include <string>
#include <tally/io/indicator_types_csv.hpp>

namespace test_io_indicator_types_csv {

using namespace tally;

TEST_CASE("a list of indicator types is read with its optional sector and year") {
    const auto l =
        io::read_indicator_types_text("Indicator,Type,Sector,Year\n"
                                      "\"# of staff trained, all sectors\",Direct Assistance,,\n"
                                      "HE-9,Mechanism/Advocacy,Health,2023\n",
                                      "types.csv");
    REQUIRE(l.size() == 2);
    CHECK(l.find("# of staff trained, all sectors", "Shelter", 2022) ==
          indicator_type::direct_assistance);
    CHECK(l.find("HE-9", "Health", 2023) == indicator_type::mechanism_advocacy);
    CHECK_FALSE(l.find("HE-9", "Health", 2024));
}

TEST_CASE("a list with a missing column, an unknown type, a bad year or two types is refused") {
    CHECK_THROWS_WITH_AS(io::read_indicator_types_text("indicator\nX\n", "t.csv"),
                         "[tally.parse.101] t.csv:1: not a list of indicator types: it needs the "
                         "columns indicator and type (and may have sector and year)",
                         error);
    CHECK_THROWS_WITH_AS(io::read_indicator_types_text("indicator,type\nX,Lots\n", "t.csv"),
                         doctest::Contains("t.csv:2: indicator type 'Lots' is not known"), error);
    CHECK_THROWS_WITH_AS(
        io::read_indicator_types_text("indicator,type,year\nX,Other,22\n", "t.csv"),
        "[tally.parse.101] t.csv:2: year '22' is not a year", error);
    CHECK_THROWS_WITH_AS(
        io::read_indicator_types_text("indicator,type\nX,Other\nx,Direct assistance\n", "t.csv"),
        "[tally.parse.101] t.csv:3: indicator 'x' is given two types (other and "
        "direct_assistance)",
        error);
}

} // namespace test_io_indicator_types_csv
