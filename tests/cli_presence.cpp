// Runs `tally presence` and checks its output and exit status.
#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <string>

namespace test_cli_presence {

namespace {
const std::string fixture = std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/afg_3w.csv";
}

TEST_CASE("tally presence counts distinct organisations by the keys asked") {
    const auto r = tally_test::run_cli("presence " + fixture + " --by admin1");
    CHECK(r.status == 0);
    CHECK(r.out == "admin1,organisations,organisations_upper,rows,note\n"
                   "AF01,2,4,5,Distinct organisations: each counts once in the group. Do not sum "
                   "partner counts.\n"
                   "AF02,3,3,3,Distinct organisations: each counts once in the group. Do not sum "
                   "partner counts.\n");
    CHECK(r.err.find("afg_3w.csv:10: rejected: missing organisation") != std::string::npos);
    CHECK(tally_test::run_cli("presence " + fixture + " --strict").status == 1);
}

TEST_CASE("tally presence refuses other files and unknown keys, and reach refuses a 3W") {
    const auto keys = tally_test::run_cli("presence " + fixture + " --by month");
    CHECK(keys.status == 2);
    CHECK(keys.err.find("--by: unknown key 'month'") != std::string::npos);
    const auto reach = tally_test::run_cli("reach " + fixture);
    CHECK(reach.status == 2);
    CHECK(reach.err.find("this is a 3W operational presence file, not an activities file") !=
          std::string::npos);
    const auto check = tally_test::run_cli("check " + fixture);
    CHECK(check.status == 1);
    CHECK(check.out.find("afg_3w.csv: 3W presence: 9 rows read, 8 used, 1 rejected; 3 notices") !=
          std::string::npos);
    const auto help = tally_test::run_cli("--help");
    CHECK(help.out.find("presence") != std::string::npos);
}

} // namespace test_cli_presence
