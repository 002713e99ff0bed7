// metrics::read_join_files on the hand-made fixture of tests/data/metrics/: the join points at
// the inputs given and at no other, the as-of date leaves out the later FTS flows and names what
// it cannot filter, and a choice of plans needs requirements.
#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <map>
#include <string>
#include <tally/metrics/join_files.hpp>
#include <vector>

namespace test_metrics_join_files {

using namespace tally;

namespace {

const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/metrics/";

/// The text of one file as the readers take it (never mapped here).
struct text {
    std::string_view view;
    const io::mapped_file* map = nullptr;
    std::string owned;
    std::string take() { return std::move(owned); }
};

/// Reads the files given per input; an input with no entry is not given.
struct reader {
    std::map<std::string, std::vector<std::string>> files;
    template <class Body>
    bool operator()(const char* name, std::initializer_list<io::file_kind> kinds,
                    const io::column_map& columns, Body body) const {
        const auto it = files.find(name);
        if (it == files.end())
            return false;
        for (const auto& path : it->second) {
            text t;
            t.owned = io::read_file(path);
            t.view = t.owned;
            const auto kind = io::detect_file_kind(t.view, path, columns);
            REQUIRE(std::find(kinds.begin(), kinds.end(), kind) != kinds.end());
            body(t, path, kind);
        }
        return true;
    }
};

std::int64_t funding_of(const metrics::join_files& r) {
    std::int64_t sum = 0;
    for (const auto& e : r.in.funding)
        sum += e.amount.value();
    return sum;
}

/// The sum of the column amount_usd (the last) of a flow CSV, read here line by line.
std::int64_t csv_amounts(const std::string& path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    std::int64_t sum = 0;
    while (std::getline(in, line))
        if (!line.empty())
            sum += std::stoll(line.substr(line.rfind(',') + 1));
    return sum;
}

} // namespace

TEST_CASE("read_join_files points the join at the inputs given and at no other") {
    metrics::join_files r;
    metrics::read_join_files(
        r, {}, reader{{{"activities", {fx + "activities.csv"}}, {"funding", {fx + "flows.csv"}}}});
    CHECK(&*r.in.activities == &r.activities);
    CHECK(r.activities.size() > 0);
    CHECK(!r.in.plan);
    CHECK(!r.in.requirements);
    CHECK(funding_of(r) == csv_amounts(fx + "flows.csv"));
    // Without an as-of date nothing is said about undated funding.
    CHECK(r.undated.sources.empty());
    CHECK(r.after_as_of == 0);
}

TEST_CASE("read_join_files keys the requirements by country and sector") {
    metrics::join_files r;
    metrics::read_join_files(
        r, {}, reader{{{"plan", {fx + "plan.csv"}}, {"requirements", {fx + "requirements.csv"}}}});
    REQUIRE(&*r.in.requirements == &r.requirements);
    CHECK(&*r.in.plan == &r.plan);
    CHECK(!r.in.activities);
    CHECK(r.requirements.result().at({"ARG", "Health"}).value() == 1000);
    CHECK(r.in.funding.empty());
}

TEST_CASE("read_join_files leaves out the FTS flows dated after the as-of date") {
    // fts_flows.json: 500, 700 and 300 USD dated in 2023, 200 USD dated 2024-02-01.
    const reader fts{{{"funding", {fx + "fts_flows.json"}}}};
    metrics::join_files all;
    metrics::read_join_files(all, {}, fts);
    CHECK(funding_of(all) == 1700);
    CHECK(all.after_as_of == 0);

    metrics::join_files dated;
    metrics::join_read_options o;
    o.as_of = date::parse("2023-12-31");
    metrics::read_join_files(dated, o, fts);
    CHECK(funding_of(dated) == 1500);
    CHECK(dated.after_as_of == 1);
    CHECK(dated.undated.flows == 0);

    o.as_of = date::parse("2024-02-01"); // the day itself counts
    metrics::join_files on_the_day;
    metrics::read_join_files(on_the_day, o, fts);
    CHECK(funding_of(on_the_day) == 1700);
}

TEST_CASE("read_join_files names a flow CSV as funding an as-of date cannot filter") {
    metrics::join_files r;
    metrics::join_read_options o;
    o.as_of = date::parse("2023-12-31");
    metrics::read_join_files(r, o, reader{{{"funding", {fx + "flows.csv"}}}});
    REQUIRE(r.undated.sources.size() == 1);
    CHECK(r.undated.sources.front() == fx + "flows.csv");
    CHECK(funding_of(r) == csv_amounts(fx + "flows.csv"));
}

TEST_CASE("read_join_files says a flow CSV is counted whole whatever the year or plan chosen") {
    const auto req =
        (std::filesystem::temp_directory_path() / "metrics_join_files_req.csv").string();
    std::ofstream(req, std::ios::binary)
        << "country,sector,requirements_usd,year,plan_code\nCOL,Health,1000,2023,HCOL23\n";
    metrics::join_files r;
    metrics::join_read_options o;
    o.choice.year = "2023";
    metrics::read_join_files(r, o,
                             reader{{{"funding", {fx + "flows.csv"}}, {"requirements", {req}}}});
    std::filesystem::remove(req);
    // The one sentence of tally funding too (metrics::detail::keep_chosen_flows).
    const std::string note = fx + "flows.csv is a flow CSV: it has no usage years nor plans, so "
                                  "all its rows are counted whatever the year or plan";
    CHECK(std::count(r.choice_notes.begin(), r.choice_notes.end(), note) == 1);
    CHECK(funding_of(r) == csv_amounts(fx + "flows.csv"));
}

TEST_CASE("read_join_files refuses a choice of plans without requirements") {
    metrics::join_files r;
    metrics::join_read_options o;
    o.choice.plans = {"HCOL23"};
    try {
        metrics::read_join_files(r, o, reader{{{"funding", {fx + "flows.csv"}}}});
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.code() == errc::usage);
    }
}

} // namespace test_metrics_join_files
