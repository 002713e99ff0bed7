// 3W operational presence tables (io/presence_reader.hpp).
#include <doctest/doctest.h>
#include <string>
#include <tally/io/file.hpp>
#include <tally/io/presence_reader.hpp>

namespace test_io_presence_reader {

using namespace tally;

namespace {
const std::string fixture = std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/afg_3w.csv";
}

// The fixture, as OCHA's Afghanistan 3W: UTF-8 with a byte order mark, CRLF, a row of names and
// a hashtag row with blanks inside the tags. Lines 3-11: Organisation A in two districts and two
// clusters, B twice on one line (7 repeats 6), UNX by acronym only (9), a row without any
// organisation (10), C.

TEST_CASE("a 3W presence table is read by its names and tags, its country from the P-codes") {
    presence_table t;
    const auto rep = io::read_presence(fixture, t);
    CHECK(rep.rows_read == 9);
    CHECK(rep.rows_used == 8);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].where.line == 10);
    CHECK(rep.rejected[0].reason == "missing organisation");
    REQUIRE(t.size() == 8);
    CHECK(t.countries[t[0].country] == "AFG");
    CHECK(t.admin1s[t[0].admin1] == "AF01");
    CHECK(t.admin2s[t[1].admin2] == "AF0102");
    CHECK(t.sectors[t[0].sector] == "EiE_OP");
    CHECK(t.organisations[t[0].organisation] == "Organisation A");
    CHECK(t.organisation_types[t[0].organisation_type] == "National NGO");
    CHECK(t.organisations[t[6].organisation] == "UNX");
    CHECK(t.organisations.size() == 4);
    REQUIRE(rep.notices.size() == 3);
    CHECK(rep.notices[0].message ==
          "columns not used: region, province, district, cluster_sector_name, question");
    CHECK(rep.notices[1].message.find("line 7 repeats line 6 in every field") == 0);
    CHECK(rep.notices[2].where.line == 9);
    CHECK(rep.notices[2].message == "no organisation name: the acronym is the organisation");
}

TEST_CASE("a presence table needs an organisation and a country on each row") {
    presence_table t;
    CHECK_THROWS_WITH_AS((void)io::read_presence_text("sector,admin1\nEDU,X\n", "n.csv", t),
                         "[tally.parse.101] n.csv:1: not a 3W presence table: no organisation "
                         "column (ORG_NAME, organisation, partner; HXL #org) in the first 25 rows",
                         error);
    const auto rep = io::read_presence_text("partner,sector,admin1\nA,EDU,X1\nB,EDU\n", "c.csv", t);
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.rejected[0].reason ==
          "no country: no country column, no country given and no P-code on the row");
    CHECK(rep.rejected[1].reason == "expected 3 fields, found 2");
    io::presence_read_options o;
    o.country = "AFG";
    const auto given = io::read_presence_text("partner,sector\nA,EDU\n", "g.csv", t, o);
    CHECK(given.rows_used == 1);
    CHECK(t.countries[t[t.size() - 1].country] == "AFG");
}

} // namespace test_io_presence_reader
