#include <doctest/doctest.h>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/fts_json.hpp>

namespace test_io_fts_json {

using namespace tally;
using namespace tally::funding;

namespace {
const std::string fixtures = std::string(TALLY_SOURCE_DIR) + "/tests/data/funding/";
const std::string shared_fts = std::string(TALLY_SHARED_DIR) + "/data/fts/";
} // namespace

TEST_CASE("two FTS pages merge into one de-duplicated flow set with FTS's totals") {
    flow_set<> s;
    io::validation_report rep;
    const auto p1 = io::read_fts_json(fixtures + "fts_page1.json", s, rep);
    const auto p2 = io::read_fts_json(fixtures + "fts_page2.json", s, rep);
    CHECK(rep.rows_read == 10);
    CHECK(rep.clean());
    CHECK(p1.flows == 7);
    CHECK(p1.count == 10);
    REQUIRE(p1.next_link);
    CHECK(io::next_link_file(*p1.next_link) == "fts_page2.json");
    CHECK_FALSE(p2.next_link);
    CHECK(p1.incoming.funding_total == 4'000'003'850);
    CHECK(p1.internal.flow_count == 1);
    CHECK_FALSE(p1.internal.funding_total);
    const auto t = s.result();
    // Hand sum: 1000 + 2500 (id 2, version 2) + 300 (parked parent 6, version 2) + 4e9 + 50.
    CHECK(t.funding == usd_amount(4'000'003'850));
    CHECK(t.funding == usd_amount(*p1.incoming.funding_total));
    CHECK(t.pledges == usd_amount(500));
    CHECK(t.shared == usd_amount(900));
    CHECK(t.internal == usd_amount(700));
    CHECK(s.duplicates_dropped() == 2);
}

TEST_CASE("FTS JSON quirks: string ids, integer parent ids, absent originalAmount") {
    flow_set<> s;
    io::validation_report rep;
    io::read_fts_json(fixtures + "fts_page1.json", s, rep);
    const auto& f1 = s.flows().at("1");
    CHECK(f1.original_amount == 900.0);
    CHECK(f1.original_currency == "EUR");
    CHECK(f1.flow_date == date(2020, 3, 1));
    CHECK_FALSE(f1.decision_date);
    CHECK_FALSE(s.flows().at("2").original_amount);
    CHECK(s.flows().at("6").child_ids == std::vector<std::int64_t>{7});
    CHECK(s.flows().at("6").type == flow_type::parked);
    CHECK(s.flows().at("7").parent_id == 6);
    CHECK(s.flows().at("7").amount == usd_amount(4'000'000'000));
    CHECK(s.flows().at("4").type == flow_type::pass_through);
    CHECK(s.flows().at("5").destinations.at(1).behavior == object_behavior::shared);
    CHECK(funding::group_value(s.flows().at("7"), group_key::sector) == "Multi-sector");
}

TEST_CASE("malformed JSON is errc::parse naming the file, line and column") {
    flow_set<> s;
    io::validation_report rep;
    const std::string text = "{\"data\": {\"flows\": [\n  {\"id\": \"1\",, }\n]}}";
    try {
        io::parse_fts_json(text, "bad.json", s, rep);
        FAIL("no throw");
    } catch (const error& e) {
        CHECK(e.code() == errc::parse);
        CHECK(e.where().file == "bad.json");
        CHECK(e.where().line == 2);
        CHECK(e.where().column == 14);
        CHECK(std::string(e.what()).find("bad.json:2:14") != std::string::npos);
    }
    CHECK_THROWS_AS(io::parse_fts_json("{\"data\": {}}", "x.json", s, rep), error);
    CHECK_THROWS_AS(io::read_fts_json("/nonexistent/x.json", s, rep), error);
}

TEST_CASE("a malformed flow is rejected into the report, not thrown") {
    flow_set<> s;
    io::validation_report rep;
    const std::string text = R"({"data": {"flows": [
        {"id": "1", "amountUSD": 5, "status": "paid", "boundary": "incoming", "onBoundary": "single"},
        {"id": "2", "status": "paid", "boundary": "incoming", "onBoundary": "single"},
        {"id": "3", "amountUSD": 5, "status": "promised", "boundary": "incoming", "onBoundary": "single"},
        17]}})";
    io::parse_fts_json(text, "m.json", s, rep);
    CHECK(rep.rows_read == 4);
    CHECK(rep.rows_used == 1);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 3);
    CHECK(rep.rejected[0].reason.find("flow 2 (id 2)") != std::string::npos);
    CHECK(rep.rejected[0].reason.find("amountUSD") != std::string::npos);
    CHECK(rep.rejected[1].reason.find("promised") != std::string::npos);
    CHECK(s.result().funding == usd_amount(5));
}

TEST_CASE("the library reproduces FTS's incoming funding and pledge totals for three countries") {
    if (!std::filesystem::exists(shared_fts)) {
        MESSAGE("skipped: " << shared_fts << " is absent");
        return;
    }
    for (const std::string c : {"1", "114", "171"}) {
        const std::string base = shared_fts + "custom-search-locationid-" + c + "-year-2020";
        flow_set<> s;
        io::validation_report rep;
        std::vector<io::fts_page> pages;
        for (const auto& f : {base + ".json", base + "-page-2.json", base + "-page-3.json"})
            pages.push_back(io::read_fts_json(f, s, rep));
        CHECK(rep.clean());
        // The expected totals are FTS's own, read from the response.
        const auto j = nlohmann::json::parse(io::read_file(base + ".json"));
        const auto funding = j["data"]["incoming"]["fundingTotal"].get<std::int64_t>();
        const auto pledges = j["data"]["incoming"]["pledgeTotal"].get<std::int64_t>();
        const auto count = j["meta"]["count"].get<std::size_t>();
        CAPTURE(c);
        CHECK(s.size() == count);
        CHECK(s.result().funding == usd_amount(funding));
        CHECK(s.result().pledges == usd_amount(pledges));
        CHECK(pages[0].incoming.funding_total == funding);
        REQUIRE(pages[0].next_link);
        CHECK(io::next_link_file(*pages[0].next_link) ==
              "custom-search-locationid-" + c + "-year-2020-page-2.json");
        // Grouping never loses money: the groups add up to the total.
        const auto g = group_funding(s, {group_key::country, group_key::sector});
        CHECK(g.funding.total() == usd_amount(funding));
    }
}

TEST_CASE("every FTS JSON number outside 64 bits rejects its flow instead of wrapping") {
    flow_set<> s;
    io::validation_report rep;
    const std::string base = R"("status": "paid", "boundary": "incoming", "onBoundary": "single")";
    const std::string text = R"({"data": {"flows": [
        {"id": "1", "amountUSD": 7, )" +
                             base + R"(},
        {"id": "2", "amountUSD": 9223372036854775808, )" +
                             base + R"(},
        {"id": "3", "amountUSD": 1e30, )" +
                             base + R"(},
        {"id": "4", "amountUSD": -1e30, )" +
                             base + R"(},
        {"id": "5", "amountUSD": "99999999999999999999", )" +
                             base + R"(},
        {"id": "6", "amountUSD": 5, "childFlowIds": [1e30], )" +
                             base + R"(},
        {"id": "7", "amountUSD": 5, "childFlowIds": [2.5], )" +
                             base + R"(},
        {"id": "8", "amountUSD": 5, "childFlowIds": ["99999999999999999999"], )" +
                             base + R"(},
        {"id": "9", "amountUSD": 5, "versionId": 18446744073709551615, )" +
                             base + R"(},
        {"id": "10", "amountUSD": 5, "parentFlowId": 3.5, )" +
                             base + R"(},
        {"id": "11", "amountUSD": 9.223372036854775e18, )" +
                             base + R"(},
        {"id": "12", "amountUSD": 2.5, "childFlowIds": [3.0], )" +
                             base + R"(}]}})";
    io::parse_fts_json(text, "big.json", s, rep);
    CHECK(rep.rows_read == 12);
    CHECK(rep.balanced());
    // Used: 1 (7 USD), 11 (the largest double below 2^63, 9223372036854774784 exactly) and
    // 12 (2.5 rounds half away from zero to 3; the child id 3.0 is whole).
    CHECK(rep.rows_used == 3);
    REQUIRE(rep.rejected.size() == 9);
    CHECK(rep.rejected[0].reason.find("flow 2 (id 2)") != std::string::npos);
    CHECK(rep.rejected[0].reason.find("amountUSD") != std::string::npos);
    CHECK(rep.rejected[1].reason.find("64-bit") != std::string::npos);
    CHECK(rep.rejected[5].reason.find("childFlowIds") != std::string::npos);
    CHECK(rep.rejected[6].reason.find("childFlowIds") != std::string::npos);
    CHECK(rep.rejected[7].reason.find("versionId") != std::string::npos);
    CHECK(rep.rejected[8].reason.find("parentFlowId") != std::string::npos);
    CHECK(s.flows().at("11").amount == usd_amount(9'223'372'036'854'774'784));
    CHECK(s.flows().at("12").amount == usd_amount(3));
    CHECK(s.flows().at("12").child_ids == std::vector<std::int64_t>{3});
}

TEST_CASE("a fractional versionId rejects its flow instead of being rounded") {
    flow_set<> s;
    io::validation_report rep;
    const std::string base = R"("amountUSD": 5, "status": "paid", "boundary": "incoming",
        "onBoundary": "single")";
    io::parse_fts_json(R"({"data": {"flows": [{"id": "1", "versionId": 2.5, )" + base +
                           R"(}, {"id": "1", "versionId": 2, )" + base +
                           R"(}, {"id": "2", "versionId": 3.0, )" + base + "}]}}",
                       "v.json", s, rep);
    CHECK(rep.rows_read == 3);
    CHECK(rep.rows_used == 2);
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].reason == "flow 1 (id 1): 'versionId' 2.5 is not a whole number");
    CHECK(s.flows().at("1").version == 2); // not a rounded 3 outranking version 2
    CHECK(s.flows().at("2").version == 3); // 3.0 is whole
}

TEST_CASE("a malformed FTS summary field is a notice and the flows are still read") {
    flow_set<> s;
    io::validation_report rep;
    const std::string text =
        R"({"data": {"incoming": {"fundingTotal": 1e30, "flowCount": 1}, "flows": [
        {"id": "1", "amountUSD": 7, "status": "paid", "boundary": "incoming",
         "onBoundary": "single"}]}, "meta": {"count": "many"}})";
    const auto page = io::parse_fts_json(text, "sum.json", s, rep);
    CHECK(rep.rows_used == 1);
    CHECK_FALSE(page.incoming.funding_total);
    CHECK(page.incoming.flow_count == 1);
    CHECK_FALSE(page.count);
    REQUIRE(rep.notices.size() == 2);
    CHECK(rep.notices[0].where.file == "sum.json");
    CHECK(rep.notices[0].message.find("fundingTotal") != std::string::npos);
}

TEST_CASE("a UTF-8 byte order mark before FTS JSON is skipped") {
    flow_set<> s;
    io::validation_report rep;
    const std::string text = "\xEF\xBB\xBF"
                             R"({"data": {"flows": [{"id": "1", "amountUSD": 7, "status": "paid",
                             "boundary": "incoming", "onBoundary": "single"}]}})";
    io::parse_fts_json(text, "bom.json", s, rep);
    CHECK(rep.rows_used == 1);
    CHECK(s.result().funding == usd_amount(7));
}

TEST_CASE("a JSON number beyond a double is errc::parse naming the file, not a raw exception") {
    // Found by the FTS JSON fuzzer: nlohmann throws out_of_range.406, not a parse_error.
    flow_set<> s;
    io::validation_report rep;
    CHECK_THROWS_WITH_AS(io::parse_fts_json(R"({"data": {"flows": [{"amountUSD": 40e00003850}]}})",
                                            "huge.json", s, rep),
                         "[tally.parse.101] huge.json: malformed JSON: number overflow parsing "
                         "'40e00003850'",
                         error);
}

} // namespace test_io_fts_json
