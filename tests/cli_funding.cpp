// Runs `tally funding` and checks its output and exit status.
#include "cli_support.hpp"
#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>
#include <tally/io/file.hpp>

namespace test_cli_funding {

namespace {
tally_test::cli_result run(const std::string& args, bool with_stderr = false) {
    return tally_test::run_cli("funding " + args, with_stderr);
}
const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/funding/";
const std::string shared_fts = std::string(TALLY_SHARED_DIR) + "/data/fts/";
} // namespace

TEST_CASE("tally funding prints FTS's own funding and pledge totals for three countries") {
    if (!std::filesystem::exists(shared_fts)) {
        MESSAGE("skipped: " << shared_fts << " is absent");
        return;
    }
    for (const std::string c : {"1", "114", "171"}) {
        const std::string base = shared_fts + "custom-search-locationid-" + c + "-year-2020";
        const auto j = nlohmann::json::parse(tally::io::read_file(base + ".json"));
        const auto funding = j["data"]["incoming"]["fundingTotal"].get<std::int64_t>();
        const auto pledges = j["data"]["incoming"]["pledgeTotal"].get<std::int64_t>();
        auto r = run(base + ".json " + base + "-page-2.json " + base + "-page-3.json");
        CAPTURE(c);
        CHECK(r.status == 0);
        CHECK(r.out == "funding_usd,pledges_usd\n" + std::to_string(funding) + "," +
                           std::to_string(pledges) + "\n");
    }
}

TEST_CASE(
    "tally funding merges pages, drops duplicates and tells about shared and internal flows") {
    auto r = run(fx + "fts_page1.json " + fx + "fts_page2.json");
    CHECK(r.status == 0);
    CHECK(r.out == "funding_usd,pledges_usd\n4000003850,500\n");
    auto e = run(fx + "fts_page1.json " + fx + "fts_page2.json", true);
    CHECK(e.out.find("1 shared flow(s) of 900 USD are listed but added to no total") !=
          std::string::npos);
    CHECK(e.out.find("1 internal flow(s) of 700 USD") != std::string::npos);
    CHECK(e.out.find("2 duplicate flow record(s) dropped") != std::string::npos);
}

TEST_CASE(
    "tally funding --by sector keeps Not specified and multi-sector money in their own rows") {
    auto r = run(fx + "fts_page1.json " + fx + "fts_page2.json --by country,sector");
    CHECK(r.status == 0);
    CHECK(r.out == "country,sector,funding_usd,pledges_usd\n"
                   "Not specified,Not specified,50,0\n"
                   "Xland,Food Security,2500,0\n"
                   "Xland,Health,1000,0\n"
                   "Xland,Multi-sector,4000000000,0\n"
                   "Xland,Not specified,300,500\n");
    auto y = run(fx + "fts_page1.json " + fx + "fts_page2.json --by year");
    CHECK(y.out == "year,funding_usd,pledges_usd\n2020,3500,0\nMulti-year,300,0\n"
                   "Not specified,4000000050,500\n");
}

TEST_CASE("tally funding --as-of leaves out flows dated later") {
    auto r = run(fx + "fts_page1.json " + fx + "fts_page2.json --as-of 2020-12-31");
    CHECK(r.out == "funding_usd,pledges_usd\n4000003800,500\n");
    CHECK(run(fx + "fts_page1.json --as-of 31/12/2020").status == 2);
}

TEST_CASE("tally funding with requirements prints coverage, unmet and n/a") {
    auto r = run(fx + "flows.csv --by country,sector --requirements " + fx + "requirements.csv");
    CHECK(r.status == 0);
    CHECK(r.out == "country,sector,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                   "COL,FOOD,0,0,1000,1000,0.0000\n"
                   "COL,Health,1500,0,3000,1500,0.5000\n"
                   "COL,MULTI,300,0,n/a,n/a,n/a\n"
                   "PER,FOOD,4000000001,0,8000000000,3999999999,0.5000\n"
                   "REGIONAL,MULTI,700,0,n/a,n/a,n/a\n");
    auto t = run(fx + "flows.csv --requirements " + fx + "requirements.csv");
    // 4000002501 / 8000004000
    CHECK(t.out == "funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                   "4000002501,0,8000004000,4000001499,0.5000\n");
    CHECK(run(fx + "flows.csv --strict").status == 1);
}

TEST_CASE("tally funding --allocate requirements spreads multi-sector money and says so") {
    auto r = run(fx + "flows.csv --by country,sector --requirements " + fx +
                     "requirements.csv --allocate requirements",
                 true);
    CHECK(r.status == 0);
    CHECK(r.out.find("country,sector,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage,"
                     "allocated_usd\n"
                     "COL,FOOD,75,0,1000,925,0.0750,75\n"
                     "COL,Health,1725,0,3000,1275,0.5750,225\n"
                     "COL,MULTI,0,0,n/a,n/a,n/a,-300\n") != std::string::npos);
    CHECK(r.out.find("pro rata to requirements") != std::string::npos);
    auto j = run(fx + "flows.csv --by country,sector --requirements " + fx +
                 "requirements.csv --allocate requirements --format json");
    const auto doc = nlohmann::json::parse(j.out);
    CHECK(doc["provenance"].get<std::string>().find("pro rata to requirements") !=
          std::string::npos);
}

TEST_CASE("tally funding tells the readers' notices: a repeated flow line, amounts with cents") {
    const auto dir = std::filesystem::temp_directory_path() / "tally_cli_funding_notices";
    std::filesystem::create_directories(dir);
    const auto flows = (dir / "flows.csv").string(), hdx = (dir / "hdx.csv").string();
    {
        std::ofstream f(flows);
        f << "donor,recipient,country,sector,amount_usd\nA,B,COL,FOOD,10\nA,B,COL,FOOD,10\n";
        std::ofstream h(hdx);
        h << "id,amountUSD,boundary,onBoundary,status\n1,5.5,incoming,single,paid\n";
    }
    const auto r = tally_test::run_cli("funding " + flows + " " + hdx);
    CHECK(r.status == 0);
    CHECK(r.err.find(flows + ":3: notice: line 3 repeats line 2 in every field") !=
          std::string::npos);
    CHECK(r.err.find(hdx + ":2: notice: amountUSD with cents rounded to whole dollars") !=
          std::string::npos);
    CHECK(r.out.find("26") != std::string::npos); // 10 + 10 + 6
    std::filesystem::remove_all(dir);
}

TEST_CASE("tally funding refuses --allocate target and pin without --plan") {
    auto r = run(fx + "flows.csv --by country --allocate pin", true);
    CHECK(r.status == 2);
    CHECK(r.out.find("needs --plan FILE") != std::string::npos);
    CHECK(run(fx + "flows.csv --by country --allocate target").status == 2);
    CHECK(run(fx + "flows.csv --by country --plan " + fx + "alloc_plan.csv").status == 2);
    CHECK(run(fx + "flows.csv --by country --allocate requirements").status == 2);
    CHECK(run(fx + "flows.csv --by donor").status == 2);
    CHECK(run("").status == 2);
}

TEST_CASE("tally funding reports malformed JSON and unreadable files with status 2") {
    const auto bad = std::filesystem::temp_directory_path() / "tally_cli_funding_bad.json";
    {
        std::FILE* f = std::fopen(bad.c_str(), "w");
        REQUIRE(f);
        std::fputs("{\"data\": {\"flows\": [\n  {\"id\": }\n]}}", f);
        std::fclose(f);
    }
    auto r = run(bad.string(), true);
    CHECK(r.status == 2);
    CHECK(r.out.find("[tally.parse.101] " + bad.string() + ":2:") != std::string::npos);
    std::filesystem::remove(bad);
    CHECK(run("/nonexistent/f.json").status == 2);
}

TEST_CASE("tally funding --format json lists the totals and what was left out") {
    auto r = run(fx + "fts_page1.json " + fx + "fts_page2.json --format json");
    CHECK(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    CHECK(j["rows"][0]["funding_usd"] == 4000003850);
    CHECK(j["rows"][0]["pledges_usd"] == 500);
    CHECK(j["shared_flows"] == 1);
    CHECK(j["shared_usd"] == 900);
    CHECK(j["internal_usd"] == 700);
    CHECK(j["duplicates_dropped"] == 2);
}

TEST_CASE("tally funding tells an HDX FTS export from a flow CSV by its header") {
    auto r = run(fx + "hxl_flows.csv --by sector");
    CHECK(r.status == 0);
    CHECK(r.out == "sector,funding_usd,pledges_usd\nHealth,2000,400\nMulti-sector,1000,0\n");
    CHECK(run(fx + "hxl_flows.csv --strict").status == 1);
    CHECK(run(fx + "requirements.csv").status == 2);
}

// alloc_plan.csv PiN per (country, sector), summed over admin1 and groups, Intersector left out:
// ECU Health 300 + 100 = 400, ECU Food Security 600, PER Health 1000. Targets: ECU Health 150,
// ECU Food Security 150, PER Health 200.
// alloc_flows.csv: ECU Health 1000, ECU MULTI 1000, REGIONAL Health 700.
// By PiN: ECU MULTI 1000 -> Health 400/1000 = 400, Food Security 600; REGIONAL Health 700 ->
// ECU 400/1400 = 200, PER 1000/1400 = 500. ECU Health = 1000 + 400 + 200 = 1600.
TEST_CASE("tally funding --allocate pin spreads unattributed money by plan PiN and says so") {
    auto r = run(fx + "alloc_flows.csv --by country,sector --allocate pin --plan " + fx +
                 "alloc_plan.csv");
    CHECK(r.status == 0);
    CHECK(r.out == "country,sector,funding_usd,pledges_usd,allocated_usd\n"
                   "ECU,Food Security,600,0,600\n"
                   "ECU,Health,1600,0,600\n"
                   "ECU,MULTI,0,0,-1000\n"
                   "PER,Health,500,0,500\n"
                   "REGIONAL,Health,0,0,-700\n");
    auto e = run(fx + "alloc_flows.csv --by country,sector --allocate pin --plan " + fx +
                     "alloc_plan.csv",
                 true);
    CHECK(e.out.find("pro rata to people in need (plan)") != std::string::npos);
}

// By target: ECU MULTI 1000 -> Health 150/300 = 500, Food Security 500; REGIONAL Health 700 ->
// ECU 150/350 = 300, PER 200/350 = 400.
TEST_CASE("tally funding --allocate target spreads unattributed money by plan targets") {
    auto r = run(fx + "alloc_flows.csv --by country,sector --allocate target --plan " + fx +
                 "alloc_plan.csv");
    CHECK(r.status == 0);
    CHECK(r.out == "country,sector,funding_usd,pledges_usd,allocated_usd\n"
                   "ECU,Food Security,500,0,500\n"
                   "ECU,Health,1800,0,800\n"
                   "ECU,MULTI,0,0,-1000\n"
                   "PER,Health,400,0,400\n"
                   "REGIONAL,Health,0,0,-700\n");
}

TEST_CASE("tally funding lists rejected plan rows and exits 1 with --strict") {
    const auto dir = std::filesystem::temp_directory_path() / "tally_cli_funding_plan";
    std::filesystem::create_directories(dir);
    const auto bad = (dir / "bad_plan.csv").string();
    {
        FILE* f = std::fopen(bad.c_str(), "w");
        REQUIRE(f);
        std::fputs("country,admin1,sector,population_group,pin,target\n"
                   "ECU,Azuay,Health,in_destination,300,100\n"
                   "ECU,Azuay,Health,in_destination,abc,100\n",
                   f);
        std::fclose(f);
    }
    auto r = run(fx + "alloc_flows.csv --by country,sector --allocate pin --plan " + bad, true);
    CHECK(r.status == 0);
    CHECK(r.out.find(bad + ":3: rejected: pin 'abc' is not a whole number") != std::string::npos);
    CHECK(run(fx + "alloc_flows.csv --by country,sector --allocate pin --strict --plan " + bad)
              .status == 1);
}

TEST_CASE("tally funding puts HEA, Health and Salud in one row, as misalign joins them") {
    // sector_spellings.csv: COL HEA 100, COL Health 200, Colombia Salud 400, COL Food Security
    // 50; requirements COL Salud 1,400 and COL FSC 100. One catalog resolves every spelling.
    const auto r = run(fx + "sector_spellings.csv --by country,sector --requirements " + fx +
                       "sector_spellings_requirements.csv");
    CHECK(r.status == 0);
    CHECK(r.out == "country,sector,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                   "COL,Food Security,50,0,100,50,0.5000\n"
                   "COL,Health,700,0,1400,700,0.5000\n");
    CHECK(r.err.find("not in the R4V sector catalog") == std::string::npos);
    const auto m =
        tally_test::run_cli("misalign --funding " + fx + "sector_spellings.csv --requirements " +
                            fx + "sector_spellings_requirements.csv");
    CHECK(m.status == 0);
    CHECK(m.out.find("\nCOL,Health,0,n/a,n/a,700,1400,n/a,0.5000,") != std::string::npos);
    CHECK(m.out.find("\nCOL,Food Security,0,n/a,n/a,50,100,n/a,0.5000,") != std::string::npos);
    // A sector the catalog does not know is kept as written, and named.
    const auto u = run(fx + "flows.csv --by sector", true);
    CHECK(u.out.find("note: sector(s) not in the R4V sector catalog, kept as written (another "
                     "spelling of the same sector would be a separate row): FOOD\n") !=
          std::string::npos);
}

} // namespace test_cli_funding

namespace test_cli_funding {

namespace {
const std::string ocha = std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/";
bool has(const std::string& s, const std::string& part) {
    return s.find(part) != std::string::npos;
}
} // namespace

TEST_CASE("tally funding --sector keeps the money and requirements of one sector") {
    // sector_spellings.csv: COL HEA 100, Health 200, Salud 400 and Food Security 50;
    // requirements COL Salud 1,400 and FSC 100.
    const auto r = run(fx + "sector_spellings.csv --by country --sector salud --requirements " +
                       fx + "sector_spellings_requirements.csv");
    CHECK(r.status == 0);
    CHECK(r.out == "country,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                   "COL,700,0,1400,700,0.5000\n");
    CHECK(r.err.find("note: Figure for one sector: Health") != std::string::npos);
    const auto f = run(fx + "sector_spellings.csv --sector FSC");
    CHECK(f.out == "funding_usd,pledges_usd\n50,0\n");
    const auto bad = run(fx + "sector_spellings.csv --sector Astrology");
    CHECK(bad.status == 2);
    CHECK(bad.err.find("unknown sector 'Astrology'; the sectors are") != std::string::npos);
}

TEST_CASE("tally funding refuses requirements of several years, naming them and the options") {
    const auto r = run(ocha + "fts_flows_col.json --requirements " + ocha +
                       "hdx_fts_requirements_funding_col.csv --by country");
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(has(r.err, "tally funding: [tally.usage.107] " + ocha +
                         "hdx_fts_requirements_funding_col.csv: requirements of 2 years (2023, "
                         "2024) and 3 plan(s) (FCOL23, HCOL23, HCOL24) would be added in the group "
                         "(country COL): choose a year with --year YEAR or a plan with --plan-code "
                         "CODE, or group by them with --by ...,year or --by ...,plan"));
}

TEST_CASE("tally funding --year compares the year's requirements with the flows of that usage "
          "year") {
    // Flows of usage year 2024: 600 + 250 (HCOL24) + 400 (the regional plan) + 500 (no plan);
    // 700 of 2023 left out; requirements of 2024: HCOL24's 4,000.
    const auto r = run(ocha + "fts_flows_col.json --requirements " + ocha +
                           "hdx_fts_requirements_funding_col.csv --by country --year 2024",
                       true);
    CHECK(r.status == 0);
    CHECK(has(r.out, "country,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                     "COL,1750,90,4000,2250,0.4375\n"));
    CHECK(has(r.out, "note: 1 flow(s) of 700 USD of another usage year than 2024 (or of several) "
                     "left out\n"));
    CHECK(has(r.out, "note: 3 requirement row(s) of other years than 2024 left out (--year)\n"));
}

TEST_CASE("tally funding refuses two plans in one row and groups by plan when asked") {
    const std::string base = ocha + "fts_flows_col.json --requirements " + ocha +
                             "hdx_fts_requirements_funding_col.csv --year 2023";
    const auto refused = run(base + " --by country");
    CHECK(refused.status == 2);
    CHECK(refused.out.empty());
    CHECK(has(refused.err, "requirements of 2 plans (FCOL23 Colombia Flash Appeal 2023; HCOL23 "
                           "Colombia Humanitarian Response Plan 2023) would be added in the group "
                           "(country COL): choose with --plan-code CODE, or group by plan with "
                           "--by ...,plan"));
    const auto by_plan = run(base + " --by country,plan");
    CHECK(by_plan.status == 0);
    // The flow's plan, named "Colombia Humanitarian Response Plan 2023" by FTS, is HCOL23.
    CHECK(by_plan.out ==
          "country,plan,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage,plan_name,"
          "in_need,targeted\n"
          "COL,FCOL23,0,0,1000,1000,0.0000,Colombia Flash Appeal 2023,n/a,n/a\n"
          "COL,HCOL23,700,0,3000,2300,0.2333,Colombia Humanitarian Response Plan 2023,n/a,n/a\n");
    const auto one = run(base + " --by country --plan-code HCOL23");
    CHECK(one.out == "country,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                     "COL,700,0,3000,2300,0.2333\n");
}

TEST_CASE("tally funding reads a table of funding per plan: the HAPI funding table") {
    const auto r = run(ocha + "hapi_funding.csv --by country,plan", true);
    CHECK(r.status == 0);
    CHECK(has(r.out, "COL,HCOL24,1000,0,4000,3000,0.2500,Colombia Humanitarian Response Plan "
                     "2024,n/a,n/a\n"));
    CHECK(has(r.out, "COL,Not specified,500,0,n/a,n/a,n/a,Not specified,n/a,n/a\n"));
    CHECK(has(r.out, "PER,RREG24,600,0,2000,1400,0.3000,"));
    // Flows and a table of funding per plan would count the same money twice.
    const auto both = run(ocha + "hapi_funding.csv " + ocha + "fts_flows_col.json");
    CHECK(both.status == 2);
    CHECK(both.out.empty());
    CHECK(has(both.err, "a table of funding per plan, given with flows"));
}

TEST_CASE("tally funding takes an FTS plan overview as requirements, with the plans' caseloads") {
    const auto r = run(ocha + "fts_flows_col.json --requirements " + ocha +
                           "fts_plan_overview_2024.json --by country,plan",
                       true);
    CHECK(r.status == 0);
    CHECK(has(r.out, "COL,HCOL24,850,90,4000,3150,0.2125,Colombia Humanitarian Response Plan "
                     "2024,1200,900\n"));
    // The regional plan is known by its name, but its requirements have no country split.
    CHECK(has(r.out, "COL,RREG24,400,0,n/a,n/a,n/a,Regional Refugee and Migrant Response Plan "
                     "2024,8000,3000\n"));
    CHECK(has(r.out, "note: requirements of plans over several countries without a country split "
                     "(RREG24, 6000 USD) fit no country group and are left out\n"));
    CHECK(has(r.out, "note: requirements are of 2024 only: funding is that of usage year 2024"));
    const auto json = run(ocha + "fts_flows_col.json --requirements " + ocha +
                          "fts_plan_overview_2024.json --by plan --format json");
    const auto j = nlohmann::json::parse(json.out);
    bool found = false;
    for (const auto& row : j["rows"])
        if (row["plan"] == "RREG24") {
            found = true;
            CHECK(row["requirements_usd"] == 6000);
            CHECK(row["plan_type"] == "Regional response plan");
            CHECK(row["in_need"] == 8000);
        }
    CHECK(found);
}

TEST_CASE("Afghanistan's 2020 coverage is FTS's funding over the 2020 requirements: 64%") {
    if (!std::filesystem::exists(shared_fts)) {
        MESSAGE("skipped: " << shared_fts << " is absent");
        return;
    }
    const std::string base = shared_fts + "custom-search-locationid-1-year-2020";
    const std::string flows = base + ".json " + base + "-page-2.json " + base + "-page-3.json";
    // 725,591,299 / 1,131,050,820 = 0.6415; the FTS API names the country "Afghanistan", the
    // requirements file AFG: one row.
    const auto r = run(flows + " --requirements " + shared_fts +
                       "hxl_fts_requirements_funding_afg.csv" + " --by country");
    CHECK(r.status == 0);
    CHECK(r.out == "country,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                   "AFG,725591299,0,1131050820,405459521,0.6415\n");
    const std::string real = std::string(TALLY_SHARED_DIR) + "/data/real/";
    if (!std::filesystem::exists(real)) {
        MESSAGE("skipped: " << real << " is absent");
        return;
    }
    const auto hapi = run(flows + " --requirements " + real + "hdx_hapi_funding_global.csv" +
                          " --by country,plan --plan-code HAFG20");
    CHECK(hapi.out == "country,plan,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage,"
                      "plan_name,in_need,targeted\n"
                      "AFG,HAFG20,564447748,0,1131050820,566603072,0.4990,Afghanistan 2020,n/a,"
                      "n/a\n");
    const auto ukr = run(real + "hdx_fts_requirements_funding_ukr_allyears.csv --by country");
    CHECK(ukr.status == 2);
    CHECK(has(ukr.err, "requirements of 11 years (2014, 2015"));
    const auto ukr23 =
        run(real + "hdx_fts_requirements_funding_ukr_allyears.csv --by country --year 2023");
    // 2,847,032,800 to the plan and 634,487,080 outside it; requirements 3,945,656,687.
    CHECK(ukr23.out == "country,funding_usd,pledges_usd,requirements_usd,unmet_usd,coverage\n"
                       "UKR,3481519880,0,3945656687,464136807,0.8824\n");
}

TEST_CASE("tally funding --columns reads flows and funding tables in a layout tally does not "
          "know, --requirements-columns the requirements") {
    const auto dir = std::filesystem::temp_directory_path() / "tally_cli_funding_columns";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    auto write = [&](const std::string& name, const std::string& text) {
        const auto p = (dir / name).string();
        std::ofstream(p) << text;
        return p;
    };
    // flows.csv with its amount column renamed, and requirements.csv with Spanish names.
    std::string flows_text = tally::io::read_file(fx + "flows.csv");
    flows_text.replace(flows_text.find("amount_usd"), 10, "Monto USD");
    const auto flows = write("flujos.csv", flows_text);
    std::string req_text = tally::io::read_file(fx + "requirements.csv");
    req_text.replace(req_text.find("country"), 7, "País");
    req_text.replace(req_text.find("requirements_usd"), 16, "Necesidades");
    const auto req = write("necesidades.csv", req_text);
    const std::string by = " --by country,sector";
    const auto canonical = run(fx + "flows.csv --requirements " + fx + "requirements.csv" + by);
    REQUIRE(canonical.status == 0);
    const auto mapped =
        run(flows + " --columns 'Monto USD=amount_usd' --requirements " + req +
            " --requirements-columns 'País=country,Necesidades=requirements_usd'" + by);
    CHECK(mapped.status == 0);
    CHECK(mapped.out == canonical.out);
    // A map file works as well as entries.
    const auto map_file = write("flujos.map", "# my flows\nMonto USD = amount_usd\n");
    CHECK(run(flows + " --columns " + map_file + by).out == run(fx + "flows.csv" + by).out);
    // Without the maps neither file is read, and nothing is written.
    const auto bare = run(flows + by, true);
    CHECK(bare.status == 2);
    CHECK(bare.out.find(flows + ":1: this is an activities file, not ") != std::string::npos);
    const auto no_req_map =
        run(flows + " --columns 'Monto USD=amount_usd' --requirements " + req, true);
    CHECK(no_req_map.status == 2);
    // A mapped column the file lacks, and a role mapped twice: errors naming file and column.
    const auto absent = run(fx + "flows.csv --columns 'Monto USD=amount_usd'", true);
    CHECK(absent.status == 2);
    CHECK(absent.out.find("[tally.parse.101] " + fx +
                          "flows.csv:1: the column map (--columns) names column 'Monto USD', "
                          "which is not in the file (its columns: donor, recipient, country, "
                          "sector, amount_usd)") != std::string::npos);
    const auto twice = run(flows + " --columns 'Monto USD=amount_usd,donor=amount_usd'", true);
    CHECK(twice.status == 2);
    CHECK(twice.out.find(flows + ":1: this is an activities file, not ") != std::string::npos);
    CHECK(twice.out.find(
              "; read as a flow CSV file: the column map (--columns) maps role 'amount_usd' "
              "twice (columns 'Monto USD' and 'donor')") != std::string::npos);
    CHECK(run(fx + "flows.csv --requirements-columns 'a=country'").status == 2);
    std::filesystem::remove_all(dir);
}

TEST_CASE("tally funding stops a file whose column is close to one it reads, naming the role") {
    const auto dir = std::filesystem::temp_directory_path() / "tally_cli_funding_near";
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    const auto near = (dir / "near.csv").string(), req = (dir / "req.csv").string(),
               extra = (dir / "extra.csv").string();
    std::ofstream(near) << "country,sector,amountUS\nCOL,HEALTH,5\n";
    std::ofstream(req) << "country,sector,requirments\nCOL,HEALTH,5\n";
    std::ofstream(extra) << "country,sector,amount_usd,recipent\nCOL,HEALTH,5,P\n";
    const auto r = run(near, true);
    CHECK(r.status == 2);
    CHECK(r.out.find("read as a flow CSV file: not a flow CSV: missing column(s) amount_usd (the "
                     "closest layout is 'flow CSV'); 'amountUS' looks like amount_usd: map it "
                     "with --columns 'amountUS=amount_usd'") != std::string::npos);
    const auto q = run(fx + "flows.csv --requirements " + req, true);
    CHECK(q.status == 2);
    CHECK(q.out.find("'requirments' looks like requirements_usd: map it with "
                     "--requirements-columns 'requirments=requirements_usd'") != std::string::npos);
    const auto e = run(extra, true);
    CHECK(e.status == 2);
    CHECK(e.out.find(extra + ":1: column 'recipent' is not read, but its name is close to "
                             "'recipient'") != std::string::npos);
    CHECK(run(extra + " --columns 'recipent=ignore'").out == "funding_usd,pledges_usd\n5,0\n");
    std::filesystem::remove_all(dir);
}

} // namespace test_cli_funding
