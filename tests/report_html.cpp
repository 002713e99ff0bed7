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

std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

// Runs a shell command, returning its exit status (-1 when it did not exit normally).
int run(const std::string& cmd) {
    const int st = std::system(cmd.c_str());
    return st != -1 && WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

std::string chromium_path() {
    for (const char* p : {"/usr/bin/chromium", "/usr/bin/chromium-browser"})
        if (std::filesystem::exists(p))
            return p;
    return {};
}

// Headless Chromium with nothing that reaches the network or keeps state; a fresh profile
// directory per run. --no-sandbox because CI runs as root.
std::string chromium_command(const std::string& exe, const std::filesystem::path& profile) {
    return exe +
           " --headless --no-sandbox --disable-gpu --disable-quic --no-first-run"
           " --disable-background-networking --disable-component-update --disable-sync"
           " --user-data-dir=" +
           profile.string();
}

// Width and height from a PNG's IHDR chunk (0, 0 when the file is not a PNG).
std::pair<std::uint32_t, std::uint32_t> png_size(const std::string& png) {
    static const std::string sig = "\x89PNG\r\n\x1a\n";
    if (png.size() < 24 || png.compare(0, 8, sig) != 0 || png.compare(12, 4, "IHDR") != 0)
        return {0, 0};
    auto be32 = [&](std::size_t at) {
        std::uint32_t v = 0;
        for (std::size_t i = 0; i < 4; ++i)
            v = (v << 8) | static_cast<unsigned char>(png[at + i]);
        return v;
    };
    return {be32(16), be32(20)};
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
    CHECK(html.find("<tr class=\"total\"><td>Region (R4V)</td>") != std::string::npos);
    // Every footnote is listed and every marker points at one.
    CHECK(count_of(html, "<li id=\"fn-") == 6);
    CHECK(html.find("href=\"#fn-in-transit\"") != std::string::npos);
    CHECK(html.find("as of 1 April 2024") != std::string::npos);
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
