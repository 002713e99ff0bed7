// The acceptance test of `tally report`: on tests/data/report, its figures equal those of
// `tally reach`, `tally plan`, `tally funding` and `tally misalign` run separately, for the
// whole response and for the Human Trafficking and Smuggling sub-sector.

#include "chromium_support.hpp"
#include "cli_support.hpp"
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
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
                            (scope.empty() ? "" : " --sector '" + scope + "'"));
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
    const auto pdf = run_cli("report " + inputs() + " --format pdf");
    CHECK(pdf.status == 2);
    CHECK(pdf.err.find("--format pdf needs --output FILE") != std::string::npos);
    CHECK(run_cli("report " + inputs() + " --format docx").status == 2);
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

TEST_CASE("tally report --format pdf says clearly that it needs Chromium on the PATH") {
    // A PATH with no Chromium on it (the shell that runs the tool is found by its full path).
    char tmpl[] = "/tmp/tally_no_chromium_XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    const std::string saved = std::getenv("PATH") ? std::getenv("PATH") : "";
    setenv("PATH", tmpl, 1);
    const auto r = run_cli("report " + inputs() + " --format pdf --output " + tmpl + "/r.pdf");
    setenv("PATH", saved.c_str(), 1);
    CHECK(r.status == 2);
    CHECK(r.err.find("[tally.not_found.108] --format pdf prints the page with Chromium, and none "
                     "of chromium, chromium-browser, google-chrome or google-chrome-stable is on "
                     "the PATH: install one (Debian: apt-get install chromium), or write --format "
                     "html and print it from a browser") != std::string::npos);
    CHECK_FALSE(std::filesystem::exists(std::string(tmpl) + "/r.pdf"));
    std::filesystem::remove_all(tmpl);
}

namespace {

struct box {
    double x, y, w, h;
};
bool overlap(const box& a, const box& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
double attr(const std::string& s, std::size_t from, const std::string& name) {
    const auto p = s.find(" " + name + "=\"", from);
    REQUIRE(p != std::string::npos);
    return std::stod(s.substr(p + name.size() + 3));
}
// The scatter chart's label boxes and points (as boxes), from the SVG in the page.
std::pair<std::vector<box>, std::vector<box>> scatter_boxes(const std::string& html) {
    const auto from = html.find("class=\"chart scatter-chart\"");
    REQUIRE(from != std::string::npos);
    const auto svg = html.substr(from, html.find("</svg>", from) - from);
    std::vector<box> labels, points;
    for (auto p = svg.find("<rect class=\"label-box\""); p != std::string::npos;
         p = svg.find("<rect class=\"label-box\"", p + 1))
        labels.push_back(
            {attr(svg, p, "x"), attr(svg, p, "y"), attr(svg, p, "width"), attr(svg, p, "height")});
    for (auto p = svg.find("<circle class=\"point"); p != std::string::npos;
         p = svg.find("<circle class=\"point", p + 1)) {
        const double r = attr(svg, p, "r");
        points.push_back({attr(svg, p, "cx") - r, attr(svg, p, "cy") - r, 2 * r, 2 * r});
    }
    return {labels, points};
}

std::size_t count_of(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1))
        ++n;
    return n;
}

// Appended to a copy of a page: writes, for each scatter label, its box and the box Chromium
// gives its text (getBBox), so that the test can check the text fits the box it was placed by.
constexpr const char* measure_script =
    "<script>const out=[];for(const g of document.querySelectorAll('svg.scatter-chart "
    "g.label')){const r=g.querySelector('rect'),b=g.querySelector('text').getBBox();"
    "out.push([r.getAttribute('x'),r.getAttribute('y'),r.getAttribute('width'),"
    "r.getAttribute('height'),b.x,b.y,b.width,b.height].join(','));}"
    "const p=document.createElement('pre');p.id='label-boxes';p.textContent=out.join(';');"
    "document.body.appendChild(p);</script>";

} // namespace

TEST_CASE("the main job's reports render in Chromium with labels apart and print one A4 page per "
          "section") {
    namespace cs = chromium_support;
    const auto exe = cs::chromium_path();
    if (exe.empty()) {
        MESSAGE("skipped: chromium is not installed (scripts/dev test installs it)");
        return;
    }
    char tmpl[] = "/tmp/tally_main_job_XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    const std::filesystem::path dir = tmpl;
    const std::string d = dir.string() + "/";
    REQUIRE(cs::run(std::string(TALLY_GENERATOR_PATH) + " --out " + d + " > /dev/null") == 0);
    const std::string in = "--activities " + d + "activities.csv --plan " + d + "plan.csv " +
                           "--funding " + d + "flows.csv --requirements " + d +
                           "requirements.csv --as-of 2024-04-01";
    {
        std::ofstream f(dir / "blank.html", std::ios::binary);
        f << "<!DOCTYPE html><html><body></body></html>";
    }
    const std::string base = cs::chromium_command(exe, dir / "profile");
    REQUIRE(cs::run(base + " --window-size=1200,1600 --screenshot=" + d + "blank.png file://" + d +
                    "blank.html > /dev/null 2>&1") == 0);
    const auto blank = cs::slurp(dir / "blank.png");
    REQUIRE(cs::png_size(blank).first == 1200);

    for (const std::string& scope : {hts, std::string()}) {
        CAPTURE(scope);
        const std::string name = scope.empty() ? "whole" : "hts";
        const std::string sector = scope.empty() ? "" : " --sector '" + scope + "'";
        REQUIRE(run_cli("report " + in + sector + " --output " + d + name + ".html").status == 0);
        const auto html = cs::slurp(dir / (name + ".html"));

        // The scatter's labels, from the SVG's coordinates: every point labelled, no two label
        // boxes overlapping, no box over a point.
        const auto [labels, points] = scatter_boxes(html);
        CHECK(points.size() >= 14);
        CHECK(html.find("Not labelled") == std::string::npos);
        CHECK(count_of(html, "<g class=\"label\">") == labels.size());
        for (std::size_t i = 0; i < labels.size(); ++i) {
            CAPTURE(i);
            for (std::size_t j = i + 1; j < labels.size(); ++j)
                CHECK_FALSE(overlap(labels[i], labels[j]));
            for (const auto& p : points)
                CHECK_FALSE(overlap(labels[i], p));
        }

        // Rendered: the text of every label lies inside its box (Chromium's own measure of the
        // font it drew with).
        {
            std::ofstream f(dir / (name + "_measure.html"), std::ios::binary);
            f << html.substr(0, html.rfind("</body>")) << measure_script << "</body></html>\n";
        }
        REQUIRE(cs::run(base + " --dump-dom file://" + d + name + "_measure.html > " + d + name +
                        "_dom.html 2> /dev/null") == 0);
        const auto dom = cs::slurp(dir / (name + "_dom.html"));
        const auto at = dom.find("<pre id=\"label-boxes\">");
        REQUIRE(at != std::string::npos);
        std::istringstream rows(dom.substr(at + 22, dom.find("</pre>", at) - at - 22));
        std::size_t measured = 0;
        for (std::string row; std::getline(rows, row, ';');) {
            double v[8];
            std::istringstream cells(row);
            std::string c;
            for (double& x : v) {
                std::getline(cells, c, ',');
                x = std::stod(c);
            }
            CAPTURE(row);
            CHECK(v[4] >= v[0] - 0.5);
            CHECK(v[4] + v[6] <= v[0] + v[2] + 0.5);
            CHECK(v[5] >= v[1] - 1.5);
            CHECK(v[5] + v[7] <= v[1] + v[3] + 1.5);
            ++measured;
        }
        CHECK(measured == labels.size());

        // A screenshot of the page: a PNG of the window's size, many times a blank page's.
        REQUIRE(cs::run(base + " --window-size=1200,3400 --screenshot=" + d + name +
                        ".png file://" + d + name + ".html > /dev/null 2>&1") == 0);
        const auto png = cs::slurp(dir / (name + ".png"));
        CHECK(cs::png_size(png) == std::pair<std::uint32_t, std::uint32_t>{1200, 3400});
        CHECK(png.size() > 8 * blank.size());

        // Printed by tally itself: one A4 page per section for the sub-sector (five sections);
        // the whole response's longer lists may take more.
        REQUIRE(run_cli("report " + in + sector + " --format pdf --output " + d + name + ".pdf")
                    .status == 0);
        const auto pdf = cs::slurp(dir / (name + ".pdf"));
        REQUIRE(pdf.rfind("%PDF-", 0) == 0);
        const auto sections = count_of(html, "<section class=\"page ");
        CHECK(sections == 5);
        if (!scope.empty())
            CHECK(cs::pdf_pages(pdf) == sections);
        else
            CHECK(cs::pdf_pages(pdf) >= sections);
        CHECK(pdf.find("/MediaBox [0 0 594.95996 841.91998]") != std::string::npos); // A4
        MESSAGE(name << ": " << cs::pdf_pages(pdf) << " PDF pages, " << labels.size()
                     << " labels, screenshot " << png.size() << " bytes");
    }
    std::filesystem::remove_all(dir);
}

} // namespace test_cli_report
