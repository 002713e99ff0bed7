#include "metrics_fixture.hpp"
#include <doctest/doctest.h>
#include <string>
#include <tally/report/model.hpp>
#include <tally/report/prose.hpp>
#include <vector>

namespace test_report_prose {

using namespace tally;
using namespace tally::report;

namespace {

report_line line(std::string name, std::int64_t reached, std::optional<std::int64_t> target,
                 std::int64_t funding, std::optional<std::int64_t> requirements) {
    report_line l;
    l.name = l.code = std::move(name);
    l.reached = figure<reached_count<>>(reached_count<>(reached), provenance());
    if (target)
        l.target = target_count<>(*target);
    l.funding = usd_amount(funding);
    if (requirements)
        l.requirements = usd_amount(*requirements);
    return l;
}

// A sub-sector report by hand: region 26,200 of 33,249 reached (78.8%), US$ 1,418,534 of
// 13,071,000 funded (10.9%); three platforms.
report_model sub_sector() {
    report_model m;
    m.scope = "Protection (Human Trafficking and Smuggling)";
    m.scope_is_subsector = true;
    m.last_month = month(2023, 12);
    m.inputs = {
        {"activities", 10, 0}, {"plan", 10, 0}, {"funding", 10, 0}, {"requirements", 10, 0}};
    m.region = line("R4V", 26200, 33249, 1418534, 13071000);
    m.region.in_transit = reached_count<>(2794);
    // Coverage / attainment: Brazil 3.9% / 150.6%, Caribbean 2.0% / 81.3%, CAM 45.0% / 16.5%.
    m.platforms = {line("Brazil", 1801, 1196, 18681, 479000),
                   line("Caribbean", 5981, 7358, 58638, 2871000),
                   line("Central America and Mexico", 784, 4745, 836148, 1860000)};
    m.countries = {line("Uruguay", 0, 1133, 175812, 483000),
                   line("Dominican Republic", 2397, 2675, 0, 1086000)};
    m.countries[0].code = "URY";
    m.countries[1].code = "DOM";
    m.misalignment.lowest_coverage = 58638.0 / 2871000;
    m.misalignment.lowest_platform = "Caribbean";
    m.misalignment.highest_coverage = 836148.0 / 1860000;
    m.misalignment.highest_platform = "Central America and Mexico";
    m.misalignment.summary.push_back({"flagged", 2.0, "cells flagged", true, "Cells flagged"});
    flagged_cell ury{"URY", m.scope, 0.364, 0.0, "", {}, {"non_direct_activities"}};
    flagged_cell dom{"DOM", m.scope, 0.0, 0.896, "", {}, {"funding_unreported"}};
    m.misalignment.flagged = {ury, dom};
    m.footnotes = {{"in-transit", "..."}, {"funding-as-of", "..."}};
    return m;
}

} // namespace

TEST_CASE("fill puts every named figure into its template") {
    CHECK(fill("{a} of {b}, {a}", {{"a", "26.2K"}, {"b", "33.2K"}}) == "26.2K of 33.2K, 26.2K");
    CHECK(fill("{a}", {{"a", "{a}{a}"}}) == "{a}{a}"); // a value is not filled again
    CHECK(with_marker("reaching 78.8% of its target.", "[1]") ==
          "reaching 78.8% of its target[1].");
    CHECK(with_marker("no full stop", "[2]") == "no full stop[2]");
}

TEST_CASE("the Response paragraph writes the seed's sentence from the figures") {
    const auto ps = paragraphs_of(sub_sector());
    REQUIRE(ps.size() == 2);
    CHECK(ps[0].heading == "Response");
    REQUIRE(ps[0].sentences.size() == 4);
    CHECK(ps[0].sentences[0].text ==
          "In 2023, the Human Trafficking and Smuggling Sub-sector provided assistance to 26.2K "
          "refugees and migrants and affected host community members, reaching 78.8% of its "
          "target.");
    CHECK(ps[0].sentences[0].note == "in-transit");
    // 1,418,534 / 13,071,000 = 10.85%, below half: limited funding.
    CHECK(ps[0].sentences[1].text == "This was achieved despite limited funding: 10.9% of its "
                                     "requirements were funded (US$ 1.4M of US$ 13.1M).");
    CHECK(ps[0].sentences[1].note == "funding-as-of");
    // 784 / 4,745 = 16.5%, 1,801 / 1,196 = 150.6%.
    CHECK(ps[0].sentences[2].text == "Attainment ranged from 16.5% of the target in Central "
                                     "America and Mexico to 150.6% in Brazil.");
    CHECK(ps[0].sentences[3].text.rfind("In addition, 2.8K refugees and migrants in transit", 0) ==
          0);
}

TEST_CASE("the Funding and reach paragraph names the platforms furthest apart and the causes") {
    const auto p = paragraphs_of(sub_sector())[1];
    CHECK(p.heading == "Funding and reach");
    REQUIRE(p.sentences.size() == 3);
    // 2.0% to 45.0%: more than three times apart, so "widely".
    CHECK(p.sentences[0].text ==
          "Funding levels varied widely across the region: coverage ranged from 2.0% of "
          "requirements in the Caribbean to 45.0% in Central America and Mexico.");
    // ln(coverage / attainment): Brazil ln(0.039 / 1.506) = -3.65, Caribbean ln(0.0204 / 0.813)
    // = -3.68, CAM ln(0.450 / 0.165) = 1.00: CAM furthest ahead, the Caribbean furthest behind.
    CHECK(p.sentences[1].text ==
          "Compared with the other platforms, funding was furthest ahead of reach in Central "
          "America and Mexico (45.0% of requirements funded, 16.5% of the target reached) and "
          "furthest behind it in the Caribbean (81.3% of the target reached, 2.0% of "
          "requirements funded).");
    // The causes in the seed's order, each with its countries (by name, "the" where it goes).
    CHECK(p.sentences[2].text ==
          "Misalignment between funding and people reached may stem from activities that reach "
          "no one countable, such as awareness campaigns and capacity building (Uruguay), and "
          "from funding that partners did not report to FTS (the Dominican Republic).");
}

TEST_CASE("a cause found in many places names three and counts the rest") {
    auto m = sub_sector();
    m.misalignment.flagged.clear();
    for (const char* c : {"URY", "DOM", "URY", "DOM", "URY"})
        m.misalignment.flagged.push_back({c, m.scope, 0.0, 0.5, "", {}, {"funding_unreported"}});
    const auto s = paragraphs_of(m)[1].sentences.back().text;
    CHECK(s == "Misalignment between funding and people reached may stem from funding that "
               "partners did not report to FTS (Uruguay, the Dominican Republic, Uruguay and 2 "
               "more).");
}

TEST_CASE("the whole response's causes name the sector of each cell") {
    auto m = sub_sector();
    m.scope.clear();
    m.scope_is_subsector = false;
    m.misalignment.flagged = {
        {"URY", "Protection (GBV)", 0.3, 0.0, "", {}, {"activities_unreported"}}};
    const auto ps = paragraphs_of(m);
    CHECK(ps[0].sentences[0].text.rfind("In 2023, RMRP partners provided assistance", 0) == 0);
    CHECK(ps[0].sentences[0].text.find("reaching 78.8% of the target.") != std::string::npos);
    CHECK(ps[1].sentences.back().text ==
          "Misalignment between funding and people reached may stem from activities that "
          "partners did not report (Protection (GBV) in Uruguay).");
}

TEST_CASE("sectors and sub-sectors are named as the end-year report names them") {
    auto m = sub_sector();
    auto first = [&] { return paragraphs_of(m)[0].sentences[0].text; };
    m.scope = "Protection (GBV)";
    CHECK(first().find("the GBV Sub-sector provided") != std::string::npos);
    m.scope = "Protection (General)";
    CHECK(first().find("the Protection Sector provided") != std::string::npos);
    m.scope = "Multipurpose Cash Assistance (MPC)";
    m.scope_is_subsector = false;
    CHECK(first().find("the Multipurpose Cash Assistance (MPC) Sector provided") !=
          std::string::npos);
}

TEST_CASE("a sentence whose figures were not given is left out, not written with a zero") {
    auto m = sub_sector();
    m.inputs = {{"activities", 10, 0}, {"plan", 10, 0}, {"requirements", 10, 0}}; // no funding
    auto ps = paragraphs_of(m);
    for (const auto& p : ps)
        for (const auto& s : p.sentences) {
            CAPTURE(s.text);
            CHECK(s.text.find("US$") == std::string::npos);
            CHECK(s.text.find("funded") == std::string::npos);
        }
    // Funding above half is not limited; no target: no attainment.
    m = sub_sector();
    m.region.funding = usd_amount(9000000);
    m.region.target.reset();
    ps = paragraphs_of(m);
    CHECK(ps[0].sentences[0].text ==
          "In 2023, the Human Trafficking and Smuggling Sub-sector provided assistance to 26.2K "
          "refugees and migrants and affected host community members.");
    CHECK(ps[0].sentences[1].text ==
          "68.9% of its requirements were funded (US$ 9M of US$ 13.1M).");
}

TEST_CASE("the paragraphs of a built report come from its figures") {
    metrics_fixture::inputs f;
    const auto m = build_report(f.in, report_options{});
    const auto ps = paragraphs_of(m);
    REQUIRE(ps.size() == 2);
    // 550 reached of 700; 6,100 of 9,500 funded; Colombia 500 / 600 and Peru 50 / 100.
    CHECK(ps[0].text().rfind("In 2023, RMRP partners provided assistance to 550 refugees and "
                             "migrants and affected host community members, reaching 78.6% of "
                             "the target. 64.2% of the requirements were funded (US$ 6.1K of US$ "
                             "9.5K). Attainment ranged from 50.0% of the target in Peru to 83.3% "
                             "in Colombia.",
                             0) == 0);
}

} // namespace test_report_prose
