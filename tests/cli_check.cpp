// Runs `tally check` on files written here and checks its lines and exit status.
#include "cli_support.hpp"
#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>

namespace test_cli_check {

namespace {
tally_test::cli_result run(const std::string& args) {
    return tally_test::run_cli(args, true);
}

struct scratch : tally_test::scratch {
    explicit scratch(const std::string& name) : tally_test::scratch("tally_cli_check_" + name) {}
};

const std::string activity_head =
    "country,admin1,month,partner,sector,indicator,population_group,reached\n";
} // namespace

TEST_CASE("tally check of a clean activity file prints its counts and exits 0") {
    scratch s("clean");
    const auto f = s.file("a.csv", activity_head + "ECU,EC01,2023-01,A,Health,H1,in_destination,4\n"
                                                   "ECU,,2023-02,B,WASH,W1,in_transit,3\n");
    const auto r = run("check " + f);
    CHECK(r.status == 0);
    CHECK(r.out == f + ": layout 'tally'\n" + f +
                       ": activities: 2 rows read, 2 used, 0 rejected; 0 notices\n" +
                       "total: 1 file, 2 rows read, 2 used, 0 rejected; 0 notices\n");
}

TEST_CASE("tally check lists each rejected row as FILE:LINE: rejected: reason and exits 1") {
    scratch s("bad");
    const auto f = s.file("a.csv", activity_head + "ECU,EC01,2023-01,A,Health,H1,in_destination,4\n"
                                                   "ECU,EC01,2023-1,A,Health,H1,in_destination,4\n"
                                                   "ECU,EC01,2023-01,A,Health,H1,aliens,4\n");
    const auto r = run("check " + f);
    CHECK(r.status == 1);
    CHECK(r.out == f + ": layout 'tally'\n" + f + ":3: rejected: month '2023-1' is not YYYY-MM\n" +
                       f + ":4: rejected: unknown population group 'aliens'\n" + f +
                       ": activities: 3 rows read, 1 used, 2 rejected; 0 notices\n" +
                       "total: 1 file, 3 rows read, 1 used, 2 rejected; 0 notices\n");
    // The problems are on standard error, in the form every command uses; the counts on
    // standard output.
    const auto apart = tally_test::run_cli("check " + f);
    CHECK(apart.err == f + ":3: rejected: month '2023-1' is not YYYY-MM\n" + f +
                           ":4: rejected: unknown population group 'aliens'\n");
    CHECK(apart.out == f + ": layout 'tally'\n" + f +
                           ": activities: 3 rows read, 1 used, 2 rejected; 0 notices\n" +
                           "total: 1 file, 3 rows read, 1 used, 2 rejected; 0 notices\n");
}

TEST_CASE("tally check tells plan files by their header and marks notices") {
    scratch s("plan");
    const auto p = s.file("p.csv", "country,sector,population_group,pin,target\n"
                                   "ECU,Health,in_destination,10,12\n"
                                   "ECU,Intersector,in_destination,20,15\n");
    const auto r = run("check " + p);
    CHECK(r.status == 0); // a notice is not a rejection
    CHECK(r.out == p + ": layout 'tally'\n" + p + ":2: notice: target 12 is above PiN 10\n" + p +
                       ": plan: 2 rows read, 2 used, 0 rejected; 1 notice\n" +
                       "total: 1 file, 2 rows read, 2 used, 0 rejected; 1 notice\n");
}

TEST_CASE("tally check adds up several files and reports codes missing from --geography") {
    scratch s("many");
    const auto geo = s.file("geo.csv", "level,code,name,parent\nplatform,ECU,Ecuador,\n"
                                       "country,ECU,Ecuador,ECU\nadmin1,EC01,Azuay,ECU\n");
    const auto a =
        s.file("a.csv", activity_head + "ECU,EC02,2023-01,A,Health,H1,in_destination,4\n"
                                        "ECU,EC01,2023-01,A,Health,H1,in_destination,x\n");
    const auto p = s.file("p.csv", "country,sector,population_group,pin\n"
                                   "PER,Health,in_destination,10\n");
    const auto r = run("check --geography " + geo + " " + a + " " + p);
    CHECK(r.status == 1);
    CHECK(r.out.find(a + ":2: notice: admin1 'EC02' is not in the geography\n") !=
          std::string::npos);
    CHECK(r.out.find(a + ":3: rejected: reached 'x' is not a whole number\n") != std::string::npos);
    CHECK(r.out.find(p + ":2: notice: country 'PER' is not in the geography\n") !=
          std::string::npos);
    CHECK(r.out.find("total: 2 files, 3 rows read, 2 used, 1 rejected; 2 notices\n") !=
          std::string::npos);
}

TEST_CASE("tally check exits 2 for an unreadable or unrecognisable file but checks the others") {
    scratch s("unreadable");
    const auto odd = s.file("odd.csv", "name,value\nx,1\n");
    const auto ok =
        s.file("a.csv", activity_head + "ECU,EC01,2023-01,A,Health,H1,in_destination,4\n");
    const auto r = run("check /nonexistent/x.csv " + odd + " " + ok);
    CHECK(r.status == 2);
    CHECK(r.out.find("[tally.io.100] /nonexistent/x.csv: cannot open") != std::string::npos);
    CHECK(r.out.find("[tally.parse.101] " + odd + ":1: not an activity file") != std::string::npos);
    CHECK(r.out.find("total: 1 file, 1 row read, 1 used, 0 rejected; 0 notices\n") !=
          std::string::npos);
    CHECK(run("check").status == 2);
}

TEST_CASE("tally check on the bundled sample finds its three bad rows") {
    const std::string dir = TALLY_SOURCE_DIR "/examples/data/";
    const auto r = run("check --geography " + dir + "sample_geography.csv " + dir +
                       "sample_5w.csv " + dir + "sample_plan.csv");
    CHECK(r.status == 1);
    CHECK(r.out.find("sample_5w.csv:8: rejected: population groups add up to 400, not new "
                     "beneficiaries 450\n") != std::string::npos);
    CHECK(r.out.find("sample_5w.csv:13: rejected: new beneficiaries 180 exceed total monthly "
                     "150\n") != std::string::npos);
    CHECK(r.out.find("sample_5w.csv:16: rejected: month '2023-13' is not YYYY-MM\n") !=
          std::string::npos);
    CHECK(r.out.find("sample_5w.csv: activities: 20 rows read, 17 used, 3 rejected; 2 notices\n") !=
          std::string::npos);
}

TEST_CASE("tally check --outliers lists activity lines far out for their indicator") {
    const std::string f = std::string(TALLY_SOURCE_DIR) + "/tests/data/metrics/outliers_5w.csv";
    // HEA-01: 12 lines of 100..122 people and one of 45,000 (line 14); HEA-02 has one line only
    // and is not judged.
    auto r = run("check --outliers " + f);
    CHECK(r.status == 0);
    CHECK(r.out.find("outliers_5w.csv:14: outlier: 45,000 new beneficiaries for indicator "
                     "'HEA-01', above its fence of ") != std::string::npos);
    CHECK(r.out.find(":15: outlier") == std::string::npos);
    CHECK(r.out.find("14 rows read, 14 used, 0 rejected; 0 notices; 1 outlier\n") !=
          std::string::npos);
    r = run("check " + f);
    CHECK(r.out.find(": outlier:") == std::string::npos);
    CHECK(r.out.find("; 1 outlier") == std::string::npos);
}

TEST_CASE("tally check --format csv and json give the counts per file, problems on stderr") {
    scratch s("formats");
    const auto a =
        s.file("a.csv", activity_head + "ECU,EC01,2023-01,A,Health,H1,in_destination,4\n"
                                        "ECU,EC01,2023-1,A,Health,H1,in_destination,4\n");
    const auto p = s.file("p.csv", "country,sector,population_group,pin,target\n"
                                   "ECU,Health,in_destination,10,12\n");
    const auto c = tally_test::run_cli("check " + a + " " + p + " --format csv");
    CHECK(c.status == 1); // a rejected row, as in text
    CHECK(c.out == "file,kind,layout,rows_read,lines_read,rows_used,rejected,notices,outliers\n" +
                       a + ",activities,tally,2,2,1,1,0,\n" + p + ",plan,tally,1,1,1,0,1,\n");
    CHECK(c.err == a + ":3: rejected: month '2023-1' is not YYYY-MM\n" + p +
                       ":2: notice: target 12 is above PiN 10\n");
    const auto j = tally_test::run_cli("check " + a + " " + p + " --format json --show-map");
    CHECK(j.status == 1);
    const auto v = nlohmann::json::parse(j.out);
    REQUIRE(v["files"].size() == 2);
    CHECK(v["files"][0]["file"] == a);
    CHECK(v["files"][0]["rejected"] == 1);
    CHECK(v["files"][1]["kind"] == "plan");
    CHECK(v["files"][1]["notices"] == 1);
    CHECK(v["files"][1]["map"].get<std::string>().find("= pin\n") != std::string::npos);
    CHECK(v["total"]["rows_read"] == 3);
    CHECK(v["total"]["files"] == 2);
    CHECK(tally_test::run_cli("check " + a + " --format csv --show-map").status == 2);
    CHECK(tally_test::run_cli("check " + a + " --format xml").status == 2);
}

TEST_CASE("tally check --strict exits 1 on a notice too") {
    scratch s("strict");
    const auto p = s.file("p.csv", "country,sector,population_group,pin,target\n"
                                   "ECU,Health,in_destination,10,12\n");
    CHECK(run("check " + p).status == 0);
    const auto r = run("check " + p + " --strict");
    CHECK(r.status == 1);
    CHECK(r.out.find(":2: notice: target 12 is above PiN 10") != std::string::npos);
}

} // namespace test_cli_check

namespace test_cli_check_layouts {

TEST_CASE("tally check names the layout it recognised and prints it as a column map") {
    const std::string file = std::string(TALLY_SOURCE_DIR) + "/tests/data/r4v/5w_export_2022.csv";
    const auto r = tally_test::run_cli("check " + file);
    CHECK(r.status == 0);
    CHECK(r.out.find(file + ": layout 'R4V 5W export (2022)'\n") != std::string::npos);
    CHECK(r.out.find("Subsector = sector") == std::string::npos);
    const auto m = tally_test::run_cli("check --show-map " + file);
    CHECK(m.out.find("# layout: R4V 5W export (2022)\n") != std::string::npos);
    CHECK(m.out.find("\nSubsector = sector\n") != std::string::npos);
    CHECK(m.out.find("\nOther_above = other_above_18\n") != std::string::npos);
    CHECK(m.out.find("\nIN_TRANSIT = new_beneficiaries@in_transit\n") != std::string::npos);
    CHECK(m.out.find("\nCOVID19 = ignore\n") != std::string::npos);
}

} // namespace test_cli_check_layouts
