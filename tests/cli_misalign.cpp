// Runs `tally misalign` on the hand-made fixture of tests/data/metrics/ (the numbers are worked
// out in docs/misalignment.md and in tests/metrics_misalignment.cpp).
#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

namespace test_cli_misalign {

namespace {
const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/metrics/";
const std::string all_inputs = "--activities " + fx + "activities.csv --plan " + fx +
                               "plan.csv --funding " + fx + "flows.csv --requirements " + fx +
                               "requirements.csv";
tally_test::cli_result run(const std::string& args) {
    return tally_test::run_cli("misalign " + args);
}
std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);)
        out.push_back(l);
    return out;
}
} // namespace

TEST_CASE("tally misalign prints the key columns then exactly the metric columns") {
    const auto r = run(all_inputs);
    REQUIRE(r.status == 0);
    const auto l = lines(r.out);
    REQUIRE(l.size() == 9);
    CHECK(l[0] == "country,sector,reached,target,pin,funding_usd,requirements_usd,attainment,"
                  "coverage,coverage_upper,gap,log_ratio,cost_per_reached,planned_cost_per_target,"
                  "funding_per_pin,non_direct_share,funding_share,reach_share,z,flag,causes");
}

TEST_CASE("tally misalign gives the hand-computed metrics, flags and causes per cell") {
    const auto l = lines(run(all_inputs).out);
    // URY: attainment 1/100, coverage 900/1000, upper (900 + 100 regional)/1000, gap 0.89,
    // ln 90 = 4.49981, 900/1 per person, 1000/100 planned, 900/100 per PiN, 1 of 2 lines not
    // direct, 900/4100 and 1/321 shares, z = ln 90 / (1.4826 · ln 2 / 2) = 8.75739.
    // Ratios with 4 decimals, the other measures with 6 significant digits.
    CHECK(l[8] == "URY,Health,1,100,100,900,1000,0.0100,0.9000,1.0000,0.8900,4.49981,900,10,9,"
                  "0.5000,0.2195,0.0031,8.75739,funding_ahead,non_direct_activities");
    CHECK(l[2] == "BOL,Health,80,100,400,400,1000,0.8000,0.4000,0.5000,-0.4000,-0.693147,5,10,1,"
                  "0.0000,0.0976,0.2492,-1.34898,,");
    // BRA: reached, no funding, no plan or requirements; 100 USD of regional money exists.
    CHECK(l[3] == "BRA,Health,70,n/a,n/a,0,n/a,n/a,n/a,n/a,n/a,n/a,0,n/a,n/a,0.0000,n/a,n/a,n/a,"
                  "reach_no_funding,funding_unreported;money_outside_cells");
    // CHL: one awareness line in 2023-06 (the data runs to 2023-12) and 300 USD.
    CHECK(l[4] == "CHL,Health,0,n/a,n/a,300,n/a,n/a,n/a,n/a,n/a,n/a,n/a,n/a,n/a,1.0000,n/a,n/a,n/a,"
                  "funded_no_reach,non_direct_activities;reporting_lag");
    // "Perú" in the flow CSV joins PER.
    CHECK(l[7].rfind("PER,Health,100,100,100,1000,1000,1.0000,1.0000,1.1000,", 0) == 0);
}

TEST_CASE("tally misalign reports the money in no cell on stderr and in the JSON summary") {
    const auto r = run(all_inputs + " --format json");
    REQUIRE(r.status == 0);
    CHECK(r.err.find("150 USD of funding fits no cell (regional 100, unknown country 50)") !=
          std::string::npos);
    CHECK(r.err.find("'Jordan'") != std::string::npos);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j["cells"].size() == 8);
    const auto& s = j["summary"];
    CHECK(s["comparable_cells"] == 6);
    CHECK(s["funding_outside_cells_usd"] == 150);
    CHECK(s["flagged"] == 3);
    CHECK(s["spearman"].get<double>() == doctest::Approx(-2.0 / 17));
    CHECK(s["total_variation"].get<double>() == doctest::Approx(0.2869083));
    CHECK(s["median_log_ratio"].get<double>() == 0.0);
    CHECK(s["mad_log_ratio"].get<double>() == doctest::Approx(0.3465736));
    for (const char* k :
         {"jensen_shannon", "gini_funding_per_pin", "coverage_weighted_mean",
          "attainment_weighted_mean", "need_total_variation", "theil_funding_per_pin"})
        CHECK(s.contains(k));
    const auto& ury = j["cells"][7];
    CHECK(ury["country"] == "URY");
    CHECK(ury["flag"] == "funding_ahead");
    CHECK(ury["z"].get<double>() == doctest::Approx(8.757390));
    CHECK(j["cells"][3]["attainment"].is_null()); // BRA: no target
}

TEST_CASE("tally misalign raises no z flag with fewer than 5 log ratios, and says so") {
    const auto r = run(all_inputs + " --by platform");
    REQUIRE(r.status == 0);
    CHECK(r.out.find("funding_ahead") == std::string::npos);
    CHECK(r.err.find("no z flags: 4 comparable cell(s)") != std::string::npos);
    // Southern Cone: ARG 50 + BOL 80 + URY 1 reached; 500 + 400 + 900 funded.
    CHECK(r.out.find("\nSouthern Cone,131,300,700,1800,3000,0.4367,0.6000,") != std::string::npos);
}

TEST_CASE("tally misalign --threshold moves the z cut-off") {
    CHECK(run(all_inputs + " --threshold 9").out.find("funding_ahead") == std::string::npos);
    CHECK(run(all_inputs + " --threshold 1").out.find("reach_ahead") != std::string::npos);
    CHECK(run(all_inputs + " --threshold -1").status == 2);
}

TEST_CASE("tally misalign reads FTS JSON, joins location names and applies --as-of") {
    const auto r = run("--activities " + fx + "activities.csv --funding " + fx +
                       "fts_flows.json --by country --as-of 2023-12-31");
    REQUIRE(r.status == 0);
    // Colombia 700 (the 200 of 2024 is after the date), Peru 500, Colombia+Peru 300 outside.
    CHECK(r.out.find("\nCOL,40,n/a,n/a,700,") != std::string::npos);
    CHECK(r.out.find("\nPER,100,n/a,n/a,500,") != std::string::npos);
    CHECK(r.err.find("300 USD of funding fits no cell (multi-country 300)") != std::string::npos);
    CHECK(r.err.find("1 flow(s) dated after 2023-12-31 left out") != std::string::npos);
}

TEST_CASE("tally misalign takes several files after one input option and repeated options") {
    const auto r = run("--activities " + fx + "activities.csv --funding " + fx + "flows.csv " + fx +
                       "fts_flows.json --by region");
    REQUIRE(r.status == 0);
    // flows.csv 4,500 (Jordan 50 is not in the region) + FTS 1,700 = 6,200 in the R4V cell.
    CHECK(r.out.find("\nR4V,391,n/a,n/a,6200,") != std::string::npos);
}

TEST_CASE("tally misalign refuses what it cannot join") {
    CHECK(run(all_inputs + " --by admin1").status == 2);
    CHECK(run(all_inputs + " --in-transit separate").status == 2);
    CHECK(run(all_inputs + " --sector Astrology").status == 2);
    CHECK(run("--plan " + fx + "plan.csv").status == 2);
    CHECK(run("stray.csv " + all_inputs).status == 2);
}

TEST_CASE("tally misalign flags a cell whose refunds exceed its funding, never a bare negative "
          "coverage") {
    // refund_flows.json: Colombia Health 1,000 and a refund of -1,300; Peru Health 200.
    // Requirements 1,000 each: COL coverage -0.3, flagged with its own cause.
    const auto r = run("--funding " + fx + "refund_flows.json --requirements " + fx +
                       "refund_requirements.csv");
    CHECK(r.status == 0);
    const auto l = lines(r.out);
    REQUIRE(l.size() == 3);
    CHECK(l[1].rfind("COL,Health,0,n/a,n/a,-300,1000,n/a,-0.3000,", 0) == 0);
    CHECK(l[1].find(",negative_funding,refunds_exceed_funding") != std::string::npos);
    CHECK(r.err.find("note: 1 cell(s) with net funding below zero (refunds exceed funding) are "
                     "flagged negative_funding and left out of the comparable cells") !=
          std::string::npos);
    const auto j = nlohmann::json::parse(run("--funding " + fx +
                                             "refund_flows.json "
                                             "--requirements " +
                                             fx + "refund_requirements.csv --format json")
                                             .out);
    CHECK(j["summary"]["negative_funding_cells"] == 1);
}

} // namespace test_cli_misalign

namespace test_cli_misalign {

TEST_CASE("tally misalign refuses requirements of several years and compares one year's") {
    const std::string ocha = std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/";
    const std::string inputs = "--funding " + ocha + "fts_flows_col.json --requirements " + ocha +
                               "hdx_fts_requirements_funding_col.csv --by country";
    const auto refused = run(inputs);
    CHECK(refused.status == 2);
    CHECK(refused.out.empty());
    CHECK(refused.err.find("requirements of 2 years (2023, 2024) and 3 plan(s) (FCOL23, HCOL23, "
                           "HCOL24) would be added in the group (country COL): choose a year with "
                           "--year YEAR or a plan with --plan-code CODE\n") != std::string::npos);
    // 2024: HCOL24's 4,000 against the flows of usage year 2024 (1,750).
    const auto r = run(inputs + " --year 2024");
    CHECK(r.status == 0);
    const auto rows = lines(r.out);
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].rfind("COL,0,n/a,n/a,1750,4000,n/a,0.4375,", 0) == 0);
    CHECK(r.err.find("note: 1 flow(s) of 700 USD of another usage year than 2024") !=
          std::string::npos);
}

} // namespace test_cli_misalign
