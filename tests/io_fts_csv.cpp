#include <doctest/doctest.h>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>

namespace test_io_fts_csv {

using namespace tally;
using namespace tally::funding;

namespace {
const std::string fixtures = std::string(TALLY_SOURCE_DIR) + "/tests/data/funding/";
const std::string shared_fts = std::string(TALLY_SHARED_DIR) + "/data/fts/";
} // namespace

TEST_CASE("the HXL row is detected by its hashtags") {
    io::csv_reader r("#country+code,,#value\nAFG,,#1\n");
    io::csv_record rec;
    REQUIRE(r.next(rec));
    CHECK(io::is_hxl_row(rec));
    REQUIRE(r.next(rec));
    CHECK_FALSE(io::is_hxl_row(rec));
}

TEST_CASE("FTS export lists split on bare commas, names keep their ', '") {
    CHECK(io::split_fts_list("Housing, Land and Property,Protection") ==
          std::vector<std::string>{"Housing, Land and Property", "Protection"});
    CHECK(io::split_fts_list("AFG,JOR") == std::vector<std::string>{"AFG", "JOR"});
    CHECK(io::split_fts_list("").empty());
}

TEST_CASE("an HDX FTS flow export reads into flows with the FTS rules applied") {
    flow_set<> s;
    io::validation_report rep;
    io::read_fts_csv(fixtures + "hxl_flows.csv", s, rep);
    CHECK(rep.rows_read == 7);
    CHECK(rep.rows_used == 5);
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.rejected[0].where.line == 8);
    CHECK(rep.rejected[0].reason.find("amountUSD 'lots'") != std::string::npos);
    CHECK(rep.rejected[1].reason.find("sideways") != std::string::npos);
    const auto t = s.result();
    CHECK(t.funding == usd_amount(3000));
    CHECK(t.pledges == usd_amount(400));
    CHECK(t.shared == usd_amount(800));
    CHECK(t.internal == usd_amount(600));
    const auto& f = s.flows().at("101");
    CHECK(f.original_amount == 900.0);
    CHECK(f.sources.at(0).name == "Donor, Government of");
    CHECK(funding::group_value(f, group_key::sector) == "Multi-sector");
    CHECK(funding::group_value(f, group_key::year) == "2020");
    CHECK(funding::group_value(s.flows().at("104"), group_key::country) == "Multi-country");
    CHECK(funding::group_value(s.flows().at("104"), group_key::year) == "Multi-year");
    const auto g = group_funding(s, {group_key::sector});
    CHECK(g.funding.at({"Health"}) == usd_amount(2000));
    CHECK(g.funding.at({"Multi-sector"}) == usd_amount(1000));
}

TEST_CASE("the HDX export for Afghanistan gives the same funding total as the FTS API query") {
    if (!std::filesystem::exists(shared_fts)) {
        MESSAGE("skipped: " << shared_fts << " is absent");
        return;
    }
    flow_set<> s;
    io::validation_report rep;
    io::read_fts_csv(shared_fts + "hxl_fts_incoming_funding_afg.csv", s, rep);
    io::read_fts_csv(shared_fts + "hxl_fts_internal_funding_afg.csv", s, rep);
    CHECK(rep.clean());
    const auto j = nlohmann::json::parse(
        io::read_file(shared_fts + "custom-search-locationid-1-year-2020.json"));
    CHECK(s.result().funding ==
          usd_amount(j["data"]["incoming"]["fundingTotal"].get<std::int64_t>()));
    CHECK(s.result().pledges ==
          usd_amount(j["data"]["incoming"]["pledgeTotal"].get<std::int64_t>()));
}

TEST_CASE("absurd usage years and unreadable dates in an HDX export reject their flow") {
    flow_set<> s;
    io::validation_report rep;
    const std::string text =
        "id,amountUSD,boundary,onBoundary,status,date,destUsageYearStart,destUsageYearEnd\n"
        "1,5,incoming,single,paid,2024-01-02,2024,2025\n"
        "2,5,incoming,single,paid,2024-01-02,-9223372036854775808,9223372036854775807\n"
        "3,5,incoming,single,paid,2024-01-02,2024,99999\n"
        "4,5,incoming,single,paid,yesterday,2024,2024\n"
        "5,5,incoming,single,paid,2024-01-02,2024\n";
    io::parse_fts_csv<usd_amount>(text, "years.csv", s, rep);
    CHECK(rep.rows_read == 5);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 4);
    CHECK(rep.rejected[0].where.line == 3);
    CHECK(rep.rejected[0].reason.find("usage year -9223372036854775808") != std::string::npos);
    CHECK(rep.rejected[1].where.line == 4);
    CHECK(rep.rejected[2].where.line == 5);
    CHECK(rep.rejected[2].reason.find("'yesterday' is not a date") != std::string::npos);
    CHECK(rep.rejected[3].where.line == 6);            // 7 fields for an 8-field header
    CHECK(s.flows().at("1").destinations.size() == 2); // usage years 2024 and 2025
}

TEST_CASE("an unreadable usage year in an HDX export rejects its flow, as a date does") {
    flow_set<> s;
    io::validation_report rep;
    const std::string text = "id,amountUSD,boundary,onBoundary,status,destUsageYearStart,"
                             "destUsageYearEnd\n"
                             "1,5,incoming,single,paid,abc,2024\n"
                             "2,5,incoming,single,paid,2024,2024.5\n"
                             "3,5,incoming,single,paid,2024.0, \n"
                             "4,5,incoming,single,paid,,\n";
    io::parse_fts_csv<usd_amount>(text, "years.csv", s, rep);
    CHECK(rep.rows_read == 4);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.rejected[0].where.line == 2);
    CHECK(rep.rejected[0].reason == "destUsageYearStart 'abc' is not a year");
    CHECK(rep.rejected[1].where.line == 3);
    CHECK(rep.rejected[1].reason == "destUsageYearEnd '2024.5' is not a year");
    CHECK(s.flows().at("3").destinations.size() == 1); // 2024.0 is the year 2024, blank absent
    CHECK(s.flows().at("4").destinations.empty());     // no usage year
}

TEST_CASE("an identical line of an HDX export is told with both lines, the flow counts once") {
    flow_set<> s;
    io::validation_report rep;
    io::parse_fts_csv<usd_amount>("id,amountUSD,boundary,onBoundary,status\n"
                                  "#x,#y,#z,#w,#v\n"
                                  "1,5,incoming,single,paid\n"
                                  "2,6,incoming,single,paid\n"
                                  "1,5,incoming,single,paid\n",
                                  "hx.csv", s, rep);
    CHECK(rep.rows_read == 3);
    CHECK(rep.rows_used == 3);
    CHECK(s.size() == 2);
    CHECK(s.result().funding == usd_amount(11));
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.line == 5);
    CHECK(rep.notices[0].message ==
          "line 5 repeats line 3 in every field: the same flow, counted once");
}

TEST_CASE("amounts with cents are rounded to the dollar with one notice, whole decimals are not") {
    flow_set<> s;
    io::validation_report rep;
    io::parse_fts_csv<usd_amount>("id,amountUSD,boundary,onBoundary,status\n"
                                  "1,5.0,incoming,single,paid\n"
                                  "2,6.5,incoming,single,paid\n"
                                  "3,x.5,incoming,single,paid\n"
                                  "4,7.25,incoming,single,paid\n",
                                  "c.csv", s, rep);
    CHECK(rep.rows_used == 3);
    CHECK(rep.rejected.size() == 1); // x.5 is no number, and no rounded row
    CHECK(s.result().funding == usd_amount(5 + 7 + 7));
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.line == 3);
    CHECK(rep.notices[0].message == "amountUSD with cents rounded to whole dollars, half away "
                                    "from zero (counted to the dollar) (2 rows; the first is "
                                    "shown)");
}

} // namespace test_io_fts_csv
