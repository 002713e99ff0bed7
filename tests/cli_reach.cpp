// Runs `tally reach` on a hand-made 5W fixture (tests/data/reach/ecuador_5w.csv) whose figures
// are computed by hand in the comments.
#include "cli_support.hpp"
#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <string>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace test_cli_reach {

namespace {
tally_test::cli_result run(const std::string& args) {
    return tally_test::run_cli(args);
}
const std::string fixture = std::string(TALLY_SOURCE_DIR) + "/tests/data/reach/ecuador_5w.csv";
bool has(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}
} // namespace

// Azuay, January 2023 (lines 2-6): Protection (General) 1,239 destination; Food Security 592
// destination + 76 host; Education 225; Health 150 + 50 host; WASH 24: sum 2,356, intersector
// 1,239 + 76 = 1,315. Line 7 is advocacy (never reached). Line 8: 80 in transit at country level.
// Line 9: February, Food Security 100 new (900 total monthly, not summed). Line 10 is rejected
// (groups 20 != new 30). Line 11: Peru, 200 destination + 100 in transit.

TEST_CASE("tally reach gives sector figures by country by default") {
    auto r = run("reach " + fixture);
    CHECK(r.status == 0);
    CHECK(r.out.rfind("country,sector,reached,reached_upper,appealing_partners,"
                      "implementing_partners,scope,note\n",
                      0) == 0);
    CHECK(has(r.out, "\nECU,Education,225,225,1,1,sector,"));
    CHECK(has(r.out, "\nECU,Food Security,768,768,1,1,sector,"));
    CHECK(has(r.out, "\nECU,Health,200,200,1,1,sector,"));
    // The advocacy line counts no one, but its implementing partner is a partner.
    CHECK(has(r.out, "\nECU,Protection (General),1239,1239,1,2,sector,"));
    CHECK(has(r.out, "\nPER,Shelter,300,300,1,1,sector,"));
    // Sorted by key.
    CHECK(r.out.find("ECU,WASH") < r.out.find("PER,Shelter"));
    CHECK(r.out.find("ECU,Education") < r.out.find("ECU,Food Security"));
}

TEST_CASE("tally reach lists a rejected row on stderr and still answers") {
    auto r = run("reach " + fixture);
    CHECK(r.status == 0);
    CHECK(has(r.err, "ecuador_5w.csv:10"));
    CHECK(has(r.err, "1 rejected"));
    auto strict = run("reach --strict " + fixture);
    CHECK(strict.status == 1);
    CHECK(has(strict.out, "ECU,Food Security,768"));
}

TEST_CASE("tally reach without sector gives intersector figures, 1,315 for Azuay in January") {
    auto r = run("reach --by country,admin1,month " + fixture);
    CHECK(has(r.out, "\nECU,Azuay,2023-01,1315,2356,"));
    CHECK(has(r.out, "\nECU,,2023-01,80,80,"));
    CHECK(has(r.out, "\nECU,Azuay,2023-02,100,100,"));
    auto c = run("reach --by country " + fixture);
    // 1,315 + 80 + 100; upper 2,356 + 80 + 100.
    CHECK(has(c.out, "\nECU,1495,2536,5,6,intersector,"));
    CHECK(has(c.out, "max per population group across sectors per admin1 and month"));
}

TEST_CASE("tally reach applies each intersector model") {
    // max-sector: Azuay January keeps Protection (General) 1,239; + 80 + 100.
    CHECK(
        has(run("reach --by country --intersector max-sector " + fixture).out, "\nECU,1419,2536,"));
    CHECK(has(run("reach --by country --intersector sum " + fixture).out, "\nECU,2536,2536,"));
    // southern-cone on Azuay January: destination max{592, 24} + 1239 + (225 + 150) = 2206,
    // host 76 + 50 = 126; country level: Humanitarian Transportation 80; February 100.
    CHECK(has(run("reach --by country --intersector southern-cone " + fixture).out,
              "\nECU,2512,2536,"));
    CHECK(
        has(run("reach --by country --country-model ECU=sum " + fixture).out, "\nECU,2536,2536,"));
}

TEST_CASE("tally reach leaves people in transit out of regional figures unless told") {
    // Ecuador without the 80 in transit: 1,415 (upper 2,456); Peru 200.
    auto ex = run("reach --by region " + fixture);
    CHECK(has(ex.out, "\nR4V,1615,2656,"));
    CHECK(has(ex.out, "Does not include people in transit"));
    CHECK(has(run("reach --by region --in-transit include " + fixture).out, "\nR4V,1795,2836,"));
    auto sep = run("reach --by platform --in-transit separate " + fixture);
    CHECK(has(sep.out, "platform,in_transit,reached,"));
    CHECK(has(sep.out, "\nEcuador,excluded,1415,2456,"));
    CHECK(has(sep.out, "\nEcuador,only,80,80,"));
    CHECK(has(sep.out, "\nPeru,only,100,100,"));
    // Country rows include them.
    CHECK(has(run("reach --by country " + fixture).out, "\nPER,300,300,"));
}

TEST_CASE("tally reach names the within-sector rule in the note") {
    auto r = run("reach --within-sector max-indicator " + fixture);
    CHECK(r.status == 0);
    // One counted indicator per sector, place and month here: the figures do not change.
    CHECK(has(r.out, "\nECU,Food Security,768,768,1,1,sector,"));
    CHECK(has(r.out, "max over indicators per admin1, month and population group"));
    CHECK(run("reach --within-sector median " + fixture).status == 2);
}

TEST_CASE("tally reach writes JSON with provenance") {
    auto r = run("reach --by country --format json " + fixture);
    CHECK(r.status == 0);
    CHECK(r.out.rfind("[\n  {\"country\": \"ECU\", \"reached\": 1495, \"reached_upper\": 2536",
                      0) == 0);
    CHECK(has(r.out, "\"provenance\": {\"steps\": [\"sum over partners and activities"));
}

TEST_CASE("tally reach refuses bad options and unreadable files") {
    CHECK(run("reach --intersector bogus " + fixture).status == 2);
    CHECK(run("reach --by country,planet " + fixture).status == 2);
    CHECK(run("reach").status == 2);
    auto missing = run("reach /nonexistent/5w.csv");
    CHECK(missing.status == 2);
    CHECK(has(missing.err, "/nonexistent/5w.csv"));
}

} // namespace test_cli_reach

namespace test_cli_reach_r4v {

const std::string r4v = std::string(TALLY_SOURCE_DIR) + "/tests/data/r4v/";

TEST_CASE("tally reach reads R4V's 5W export as published and gives R4V's figures") {
    const auto r = tally_test::run_cli("reach " + r4v + "5w_export_2022.csv --by country");
    CHECK(r.status == 0);
    // Hand-worked in tests/io_layouts.cpp: max per population group per admin1 and month.
    CHECK(r.out.find("\nARG,73,103,") != std::string::npos);
    CHECK(r.out.find("\nBOL,80,120,") != std::string::npos);
    CHECK(r.err.find("not in tally's list of R4V indicators and typed by its wording") !=
          std::string::npos);
    const auto sum = tally_test::run_cli("reach " + r4v +
                                         "5w_export_2023.csv --by country "
                                         "--intersector sum");
    CHECK(sum.out.find("\nARG,103,103,") != std::string::npos);
}

TEST_CASE("tally reach takes a list of indicator types over its own typing") {
    const std::string types = "/tmp/tally_reach_types_" + std::to_string(::getpid()) + ".csv";
    {
        std::FILE* f = std::fopen(types.c_str(), "w");
        REQUIRE(f);
        std::fputs("indicator,type\n# of staff members capacitated on asylum procedures,Direct "
                   "assistance\n",
                   f);
        std::fclose(f);
    }
    // The 7 people of the staff line now count: 103 + 7 with the sum of sectors.
    const auto r = tally_test::run_cli("reach " + r4v +
                                       "5w_export_2022.csv --by country "
                                       "--intersector sum --indicator-types " +
                                       types);
    CHECK(r.out.find("\nARG,110,110,") != std::string::npos);
    CHECK(r.err.find("typed by its wording") == std::string::npos);
    std::remove(types.c_str());
}

TEST_CASE("tally reach refuses a header with a column close to one it reads, until mapped") {
    const std::string path = "/tmp/tally_reach_renamed_" + std::to_string(::getpid()) + ".csv";
    {
        std::FILE* f = std::fopen(path.c_str(), "w");
        REQUIRE(f);
        std::fputs("Country,Admin1,Month,Appealing_org,Sector,Indicator,New_beneficiaries,Girls,"
                   "Boys,Women,Men,Other_under,Other_above\n"
                   "Argentina,Salta,2022-08,IOM,Health,HE-1,396,100,100,100,94,1,1\n"
                   "Argentina,Salta,2022-08,IOM,Health,HE-1,192,50,50,50,42,0,0\n",
                   f);
        std::fclose(f);
    }
    const auto refused = tally_test::run_cli("reach " + path + " --by country");
    CHECK(refused.status == 2);
    CHECK(refused.err.find("column 'Other_under' is not read, but its name is close to") !=
          std::string::npos);
    CHECK(refused.out.find("ARG,") == std::string::npos);
    const auto mapped = tally_test::run_cli(
        "reach " + path +
        " --by country --columns 'Other_under=other_under_18,Other_above=other_above_18'");
    CHECK(mapped.status == 0);
    CHECK(mapped.out.find("\nARG,588,588,") != std::string::npos);
    const auto bad = tally_test::run_cli("reach " + path + " --columns 'Other_under=people'");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("maps 'Other_under' to 'people', which is not a role of activities "
                       "files") != std::string::npos);
    std::remove(path.c_str());
}

} // namespace test_cli_reach_r4v

#if defined(TALLY_HAVE_XLSX)
#include "xlsx_support.hpp"
#include <tally/io/csv.hpp>

namespace test_cli_reach_r4v_workbooks {

using namespace tally_test::xlsx;

const std::string r4v = std::string(TALLY_SOURCE_DIR) + "/tests/data/r4v/";

TEST_CASE("tally reach reads R4V's 5W export as a workbook with the figures of its CSV") {
    // The export as R4V publishes it: one sheet, the header in row 1.
    tally::io::csv_reader rd = tally::io::csv_reader::open(r4v + "5w_export_2022.csv");
    tally::io::csv_record rec;
    std::string rows;
    for (int r = 1; rd.next(rec); ++r)
        rows += row_of(r, std::vector<std::string>(rec.fields.begin(), rec.fields.end()));
    const auto path = write_scratch("export_2022.xlsx", workbook({{"Sheet1", rows}}));
    const auto book = tally_test::run_cli("reach " + path + " --by country");
    const auto csv = tally_test::run_cli("reach " + r4v + "5w_export_2022.csv --by country");
    CHECK(book.status == 0);
    CHECK(book.out == csv.out);
    CHECK(book.out.find("\nARG,73,103,") != std::string::npos);
}

TEST_CASE("tally reach reads R4V's 2025 template workbook under its title row") {
    const std::vector<std::string> header = {"Country Country",
                                             "Country Admin1",
                                             "Admin2 Admin2",
                                             "Appealing organisation Name",
                                             "Implementation Set up",
                                             "Implementing partner Name",
                                             "Month",
                                             "Indicator Sector",
                                             "Indicator Indicator",
                                             "Activity Name",
                                             "Activity Description",
                                             "RMRP Activity",
                                             "CVA",
                                             "Value (in USD)",
                                             "Delivery mechanism",
                                             "Quantity of output",
                                             "Total monthly beneficiaries",
                                             "New beneficiaries of the month",
                                             "Refugees and Migrants IN DESTINATION",
                                             "Refugees and Migrants IN TRANSIT",
                                             "Host Communities Beneficiaries",
                                             "Refugees and Migrants PENDULARS",
                                             "Colombian Returnees",
                                             "Women under 18",
                                             "Men under 18",
                                             "Women above 18",
                                             "Men above 18",
                                             "Other under 18",
                                             "Other above 18"};
    const std::vector<std::string> row = {
        "Peru",
        "Lima",
        "",
        "UNHCR",
        "No",
        "",
        "2025-02",
        "Health",
        "# of refugees and migrants benefiting from primary health care consultations",
        "Consulta",
        "",
        "Yes",
        "No",
        "",
        "",
        "",
        "12",
        "10",
        "6",
        "1",
        "3",
        "0",
        "0",
        "2",
        "2",
        "2",
        "2",
        "1",
        "1"};
    const auto path =
        write_scratch("template_2025.xlsx",
                      workbook({{"5W - RMRP 2025", row_of(1, {"RMRP 2025 - 5W monitoring"}) +
                                                       row_of(2, header) + row_of(3, row)}}));
    const auto r = tally_test::run_cli("reach " + path + " --by country");
    CHECK(r.status == 0);
    // 6 in destination, 1 in transit, 3 host community: 10 reached in Peru.
    CHECK(r.out.find("\nPER,10,10,1,1,") != std::string::npos);
    const auto c = tally_test::run_cli("check " + path);
    CHECK(c.out.find("[5W - RMRP 2025]: layout 'R4V 5W template (2025)'") != std::string::npos);
    CHECK(c.err.find("row 1 above the header (row 2) read as titles") != std::string::npos);
}

} // namespace test_cli_reach_r4v_workbooks
#endif

namespace test_cli_reach_sector {

namespace {
const std::string fixture = std::string(TALLY_SOURCE_DIR) + "/tests/data/reach/ecuador_5w.csv";
// The lines of a CSV output whose `sector` field (the second) lies in `sectors`, each cut
// before its note (the last field), with the header.
std::string rows_of(const std::string& out, const std::vector<std::string>& sectors) {
    std::string kept;
    std::size_t at = 0;
    bool header = true;
    while (at < out.size()) {
        const auto end = out.find('\n', at);
        const std::string line = out.substr(at, end - at);
        at = end == std::string::npos ? out.size() : end + 1;
        const auto a = line.find(','), b = line.find(',', a + 1);
        const std::string sector = line.substr(a + 1, b - a - 1);
        if (header || std::find(sectors.begin(), sectors.end(), sector) != sectors.end())
            kept += line.substr(0, line.find(",sector,") + 7) + "\n";
        header = false;
    }
    return kept;
}
} // namespace

TEST_CASE("tally reach --sector gives the rows of reach --by country,sector for that sector") {
    const auto all = tally_test::run_cli("reach --by country,sector " + fixture);
    REQUIRE(all.status == 0);
    const auto health = tally_test::run_cli("reach --sector Health " + fixture);
    CHECK(health.status == 0);
    CHECK(rows_of(health.out, {"Health"}) == rows_of(all.out, {"Health"}));
    CHECK(rows_of(health.out, {"Health"}) == rows_of(health.out, {"Health", "Education", "WASH"}));
    // ECU Health: 200 in January (its February line is rejected).
    CHECK(health.out.find("\nECU,Health,200,200,1,1,sector,") != std::string::npos);
    // Spelled as the Spanish tools spell it, in any case, and with --by country: the sector
    // key is added, so the rows stay sector figures.
    const auto salud = tally_test::run_cli("reach --sector SALUD --by country " + fixture);
    CHECK(salud.status == 0);
    CHECK(salud.out == health.out);
    // A sector's scope holds its sub-sectors.
    const auto pro = tally_test::run_cli("reach --sector PRO " + fixture);
    CHECK(rows_of(pro.out, {"Protection (General)"}) == rows_of(all.out, {"Protection (General)"}));
    CHECK(pro.out.find("Food Security") == std::string::npos);
}

TEST_CASE("tally reach --sector says the figure is one sector's, never an intersector one") {
    const auto r = tally_test::run_cli("reach --sector Health --by region " + fixture);
    CHECK(r.status == 0);
    CHECK(r.out.rfind("region,sector,reached,", 0) == 0);
    CHECK(r.out.find(",intersector,") == std::string::npos);
    CHECK(r.out.find("Figure for one sector: Health") != std::string::npos);
    CHECK(r.out.find("never added into an intersector figure.") != std::string::npos);
    const auto j = tally_test::run_cli("reach --sector Health --format json " + fixture);
    CHECK(j.out.find("Figure for one sector: Health") != std::string::npos);
}

TEST_CASE("tally reach --sector refuses an unknown sector, listing those it knows") {
    const auto r = tally_test::run_cli("reach --sector Astrology " + fixture);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("--sector: unknown sector 'Astrology'; the sectors are EDU Education, ") !=
          std::string::npos);
}

} // namespace test_cli_reach_sector
