#include <doctest/doctest.h>
#include <string>
#include <tally/io/activity_reader.hpp>
#include <tally/io/repeated_lines.hpp>

namespace test_io_repeated_lines {

using namespace tally;

TEST_CASE("a line identical to an earlier one is found with both line numbers") {
    // Lines 2 and 4 are the same; line 5 differs from 2 only in its last field; line 7 (after a
    // blank line 6) repeats line 3. A quoted field with a newline spans lines 8-9 and is repeated
    // on lines 10-11.
    const std::string t = "h\nA,1\nB,2\nA,1\nA,2\n\nB,2\n\"x\ny\",1\n\"x\ny\",1\n";
    const auto [from, line] = io::after_header(t);
    CHECK(from == 2);
    CHECK(line == 2);
    const auto r = io::find_repeated_lines(t, from, line);
    REQUIRE(r.size() == 3);
    CHECK(r[0].line == 4);
    CHECK(r[0].earlier == 2);
    CHECK(r[1].line == 7);
    CHECK(r[1].earlier == 3);
    CHECK(r[2].line == 10);
    CHECK(r[2].earlier == 8);
}

TEST_CASE("CRLF and CR line ends give the same repeats, and the header never counts") {
    for (const std::string& t :
         {std::string("A,1\r\nA,1\r\nA,1\r\n"), std::string("A,1\rA,1\rA,1\r")}) {
        const auto [from, line] = io::after_header(t);
        const auto r = io::find_repeated_lines(t, from, line);
        // The header "A,1" is not a record: only line 3 repeats line 2.
        REQUIRE(r.size() == 1);
        CHECK(r[0].line == 3);
        CHECK(r[0].earlier == 2);
    }
}

TEST_CASE("the activity reader keeps identical lines and names both in a notice") {
    const std::string row = "ECU,EC01,2023-01,A,Health,H1,in_destination,4\n";
    const std::string t =
        "country,admin1,month,partner,sector,indicator,population_group,reached\n" + row +
        "ECU,EC02,2023-01,A,Health,H1,in_destination,4\n" + row + row;
    activity_table a;
    const auto rep = io::read_activities_text(t, "r.csv", a);
    // Kept: 4 rows read and used; the reached figures of lines 2, 4 and 5 all count.
    CHECK(rep.rows_read == 4);
    CHECK(rep.rows_used == 4);
    CHECK(rep.balanced());
    std::int64_t sum = 0;
    for (auto v : a.new_beneficiaries())
        sum += v;
    CHECK(sum == 16);
    std::vector<std::string> msgs;
    for (const auto& n : rep.notices)
        msgs.push_back(n.where.to_string() + ": " + n.message);
    CHECK(std::find(msgs.begin(), msgs.end(),
                    "r.csv:4: line 4 repeats line 2 in every field: kept, so its figures count "
                    "twice") != msgs.end());
    CHECK(std::find(msgs.begin(), msgs.end(),
                    "r.csv:5: line 5 repeats line 2 in every field: kept, so its figures count "
                    "twice") != msgs.end());
    CHECK(std::find(msgs.begin(), msgs.end(),
                    "r.csv:4: 2 lines of this file repeat an earlier line in every field; all "
                    "are kept") != msgs.end());
}

} // namespace test_io_repeated_lines
