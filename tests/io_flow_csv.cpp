#include <doctest/doctest.h>
#include <tally/io/flow_csv.hpp>
#include <tally/table/flow_table.hpp>
#include <type_traits>

namespace test_io_flow_csv {

using namespace tally;

namespace {
const std::string fixtures = std::string(TALLY_SOURCE_DIR) + "/tests/data/funding/";
}

TEST_CASE("a plain flow CSV sums per (country, sector) with REGIONAL and MULTI as their own rows") {
    io::validation_report rep;
    const auto t = io::read_flow_csv(fixtures + "flows.csv", rep);
    CHECK(t.size() == 6);
    CHECK(rep.rows_read == 8);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.rejected[0].where.line == 8);
    CHECK(rep.rejected[1].where.line == 9);
    const auto g = t.funding_by_country_sector();
    CHECK(g.key_names() == std::vector<std::string>{"country", "sector"});
    REQUIRE(g.result().size() == 4);
    // Rows in byte order of the key.
    auto it = g.result().begin();
    CHECK(it->first == std::vector<std::string>{"COL", "HEALTH"});
    CHECK(it->second == usd_amount(1500));
    ++it;
    CHECK(it->first == std::vector<std::string>{"COL", "MULTI"});
    CHECK(it->second == usd_amount(300));
    ++it;
    CHECK(it->first == std::vector<std::string>{"PER", "FOOD"});
    CHECK(it->second == usd_amount(4'000'000'001));
    ++it;
    CHECK(it->first == std::vector<std::string>{"REGIONAL", "MULTI"});
    CHECK(it->second == usd_amount(700));
    CHECK(t.recipients[t.recipient[2]] == "P3");
}

TEST_CASE("the reader's flow table is the flow table of table/flow_table.hpp") {
    static_assert(std::is_base_of_v<tally::flow_table, io::flow_table>);
    io::validation_report rep;
    const auto read = io::parse_flow_csv("country,sector,amount_usd\nC,S,5\nD,S,7\n", "x", rep);
    const tally::flow_table& t = read;
    REQUIRE(t.size() == 2);
    CHECK(t.countries[t.country[1]] == "D");
    CHECK(t.sectors[t.sector[0]] == "S");
    CHECK(t.amount_usd == std::vector<std::int64_t>{5, 7});
}

TEST_CASE("flow CSV columns are found by name in any order") {
    io::validation_report rep;
    const auto t = io::parse_flow_csv("amount_usd,sector,country\n5,S,C\n7,S,C\n", "x", rep);
    CHECK(t.funding_by_country_sector().at({"C", "S"}) == usd_amount(12));
    CHECK(t.donors[t.donor[0]].empty());
    CHECK_THROWS_AS(io::parse_flow_csv("donor,amount\n", "y", rep), error);
}

TEST_CASE("a sum beyond 64 bits throws errc::overflow") {
    io::validation_report rep;
    const auto t = io::parse_flow_csv(
        "country,sector,amount_usd\nC,S,9000000000000000000\nC,S,9000000000000000000\n", "z", rep);
    try {
        (void)t.funding_by_country_sector();
        FAIL("no throw");
    } catch (const error& e) {
        CHECK(e.code() == errc::overflow);
    }
}

TEST_CASE("many distinct codes (more than the lookup cache holds) keep their own sums") {
    std::string text = "country,sector,amount_usd\n";
    for (int round = 0; round < 2; ++round)
        for (int i = 0; i < 10000; ++i)
            text += "C" + std::to_string(i) + ",S" + std::to_string(i % 7) + "," +
                    std::to_string(i) + "\n";
    io::validation_report rep;
    const auto t = io::parse_flow_csv(text, "many", rep);
    CHECK(t.countries.size() == 10000);
    const auto g = t.funding_by_country_sector();
    CHECK(g.result().size() == 10000);
    CHECK(g.at({"C9999", "S3"}) == usd_amount(2 * 9999));
    CHECK(g.at({"C4096", "S1"}) == usd_amount(2 * 4096));
    CHECK(g.at({"C0", "S0"}) == usd_amount(0));
}

TEST_CASE("a flow CSV row with more or fewer fields than the header, or a negative amount, is "
          "rejected") {
    io::validation_report rep;
    // Line 2: an unquoted thousands separator makes 5 fields for a 3-field header; it must not
    // be read as 1 USD. Line 3: too few fields. Line 4: negative. Line 5: quoted, 1000000.
    const auto t = io::parse_flow_csv("country,sector,amount_usd\n"
                                      "C,S,1,000,000\n"
                                      "C,S\n"
                                      "C,S,-5\n"
                                      "C,S,\"1000000\"\n",
                                      "wide.csv", rep);
    CHECK(rep.rows_read == 4);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 3);
    CHECK(rep.rejected[0].where.line == 2);
    CHECK(rep.rejected[0].reason == "expected 3 fields, found 5");
    CHECK(rep.rejected[1].where.line == 3);
    CHECK(rep.rejected[2].where.line == 4);
    CHECK(rep.rejected[2].reason.find("negative") != std::string::npos);
    CHECK(t.funding_by_country_sector().at({"C", "S"}) == usd_amount(1'000'000));
}

TEST_CASE("identical lines of a flow CSV are kept and summed, with a notice naming both") {
    io::validation_report rep;
    const auto t = io::parse_flow_csv("country,sector,amount_usd\n"
                                      "COL,Health,10\n"
                                      "PER,Health,7\n"
                                      "COL,Health,10\n",
                                      "f.csv", rep);
    CHECK(rep.rows_read == 3);
    CHECK(rep.rows_used == 3);
    CHECK(t.funding_by_country_sector().at({"COL", "Health"}) == usd_amount(20));
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.file == "f.csv");
    CHECK(rep.notices[0].where.line == 4);
    CHECK(rep.notices[0].message ==
          "line 4 repeats line 2 in every field: kept, so its figures count twice");
}

} // namespace test_io_flow_csv

namespace test_io_flow_csv {

TEST_CASE("a flow CSV is read by its HXL tags where its names are not known") {
    tally::io::validation_report rep;
    const auto t =
        tally::io::parse_flow_csv("País,Sector,Monto,Donante\n"
                                  "#country+code,#sector,#value+funding+usd,#org+funder\n"
                                  "PER,Health,1000,ECHO\n"
                                  "PER,Health,250,USA\n",
                                  "f.csv", rep);
    CHECK(rep.rows_used == 2);
    CHECK(rep.rejected.empty());
    REQUIRE(t.size() == 2);
    CHECK(t.countries[t.country[0]] == "PER");
    CHECK(t.donors[t.donor[1]] == "USA");
    CHECK(t.amount_usd[0] + t.amount_usd[1] == 1250);
    // A hashtag row alone, its first data row read as a row.
    tally::io::validation_report r2;
    const auto u = tally::io::parse_flow_csv(
        "#country,#sector,#value+funding+usd,#value+funding+required+usd\nECU,WASH,5,9\n", "g.csv",
        r2);
    REQUIRE(u.size() == 1);
    CHECK(u.amount_usd[0] == 5);
    CHECK_THROWS_WITH_AS(
        (void)tally::io::parse_flow_csv(
            "#country,#sector,#value+funding+usd,#value +funding+ usd\nECU,WASH,5,9\n", "h.csv",
            r2),
        doctest::Contains("h.csv:1: HXL tag '#value+funding+usd' appears twice (columns 3 and 4)"),
        tally::error);
}

} // namespace test_io_flow_csv
