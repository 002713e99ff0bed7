#include <doctest/doctest.h>
#include <tally/core/error.hpp>

namespace test_core_error {

using tally::errc;

TEST_CASE("an error message begins with its stable code and names the input position") {
    tally::error e(errc::parse, {"plan.csv", 12, 7}, "not a number: 'abc'");
    CHECK(std::string(e.what()) == "[tally.parse.101] plan.csv:12:7: not a number: 'abc'");
    CHECK(e.code() == errc::parse);
    CHECK(e.where().line == 12);
    CHECK(e.where().column == 7);
    CHECK(e.detail() == "not a number: 'abc'");
}

TEST_CASE("an error without a position has only the code prefix") {
    tally::error e(errc::overflow, "too big");
    CHECK(std::string(e.what()) == "[tally.overflow.102] too big");
    CHECK(e.where().to_string().empty());
}

TEST_CASE("a position without a column prints file and line") {
    CHECK(tally::source_position{"a.csv", 3, 0}.to_string() == "a.csv:3");
    CHECK(tally::source_position{"a.csv", 0, 0}.to_string() == "a.csv");
}

TEST_CASE("error codes have fixed numbers and names") {
    CHECK(static_cast<int>(errc::io) == 100);
    CHECK(static_cast<int>(errc::validation) == 109);
    CHECK(tally::errc_name(errc::unknown_code) == "unknown_code");
    const std::runtime_error& base = tally::error(errc::io, "x");
    CHECK(std::string(base.what()).starts_with("[tally.io.100]"));
}

} // namespace test_core_error
