// FTS plan overviews (io/fts_plans.hpp): per plan its requirements, funding, year and caseload.
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <tally/io/fts_plans.hpp>
#include <tally/io/input_files.hpp>

namespace test_io_fts_plans {

using namespace tally;

namespace {
const std::string fixture =
    std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/fts_plan_overview_2024.json";
}

TEST_CASE("an FTS plan overview gives each plan's requirements, funding, year and caseload") {
    io::validation_report rep;
    const auto t = io::read_fts_plan_overview(fixture, rep);
    CHECK(rep.rows_read == 3);
    CHECK(rep.clean());
    REQUIRE(t.size() == 3);
    const auto& h = t.rows()[0];
    CHECK(h.plan_code == "HCOL24");
    CHECK(h.plan_id == "2001");
    CHECK(h.plan_name == "Colombia Humanitarian Response Plan 2024");
    CHECK(h.plan_type == "Humanitarian response plan");
    CHECK(h.year == "2024");
    CHECK(h.country == "COL");
    CHECK(h.requirements == usd_amount(4000)); // revised, not original (3500)
    CHECK(h.funding == usd_amount(1000));
    CHECK(h.in_need == 1200); // the largest of its two caseloads
    CHECK(h.targeted == 900);
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].message == "plan HCOL24 has 2 caseloads: the largest in need (1200) is "
                                    "taken as the plan's, not the others (700)");
    // A regional plan: no country split in the overview.
    CHECK(t.rows()[1].country == "Multi-country");
    CHECK(t.rows()[1].countries == std::vector<std::string>{"COL", "PER", "ECU"});
    CHECK(t.rows()[2].plan_type == "Other");
    CHECK_FALSE(t.rows()[2].in_need);
    CHECK(io::detect_file_kind(io::read_file(fixture), fixture) == io::file_kind::fts_plans);
}

TEST_CASE("a plan overview that is not one is refused, a plan without a code is rejected") {
    io::validation_report rep;
    CHECK_THROWS_WITH_AS(
        (void)io::parse_fts_plan_overview("{\"data\": {\"flows\": []}}", "f.json", rep),
        "[tally.parse.101] f.json: not an FTS plan overview (no data.plans array)", error);
    CHECK_THROWS_WITH_AS(
        (void)io::parse_fts_plan_overview("{\"data\": {\"plans\": [}", "b.json", rep),
        doctest::Contains("b.json:1:"), error);
    const auto t = io::parse_fts_plan_overview(
        R"({"data": {"plans": [{"id": 7, "name": "No code"},
            {"id": 8, "code": "X24", "requirements": {"revisedRequirements": "many"}},
            {"id": 9, "code": "Y24", "usageYears": [{"year": "2024"}], "countries": []}]}})",
        "p.json", rep);
    CHECK(rep.rows_read == 3);
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.rejected[0].reason == "plan 1 (id 7): 'code' is missing");
    CHECK(rep.rejected[1].reason.find("plan 2 (id 8): 'revisedRequirements'") == 0);
    REQUIRE(t.size() == 1);
    CHECK(t.rows()[0].country == "Multi-country"); // no country named
}

TEST_CASE("the FTS plan overview of 2020 gives Afghanistan's plan as FTS publishes it") {
    const std::string path =
        std::string(TALLY_SHARED_DIR) + "/data/fts/2-fts-flow-plan-overview-progress-2020.json";
    if (!std::filesystem::exists(path)) {
        MESSAGE("skipped: " << path << " is absent");
        return;
    }
    io::validation_report rep;
    const auto t = io::read_fts_plan_overview(path, rep);
    CHECK(rep.rejected.empty());
    const auto* afg = t.plan("HAFG20");
    REQUIRE(afg);
    CHECK(afg->country == "AFG");
    CHECK(afg->plan_id == "929");
    CHECK(afg->year == "2020");
    CHECK(afg->requirements == usd_amount(1'131'050'820));
    CHECK(afg->funding == usd_amount(564'467'765));
    CHECK(afg->in_need == 14'000'000);
    CHECK(afg->targeted == 11'054'331);
    const auto* syr = t.plan("RSYR20");
    REQUIRE(syr);
    CHECK(syr->country == "Multi-country");
    CHECK(syr->countries.size() == 5);
    CHECK(syr->plan_type == "Regional response plan");
}

} // namespace test_io_fts_plans
