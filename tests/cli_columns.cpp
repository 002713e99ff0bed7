// Column maps on the command line for the readers of needs tables, flows and requirements
// (`tally plan --columns`, `tally check --columns`, `tally misalign --funding-columns` ...) and
// the layouts `tally layouts` prints. `tally funding --columns` is in cli_funding.cpp.
#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <string>
#include <tally/io/file.hpp>

namespace test_cli_columns {

namespace {

const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/";

struct scratch : tally_test::scratch {
    explicit scratch(const std::string& name) : tally_test::scratch("tally_cli_columns_" + name) {}
};

/// text with the first occurrence of from replaced by to.
std::string renamed(std::string text, const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    return text.replace(at, from.size(), to);
}

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

} // namespace

TEST_CASE("tally plan --columns reads an HPC needs table with other names as the original") {
    scratch s("plan");
    auto text = tally::io::read_file(fx + "ocha/hpc_needs.csv");
    text = renamed(text, "Cluster", "Grupo");
    text = renamed(text, "In Need", "Personas en necesidad");
    text = renamed(text, "Targeted", "Meta");
    const auto spanish = s.file("necesidades.csv", text);
    const auto original =
        tally_test::run_cli("plan --by country,sector " + fx + "ocha/hpc_needs.csv");
    REQUIRE(original.status == 0);
    const auto mapped =
        tally_test::run_cli("plan --by country,sector " + spanish +
                            " --columns 'Grupo=sector,Personas en necesidad=pin,Meta=target'");
    CHECK(mapped.status == 0);
    CHECK(mapped.out == original.out);
    // tally check names the layout and prints the binding as a map.
    const auto check =
        tally_test::run_cli("check --show-map " + spanish +
                            " --columns 'Grupo=sector,Personas en necesidad=pin,Meta=target'");
    CHECK(has(check.out, spanish + ": layout 'HPC needs table'\n"));
    CHECK(has(check.out, "Personas en necesidad = pin\n"));
    // A column close to a role's name stops the file, and tally check exits 2.
    const auto typo = s.file("typo.csv", renamed(tally::io::read_file(fx + "ocha/hpc_needs.csv"),
                                                 "Targeted", "Targetted"));
    const auto t = tally_test::run_cli("check " + typo, true);
    CHECK(t.status == 2);
    CHECK(has(t.out, typo + ":1: column 'Targetted' is not read, but its name is close to "
                            "'Targeted' (target in layout 'HPC needs table')"));
    CHECK(tally_test::run_cli("plan " + typo).status == 2);
    CHECK(tally_test::run_cli("plan " + typo + " --columns 'Targetted=target'").out ==
          tally_test::run_cli("plan " + fx + "ocha/hpc_needs.csv").out);
}

TEST_CASE("tally check reads flows, FTS flow exports and requirements, naming their layouts") {
    scratch s("check");
    const auto r =
        tally_test::run_cli("check " + fx + "funding/flows.csv " + fx + "funding/hxl_flows.csv " +
                            fx + "ocha/hdx_fts_requirements_funding_col.csv");
    CHECK(r.status == 1); // flows.csv and hxl_flows.csv have rejected rows
    CHECK(has(r.out, fx + "funding/flows.csv: layout 'flow CSV'\n"));
    CHECK(has(r.out, fx + "funding/flows.csv: flow CSV: 8 rows read, 6 used, 2 rejected"));
    CHECK(has(r.out, fx + "funding/hxl_flows.csv: layout 'HDX FTS flow export'\n"));
    CHECK(has(r.out, fx + "ocha/hdx_fts_requirements_funding_col.csv: layout 'HDX FTS "
                          "requirements and funding'\n"));
    CHECK(has(r.out, "ocha/hdx_fts_requirements_funding_col.csv: requirements: "));
    // A near miss in a flow CSV: exit 2, the role named.
    const auto near = s.file("near.csv", "country,sector,amount_usd,donr_name,recipent\n"
                                         "COL,HEALTH,5,D,P\n");
    const auto n = tally_test::run_cli("check " + near, true);
    CHECK(n.status == 2);
    CHECK(has(n.out, "column 'recipent' is not read, but its name is close to 'recipient' "
                     "(recipient in layout 'flow CSV')"));
    const auto ok = tally_test::run_cli("check " + near + " --columns 'recipent=recipient'");
    CHECK(ok.status == 0);
    CHECK(has(ok.out, near + ": flow CSV: 1 row read, 1 used, 0 rejected"));
}

TEST_CASE("tally misalign and tally report take a column map per input") {
    scratch s("join");
    const auto flows = s.file("flows.csv", renamed(tally::io::read_file(fx + "metrics/flows.csv"),
                                                   "amount_usd", "Monto"));
    const auto req =
        s.file("req.csv", renamed(tally::io::read_file(fx + "metrics/requirements.csv"),
                                  "requirements_usd", "Necesidades"));
    const std::string rest =
        "--activities " + fx + "metrics/activities.csv --plan " + fx + "metrics/plan.csv";
    const auto original =
        tally_test::run_cli("misalign " + rest + " --funding " + fx +
                            "metrics/flows.csv --requirements " + fx + "metrics/requirements.csv");
    REQUIRE(original.status == 0);
    const auto mapped =
        tally_test::run_cli("misalign " + rest + " --funding " + flows + " --requirements " + req +
                            " --funding-columns 'Monto=amount_usd' --requirements-columns "
                            "'Necesidades=requirements_usd'");
    CHECK(mapped.status == 0);
    CHECK(mapped.out == original.out);
    // Each map is for its input only: the flows' map does not apply to the requirements.
    CHECK(tally_test::run_cli("misalign " + rest + " --funding " + flows + " --requirements " +
                              req + " --funding-columns 'Monto=amount_usd'")
              .status == 2);
    // A map for an input not given is a usage error.
    CHECK(
        tally_test::run_cli("misalign " + rest + " --funding-columns 'Monto=amount_usd'").status ==
        2);
    const auto report =
        tally_test::run_cli("report --format json --funding " + flows + " --requirements " + req +
                            " --funding-columns 'Monto=amount_usd' --requirements-columns "
                            "'Necesidades=requirements_usd'");
    CHECK(report.status == 0);
    CHECK(report.out ==
          tally_test::run_cli("report --format json --funding " + fx + "metrics/flows.csv " +
                              "--requirements " + fx + "metrics/requirements.csv")
              .out);
}

TEST_CASE("tally layouts prints the layouts of every reader as maps") {
    const auto r = tally_test::run_cli("layouts");
    CHECK(r.status == 0);
    for (const char* layout :
         {"# layout: R4V 5W export (2022) (activities)\n", "# layout: HPC needs table (needs)\n",
          "# layout: HNO with HXL (needs)\n",
          "# layout: HDX HAPI humanitarian needs (HAPI needs)\n", "# layout: flow CSV (flow CSV)\n",
          "# layout: HXL flows (flow CSV)\n", "# layout: HDX FTS flow export (FTS flow export)\n",
          "# layout: requirements CSV (requirements)\n",
          "# layout: HDX FTS requirements and funding (requirements)\n",
          "# layout: HDX HAPI funding (requirements)\n",
          "# layout: HXL requirements (requirements)\n"})
        CHECK(has(r.out, layout));
    CHECK(has(r.out, "amountUSD = amount_usd\n"));
    CHECK(has(r.out, "#value+funding+usd-required = amount_usd\n"));
    CHECK(has(r.out, "In Need = pin\n"));
    // By reader.
    const auto req = tally_test::run_cli("layouts requirements");
    CHECK(has(req.out, "countryCode = country\n"));
    CHECK_FALSE(has(req.out, "(activities)"));
}

} // namespace test_cli_columns

#if defined(TALLY_HAVE_XLSX)
#include "xlsx_support.hpp"

namespace test_cli_columns_workbook {

using namespace tally_test::xlsx;

TEST_CASE("a workbook sheet in a layout tally does not know is found and read with a map") {
    const std::string sheet = row_of(1, {"Flujos de 2024"}) +
                              row_of(3, {"País", "Sector", "Monto USD"}) +
                              row_of(4, {"COL", "Health", "1000"}) +
                              row_of(5, {"COL", "Food", "250"}) + row_of(6, {"PER", "Health", "5"});
    const auto path = write_scratch("flujos.xlsx", workbook({{"Flujos", sheet}}));
    const auto bare = tally_test::run_cli("funding " + path, true);
    CHECK(bare.status == 2);
    CHECK(bare.out.find("no sheet has a header tally knows") != std::string::npos);
    const auto r = tally_test::run_cli(
        "funding " + path + " --by country --columns 'País=country,Monto USD=amount_usd'");
    CHECK(r.status == 0);
    CHECK(r.out == "country,funding_usd,pledges_usd\nCOL,1250,0\nPER,5,0\n");
}

} // namespace test_cli_columns_workbook
#endif
