// Never a quiet wrong figure (issue 24): a command that could not read an input writes no
// figure (unless --keep-going, and then says so first), a stray quote that swallows lines is
// told with its lines, and messages name the file, the option and the rows in one form, with
// no control character reaching the terminal. Each hostile case of the issue is a test here.
#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <tally/io/file.hpp>

namespace test_cli_loud_failures {

namespace {
const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/";

struct scratch : tally_test::scratch {
    explicit scratch(const std::string& name) : tally_test::scratch("tally_cli_loud_" + name) {}
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

const std::string metrics_inputs = "--activities " + fx + "metrics/activities.csv --plan " + fx +
                                   "metrics/plan.csv --funding " + fx + "metrics/flows.csv " +
                                   "--requirements " + fx + "metrics/requirements.csv";

const std::string five_w_head = "country,month,partner,sector,indicator,population_group,reached\n";
} // namespace

TEST_CASE("report and misalign with a missing input write no figure and no file, exit 2") {
    // Issue 24: `tally report --activities missing.csv` wrote the report anyway ("0 people
    // reached / 0.0% of the target") with no word of the file; misalign printed a table in
    // which every cell was funded_no_reach.
    scratch s("missing");
    const std::string missing = s.path("missing.csv");
    const std::string inputs = "--activities " + missing + " --plan " + fx + "metrics/plan.csv " +
                               "--funding " + fx + "metrics/flows.csv --requirements " + fx +
                               "metrics/requirements.csv";
    const auto page = s.path("report.html");
    const auto r = tally_test::run_cli("report " + inputs + " --output " + page);
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK_FALSE(std::filesystem::exists(page));
    CHECK(has(r.err, "tally report: [tally.io.100] " + missing +
                         ": cannot open: No such file or directory (given to --activities)"));
    CHECK(has(r.err, "tally report: no output: 1 input could not be read (--keep-going"));
    for (const std::string cmd :
         {"report --format text", "report --format json", "misalign", "misalign --format json"}) {
        CAPTURE(cmd);
        const auto m = tally_test::run_cli(cmd + " " + inputs);
        CHECK(m.status == 2);
        CHECK(m.out.empty());
        CHECK_FALSE(has(m.out, "funded_no_reach"));
    }
}

TEST_CASE("reach, plan and funding with an input they cannot read write nothing on stdout") {
    // Issue 24: a failing plan or funding still printed a CSV header, and funding "0,0".
    scratch s("cannot");
    const std::string missing = s.path("nope.csv");
    const auto dir = s.path("sub");
    std::filesystem::create_directories(dir);
    const auto not_plan = s.file("notplan.csv", "country,sector,value\nPER,Health,3\n");
    const struct {
        std::string cmd, good;
    } cases[] = {{"reach", fx + "reach/ecuador_5w.csv"},
                 {"plan", fx + "plan/plan.csv"},
                 {"funding", fx + "funding/flows.csv"},
                 {"funding --by country", fx + "funding/flows.csv"}};
    for (const auto& c : cases)
        for (const std::string& bad : {missing, dir, not_plan}) {
            CAPTURE(c.cmd);
            CAPTURE(bad);
            for (const std::string fmt : {"", " --format json"}) {
                const auto r = tally_test::run_cli(c.cmd + fmt + " " + c.good + " " + bad);
                CHECK(r.status == 2);
                CHECK(r.out.empty());
                CHECK(has(r.err, bad));
                CHECK(has(r.err, "no output: 1 input could not be read"));
            }
        }
    // A plan without its required columns alone: no header, no figure.
    const auto p =
        tally_test::run_cli("plan " + s.file("nopin.csv", "country,sector,pin\nPER,H,1\n"));
    CHECK(p.status == 2);
    CHECK(p.out.empty());
    CHECK(has(p.err, "missing column(s) population_group"));
}

TEST_CASE("--keep-going writes the figures of the inputs read and says first what was not read") {
    scratch s("keep");
    const std::string missing = s.path("gone.csv");
    const auto alone = tally_test::run_cli("reach " + fx + "reach/ecuador_5w.csv");
    REQUIRE(alone.status == 0);
    const auto r =
        tally_test::run_cli("reach " + missing + " " + fx + "reach/ecuador_5w.csv --keep-going");
    CHECK(r.status == 2); // the exit status still says an input was not read
    const std::string first = "# not read (--keep-going): [tally.io.100] " + missing +
                              ": cannot open: No such file or directory (given to tally reach)\n";
    CHECK(r.out == first + alone.out);

    const auto j = tally_test::run_cli("reach " + missing + " " + fx +
                                       "reach/ecuador_5w.csv --keep-going --format json");
    const auto doc = nlohmann::json::parse(j.out);
    REQUIRE(doc.is_object());
    CHECK(doc.begin().key() == "not_read");
    CHECK(doc["not_read"].size() == 1);
    CHECK(doc["rows"] ==
          nlohmann::json::parse(
              tally_test::run_cli("reach " + fx + "reach/ecuador_5w.csv --format json").out));

    const auto f = tally_test::run_cli("funding " + missing + " " + fx +
                                       "funding/flows.csv --keep-going --format json");
    CHECK(f.out.rfind("{\n  \"not_read\": [", 0) == 0);
    CHECK(nlohmann::json::parse(f.out)["not_read"].size() == 1);

    const std::string inputs = metrics_inputs + " --activities " + missing;
    const auto once = tally_test::run_cli("misalign " + metrics_inputs);
    const auto m = tally_test::run_cli("misalign " + inputs + " --keep-going");
    CHECK(m.status == 2);
    CHECK(m.out.rfind("# not read (--keep-going): [tally.io.100] " + missing, 0) == 0);
    CHECK(m.out.substr(m.out.find('\n') + 1) == once.out);

    const auto text = tally_test::run_cli("report --format text " + inputs + " --keep-going");
    CHECK(text.status == 2);
    CHECK(text.out.rfind("PARTIAL REPORT: 1 input was not read, and every figure below leaves "
                         "it out:\n  not read: [tally.io.100] " +
                             missing,
                         0) == 0);
    const auto html = tally_test::run_cli("report --format html " + inputs + " --keep-going");
    CHECK(html.out.find("<div class=\"partial\"><b>Partial report: 1 input was not read") <
          html.out.find("<h1>"));
    const auto json = tally_test::run_cli("report --format json " + inputs + " --keep-going");
    CHECK(nlohmann::ordered_json::parse(json.out).begin().key() == "not_read");
}

TEST_CASE("a file given to the wrong option is named with the option, an activities file") {
    scratch s("wrong");
    // Issue 24: the wrong option was named by the file's kind only; an empty file was "a
    // activities file".
    const auto m = tally_test::run_cli("misalign --activities " + fx +
                                       "metrics/activities.csv --plan " + fx + "metrics/flows.csv");
    CHECK(m.status == 2);
    CHECK(has(m.err, "[tally.parse.101] " + fx +
                         "metrics/flows.csv:1: this is a flow CSV file, not a plan file (given "
                         "to --plan)"));
    const auto f = tally_test::run_cli("funding " + fx + "metrics/activities.csv");
    CHECK(has(f.err, "this is an activities file, not an FTS JSON file or an FTS flow export or "
                     "a flow CSV file or a requirements file or an FTS plan overview (given to "
                     "tally funding)"));
    const auto empty = s.file("empty.csv", "");
    const auto e = tally_test::run_cli("funding " + empty);
    CHECK(e.status == 2);
    CHECK(e.out.empty());
    CHECK(has(e.err, "[tally.parse.101] " + empty + ": empty file (given to tally funding)"));
    CHECK_FALSE(has(e.err, "a activities"));
    const auto req = tally_test::run_cli("funding " + fx + "funding/flows.csv --requirements " +
                                         s.path("none.csv"));
    CHECK(req.status == 2);
    CHECK(req.out.empty());
    CHECK(has(req.err, s.path("none.csv") + ": cannot open: No such file or directory (given to "
                                            "--requirements)"));
}

TEST_CASE("a stray quote in a 5W file: every line accounted for, the swallowed lines named") {
    // Issue 24: `check` said "11 rows read" for 20 data lines and 750 people were listed
    // nowhere. Here line 5 opens a quote that closes on line 14: ten lines of 75 people each
    // were one row of "partner" P3,Health,... with 75 people.
    scratch s("stray");
    std::string text = five_w_head;
    for (int i = 1; i <= 20; ++i) {
        const std::string partner = i == 4    ? "\"P4"
                                    : i == 13 ? "P13 \"x\""
                                              : "P" + std::to_string(i);
        text += "ECU,2023-01," + partner + ",Health,H1,in_destination,75\n";
    }
    const auto f = s.file("stray.csv", text);
    const auto c = tally_test::run_cli("check " + f);
    CHECK(c.status == 1);
    CHECK(has(c.out, f + ": activities: 11 rows read from 20 lines, 10 used, 1 rejected"));
    CHECK(has(c.err, f + ":5: rejected: a quoted field opened here (column 13) takes the 9 lines "
                         "below it, which all look like rows of 7 fields: a stray quote? The row "
                         "and the lines it takes are not used (lines 5-14)\n"));
    const auto r = tally_test::run_cli("reach " + f + " --by country --strict");
    CHECK(r.status == 1);
    CHECK(has(r.out, "ECU,750,750,")); // the ten rows read; the ten lines refused are not 75
    CHECK(has(r.err, "11 rows read from 20 lines, 10 used, 1 rejected"));
}

TEST_CASE("a stray quote in a flow CSV is a rejected row naming its lines, not a lost amount") {
    // Issue 24: flows were 2,800 of 5,500 USD, exit 0, and nothing said why.
    scratch s("stray_flows");
    const auto f = s.file("flows.csv", "donor,recipient,country,sector,amount_usd\n"
                                       "D,R,COL,Health,1000\n"
                                       "D,\"R,COL,Health,2000\n"
                                       "D,R,PER,Health,700\n"
                                       "D,\"R2,PER,Health,1800\n"
                                       "D,R,ECU,Health,0\n");
    const auto r = tally_test::run_cli("funding " + f + " --strict");
    CHECK(r.status == 1);
    CHECK(r.out == "funding_usd,pledges_usd\n1000,0\n");
    CHECK(has(r.err, f + ":3: rejected: a quoted field opened here (column 3) takes the 2 lines "
                         "below it, which all look like rows of 5 fields: a stray quote? The row "
                         "and the lines it takes are not used (lines 3-5)\n"));
}

TEST_CASE("control characters in names never reach the page, the charts, the text or the "
          "terminal") {
    // Issue 24: control characters in names reached the HTML (the inline SVGs stopped being
    // XML), the text and the terminal.
    scratch s("controls");
    std::string geo = tally::io::read_file(fx + "geography/geo.csv");
    const std::string evil = "Ecua\x1b[31mdor\x07\xC2\x9B";
    geo.replace(geo.find("Ecuador"), 7, evil);
    const auto g = s.file("geo.csv", geo);
    for (const std::string fmt : {"html", "text", "json"}) {
        CAPTURE(fmt);
        const auto r = tally_test::run_cli("report --geography " + g + " --format " + fmt + " " +
                                           metrics_inputs);
        CHECK(r.status == 0);
        for (char c = 0; c < 0x20; ++c)
            if (c != '\n' && c != '\t')
                CHECK_MESSAGE(r.out.find(c) == std::string::npos, int(c));
        CHECK(r.out.find('\x7f') == std::string::npos);
        CHECK(r.out.find("\xC2\x9B") == std::string::npos);
        CHECK(r.err.find('\x1b') == std::string::npos);
        if (fmt != "json") {
            CHECK(has(r.out, "Ecua\xEF\xBF\xBD[31mdor\xEF\xBF\xBD\xEF\xBF\xBD"));
            CHECK(has(r.err, "of the report (names, title or notes) hold control characters"));
        }
    }
    // The terminal: a name in a CSV table and in a message is escaped, with a note.
    const auto a = s.file("a.csv", "country,admin1,month,partner,sector,indicator,"
                                   "population_group,reached\n"
                                   "ECU,EC\x1b]0;owned\x07,2023-01,P,Health,H1,in_destination,4\n"
                                   "ECU,EC01,2023-\x1b[2J,P,Health,H1,in_destination,4\n");
    const auto r = tally_test::run_cli("reach " + a + " --by admin1");
    CHECK(r.out.find('\x1b') == std::string::npos);
    CHECK(r.err.find('\x1b') == std::string::npos);
    CHECK(has(r.out, "EC\\x1b]0;owned\\x07,4,"));
    CHECK(has(r.err, a + ":3: rejected: month '2023-\\x1b[2J' is not YYYY-MM"));
    CHECK(has(r.err, "note: 3 control characters of the inputs (names, cells) written as \\xHH"));
}

} // namespace test_cli_loud_failures
