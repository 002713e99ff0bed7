#include "fuzz/record_count.hpp"
#include <cstdint>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <tally/io/activity_reader.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/fts_plans.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/presence_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace test_io_validation {

using namespace tally;

TEST_CASE("a validation report keeps rows read equal to rows used plus rows rejected") {
    io::validation_report a;
    a.use();
    a.reject({"a.csv", 3, 0}, "negative number");
    a.tell({"a.csv", 2, 0}, "admin1 'X' does not resolve");
    CHECK(a.rows_read == 2);
    CHECK(a.balanced());
    CHECK_FALSE(a.clean());
    io::validation_report b;
    b.use();
    b.use();
    a.merge(b);
    CHECK(a.rows_read == 4);
    CHECK(a.rows_used == 3);
    CHECK(a.balanced());
    CHECK(a.rejected.front().where.line == 3);
    CHECK(a.notices.size() == 1);
}

namespace {
// Reads a fixture of tests/data.
std::string fixture(const std::string& rel) {
    return tally::io::read_file(std::string(TALLY_SOURCE_DIR) + "/tests/data/" + rel);
}

// Deterministic hostile variants of text: bytes replaced by separators, quotes, line ends,
// digits and high bytes, bytes dropped and lines duplicated.
std::vector<std::string> mutations(const std::string& text, std::uint32_t seed, int n) {
    std::mt19937 rng(seed);
    const std::string alphabet = ",\"\n\r-9e.\xC3\xFF#{}[] ";
    std::vector<std::string> out;
    for (int i = 0; i < n; ++i) {
        std::string t = text;
        const int edits = 1 + static_cast<int>(rng() % 4);
        for (int e = 0; e < edits && !t.empty(); ++e) {
            const auto at = rng() % t.size();
            switch (rng() % 4) {
            case 0:
                t[at] = alphabet[rng() % alphabet.size()];
                break;
            case 1:
                t.erase(at, 1);
                break;
            case 2:
                t.insert(at, 1, alphabet[rng() % alphabet.size()]);
                break;
            default: {
                const auto b = t.rfind('\n', at);
                const auto s = b == std::string::npos ? 0 : b + 1;
                const auto end = t.find('\n', at);
                t.insert(s, t.substr(s, (end == std::string::npos ? t.size() : end + 1) - s));
            }
            }
        }
        out.push_back(std::move(t));
    }
    return out;
}

// The promise: every row of the input is read (rows read = the records counted apart from the
// reader, record_count.hpp) and either used or rejected; every rejected row named by file (and
// line). balanced() alone cannot fail: a report counts a row only when it uses or rejects it.
void check_account(const tally::io::validation_report& rep, std::size_t records, bool lines) {
    CHECK(rep.rows_read == records);
    CHECK(rep.lines_read >= (lines ? rep.rows_read : 0)); // a row takes one line or more
    CHECK(rep.rows_used + rep.rejected.size() == records);
    for (const auto& r : rep.rejected) {
        CHECK(r.where.file == "m");
        if (lines)
            CHECK(r.where.line > 0);
        CHECK_FALSE(r.reason.empty());
    }
}

// Calls read(text) for the fixture and each of its variants; returns how many variants were read
// to the end (not refused as a whole), so that a test can require that most were.
template <class Read>
int for_each_variant(const std::string& rel, std::uint32_t seed, Read read) {
    auto all = mutations(fixture(rel), seed, 150);
    all.insert(all.begin(), fixture(rel));
    int read_through = 0;
    for (auto& t : all) {
        const std::string input = t;
        CAPTURE(input);
        try {
            read(std::move(t));
            ++read_through;
        } catch (const tally::error&) {
            // A file refused as a whole (a header without a required column) is allowed.
        }
    }
    return read_through;
}
} // namespace

TEST_CASE("every reader reads every record of its input: rows read = used + rejected = records") {
    using namespace tally;
    using tally_fuzz::data_records;
    // A CSV reader must read a third of the variants through (most refusals are a mangled
    // header), so that the account is checked on many; JSON and geography variants are mostly
    // refused as a whole, the unmangled fixture is read through.
    CHECK(for_each_variant("reach/ecuador_5w.csv", 1, [](std::string t) {
              const auto n = tally_fuzz::data_rows(t);
              activity_table a;
              const auto whole = io::read_activities_text(t, "m", a);
              check_account(whole, n.records, true);
              CHECK(whole.lines_read == n.lines); // every physical line of the rows, too
              // Sliced among threads at every few bytes: the slices must not lose or add a row.
              io::activity_read_options sliced;
              sliced.threads = 3;
              sliced.chunk_bytes = 97;
              activity_table b;
              const auto parts = io::read_activities_text(std::move(t), "m", b, sliced);
              check_account(parts, n.records, true);
              CHECK(parts.lines_read == n.lines);
          }) > 50);
    CHECK(for_each_variant("plan/plan.csv", 2, [](std::string t) {
              const auto n = tally_fuzz::plan_records(t);
              plan_table p;
              check_account(io::read_plan_text(std::move(t), "m", p), n, true);
          }) > 50);
    CHECK(for_each_variant("hxl/hno_small.csv", 7, [](std::string t) {
              const auto n = tally_fuzz::plan_records(t);
              plan_table p;
              check_account(io::read_plan_text(std::move(t), "m", p), n, true);
          }) > 50);
    CHECK(for_each_variant("ocha/hpc_needs.csv", 9, [](std::string t) {
              const auto n = tally_fuzz::plan_records(t);
              plan_table p;
              check_account(io::read_plan_text(std::move(t), "m", p), n, true);
          }) > 50);
    CHECK(for_each_variant("ocha/hapi_needs.csv", 10, [](std::string t) {
              const auto n = tally_fuzz::plan_records(t);
              plan_table p;
              check_account(io::read_plan_text(std::move(t), "m", p), n, true);
          }) > 50);
    CHECK(for_each_variant("ocha/afg_3w.csv", 11, [](std::string t) {
              const auto n = tally_fuzz::presence_records(t);
              presence_table p;
              const auto rep = io::read_presence_text(std::move(t), "m", p);
              check_account(rep, n, true);
              CHECK(p.size() == rep.rows_used); // every used row is a line
          }) > 50);
    CHECK(for_each_variant("ocha/hapi_funding.csv", 12, [](std::string t) {
              const auto n = data_records(t, tally_fuzz::hashtag_row::tags);
              io::validation_report rep;
              const auto r = io::parse_requirements_table(std::move(t), "m", rep);
              check_account(rep, n, true);
              CHECK(r.size() == rep.rows_used);
          }) > 50);
    CHECK(for_each_variant("ocha/fts_plan_overview_2024.json", 13, [](std::string t) {
              io::validation_report rep;
              const auto r = io::parse_fts_plan_overview(t, "m", rep);
              const auto j = nlohmann::json::parse(t, nullptr, false);
              REQUIRE(j.is_object()); // the reader read it
              check_account(rep, j["data"]["plans"].size(), false);
              CHECK(r.size() == rep.rows_used);
          }) > 0);
    CHECK(for_each_variant("funding/flows.csv", 3, [](std::string t) {
              const auto n = tally_fuzz::data_rows(t, tally_fuzz::hashtag_row::tags);
              io::validation_report rep;
              const auto f = io::parse_flow_csv(std::move(t), "m", rep);
              check_account(rep, n.records, true);
              CHECK(rep.lines_read == n.lines);
              CHECK(f.size() == rep.rows_used);
          }) > 50);
    CHECK(for_each_variant("funding/requirements.csv", 4, [](std::string t) {
              const auto n = tally_fuzz::data_rows(t, tally_fuzz::hashtag_row::tags);
              io::validation_report rep;
              (void)io::parse_requirements_csv(std::move(t), "m", rep);
              check_account(rep, n.records, true);
              CHECK(rep.lines_read == n.lines);
          }) > 50);
    CHECK(for_each_variant("funding/hxl_flows.csv", 5, [](std::string t) {
              const auto n = tally_fuzz::data_rows(t, tally_fuzz::hashtag_row::fts_export);
              funding::flow_set<> s;
              io::validation_report rep;
              io::parse_fts_csv(std::move(t), "m", s, rep);
              check_account(rep, n.records, true);
              CHECK(rep.lines_read == n.lines);
              CHECK(s.size() + s.duplicates_dropped() == rep.rows_used);
          }) > 50);
    CHECK(for_each_variant("funding/fts_page1.json", 6, [](std::string t) {
              funding::flow_set<> s;
              io::validation_report rep;
              (void)io::parse_fts_json(t, "m", s, rep);
              const auto n = tally_fuzz::fts_json_flows(t);
              REQUIRE(n); // the reader read it, so it is a response with data.flows
              check_account(rep, *n, false); // a flow is named by its index on the page
              CHECK(s.size() + s.duplicates_dropped() == rep.rows_used);
          }) > 0);
    // The geography loader refuses a file with any bad row: read through, each row is an entry.
    CHECK(for_each_variant("geography/geo.csv", 8, [](std::string t) {
              const auto n = tally_fuzz::geography_entry_records(t);
              const auto g = io::read_geography_csv_text(std::move(t), "m");
              CHECK(tally_fuzz::geography_entries(g) == n);
          }) > 0);
}

} // namespace test_io_validation
