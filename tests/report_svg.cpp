#include <doctest/doctest.h>
#include <string>
#include <tally/report/svg.hpp>

namespace test_report_svg {

using namespace tally::report;

namespace {
std::size_t count_of(const std::string& s, const std::string& what) {
    std::size_t n = 0;
    for (auto p = s.find(what); p != std::string::npos; p = s.find(what, p + 1))
        ++n;
    return n;
}
} // namespace

TEST_CASE("a bar chart draws one bar per known value, scaled to the largest") {
    bar_series reached{"Reached", "reached", "#00f", {80, 60}};
    bar_series target{"Target", "target", "#ccc", {100, std::nullopt}};
    const auto svg = bar_chart("People", {"Colombia", "Peru"}, {reached, target}, false);
    CHECK(svg.rfind("<svg xmlns=\"http://www.w3.org/2000/svg\"", 0) == 0);
    CHECK(count_of(svg, "class=\"bar reached\"") == 2);
    CHECK(count_of(svg, "class=\"bar target\"") == 1); // Peru has no target: no bar
    CHECK(count_of(svg, ">n/a</text>") == 1);
    // Plot width 560 - 170 - 70 = 320: the largest value (100) takes all of it, 80 takes 256.
    CHECK(svg.find("width=\"320.0\"") != std::string::npos);
    CHECK(svg.find("width=\"256.0\"") != std::string::npos);
    CHECK(svg.find("<title>Colombia: Reached 80</title>") != std::string::npos);
    CHECK(svg.find("</svg>") == svg.size() - 6);
}

TEST_CASE("money bars are labelled in US dollars") {
    bar_series funded{"Funded", "funded", "#0a0", {1300000}};
    const auto svg = bar_chart("Funding", {"Peru"}, {funded}, true);
    CHECK(svg.find(">US$ 1.3M</text>") != std::string::npos);
    CHECK(svg.find("Peru: Funded 1,300,000 USD") != std::string::npos);
}

TEST_CASE("a scatter chart has one point per item and the diagonal") {
    const std::vector<scatter_point> pts = {
        {"COL", "Colombia", 0.8, 0.77}, {"PER", "Peru", 0.4, 0.75}, {"PAN", "Panama", 5.0, 0.8}};
    const auto svg = scatter_chart("Alignment", pts, "coverage", "attainment");
    CHECK(count_of(svg, "<circle class=\"point") == 3);
    CHECK(count_of(svg, "class=\"diagonal\"") == 1);
    // 500% coverage is beyond the 300% cap: drawn on the edge, its label keeps the value.
    CHECK(count_of(svg, "class=\"point clipped\"") == 1);
    CHECK(svg.find("Panama: coverage 500.0%") != std::string::npos);
    CHECK(svg.find(">300%</text>") != std::string::npos);
}

TEST_CASE("chart text is escaped") {
    bar_series s{"A & B", "reached", "#000", {1}};
    const auto svg = bar_chart("<Title>", {"\"Q\""}, {s}, false);
    CHECK(svg.find("&lt;Title&gt;") != std::string::npos);
    CHECK(svg.find("&quot;Q&quot;") != std::string::npos);
    CHECK(svg.find("A &amp; B") != std::string::npos);
    CHECK(svg.find("<Title>") == std::string::npos);
}

} // namespace test_report_svg
