#include "metrics_fixture.hpp"
#include <algorithm>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <sstream>
#include <string>
#include <tally/report/model.hpp>
#include <tally/report/text.hpp>

namespace test_report_text {

using namespace tally;
using namespace tally::report;

namespace {
std::string fixture_text() {
    metrics_fixture::inputs f;
    report_options o;
    o.as_of = date::parse("2024-04-01");
    return render_text(build_report(f.in, o));
}
bool has_line(const std::string& text, const std::string& line) {
    return text.find("\n" + line + "\n") != std::string::npos;
}
} // namespace

TEST_CASE("the text report states the headline in short numbers with footnote markers") {
    const auto t = fixture_text();
    CHECK(t.rfind("End-year report: whole response\n===============================\n", 0) == 0);
    CHECK(has_line(t, "People reached      550 in destination[1][6], 78.6% of the target of 700"));
    CHECK(has_line(t, "People in need      2.5K"));
    CHECK(has_line(t, "Funding received    US$ 6.1K[2][4], 64.2% of the requirements of US$ 9.5K"));
    CHECK(has_line(t, "Partners            5 appealing, 5 implementing[5]"));
}

TEST_CASE("the text report lines up exact figures in fixed columns") {
    const auto t = fixture_text();
    // name (28), reached (12), transit (12), target (12), attainment (8), PiN (12),
    // funding (15), requirements (15), coverage (8), partners (6 and 6).
    CHECK(has_line(t, "Colombia                             500         100         600   83.3%"
                      "       2,000          4,700          8,000   58.8%     3     3"));
    CHECK(has_line(t, "Ecuador                                0           0         n/a     n/a"
                      "         n/a              0            500    0.0%     1     1"));
    CHECK(has_line(t, "regional, multi-country[3]                                            "
                      "                          900"));
    CHECK(has_line(t, "  Colombia (COL)                     600         100         600  100.0%"
                      "       2,000          4,700          8,000   58.8%     3     3"));
}

TEST_CASE("the text report's two tables say in their headings whether people in transit are in") {
    const auto t = fixture_text();
    CHECK(t.find("\nplatform                      reached(d)  transit(a)   target(d)  attain      "
                 "PiN(d)") != std::string::npos);
    CHECK(t.find("\ncountry                      reached(+t)  of which t  target(+t)  attain     "
                 "PiN(+t)") != std::string::npos);
    CHECK(t.find("\n(d) in destination: people in transit left out, shown apart (a) and not "
                 "added[1]; (+t) including people in transit.\n") != std::string::npos);
}

TEST_CASE("the text report writes its paragraphs in lines of at most 100 characters") {
    const auto t = fixture_text();
    CHECK(t.find("\nResponse\nIn 2023, RMRP partners provided assistance to 550 refugees and "
                 "migrants") != std::string::npos);
    const auto from = t.find("\nResponse\n"), to = t.find("\nplatform ");
    std::istringstream in(t.substr(from, to - from));
    for (std::string line; std::getline(in, line);)
        CHECK(line.size() <= 100);
    CHECK(tally::report::detail::wrap("a bb ccc", 4) == "a bb\nccc\n");
    CHECK(tally::report::detail::wrap("averyveryverylongword x", 5) ==
          "averyveryverylongword\nx\n");
}

TEST_CASE("the text report ends with its numbered footnotes and is the same every time") {
    const auto t = fixture_text();
    CHECK(t.find("\nNotes\n[1] The regional and platform figures of people reached do not "
                 "include refugees and migrants in transit.") != std::string::npos);
    CHECK(t.find("\n[6] People reached are de-duplicated: ") != std::string::npos);
    CHECK(t.find("\n[7] Misalignment metrics over country and sector cells") != std::string::npos);
    CHECK(t.find("[8]") == std::string::npos);
}

TEST_CASE("the text report of the metrics fixture is its golden file line for line") {
    // tests/data/report/metrics_fixture_report.txt was read by hand against the figures of
    // tests/report_json.cpp's golden JSON. After an intended change of the layout, write it anew
    // with TALLY_UPDATE_GOLDEN=1 and read the diff before committing it.
    const std::string path =
        std::string(TALLY_SOURCE_DIR) + "/tests/data/report/metrics_fixture_report.txt";
    const auto t = fixture_text();
    if (std::getenv("TALLY_UPDATE_GOLDEN"))
        std::ofstream(path, std::ios::binary) << t;
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f);
    std::stringstream golden;
    golden << f.rdbuf();
    std::istringstream a(t), b(golden.str());
    std::string la, lb;
    for (std::size_t line = 1; std::getline(b, lb); ++line) {
        CAPTURE(line);
        REQUIRE(std::getline(a, la));
        CHECK(la == lb);
    }
    CHECK_FALSE(std::getline(a, la)); // no lines beyond the golden file's
}

TEST_CASE("a negative net funding shows no coverage and points at the footnote that says why") {
    // The fixture plus a refund of 7,000 USD naming no country: the region's net funding is
    // 6,100 - 7,000 = -900.
    metrics_fixture::inputs f;
    metrics::money_entry<> refund;
    refund.sectors = {"Health"};
    refund.amount = usd_amount(-7000);
    f.in.funding.push_back(refund);
    const auto m = build_report(f.in, report_options{});
    const auto n = m.footnote_number("negative-funding");
    REQUIRE(n > 0);
    const auto t = render_text(m);
    const auto outside = std::to_string(m.footnote_number("not-in-scope"));
    CHECK(has_line(t, "Funding received    US$ -900[2][" + outside + "], n/a[" + std::to_string(n) +
                          "] of the requirements of US$ 9.5K"));
    // The prose says why there is no coverage, never that no requirements were given.
    CHECK(t.find("no requirements were given") == std::string::npos);
    std::string flat = t; // the paragraphs wrapped at 100 columns, as one line
    std::replace(flat.begin(), flat.end(), '\n', ' ');
    CHECK(flat.find("received a net US$ -900 of funding against requirements of US$ 9.5K: refunds "
                    "and corrections exceed the money reported, so no coverage is given[" +
                    std::to_string(n) + "]") != std::string::npos);
    CHECK(t.find("[" + std::to_string(n) +
                 "] Net funding is below zero, as refunds or corrections "
                 "exceed the funding reported, for R4V (-900 USD)") != std::string::npos);
}

} // namespace test_report_text
