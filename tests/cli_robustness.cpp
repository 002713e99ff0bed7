// Runs the tally tool on hostile inputs: directories, repeated files, files of the wrong kind,
// conflicting FTS records, --as-of on undated sources; for every command that reads files.
#include "../examples/cli/exceptions.hpp"
#include "cli_support.hpp"
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <new>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>
#include <system_error>
#include <tally/io/file.hpp>

namespace test_cli_robustness {

namespace {
const std::string fx = std::string(TALLY_SOURCE_DIR) + "/tests/data/";

struct scratch : tally_test::scratch {
    explicit scratch(const std::string& name) : tally_test::scratch("tally_cli_robust_" + name) {}
};

bool has(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}
} // namespace

TEST_CASE("a directory given as input is an io error naming it, --keep-going reads the others") {
    scratch s("dir");
    const auto d = (s.dir / "sub").string();
    std::filesystem::create_directories(d);
    for (const std::string cmd : {"reach", "plan", "funding", "check"}) {
        const std::string good = cmd == "reach"     ? fx + "reach/ecuador_5w.csv"
                                 : cmd == "plan"    ? fx + "plan/plan.csv"
                                 : cmd == "funding" ? fx + "funding/flows.csv"
                                                    : fx + "plan/plan.csv";
        CAPTURE(cmd);
        const auto r = tally_test::run_cli(cmd + " " + d + " " + good);
        CHECK(r.status == 2);
        CHECK(has(r.err + r.out, "[tally.io."));
        CHECK(has(r.err + r.out, d + ": is a directory"));
        CHECK_FALSE(has(r.err + r.out, "bad_alloc"));
        if (cmd == "check") {
            CHECK(has(r.out, "total: 1 file")); // the good file was checked
            continue;
        }
        // No figure from part of the inputs, unless asked; then the good file's rows follow
        // the line that names the directory.
        CHECK(r.out.empty());
        const auto k = tally_test::run_cli(cmd + " " + d + " " + good + " --keep-going");
        CHECK(k.status == 2);
        CHECK(k.out.rfind("# not read (--keep-going): [tally.io.100] " + d + ": is a directory",
                          0) == 0);
        CHECK(k.out.substr(k.out.find('\n') + 1) == tally_test::run_cli(cmd + " " + good).out);
    }
    const auto f = tally_test::run_cli("funding " + d + " " + fx +
                                       "funding/flows.csv --by country --keep-going");
    CHECK(has(f.out, "PER,4000000001,0")); // PER of flows.csv: 1 + 4000000000
}

TEST_CASE("the same content given twice is read once, with a note naming both files") {
    scratch s("twice");
    const auto copy = s.file("copy.csv", "donor,recipient,country,sector,amount_usd\n"
                                         "D,R,COL,HEALTH,10\n");
    const auto other = s.file("same.csv", "donor,recipient,country,sector,amount_usd\n"
                                          "D,R,COL,HEALTH,10\n");
    const auto r = tally_test::run_cli("funding " + copy + " " + other + " --by country");
    CHECK(r.status == 0);
    CHECK(r.out == "country,funding_usd,pledges_usd\nCOL,10,0\n"); // not 20
    CHECK(has(r.err, other + " has the same content as " + copy));
    const auto p = tally_test::run_cli("plan " + fx + "plan/plan.csv " + fx + "plan/plan.csv");
    const auto once = tally_test::run_cli("plan " + fx + "plan/plan.csv");
    CHECK(p.out == once.out);
    CHECK(has(p.err, "same content"));
    const auto c = tally_test::run_cli("check " + copy + " " + other + " " + other);
    CHECK(has(c.err, "same content as"));
}

// misalign and report read their four input options through the same input loop as the other
// commands (examples/cli/inputs.hpp).
namespace {
const std::string metrics_inputs = "--activities " + fx + "metrics/activities.csv --plan " + fx +
                                   "metrics/plan.csv --funding " + fx + "metrics/flows.csv " +
                                   "--requirements " + fx + "metrics/requirements.csv";
} // namespace

TEST_CASE("misalign and report name a directory given as input, --keep-going reads the others") {
    scratch s("join_dir");
    const auto d = (s.dir / "sub").string();
    std::filesystem::create_directories(d);
    for (const std::string cmd : {"misalign", "report --format json"}) {
        CAPTURE(cmd);
        const auto once = tally_test::run_cli(cmd + " " + metrics_inputs);
        REQUIRE(once.status == 0);
        for (const std::string option : {"--activities", "--funding", "--plan", "--requirements"}) {
            CAPTURE(option);
            const auto r = tally_test::run_cli(cmd + " " + metrics_inputs + " " + option + " " + d);
            CHECK(r.status == 2);
            CHECK(has(r.err, "tally " + cmd.substr(0, cmd.find(' ')) + ": [tally.io.100] " + d +
                                 ": is a directory (given to " + option + ")"));
            CHECK_FALSE(has(r.err, "bad_alloc"));
            CHECK(r.out.empty()); // no figure from part of the inputs
            // With --keep-going every other file is read: the figures are those without the
            // directory, under the inputs not read.
            const auto k = tally_test::run_cli(cmd + " " + metrics_inputs + " " + option + " " + d +
                                               " --keep-going");
            CHECK(k.status == 2);
            if (cmd == "misalign") {
                CHECK(k.out.substr(k.out.find('\n') + 1) == once.out);
            } else {
                auto doc = nlohmann::ordered_json::parse(k.out);
                CHECK(doc["not_read"].size() == 1);
                doc.erase("not_read");
                CHECK(doc == nlohmann::ordered_json::parse(once.out));
            }
        }
    }
}

TEST_CASE("misalign and report read the same content given twice once, with a note") {
    scratch s("join_twice");
    const auto copy = s.file("copy.csv", tally::io::read_file(fx + "metrics/flows.csv"));
    for (const std::string cmd : {"misalign", "report --format json"}) {
        CAPTURE(cmd);
        const auto once = tally_test::run_cli(cmd + " " + metrics_inputs);
        REQUIRE(once.status == 0);
        const auto twice = tally_test::run_cli(cmd + " " + metrics_inputs + " --activities " + fx +
                                               "metrics/activities.csv --funding " + copy);
        CHECK(twice.status == 0);
        CHECK(twice.out == once.out); // not doubled
        CHECK(has(twice.err, fx + "metrics/activities.csv has the same content as " + fx +
                                 "metrics/activities.csv: read once"));
        CHECK(has(twice.err, copy + " has the same content as " + fx + "metrics/flows.csv"));
    }
}

TEST_CASE("misalign and report say that --as-of does not apply to a flow CSV") {
    for (const std::string cmd : {"misalign", "report"}) {
        CAPTURE(cmd);
        const auto r = tally_test::run_cli(cmd + " " + metrics_inputs + " --as-of 2020-01-01");
        CHECK(r.status == 0);
        CHECK(has(r.err, "note: --as-of does not apply to " + fx +
                             "metrics/flows.csv: a flow CSV has no dates"));
        const auto without = tally_test::run_cli(cmd + " " + metrics_inputs);
        CHECK_FALSE(has(without.err, "--as-of"));
    }
    scratch s("join_undated");
    const auto j = s.file("u.json", R"({"data": {"flows": [{"id": "1", "amountUSD": 5,
        "status": "paid", "boundary": "incoming", "onBoundary": "single"}]}})");
    const auto u = tally_test::run_cli("misalign --funding " + j + " --as-of 2020-01-01");
    CHECK(has(u.err, "1 flow(s) have no date and are kept"));
}

#if defined(TALLY_HAVE_XLSX)
TEST_CASE("misalign and report read workbook sheets as the other commands do") {
    const std::string data = std::string(TALLY_SOURCE_DIR) + "/examples/data/";
    const std::string book = data + "sample_workbook.xlsx";
    for (const std::string cmd : {"misalign", "report --format json"}) {
        CAPTURE(cmd);
        const auto csv =
            tally_test::run_cli(cmd + " --activities " + data + "sample_5w.csv --plan " + data +
                                "sample_plan.csv --funding " + data + "sample_flows.csv");
        const auto xlsx = tally_test::run_cli(cmd + " --activities " + book + " --plan '" + book +
                                              "[Plan]' --funding " + data + "sample_flows.csv");
        REQUIRE(csv.status == 0);
        CHECK(xlsx.status == 0);
        CHECK(xlsx.out == csv.out); // the sheets hold the rows of the two CSV files
        CHECK(has(xlsx.err, book + "[5W]: rows 1, 2 above the header"));
    }
}
#endif

TEST_CASE("one file-kind rule: a 5W file with an extra target column is activities everywhere") {
    scratch s("kind");
    const auto f = s.file("w.csv", "country,admin1,month,partner,sector,indicator,"
                                   "population_group,reached,target\n"
                                   "ECU,EC01,2023-01,A,Health,H1,in_destination,4,9\n");
    const auto c = tally_test::run_cli("check " + f, true);
    CHECK(has(c.out, f + ": activities: 1 row read"));
    const auto r = tally_test::run_cli("reach " + f + " --by country");
    CHECK(r.status == 0);
    CHECK(has(r.out, "ECU,4,"));
    // tally plan refuses it, naming the kind, instead of reading it as a plan.
    const auto p = tally_test::run_cli("plan " + f);
    CHECK(p.status == 2);
    CHECK(has(p.err, "activities file"));
    // A plan is refused by tally reach the same way.
    const auto q = tally_test::run_cli("reach " + fx + "plan/plan.csv");
    CHECK(q.status == 2);
    CHECK(has(q.err, "plan file"));
}

TEST_CASE("two FTS records of one id and version with different amounts are reported") {
    scratch s("conflict");
    const std::string flow = R"("status": "paid", "boundary": "incoming", "onBoundary": "single")";
    const auto a = s.file("a.json", R"({"data": {"flows": [{"id": "9", "versionId": 2,
        "amountUSD": 100, )" + flow + "}]}}");
    const auto b = s.file("b.json", R"({"data": {"flows": [{"id": "9", "versionId": 2,
        "amountUSD": 250, )" + flow + "}]}}");
    const auto r = tally_test::run_cli("funding " + a + " " + b);
    CHECK(r.status == 0);
    CHECK(has(r.err, "flow 9 version 2 was given with different amounts (100, 250 USD): kept "));
    // The kept amount is the one in the total, and the note names it.
    const bool kept_250 = has(r.out, "250,0");
    CHECK((kept_250 ? has(r.err, "kept 250") : has(r.err, "kept 100")));
}

TEST_CASE("FTS version conflicts are listed in --format json output") {
    scratch s("conflict_json");
    const std::string flow = R"("status": "paid", "boundary": "incoming", "onBoundary": "single")";
    const auto a = s.file("a.json", R"({"data": {"flows": [{"id": "9", "versionId": 2,
        "amountUSD": 100, )" + flow + "}]}}");
    const auto b = s.file("b.json", R"({"data": {"flows": [{"id": "9", "versionId": 2,
        "amountUSD": 250, )" + flow + "}]}}");
    const auto r = tally_test::run_cli("funding " + a + " " + b + " --format json");
    CHECK(r.status == 0);
    const auto j = nlohmann::json::parse(r.out);
    REQUIRE(j.contains("version_conflicts"));
    REQUIRE(j["version_conflicts"].size() == 1);
    const auto& c = j["version_conflicts"][0];
    CHECK(c["id"] == "9");
    CHECK(c["version"] == 2);
    CHECK(c["amounts_usd"] == nlohmann::json::array({100, 250}));
    // The kept amount is one of the two, and it is the one in the total.
    const auto kept = c["kept_usd"].get<std::int64_t>();
    CHECK((kept == 100 || kept == 250));
    CHECK(j["rows"][0]["funding_usd"] == kept);
}

TEST_CASE("FTS location names and ISO3 codes of one country make one row in tally funding") {
    scratch s("locations");
    // The FTS API names places ("Colombia", Spanish "Perú"); a flow CSV gives ISO3 codes.
    const auto api = s.file("api.json", R"({"data": {"flows": [
        {"id": "1", "versionId": 1, "amountUSD": 100, "status": "paid", "boundary": "incoming",
         "onBoundary": "single", "destinationObjects": [
            {"type": "Location", "id": "49", "name": "Colombia", "behavior": "single"}]},
        {"id": "2", "versionId": 1, "amountUSD": 40, "status": "paid", "boundary": "incoming",
         "onBoundary": "single", "destinationObjects": [
            {"type": "Location", "id": "175", "name": "Perú", "behavior": "single"}]},
        {"id": "3", "versionId": 1, "amountUSD": 7, "status": "paid", "boundary": "incoming",
         "onBoundary": "single", "destinationObjects": [
            {"type": "Location", "id": "1", "name": "Afghanistan", "behavior": "single"}]},
        {"id": "4", "versionId": 1, "amountUSD": 3, "status": "paid", "boundary": "incoming",
         "onBoundary": "single", "destinationObjects": [
            {"type": "Location", "id": "999", "name": "Atlantis", "behavior": "single"}]}]}})");
    const auto csv = s.file("flows.csv", "donor,recipient,country,sector,amount_usd\n"
                                         "D,P,COL,Health,5\nD,P,PER,Health,2\n");
    const auto r = tally_test::run_cli("funding " + api + " " + csv + " --by country");
    CHECK(r.status == 0);
    // COL = 100 + 5, PER = 40 + 2; Afghanistan is no R4V country but a country of the world:
    // AFG. Atlantis is no country: kept, and named.
    CHECK(r.out == "country,funding_usd,pledges_usd\nAFG,7,0\nAtlantis,3,0\nCOL,105,0\nPER,42,0\n");
    CHECK(has(r.err, "no country of the R4V geography nor of ISO 3166, kept as written"));
    CHECK(has(r.err, ": Atlantis\n"));
}

TEST_CASE("--as-of on a source without dates says it cannot apply") {
    const auto r = tally_test::run_cli("funding " + fx + "funding/flows.csv --as-of 2020-01-01");
    CHECK(r.status == 0);
    CHECK(has(r.err, "--as-of does not apply to " + fx + "funding/flows.csv"));
    scratch s("undated");
    const auto j = s.file("u.json", R"({"data": {"flows": [{"id": "1", "amountUSD": 5,
        "status": "paid", "boundary": "incoming", "onBoundary": "single"}]}})");
    const auto u = tally_test::run_cli("funding " + j + " --as-of 2020-01-01");
    CHECK(has(u.err, "1 flow(s) have no date and are kept"));
}

TEST_CASE("allocation weights from a plan with country-level and admin1 rows match tally plan") {
    scratch s("weights");
    // HEALTH in ECU: a country-level row (40) and two admin1 rows (10 + 30); tally plan adds
    // them to 80 (the country-level row is its own place). FOOD: 20. MULTI money of 100 is
    // then split 80 : 20.
    const auto plan = s.file("p.csv", "country,admin1,sector,population_group,pin,target\n"
                                      "ECU,,Health,in_destination,40,4\n"
                                      "ECU,Azuay,Health,in_destination,10,1\n"
                                      "ECU,Pichincha,Health,in_destination,30,3\n"
                                      "ECU,,Food,in_destination,20,2\n");
    const auto flows = s.file("f.csv", "country,sector,amount_usd\nECU,MULTI,100\n");
    const auto p = tally_test::run_cli("plan " + plan + " --by country,sector");
    CHECK(has(p.out, "ECU,Health,80,"));
    const auto r = tally_test::run_cli("funding " + flows +
                                       " --by country,sector --allocate pin --plan " + plan);
    CHECK(r.status == 0);
    CHECK(has(r.out, "ECU,Health,80,0,80\n"));
    CHECK(has(r.out, "ECU,Food,20,0,20\n"));
}

TEST_CASE("every reader refuses a header with a repeated column, naming file and line") {
    scratch s("dupcol");
    const auto w = s.file("w.csv", "country,admin1,month,partner,sector,indicator,"
                                   "population_group,reached,country\n"
                                   "ECU,EC01,2023-01,A,Health,H1,in_destination,4,PER\n");
    const auto f = s.file("f.csv", "country,sector,amount_usd,country\nECU,H,5,PER\n");
    const auto q = s.file("q.csv", "country,sector,requirements_usd,sector\nECU,H,5,F\n");
    const auto j = s.file("j.csv", "id,amountUSD,boundary,onBoundary,status,status\n"
                                   "1,5,incoming,single,paid,pledge\n");
    for (const auto& [cmd, file] :
         {std::pair{std::string("reach"), w}, {"check", w}, {"funding", f}, {"funding", j}}) {
        const auto r = tally_test::run_cli(cmd + " " + file, true);
        const std::string command = cmd; // clang 14 cannot capture a structured binding
        CAPTURE(command);
        CHECK(r.status == 2);
        CHECK(has(r.out, "[tally.parse.101] " + file + ":1: column '"));
        CHECK(has(r.out, "' appears twice"));
    }
    const auto r = tally_test::run_cli("funding " + f + " --requirements " + q, true);
    CHECK(r.status == 2);
}

TEST_CASE("--format json never writes invalid UTF-8, whatever bytes the input had") {
    scratch s("latin1");
    // "Manabí" in Latin-1 (0xED): not UTF-8.
    const auto f = s.file("f.csv", "country,sector,amount_usd\nECU,Manab\xED,5\n");
    const auto r = tally_test::run_cli("funding " + f + " --by sector --format json");
    CHECK(r.status == 0);
    CHECK(has(r.out, "Manab\xC3\xAD")); // read as Windows-1252
    CHECK_FALSE(has(r.out, "Manab\xED"));
    const auto w = s.file("w.csv", "country,admin1,month,partner,sector,indicator,"
                                   "population_group,reached\n"
                                   "ECU,EC01,2023-01,A,Salud\xED,H1,in_destination,4\n");
    const auto q = tally_test::run_cli("reach " + w + " --by sector --format json");
    CHECK(q.status == 0);
    CHECK(has(q.out, "Salud\xC3\xAD"));
    CHECK_FALSE(has(q.out, "Salud\xED\""));
}

TEST_CASE("a sum beyond 64 bits is an overflow error naming the file") {
    scratch s("overflow");
    const auto f = s.file("big.csv", "country,sector,amount_usd\nC,S,9000000000000000000\n"
                                     "C,S,9000000000000000000\n");
    const auto r = tally_test::run_cli("funding " + f + " --by country");
    CHECK(r.status == 2);
    CHECK(has(r.err, "[tally.overflow."));
    CHECK(has(r.err, f + ": a group's funding exceeds 64 bits"));
}

// Exceptions that are not tally::error, given a [tally.…] code by the tool.

template <class F>
tally::error mapped(F throw_it) {
    try {
        throw_it();
    } catch (...) {
        return tally::cli::current_exception_as_error();
    }
    FAIL("nothing was thrown");
    return tally::error(tally::errc::internal, "");
}

bool starts_with_(const std::string& s, const std::string& p) {
    return s.rfind(p, 0) == 0;
}

TEST_CASE("out of memory is an internal error with its code") {
    const auto e = mapped([] { throw std::bad_alloc(); });
    CHECK(e.code() == tally::errc::internal);
    CHECK(std::string(e.what()) == "[tally.internal.110] out of memory");
}

TEST_CASE("a filesystem error is an io error naming the path") {
    const auto e = mapped([] {
        throw std::filesystem::filesystem_error(
            "x", "/no/such", std::make_error_code(std::errc::no_such_file_or_directory));
    });
    CHECK(e.code() == tally::errc::io);
    CHECK(starts_with_(e.what(), "[tally.io.100] /no/such: "));
}

TEST_CASE("a JSON library error is a parse error that keeps the library's own id") {
    const auto e = mapped([] {
        const auto j = nlohmann::json::parse("{");
        (void)j;
    });
    CHECK(e.code() == tally::errc::parse);
    CHECK(starts_with_(e.what(), "[tally.parse.101] JSON: [json.exception.parse_error.101]"));
}

TEST_CASE("a tally error passes through unchanged, any other exception is internal") {
    const auto t = mapped([] { throw tally::error(tally::errc::usage, "bad option"); });
    CHECK(std::string(t.what()) == "[tally.usage.107] bad option");
    const auto o = mapped([] { throw std::out_of_range("stoll"); });
    CHECK(std::string(o.what()) == "[tally.internal.110] stoll");
    const auto u = mapped([] { throw 42; });
    CHECK(std::string(u.what()) == "[tally.internal.110] unknown exception");
}

TEST_CASE("one as-of rule: funding, misalign and report leave out the same flows for one date") {
    // fts_page1.json and fts_page2.json: the flows that count as funding (incoming, not pledged,
    // single on the boundary) dated after 2020-05-01 are ids 6 (2020-07-01), 7 (2020-08-01) and
    // 10 (2021-01-15); the internal flow 4 (2020-05-02) and the shared flow 5 (2020-06-01) are
    // later too but no funding. Flow 2, dated 2020-04-01, and the pledge 3 of the day itself stay.
    const std::string files = fx + "funding/fts_page1.json " + fx + "funding/fts_page2.json";
    const std::string note = "note: 3 flow(s) dated after 2020-05-01 left out\n";
    const auto f = tally_test::run_cli("funding " + files + " --as-of 2020-05-01");
    CHECK(f.status == 0);
    CHECK(has(f.err, note));
    // Funding 1,000 (id 1) + 2,500 (id 2, version 2); the pledge of the day stays a pledge.
    CHECK(f.out == "funding_usd,pledges_usd\n3500,500\n");
    const auto m = tally_test::run_cli("misalign --funding " + files + " --as-of 2020-05-01");
    CHECK(m.status == 0);
    CHECK(has(m.err, note));
    const auto r =
        tally_test::run_cli("report --funding " + files + " --as-of 2020-05-01 --format text");
    CHECK(r.status == 0);
    CHECK(has(r.out, "3 flows dated after that day are left out"));
}

} // namespace test_cli_robustness
