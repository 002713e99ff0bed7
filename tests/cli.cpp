// Runs the built tally tool and checks its output and exit status.
#include "cli_support.hpp"
#include <array>
#include <cstdio>
#include <doctest/doctest.h>
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

TEST_CASE("tally geography reports an unreadable file with status 2") {
    auto r = run("geography --file /nonexistent/geo.csv");
    CHECK(r.status == 2);
    CHECK(r.out.find("[tally.io.100] /nonexistent/geo.csv") != std::string::npos);
}

} // namespace test_cli
