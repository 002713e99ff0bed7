// Runs `tally plan` on a hand-made plan fixture (tests/data/plan/plan.csv).
#include "cli_support.hpp"
#include <array>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

namespace test_cli_plan {

namespace {
tally_test::cli_result run(const std::string& args) {
    return tally_test::run_cli(args);
}
const std::string fixture = std::string(TALLY_SOURCE_DIR) + "/tests/data/plan/plan.csv";
bool has(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}
} // namespace

// Azuay destination: Health 5,000/2,000, Food Security 7,000/1,500 -> mosaic 7,000/2,000;
// Azuay host 900/300; Pichincha destination: an Intersector row 1,000/450 (sectors 800/400 and
// 600/700, the latter a target above PiN); Peru (country level) 2,000/800 destination and
// 300/100 in transit.

TEST_CASE("tally plan gives intersector figures by the mosaic rule or the Intersector row") {
    auto r = run("plan --by country " + fixture);
    CHECK(r.status == 0);
    CHECK(r.out.rfind("country,pin,target,pin_upper,target_upper,scope,note\n", 0) == 0);
    // 7,000 + 900 + 1,000; 2,000 + 300 + 450; upper 12,000 + 900 + 1,400 and 3,500 + 300 + 1,100.
    CHECK(has(r.out, "\nECU,8900,2750,14300,4900,intersector,"));
    CHECK(has(r.out, "\nPER,2300,900,2300,900,intersector,"));
}

TEST_CASE("tally plan sector rows never include the Intersector row") {
    auto r = run("plan " + fixture);
    CHECK(has(r.out, "\nECU,Health,5800,2400,5800,2400,sector,"));
    CHECK(has(r.out, "\nECU,Food Security,7900,1800,7900,1800,sector,"));
    CHECK_FALSE(has(r.out, "Intersector,"));
}

TEST_CASE("tally plan reports targets above PiN") {
    auto r = run("plan " + fixture);
    CHECK(r.status == 0);
    CHECK(has(r.err, "plan.csv:7"));
    CHECK(has(r.err, "target 700 exceeds PiN 600"));
    CHECK(has(r.err, "target 700 exceeds PiN 600 in the row (ECU, Education)"));
}

TEST_CASE("tally plan leaves people in transit out of regional figures unless told") {
    CHECK(has(run("plan --by region " + fixture).out, "\nR4V,10900,3550,16300,5700,"));
    CHECK(has(run("plan --by region --in-transit include " + fixture).out, "\nR4V,11200,3650,"));
    auto sep = run("plan --by region --in-transit separate " + fixture);
    CHECK(has(sep.out, "\nR4V,excluded,10900,3550,"));
    CHECK(has(sep.out, "\nR4V,only,300,100,"));
}

TEST_CASE("tally plan writes JSON and refuses a month key") {
    auto j = run("plan --by country --format json " + fixture);
    CHECK(has(j.out, "{\"country\": \"PER\", \"pin\": 2300, \"target\": 900"));
    CHECK(run("plan --by month " + fixture).status == 2);
}

} // namespace test_cli_plan

namespace test_cli_plan_hno {

TEST_CASE("tally plan reads an HNO table: national total rows, breakdowns reported") {
    const std::string hno = std::string(TALLY_SOURCE_DIR) + "/tests/data/hxl/hno_small.csv";
    auto r = tally_test::run_cli("plan --by country " + hno);
    CHECK(r.status == 0);
    // The national all-sector row 1,000 / 600; upper bounds: Health + Shelter 700 + 500, 400 + 300.
    CHECK(r.out.find("\nBFA,1000,600,1200,700,intersector,") != std::string::npos);
    CHECK(r.err.find("10 rows are breakdowns") != std::string::npos);
    auto a = tally_test::run_cli("plan --by country,admin1 " + hno);
    CHECK(a.out.find("\nBFA,BF01,600,350,") != std::string::npos);
    CHECK(a.out.find("\nBFA,BF02,390,250,") != std::string::npos);
}

TEST_CASE("tally plan gives the Mali 2024 HNO's published national PiN") {
    const std::string mali = std::string(TALLY_SHARED_DIR) + "/data/hxl/hno_mli_2024.csv";
    if (!std::filesystem::exists(mali)) {
        MESSAGE("skipped: " << mali << " is absent");
        return;
    }
    auto r = tally_test::run_cli("plan --by country " + mali);
    CHECK(r.status == 0);
    CHECK(r.out.find("\nMLI,7107194,4081412,") != std::string::npos);
}

} // namespace test_cli_plan_hno

namespace test_cli_plan {

TEST_CASE("tally plan reads the HPC needs table: totals per admin1, Sudan at country level") {
    const std::string hpc = std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/hpc_needs.csv";
    const auto r = tally_test::run_cli("plan " + hpc + " --by country,admin1");
    CHECK(r.status == 0);
    CHECK(has(r.out, "AFG,AF01,650,370,650,370,intersector,"));
    CHECK(has(r.out, "AFG,AF02,350,230,350,230,intersector,"));
    CHECK(has(r.out, "SDN,,900,500,900,500,intersector,"));
    CHECK(has(r.err, "hpc_needs.csv:23: notice: SDN: its admin2 rows (SD01001, SD01002) carry no "
                     "admin1 code"));
    CHECK(tally_test::run_cli("plan " + hpc + " --strict").status == 1); // the row without cluster
    // Categories as population groups, only when the output is by population group.
    const auto refused = tally_test::run_cli("plan " + hpc + " --by country,admin1 --breakdowns");
    CHECK(refused.status == 2);
    CHECK(has(refused.err, "--breakdowns needs population_group in --by"));
    const auto groups =
        tally_test::run_cli("plan " + hpc + " --by admin1,population_group --breakdowns");
    CHECK(has(groups.out, "AF01,Children,310,150,"));
    CHECK(has(groups.out, "AF01,all,650,370,"));
}

} // namespace test_cli_plan
