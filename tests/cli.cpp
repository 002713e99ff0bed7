// Runs the built tally tool and checks its output and exit status.
#include "cli_support.hpp"
#include <algorithm>
#include <array>
#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <string>
#include <sys/wait.h>
#include <tally/version.hpp>

namespace test_cli {

namespace {
tally_test::cli_result run(const std::string& args) {
    return tally_test::run_cli(args, true);
}
} // namespace

TEST_CASE("tally --version prints the library version") {
    auto r = run("--version");
    CHECK(r.status == 0);
    CHECK(r.out == "tally " TALLY_VERSION_STRING "\n");
}

TEST_CASE("tally --help lists the commands") {
    auto r = run("--help");
    CHECK(r.status == 0);
    CHECK(r.out.find("geography") != std::string::npos);
    CHECK(run("").status == 2);
}

TEST_CASE("an unknown command or option is a usage error with status 2") {
    auto r = run("frobnicate");
    CHECK(r.status == 2);
    CHECK(r.out.find("unknown command 'frobnicate'") != std::string::npos);
    auto o = run("geography --nope");
    CHECK(o.status == 2);
    CHECK(o.out.find("unknown option --nope") != std::string::npos);
}

TEST_CASE("tally geography prints the R4V preset") {
    auto r = run("geography");
    CHECK(r.status == 0);
    CHECK(r.out.find("country,PRY,Paraguay,SCO,\n") != std::string::npos);
    CHECK(r.out.find("platform,SCO,Southern Cone,R4V,sub_regional\n") != std::string::npos);
}

TEST_CASE("tally geography writes the same places as CSV, JSON and a text tree") {
    const auto csv = run("geography");
    const auto json = run("geography --format json");
    const auto text = run("geography --format text");
    CHECK(json.status == 0);
    CHECK(text.status == 0);
    const auto j = nlohmann::json::parse(json.out);
    REQUIRE(j.is_array());
    // One object per CSV line after the header, in the same order.
    CHECK(j.size() + 1 ==
          static_cast<std::size_t>(std::count(csv.out.begin(), csv.out.end(), '\n')));
    CHECK(j[0]["level"] == "region");
    bool paraguay = false;
    for (const auto& p : j)
        paraguay = paraguay || (p["level"] == "country" && p["code"] == "PRY" &&
                                p["name"] == "Paraguay" && p["parent"] == "SCO" && p["kind"] == "");
    CHECK(paraguay);
    // The tree: each country under its platform, the platforms under the region.
    CHECK(text.out.rfind("region R4V: ", 0) == 0);
    const auto sco = text.out.find("\n  platform SCO: Southern Cone (sub_regional)\n");
    const auto pry = text.out.find("\n    country PRY: Paraguay\n");
    REQUIRE(sco != std::string::npos);
    REQUIRE(pry != std::string::npos);
    CHECK(sco < pry);
    CHECK(text.out.find("\n  platform ", sco + 1) > pry);
    CHECK(run("geography --format xml").status == 2);
}

TEST_CASE("tally geography reports an unreadable file with status 2") {
    auto r = run("geography --geography /nonexistent/geo.csv");
    CHECK(r.status == 2);
    CHECK(r.out.find("[tally.io.100] /nonexistent/geo.csv") != std::string::npos);
    CHECK(r.out.find("(given to --geography)") != std::string::npos);
}

// The grammar every command shares (docs/cli.md).

const std::string fx = TALLY_SOURCE_DIR "/tests/data/";

TEST_CASE("-o FILE and --output FILE write the table of every command to the file") {
    tally_test::scratch s("tally_cli_output");
    const std::string metrics = "--activities " + fx + "metrics/activities.csv --plan " + fx +
                                "metrics/plan.csv --funding " + fx + "metrics/flows.csv " +
                                "--requirements " + fx + "metrics/requirements.csv";
    const std::string commands[] = {
        "reach " + fx + "reach/ecuador_5w.csv",
        "plan " + fx + "plan/plan.csv",
        "presence " + fx + "ocha/afg_3w.csv",
        "funding " + fx + "funding/flows.csv",
        "misalign " + metrics,
        "report " + metrics + " --format text",
        "check " + fx + "plan/plan.csv",
        "values " + fx + "reach/ecuador_5w.csv",
        "geography",
        "layouts 2022",
    };
    for (const auto& c : commands) {
        CAPTURE(c);
        const auto to_stdout = tally_test::run_cli(c);
        REQUIRE(to_stdout.status == 0);
        REQUIRE_FALSE(to_stdout.out.empty());
        for (const char* option : {" -o ", " --output ", " --output="}) {
            const auto path = s.path("out.txt");
            std::filesystem::remove(path);
            const auto r = tally_test::run_cli(c + option + path);
            CHECK(r.status == 0);
            CHECK(r.out.empty());
            std::ifstream f(path, std::ios::binary);
            const std::string written((std::istreambuf_iterator<char>(f)),
                                      std::istreambuf_iterator<char>());
            CHECK(written == to_stdout.out);
        }
    }
}

TEST_CASE("a command that refuses its inputs writes no -o file") {
    tally_test::scratch s("tally_cli_output_refused");
    const auto path = s.path("out.csv");
    const auto r =
        tally_test::run_cli("reach " + fx + "reach/ecuador_5w.csv /nonexistent/a.csv -o " + path);
    CHECK(r.status == 2);
    CHECK_FALSE(std::filesystem::exists(path));
    const auto k = tally_test::run_cli(
        "reach " + fx + "reach/ecuador_5w.csv /nonexistent/a.csv --keep-going -o " + path);
    CHECK(k.status == 2);
    CHECK(std::filesystem::exists(path));
}

TEST_CASE("a short option other than -o is refused, not read as a file") {
    const auto r = run("reach -x " + fx + "reach/ecuador_5w.csv");
    CHECK(r.status == 2);
    CHECK(r.out.find("unknown option -x") != std::string::npos);
    const auto o = run("reach " + fx + "reach/ecuador_5w.csv -o");
    CHECK(o.status == 2);
    CHECK(o.out.find("-o needs a value") != std::string::npos);
}

TEST_CASE("old spellings work for one release with a deprecation notice on stderr") {
    const auto old_geo = tally_test::run_cli("geography --file " + fx + "geography/geo.csv");
    const auto new_geo = tally_test::run_cli("geography --geography " + fx + "geography/geo.csv");
    CHECK(old_geo.status == 0);
    CHECK(old_geo.out == new_geo.out);
    CHECK(old_geo.err == "tally: --file is deprecated, use --geography\n");
    CHECK(new_geo.err.empty());

    const std::string metrics = "misalign --activities " + fx + "metrics/activities.csv --plan " +
                                fx + "metrics/plan.csv --funding " + fx + "metrics/flows.csv";
    const auto old_scope = tally_test::run_cli(metrics + " --scope Health");
    const auto new_sector = tally_test::run_cli(metrics + " --sector Health");
    const auto all = tally_test::run_cli(metrics);
    CHECK(old_scope.status == 0);
    CHECK(old_scope.out == new_sector.out);
    CHECK(old_scope.err.find("tally: --scope is deprecated, use --sector\n") == 0);
    CHECK(new_sector.err.find("deprecated") == std::string::npos);
    const auto unknown = tally_test::run_cli(metrics + " --scope Astrology");
    CHECK(unknown.status == 2);
    CHECK(unknown.err.find("--sector: unknown sector 'Astrology'") != std::string::npos);
}

TEST_CASE("--keep-going has one help text in every command that takes it") {
    std::string first;
    for (const char* c : {"reach", "plan", "funding", "misalign", "report"}) {
        CAPTURE(c);
        const auto h = run(std::string(c) + " --help").out;
        const auto at = h.find("  --keep-going");
        REQUIRE(at != std::string::npos);
        const auto text = h.substr(at, h.find("Without it nothing is written.", at) - at);
        if (first.empty())
            first = text;
        CHECK(text == first);
    }
}

TEST_CASE("every command that writes a table or a report names -o in its help") {
    for (const char* c : {"reach", "plan", "presence", "funding", "misalign", "report", "check",
                          "values", "geography", "layouts"}) {
        CAPTURE(c);
        CHECK(run(std::string(c) + " --help").out.find("-o, --output FILE") != std::string::npos);
    }
}

} // namespace test_cli
