#include "chromium_support.hpp"
#include "metrics_fixture.hpp"
#include <array>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <tally/report/html.hpp>
#include <tally/report/model.hpp>

namespace test_report_html {

using namespace tally;
using namespace tally::report;
using chromium_support::chromium_command;
using chromium_support::chromium_path;
using chromium_support::png_size;
using chromium_support::run;
using chromium_support::slurp;

namespace {

report_model fixture_model() {
    metrics_fixture::inputs f;
    report_options o;
    o.as_of = date::parse("2024-04-01");
    return build_report(f.in, o);
}

std::size_t count_of(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1))
        ++n;
    return n;
}

} // namespace

TEST_CASE("the report page is self-contained: no script, no network, inline style and SVG") {
    const auto html = render_html(fixture_model());
    CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("url(") == std::string::npos);
    // The only URL is the SVG namespace, which is a name, not a download.
    CHECK(count_of(html, "http") == count_of(html, "xmlns=\"http://www.w3.org/2000/svg\""));
    CHECK(html.find("<style>") != std::string::npos);
    CHECK(html.find("@media print") != std::string::npos);
    CHECK(count_of(html, "<svg ") == 3);
}

TEST_CASE("the report page shows the headline short and the tables exact") {
    const auto html = render_html(fixture_model());
    // Headline: 550 reached of a target of 700 (78.6%), US$ 6.1K funding of 9,500 (64.2%).
    CHECK(html.find(">550<sup class=\"fn\">") != std::string::npos);
    CHECK(html.find(">78.6%<") != std::string::npos);
    CHECK(html.find("US$ 6.1K") != std::string::npos);
    CHECK(html.find(">64.2%<") != std::string::npos);
    // Platform table: Colombia funding exact, the outside line, the region row.
    CHECK(html.find("<td class=\"n\">4,700</td>") != std::string::npos);
    CHECK(html.find("Regional and multi-country funding") != std::string::npos);
    CHECK(html.find("<td class=\"n\">900</td>") != std::string::npos);
    CHECK(html.find("<tr class=\"total\"><td>Region (R4V)<sup") != std::string::npos);
    // Every footnote is listed: in transit, funding as of, outside platforms, not in scope,
    // partners, de-duplication and how cells are flagged.
    CHECK(count_of(html, "<li id=\"fn-") == 7);
    CHECK(html.find("href=\"#fn-in-transit\"") != std::string::npos);
    CHECK(html.find("as of 1 April 2024") != std::string::npos);
}

TEST_CASE("every footnote of the page is pointed at from where it applies") {
    // The fixture's seven, and a model with rejected rows (their footnote points from the
    // headline figures of the input that had them).
    auto m = fixture_model();
    m.inputs.push_back({"plan", 9, 2});
    m.footnotes.push_back({"rejected", "Rejected input rows ..."});
    const auto html = render_html(m);
    std::size_t notes = 0;
    for (auto p = html.find("<li id=\"fn-"); p != std::string::npos;
         p = html.find("<li id=\"fn-", p + 1)) {
        const auto id = html.substr(p + 11, html.find('"', p + 11) - (p + 11));
        CAPTURE(id);
        CHECK(html.find("href=\"#fn-" + id + "\"") != std::string::npos);
        ++notes;
    }
    CHECK(notes == 8);
    CHECK(html.find("of the target (700)<sup class=\"fn\"><a href=\"#fn-rejected\">") !=
          std::string::npos);
}

TEST_CASE("the platform and country tables say in their headings whether people in transit are "
          "in") {
    const auto html = render_html(fixture_model());
    const auto platforms = html.substr(html.find("<table class=\"platforms\">"));
    const auto countries = html.substr(html.find("<table class=\"countries\">"));
    const auto head = [](const std::string& t) { return t.substr(0, t.find("</thead>")); };
    // Platform rows leave people in transit out (in destination) and show them apart; country
    // rows include them. No heading of one table is a heading of the other but the money and
    // partner columns, which mean the same in both.
    CHECK(head(platforms).find("<th>People reached, in destination<sup") != std::string::npos);
    CHECK(head(platforms).find("<th>In transit (not added)<sup") != std::string::npos);
    CHECK(head(platforms).find("<th>Target, in destination</th>") != std::string::npos);
    CHECK(head(countries).find("<th>People reached, including in transit<sup") !=
          std::string::npos);
    CHECK(head(countries).find("<th>of which in transit<sup") != std::string::npos);
    CHECK(head(countries).find("<th>Target, including in transit</th>") != std::string::npos);
    CHECK(head(platforms).find("including in transit") == std::string::npos);
    CHECK(head(countries).find("in destination") == std::string::npos);
}

TEST_CASE("measures are named in words, with their code in a tooltip") {
    const auto html = render_html(fixture_model());
    CHECK(html.find("<span class=\"code\" title=\"jensen_shannon\">Jensen-Shannon "
                    "divergence</span>") != std::string::npos);
    CHECK(html.find("<span class=\"code\" title=\"theil_funding_per_pin\">Theil index against "
                    "need</span>") != std::string::npos);
    // No code is shown as a name, and shares are percentages: coverage 4500 / 9000.
    CHECK(html.find(">jensen_shannon<") == std::string::npos);
    CHECK(html.find(">coverage_weighted_mean<") == std::string::npos);
    CHECK(html.find("Mean coverage</span></td><td class=\"n\">50.0%</td>") != std::string::npos);
}

TEST_CASE("a figure whose input was not given is n/a on the page, not 0") {
    metrics_fixture::inputs f;
    f.in.funding.clear();
    report_options o;
    const auto html = render_html(build_report(f.in, o));
    CHECK(html.find("US$ 0") == std::string::npos);
    CHECK(html.find("<div class=\"kpi-value\">n/a<sup class=\"fn\"><a "
                    "href=\"#fn-funding-as-of\">") != std::string::npos);
    // Colombia's row: funding and coverage n/a; its requirements (given) 8,000.
    CHECK(html.find("<td class=\"n\">n/a</td><td class=\"n\">8,000</td><td "
                    "class=\"n\">n/a</td>") != std::string::npos);
    // And no funding sentence.
    CHECK(html.find("requirements were funded") == std::string::npos);
}

TEST_CASE("the page opens with the Response and Funding and reach paragraphs") {
    const auto html = render_html(fixture_model());
    const auto summary = html.substr(0, html.find("</section>"));
    CHECK(summary.find("<h2>Response</h2>") != std::string::npos);
    CHECK(summary.find("<h2>Funding and reach</h2>") != std::string::npos);
    // 550 of 700 reached (78.6%), 6,100 of 9,500 funded (64.2%): not limited funding.
    CHECK(summary.find("In 2023, RMRP partners provided assistance to 550 refugees and migrants "
                       "and affected host community members, reaching 78.6% of the target<sup") !=
          std::string::npos);
    CHECK(summary.find("64.2% of the requirements were funded (US$ 6.1K of US$ 9.5K)<sup") !=
          std::string::npos);
}

TEST_CASE("the print stylesheet puts each section on an A4 page of its own") {
    const auto html = render_html(fixture_model());
    CHECK(html.find("@page{size:A4") != std::string::npos);
    CHECK(html.find("section.page{break-before:page}") != std::string::npos);
    CHECK(html.find("table,svg,.kpis,.flag,tr,p.prose{break-inside:avoid}") != std::string::npos);
    CHECK(count_of(html, "<section class=\"page ") == 5);
}

TEST_CASE("the report page loads in headless Chromium with its charts and is not blank") {
    const auto exe = chromium_path();
    if (exe.empty()) {
        MESSAGE("skipped: chromium is not installed (scripts/dev ci installs it)");
        return;
    }
    const auto model = fixture_model();
    char tmpl[] = "/tmp/tally_report_html_XXXXXX";
    REQUIRE(mkdtemp(tmpl));
    const std::filesystem::path dir = tmpl;
    const auto page = dir / "report.html";
    {
        std::ofstream f(page, std::ios::binary);
        f << render_html(model);
    }
    {
        std::ofstream f(dir / "blank.html", std::ios::binary);
        f << "<!DOCTYPE html><html><body></body></html>";
    }
    const std::string base = chromium_command(exe, dir / "profile");
    const std::string window = " --window-size=1200,1600";
    // The DOM after loading, with Chromium's log: console messages (errors, uncaught
    // exceptions) appear there as "CONSOLE" lines.
    REQUIRE(run(base + " --enable-logging=stderr --v=0 --dump-dom file://" + page.string() + " > " +
                (dir / "dom.html").string() + " 2> " + (dir / "dom.log").string()) == 0);
    REQUIRE(run(base + window + " --screenshot=" + (dir / "page.png").string() + " file://" +
                page.string() + " > /dev/null 2>&1") == 0);
    REQUIRE(run(base + window + " --screenshot=" + (dir / "blank.png").string() + " file://" +
                (dir / "blank.html").string() + " > /dev/null 2>&1") == 0);

    const auto dom = slurp(dir / "dom.html");
    const auto log = slurp(dir / "dom.log");
    CHECK(log.find("CONSOLE") == std::string::npos);
    CHECK(log.find("Failed to load") == std::string::npos);
    CHECK(log.find("Uncaught") == std::string::npos);
    // The whole page was parsed: the last section is there, and the charts with their marks:
    // three platforms with a reached bar each, two with a target (Ecuador has none), three
    // funded and three required bars; one point per country with a target and a requirement
    // (Colombia, Peru) and the diagonal.
    CHECK(dom.find("Made with tally") != std::string::npos);
    CHECK(count_of(dom, "<svg ") == 3);
    CHECK(count_of(dom, "class=\"bar reached\"") == 3);
    CHECK(count_of(dom, "class=\"bar target\"") == 2);
    CHECK(count_of(dom, "class=\"bar funded\"") == 3);
    CHECK(count_of(dom, "class=\"bar required\"") == 3);
    CHECK(count_of(dom, "<circle class=\"point") == 2);
    CHECK(count_of(dom, "class=\"diagonal\"") == 1);

    // The screenshot is a 1200 x 1600 PNG, and not blank: a white page compresses to a few
    // kilobytes, a page of text, tables and charts to many times that.
    const auto png = slurp(dir / "page.png");
    const auto blank = slurp(dir / "blank.png");
    CHECK(png_size(png) == std::pair<std::uint32_t, std::uint32_t>{1200, 1600});
    REQUIRE(png_size(blank).first == 1200);
    CHECK(png.size() > 8 * blank.size());
    MESSAGE("screenshot " << png.size() << " bytes, blank page " << blank.size() << " bytes");
    std::filesystem::remove_all(dir);
}

} // namespace test_report_html
