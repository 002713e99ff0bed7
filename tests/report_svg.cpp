#include <doctest/doctest.h>
#include <string>
#include <tally/report/svg.hpp>
#include <utility>
#include <vector>

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

namespace {
struct rect {
    double x, y, w, h;
};
double attr(const std::string& s, std::size_t from, const std::string& name) {
    const auto p = s.find(" " + name + "=\"", from);
    REQUIRE(p != std::string::npos);
    return std::stod(s.substr(p + name.size() + 3));
}
// The label boxes and the points (as boxes) of a scatter chart, read from its SVG.
std::pair<std::vector<rect>, std::vector<rect>> boxes_of(const std::string& svg) {
    std::vector<rect> labels, points;
    for (auto p = svg.find("<rect class=\"label-box\""); p != std::string::npos;
         p = svg.find("<rect class=\"label-box\"", p + 1))
        labels.push_back(
            {attr(svg, p, "x"), attr(svg, p, "y"), attr(svg, p, "width"), attr(svg, p, "height")});
    for (auto p = svg.find("<circle class=\"point"); p != std::string::npos;
         p = svg.find("<circle class=\"point", p + 1)) {
        const double cx = attr(svg, p, "cx"), cy = attr(svg, p, "cy"), r = attr(svg, p, "r");
        points.push_back({cx - r, cy - r, 2 * r, 2 * r});
    }
    return {labels, points};
}
bool overlap(const rect& a, const rect& b) {
    return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}
} // namespace

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

TEST_CASE("a scatter chart's axes are fitted to the data, each on its own") {
    // Coverage 5%-45%: the x axis ends at 50% (45% + 5% headroom, in steps of 10%); attainment
    // up to 150%: the y axis at 200% (steps of 50%).
    const std::vector<scatter_point> pts = {{"COL", "Colombia", 0.05, 0.4},
                                            {"PER", "Peru", 0.45, 1.5}};
    const auto svg = scatter_chart("Alignment", pts, "coverage", "attainment");
    CHECK(svg.find("text-anchor=\"middle\">50%</text>") != std::string::npos);
    CHECK(svg.find("text-anchor=\"middle\">60%</text>") == std::string::npos);
    CHECK(svg.find("text-anchor=\"middle\">100%</text>") == std::string::npos);
    CHECK(svg.find("text-anchor=\"end\">200%</text>") != std::string::npos);
    CHECK(svg.find("text-anchor=\"end\">150%</text>") != std::string::npos);
    // 13% + 5% is 13.65%: steps of 2% would be seven, of 2.5% are six (to 15%), and a step
    // that is not a whole percent keeps a decimal in its ticks.
    const auto [end, step] = detail::axis_end(0.13);
    CHECK(end == doctest::Approx(0.15));
    CHECK(step == doctest::Approx(0.025));
    CHECK(detail::percent_tick(0.05, 0.025) == "5.0%");
    CHECK(detail::percent_tick(0.5, 0.1) == "50%");
    // No positive value: 0-100%.
    CHECK(detail::axis_end(0).first == 1.0);
}

TEST_CASE("labels of crowded points get boxes that overlap no other label and no point") {
    // Seventeen countries in a row 0.2 percentage points (9 units on a 0-10% axis) apart: every
    // one labelled, on leader lines where the row is full.
    const char* codes[] = {"COL", "PER", "ECU", "BRA", "CHL", "ARG", "MEX", "PAN", "DOM",
                           "CRI", "BOL", "TTO", "GUY", "URY", "PRY", "ABW", "CUW"};
    std::vector<scatter_point> pts;
    for (int i = 0; i < 17; ++i)
        pts.push_back({codes[i], codes[i], 0.05 + 0.002 * i, 0.78 + 0.001 * i});
    // And three on one spot, which share a label.
    for (int i = 0; i < 3; ++i)
        pts.push_back({"X" + std::to_string(i), "same place", 0.09, 0.6});
    const auto svg = scatter_chart("Alignment", pts, "coverage", "attainment");
    const auto [labels, points] = boxes_of(svg);
    CHECK(points.size() == pts.size());
    CHECK(labels.size() == 18);
    CHECK(svg.find(">X0, X1, X2</text>") != std::string::npos);
    for (const auto* c : codes)
        CHECK(svg.find(std::string(">") + c + "</text>") != std::string::npos);
    CHECK(svg.find("Not labelled") == std::string::npos);
    for (std::size_t i = 0; i < labels.size(); ++i) {
        CAPTURE(i);
        for (std::size_t j = i + 1; j < labels.size(); ++j)
            CHECK_FALSE(overlap(labels[i], labels[j]));
        for (const auto& p : points)
            CHECK_FALSE(overlap(labels[i], p));
    }
    CHECK(svg.find("class=\"leader\"") != std::string::npos);
}

TEST_CASE("a label that finds no room is listed under the chart") {
    // Sixty long labels on points a tenth of a percentage point apart cannot all fit.
    std::vector<scatter_point> pts;
    for (int i = 0; i < 60; ++i)
        pts.push_back({"A LONG LABEL NUMBER " + std::to_string(i), "x", 0.5 + 0.001 * (i % 8),
                       0.5 + 0.001 * (i / 8)});
    const auto svg = scatter_chart("Alignment", pts, "coverage", "attainment");
    const auto [labels, points] = boxes_of(svg);
    CHECK(points.size() == 60);
    CHECK(labels.size() < 60);
    CHECK(svg.find("<text class=\"unplaced\"") != std::string::npos);
    CHECK(svg.find("Not labelled: ") != std::string::npos);
    for (std::size_t i = 0; i < labels.size(); ++i)
        for (std::size_t j = i + 1; j < labels.size(); ++j)
            CHECK_FALSE(overlap(labels[i], labels[j]));
}

TEST_CASE("label widths are those of DejaVu Sans") {
    // Advance widths of DejaVu Sans at 10 units: C 6.98, O 7.87, L 5.57.
    CHECK(detail::text_width("COL", 10) == doctest::Approx(20.42));
    CHECK(detail::text_width("W", 10) == doctest::Approx(9.89));
    CHECK(detail::text_width("Curaçao", 10) == doctest::Approx(6.98 + 6 * 6.2));
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
