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

TEST_CASE("tally plan --sector gives that sector's rows, never the Intersector row") {
    const auto all = run("plan --by country,sector " + fixture);
    const auto h = run("plan --sector hea " + fixture);
    CHECK(h.status == 0);
    CHECK(has(all.out, "\nECU,Health,5800,2400,5800,2400,sector,"));
    CHECK(has(h.out, "\nECU,Health,5800,2400,5800,2400,sector,"));
    CHECK_FALSE(has(h.out, "Food Security"));
    CHECK_FALSE(has(h.out, "Education"));
    CHECK(has(h.out, "Figure for one sector: Health"));
    CHECK(has(h.out, "never added into an intersector figure."));
    // With --by country the sector key is added: a sector figure, not the mosaic of sectors.
    const auto c = run("plan --sector Health --by country " + fixture);
    CHECK(c.out.rfind("country,sector,pin,", 0) == 0);
    CHECK(c.out == h.out);
    const auto bad = run("plan --sector Astrology " + fixture);
    CHECK(bad.status == 2);
    CHECK(has(bad.err, "unknown sector 'Astrology'; the sectors are EDU Education"));
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

#if defined(TALLY_HAVE_XLSX)
#include "xlsx_support.hpp"

namespace test_cli_plan_workbook {

using namespace tally_test::xlsx;

/// The sheets of R4V's planning workbook (2022 layout), small: a PiN sheet, a Target sheet and
/// the two sheets of proportions, which hold shares and must never be read as figures.
std::string planning_book() {
    auto header = [](const std::string& w) {
        std::vector<std::string> h = {w + " Platform",
                                      w + " Country",
                                      w + " Admin1",
                                      "Subsector",
                                      w + " 2022 Total Girls",
                                      w + " 2022 Total Boys",
                                      w + " 2022 Total Women",
                                      w + " Total Men",
                                      w + " Total"};
        for (const char* b : {"Dest", "Transit", "HC", "Pendular", "Returnees"})
            for (const char* c : {"GIrls", "Boys", "Women", "Men", "Total"})
                h.push_back(w + " " + b + " " + c);
        return h;
    };
    auto figures = [](std::vector<std::string> keys, std::vector<int> groups_cells) {
        // groups_cells: 5 groups x 4 cells; the totals are computed here.
        std::vector<int> tot(4, 0);
        int all = 0;
        std::vector<std::string> out = std::move(keys);
        for (int k = 0; k < 4; ++k) {
            for (int g = 0; g < 5; ++g)
                tot[static_cast<std::size_t>(k)] +=
                    groups_cells[static_cast<std::size_t>(g * 4 + k)];
            all += tot[static_cast<std::size_t>(k)];
        }
        for (int k = 0; k < 4; ++k)
            out.push_back(std::to_string(tot[static_cast<std::size_t>(k)]));
        out.push_back(std::to_string(all));
        for (int g = 0; g < 5; ++g) {
            int sum = 0;
            for (int k = 0; k < 4; ++k) {
                const int v = groups_cells[static_cast<std::size_t>(g * 4 + k)];
                sum += v;
                out.push_back(std::to_string(v));
            }
            out.push_back(std::to_string(sum));
        }
        return out;
    };
    // Colombia, country level only: destination 250 a cell, transit 50, pendular 25, returnees
    // 10; Argentina: a Country level Intersector row and an admin1 row.
    const std::string pin =
        row_of(1, header("PiN")) +
        row_of(2, figures({"Colombia", "Colombia", "Country level", "Intersector"},
                          {250, 250, 250, 250, 50, 50, 50, 50, 0,  0,
                           0,   0,   25,  25,  25, 25, 10, 10, 10, 10})) +
        row_of(3, figures({"Southern Cone", "Argentina", "Country level", "Intersector"},
                          {20, 20, 20, 20, 3, 3, 3, 3, 4, 4, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0})) +
        row_of(4, figures({"Southern Cone", "Argentina", "Buenos Aires", "Intersector"},
                          {10, 10, 10, 10, 1, 1, 1, 1, 2, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
    const std::string target =
        row_of(1, header("Target")) +
        row_of(2, figures({"Colombia", "Colombia", "Country level", "Intersector"},
                          {100, 100, 100, 100, 20, 20, 20, 20, 0, 0,
                           0,   0,   10,  10,  10, 10, 5,  5,  5, 5})) +
        row_of(3, figures({"Southern Cone", "Argentina", "Country level", "Intersector"},
                          {8, 8, 8, 8, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0}));
    const std::string shares =
        row_of(1, {"Country", "Admin1", "Subsector", "2022_Total_Girls", "Dest_GIrls"}) +
        row_of(2, {"Colombia", "Country level", "Intersector", "0.25", "0.25"});
    return workbook({{"PiN 2022", pin},
                     {"pinproportions", shares},
                     {"Target", target},
                     {"targetproportions", shares}});
}

TEST_CASE("tally plan reads R4V's planning workbook whole: regional figures without transit") {
    const auto path = write_scratch("planning_2022.xlsx", planning_book());
    // Colombia 1,340 - 200 in transit; Argentina 106 - 12: 1,234. Targets: 540 - 80 + 40 - 4.
    const auto r = tally_test::run_cli("plan " + path + " --by region");
    CHECK(r.status == 0);
    CHECK(r.out.find("\nR4V,1234,496,") != std::string::npos);
    CHECK(r.err.find("sheets 'pinproportions', 'targetproportions' have no header tally knows: "
                     "not read") != std::string::npos);
    const auto s = tally_test::run_cli("plan " + path + " --by region --in-transit separate");
    CHECK(s.out.find("\nR4V,excluded,1234,496,") != std::string::npos);
    CHECK(s.out.find("\nR4V,only,212,84,") != std::string::npos);
    // Each country's figure is its Country level row, never that row plus its admin1 rows.
    const auto c = tally_test::run_cli("plan " + path + " --by country");
    CHECK(c.out.find("\nARG,106,40,") != std::string::npos);
    CHECK(c.out.find("\nCOL,1340,540,") != std::string::npos);
    const auto check = tally_test::run_cli("check " + path);
    CHECK(check.out.find("[PiN 2022]: layout 'R4V planning workbook, PiN sheet'") !=
          std::string::npos);
    CHECK(check.out.find("[Target]: layout 'R4V planning workbook, Target sheet'") !=
          std::string::npos);
}

} // namespace test_cli_plan_workbook
#endif
