#include <doctest/doctest.h>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/fts_json.hpp>

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
    CHECK(group_value(s.flows().at("7"), group_key::sector) == "Multi-sector");
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
