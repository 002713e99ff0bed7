// The acceptance test of `tally report`: on tests/data/report, its figures equal those of
// `tally reach`, `tally plan`, `tally funding` and `tally misalign` run separately, for the
// whole response and for the Human Trafficking and Smuggling sub-sector.

#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <map>
#include <nlohmann/json.hpp>
#include <string>

namespace test_cli_report {

using nlohmann::json;
using tally_test::run_cli;

namespace {

const std::string data = std::string(TALLY_SOURCE_DIR) + "/tests/data/report/";
const std::string hts = "Protection (Human Trafficking and Smuggling)";

std::string inputs() {
    return "--activities " + data + "activities.csv --plan " + data + "plan.csv --funding " + data +
           "flows.csv --requirements " + data + "requirements.csv";
}

json run_json(const std::string& args) {
    const auto r = run_cli(args);
    REQUIRE_MESSAGE(r.status == 0, args << "\n" << r.err);
    return json::parse(r.out);
}

json report(const std::string& scope) {
    return run_json("report " + inputs() + " --format json" +
                    (scope.empty() ? "" : " --sector '" + scope + "'"));
}

// Rows of `tally reach` or `tally plan` --by KEY (plus sector under a scope), by KEY's value.
std::map<std::string, json> rows_by(const std::string& command, const std::string& key,
                                    const std::string& scope, const std::string& extra = {}) {
    const std::string file = data + (command == "plan" ? "plan.csv" : "activities.csv");
    const auto j = run_json(command + " --by " + key + (scope.empty() ? "" : ",sector") +
                            " --format json " + extra + " " + file);
    std::map<std::string, json> out;
    for (const auto& row : j) {
        if (!scope.empty() && row["sector"] != scope)
            continue;
        if (extra.find("separate") != std::string::npos && row["in_transit"] != "only")
            continue;
        if (key == "country,population_group" && row["population_group"] != "in_transit")
            continue;
        out[row[key.substr(0, key.find(','))].get<std::string>()] = row;
    }
    return out;
}

void check_against_separate_commands(const std::string& scope) {
    CAPTURE(scope);
    const auto r = report(scope);
    const auto& region = r["region"];

    // People reached and partners: tally reach.
    const auto reach_region = rows_by("reach", "region", scope);
    REQUIRE(reach_region.count("R4V"));
    CHECK(region["reached"] == reach_region.at("R4V")["reached"]);
    CHECK(region["appealing_partners"] == reach_region.at("R4V")["appealing_partners"]);
    CHECK(region["implementing_partners"] == reach_region.at("R4V")["implementing_partners"]);
    const auto reach_platform = rows_by("reach", "platform", scope);
    const auto transit_platform = rows_by("reach", "platform", scope, "--in-transit separate");
    CHECK(r["platforms"].size() == reach_platform.size());
    for (const auto& p : r["platforms"]) {
        const auto name = p["platform"].get<std::string>();
        CAPTURE(name);
        REQUIRE(reach_platform.count(name));
        CHECK(p["reached"] == reach_platform.at(name)["reached"]);
        CHECK(p["appealing_partners"] == reach_platform.at(name)["appealing_partners"]);
        CHECK(p["implementing_partners"] == reach_platform.at(name)["implementing_partners"]);
        CHECK(p["in_transit_reached"] ==
              (transit_platform.count(name) ? transit_platform.at(name)["reached"] : json(0)));
    }
    const auto reach_country = rows_by("reach", "country", scope);
    const auto transit_country = rows_by("reach", "country,population_group", scope);
    CHECK(r["countries"].size() == reach_country.size());
    for (const auto& c : r["countries"]) {
        const auto iso = c["country"].get<std::string>();
        CAPTURE(iso);
        REQUIRE(reach_country.count(iso));
        CHECK(c["reached"] == reach_country.at(iso)["reached"]);
        CHECK(c["appealing_partners"] == reach_country.at(iso)["appealing_partners"]);
        CHECK(c["in_transit_reached"] ==
              (transit_country.count(iso) ? transit_country.at(iso)["reached"] : json(0)));
    }

    // Targets and PiN: tally plan.
    const auto plan_region = rows_by("plan", "region", scope);
    CHECK(region["target"] == plan_region.at("R4V")["target"]);
    CHECK(region["pin"] == plan_region.at("R4V")["pin"]);
    const auto plan_platform = rows_by("plan", "platform", scope);
    for (const auto& p : r["platforms"]) {
        const auto name = p["platform"].get<std::string>();
        CHECK(p["target"] == plan_platform.at(name)["target"]);
        CHECK(p["pin"] == plan_platform.at(name)["pin"]);
    }
    const auto plan_country = rows_by("plan", "country", scope);
    for (const auto& c : r["countries"]) {
        const auto iso = c["country"].get<std::string>();
        CHECK(c["target"] == plan_country.at(iso)["target"]);
        CHECK(c["pin"] == plan_country.at(iso)["pin"]);
    }

    // Funding and requirements: tally funding --by country,sector (the flow CSV's REGIONAL
    // and MULTI rows are the money outside the platform table).
    const auto f = run_json("funding --by country,sector --requirements " + data +
                            "requirements.csv --format json " + data + "flows.csv");
    std::map<std::string, std::int64_t> funding, requirements;
    std::int64_t total = 0, total_req = 0, outside = 0;
    for (const auto& row : f["rows"]) {
        if (!scope.empty() && row["sector"] != scope)
            continue;
        const auto country = row["country"].get<std::string>();
        const auto usd = row["funding_usd"].get<std::int64_t>();
        total += usd;
        funding[country] += usd;
        if (country == "REGIONAL" || country == "MULTI")
            outside += usd;
        if (!row["requirements_usd"].is_null()) {
            requirements[country] += row["requirements_usd"].get<std::int64_t>();
            total_req += row["requirements_usd"].get<std::int64_t>();
        }
    }
    CHECK(region["funding_usd"] == total);
    CHECK(region["requirements_usd"] == total_req);
    CHECK(r["funding_outside_platforms_usd"] == outside);
    for (const auto& c : r["countries"]) {
        const auto iso = c["country"].get<std::string>();
        CAPTURE(iso);
        CHECK(c["funding_usd"] == funding[iso]);
        CHECK(c["requirements_usd"] ==
              (requirements.count(iso) ? json(requirements[iso]) : json(nullptr)));
    }

    // Misalignment: tally misalign --by country,sector.
    const auto m = run_json("misalign " + inputs() + " --by country,sector --format json" +
                            (scope.empty() ? "" : " --scope '" + scope + "'"));
    for (const auto& item : r["misalignment"]["summary"].items()) {
        const std::string name = item.key();
        const auto& value = item.value();
        if (name == "lowest_platform_coverage" || name == "highest_platform_coverage")
            continue;
        CAPTURE(name);
        REQUIRE(m["summary"].contains(name));
        if (value.is_number_float())
            CHECK(value.get<double>() == doctest::Approx(m["summary"][name].get<double>()));
        else
            CHECK(value == m["summary"][name]);
    }
    std::vector<std::string> flagged, separately;
    for (const auto& c : r["misalignment"]["flagged"])
        flagged.push_back(c["country"].get<std::string>() + "/" + c["sector"].get<std::string>());
    for (const auto& c : m["cells"])
        if (!c["flag"].get<std::string>().empty())
            separately.push_back(c["country"].get<std::string>() + "/" +
                                 c["sector"].get<std::string>());
    CHECK(flagged == separately);
}

} // namespace

TEST_CASE("tally report's whole-response figures equal those of reach, plan, funding and "
          "misalign") {
    check_against_separate_commands("");
    // And the figures themselves, by hand (see tests/data/report): 530 reached (COL 350, PER
    // 150, MEX 30; 140 in transit apart), funding 390,000 of which 40,000 regional or
    // multi-country.
    const auto r = report("");
    CHECK(r["region"]["reached"] == 530);
    CHECK(r["region"]["funding_usd"] == 390000);
    CHECK(r["funding_outside_platforms_usd"] == 40000);
}

TEST_CASE("tally report's sub-sector figures equal those of reach, plan, funding and misalign") {
    check_against_separate_commands(hts);
    // By hand: 80 + 60 + 30 reached of a target of 100 + 80 + 40 (77.3%); funding 80,000 +
    // 20,000 + 10,000 + 25,000 regional + 15,000 multi-country of 200,000 required.
    const auto r = report(hts);
    CHECK(r["region"]["reached"] == 170);
    CHECK(r["region"]["target"] == 220);
    CHECK(r["region"]["funding_usd"] == 150000);
    CHECK(r["region"]["requirements_usd"] == 200000);
    CHECK(r["scope"] == hts);
}

TEST_CASE("tally report lists rejected rows, counts them in a footnote and exits 1 with --strict") {
    const auto r = run_cli("report " + inputs() + " --format text");
    CHECK(r.status == 0);
    CHECK(r.err.find("activities.csv:9: rejected: month '2023-13' is not YYYY-MM") !=
          std::string::npos);
    CHECK(r.err.find("flows.csv:10: rejected: amount_usd 'not-a-number'") != std::string::npos);
    CHECK(r.out.find("Rejected input rows (listed with their reasons when the report is made) "
                     "are not counted: 1 row of 8 in the activities and 1 row of 9 in the "
                     "funding.") != std::string::npos);
    CHECK(run_cli("report " + inputs() + " --strict").status == 1);
}

TEST_CASE("tally report writes HTML to --output and says where") {
    char tmpl[] = "/tmp/tally_cli_report_XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    const std::string out = std::string(tmpl) + "/report.html";
    const auto r = run_cli("report " + inputs() + " --sector '" + hts + "' --as-of 2024-04-01 " +
                           "--title 'Human trafficking and smuggling' --output " + out);
    CHECK(r.status == 0);
    CHECK(r.out.empty());
    CHECK(r.err.find("report written to " + out) != std::string::npos);
    FILE* f = std::fopen(out.c_str(), "rb");
    REQUIRE(f);
    std::string html(1 << 16, '\0');
    html.resize(std::fread(html.data(), 1, html.size(), f));
    std::fclose(f);
    std::remove(out.c_str());
    rmdir(tmpl);
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<h1>Human trafficking and smuggling</h1>") != std::string::npos);
    CHECK(html.find("as of 1 April 2024") != std::string::npos);
}

TEST_CASE("tally report refuses bad usage with exit status 2") {
    CHECK(run_cli("report").status == 2);
    CHECK(run_cli("report " + inputs() + " --sector Astrology").status == 2);
    CHECK(run_cli("report " + inputs() + " --format pdf").status == 2);
    CHECK(run_cli("report " + inputs() + " --as-of 2024-13-45").status == 2);
    CHECK(run_cli("report --activities").status == 2);
}

TEST_CASE("tally report refuses a geography with two platforms of one name and writes nothing") {
    // Accepted once, it made one "Andes" row of two platforms and a regional line of -1,400.
    const std::string geo = std::string(TALLY_SOURCE_DIR) + "/tests/data/geography/two_andes.csv";
    const auto r = run_cli("report " + inputs() + " --geography " + geo + " --format text");
    CHECK(r.status == 2);
    CHECK(r.out.empty());
    CHECK(r.err.find("[tally.duplicate_code.105] " + geo +
                     ":4: platform 'AN2' (Andes) has the name or code 'Andes' of platform 'AN1' "
                     "(line 3)") != std::string::npos);
}

} // namespace test_cli_report
