// The facade (tally/facade.hpp) against the tool: the same fixtures through `tally ... --format
// json` and through the facade give the same rows, column for column; in-memory tables read as
// their file; errors carry the tool's codes.
#include "cli_support.hpp"
#include <algorithm>
#include <doctest/doctest.h>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tally/facade.hpp>
#include <vector>

namespace test_facade {

namespace {

const std::string data = std::string(TALLY_SOURCE_DIR) + "/tests/data/";

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

/// The rows of `tally ARGS --format json`.
nlohmann::json cli_rows(const std::string& args) {
    const auto r = tally_test::run_cli(args + " --format json");
    REQUIRE(r.status == 0);
    auto j = nlohmann::json::parse(r.out);
    return j.is_array() ? j : j.at("rows");
}

/// Every row and every column of the tool's JSON equals the facade's table, in order; the table
/// has no column the tool does not write.
void same_rows(const nlohmann::json& rows, const tally::facade::table& t) {
    REQUIRE(rows.size() == t.rows());
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const auto& row = rows[i];
        for (const auto& c : t.columns) {
            CAPTURE(c.name);
            CAPTURE(i);
            REQUIRE(row.contains(c.name));
            const auto& v = row.at(c.name);
            if (!c.is_valid(i)) {
                CHECK(v.is_null());
                continue;
            }
            switch (c.type) {
            case tally::facade::column_type::text:
                CHECK(v.get<std::string>() == c.text[i]);
                break;
            case tally::facade::column_type::integer:
                CHECK(v.get<std::int64_t>() == c.integer[i]);
                break;
            case tally::facade::column_type::real:
                CHECK(v.get<double>() == doctest::Approx(c.real[i]));
                break;
            }
        }
        for (const auto& item : row.items()) {
            const std::string name = item.key();
            CAPTURE(name);
            CHECK((name == "provenance" || t.find(name) != nullptr));
        }
    }
}

/// A CSV file without quotes as a table of text columns, empty cells as NA.
tally::facade::table table_of(const std::string& path) {
    std::istringstream in(slurp(path));
    std::string line;
    std::getline(in, line);
    tally::facade::table t;
    auto cells = [](const std::string& l) {
        std::vector<std::string> out(1);
        for (char ch : l)
            if (ch == ',')
                out.emplace_back();
            else
                out.back().push_back(ch);
        return out;
    };
    for (const auto& name : cells(line))
        t.add(name, tally::facade::column_type::text);
    while (std::getline(in, line)) {
        const auto v = cells(line);
        for (std::size_t i = 0; i < t.columns.size(); ++i) {
            t.columns[i].text.push_back(i < v.size() ? v[i] : "");
            t.columns[i].mark(!t.columns[i].text.back().empty());
        }
    }
    return t;
}

} // namespace

TEST_CASE("facade reach gives the rows of tally reach --format json") {
    const std::string file = data + "reach/ecuador_5w.csv";
    struct variant {
        std::string args;
        tally::facade::reach_options opt;
    };
    std::vector<variant> variants(5);
    variants[1].args = "--by country";
    variants[1].opt.by = "country";
    variants[2].args = "--by platform --in-transit separate";
    variants[2].opt.by = "platform";
    variants[2].opt.in_transit = "separate";
    variants[3].args = "--by region,month --in-transit include --intersector max-sector";
    variants[3].opt.by = "region,month";
    variants[3].opt.in_transit = "include";
    variants[3].opt.intersector = "max-sector";
    variants[4].args = "--by admin1,population_group --within-sector max-indicator";
    variants[4].opt.by = "admin1,population_group";
    variants[4].opt.within_sector = "max-indicator";
    for (const auto& v : variants) {
        CAPTURE(v.args);
        const auto r = tally::facade::reach({tally::facade::input::file(file)}, v.opt);
        same_rows(cli_rows("reach " + v.args + " " + file), r.rows);
        CHECK(r.rows_read == 10);
        CHECK(r.rows_used == 9);
    }
}

TEST_CASE("facade reach returns rejected rows, notices and footnotes as tables") {
    const std::string file = data + "reach/ecuador_5w.csv";
    const auto r = tally::facade::reach({tally::facade::input::file(file)});
    REQUIRE(r.rejected.rows() == 1);
    CHECK(r.rejected.at("file").text[0] == file);
    CHECK(r.rejected.at("line").integer[0] == 10);
    CHECK(r.rejected.at("reason").text[0].find("add up to 20") != std::string::npos);
    CHECK(r.notices.at("line").integer[0] == 7);
    // Every note of the rows is one footnote, numbered from 1.
    const auto& notes = r.rows.at("note").text;
    const auto& footnotes = r.footnotes.at("note").text;
    CHECK(!footnotes.empty());
    CHECK(footnotes.size() <= notes.size());
    for (const auto& n : notes)
        CHECK(std::find(footnotes.begin(), footnotes.end(), n) != footnotes.end());
    CHECK(r.footnotes.at("number").integer.back() == static_cast<std::int64_t>(footnotes.size()));
    tally::facade::reach_options strict;
    strict.strict = true;
    CHECK_THROWS_AS(tally::facade::reach({tally::facade::input::file(file)}, strict), tally::error);
}

TEST_CASE("facade reach reads an in-memory table as the file it was made from") {
    const std::string file = data + "reach/ecuador_5w.csv";
    tally::facade::reach_options o;
    o.by = "country,admin1";
    const auto from_file = tally::facade::reach({tally::facade::input::file(file)}, o);
    const auto from_frame =
        tally::facade::reach({tally::facade::input::frame(table_of(file), "frame")}, o);
    same_rows(cli_rows("reach --by country,admin1 " + file), from_frame.rows);
    CHECK(from_frame.rows_read == from_file.rows_read);
    REQUIRE(from_frame.rejected.rows() == 1);
    CHECK(from_frame.rejected.at("file").text[0] == "frame");
    CHECK(from_frame.rejected.at("line").integer[0] == 10);
}

TEST_CASE("facade plan gives the rows of tally plan --format json") {
    const std::string file = data + "plan/plan.csv";
    for (const std::string by : {"country,sector", "country", "platform,population_group"}) {
        CAPTURE(by);
        tally::facade::plan_options o;
        o.by = by;
        same_rows(cli_rows("plan --by " + by + " " + file),
                  tally::facade::plan({tally::facade::input::file(file)}, o).rows);
    }
    const auto r = tally::facade::plan({tally::facade::input::file(file)});
    CHECK(r.rows_read == 8);
    CHECK(r.notices.rows() >= 1);
}

TEST_CASE("facade reach and plan with a sector give the rows of the tool's --sector") {
    const std::string acts = data + "reach/ecuador_5w.csv";
    const std::string plan = data + "plan/plan.csv";
    for (const std::string sector : {"Food Security", "PRO", "Salud"}) {
        CAPTURE(sector);
        tally::facade::reach_options r;
        r.sector = sector;
        r.by = "country";
        same_rows(cli_rows("reach --by country --sector '" + sector + "' " + acts),
                  tally::facade::reach({tally::facade::input::file(acts)}, r).rows);
        tally::facade::plan_options p;
        p.sector = sector;
        same_rows(cli_rows("plan --sector '" + sector + "' " + plan),
                  tally::facade::plan({tally::facade::input::file(plan)}, p).rows);
    }
    tally::facade::reach_options unknown;
    unknown.sector = "Astronomy";
    try {
        tally::facade::reach({tally::facade::input::file(acts)}, unknown);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == tally::errc::usage);
    }
}

TEST_CASE("facade check counts the rows of each input as tally check does") {
    const std::vector<std::string> files = {data + "reach/ecuador_5w.csv", data + "plan/plan.csv",
                                            data + "metrics/flows.csv"};
    std::vector<tally::facade::input> inputs;
    std::string args;
    for (const auto& f : files) {
        inputs.push_back(tally::facade::input::file(f));
        args += " " + f;
    }
    const auto r = tally::facade::check(inputs);
    const auto cli = tally_test::run_cli("check" + args);
    REQUIRE(r.files.rows() == 3);
    for (std::size_t i = 0; i < 3; ++i) {
        const std::string line =
            files[i] + ": " + r.files.at("kind").text[i] + ": " +
            std::to_string(r.files.at("rows_read").integer[i]) + " rows read, " +
            std::to_string(r.files.at("rows_used").integer[i]) + " used, " +
            std::to_string(r.files.at("rows_rejected").integer[i]) + " rejected";
        CAPTURE(line);
        CHECK(cli.out.find(line) != std::string::npos);
        CHECK(cli.out.find(files[i] + ": layout '" + r.files.at("layout").text[i] + "'") !=
              std::string::npos);
    }
    // Every problem line of the tool, and no other.
    std::size_t lines = 0;
    for (const auto& m : r.problems.at("message").text) {
        CAPTURE(m);
        CHECK(cli.err.find(m + "\n") != std::string::npos);
        ++lines;
    }
    CHECK(lines == static_cast<std::size_t>(std::count(cli.err.begin(), cli.err.end(), '\n')));
}

TEST_CASE("facade geography lists the places tally geography prints") {
    const auto t = tally::facade::geography_table();
    const auto cli = tally_test::run_cli("geography");
    CHECK(static_cast<std::size_t>(std::count(cli.out.begin(), cli.out.end(), '\n')) ==
          t.rows() + 1);
    const auto& level = t.at("level").text;
    CHECK(std::count(level.begin(), level.end(), "country") == 17);
    for (std::size_t i = 0; i < t.rows(); ++i)
        if (t.at("name").text[i].find(',') == std::string::npos) {
            const std::string line = level[i] + "," + t.at("code").text[i] + "," +
                                     t.at("name").text[i] + "," + t.at("parent").text[i] + "," +
                                     t.at("kind").text[i] + "\n";
            CAPTURE(line);
            CHECK(cli.out.find(line) != std::string::npos);
        }
    const auto own = tally::facade::geography_table(data + "geography/geo.csv");
    CHECK(own.rows() < t.rows());
}

TEST_CASE("facade errors carry the codes of the tool") {
    const std::string file = data + "reach/ecuador_5w.csv";
    auto code_of = [](auto&& call) {
        try {
            call();
        } catch (const tally::error& e) {
            return e.code();
        }
        return tally::errc::internal;
    };
    tally::facade::reach_options planet;
    planet.by = "planet";
    CHECK(code_of([&] { tally::facade::reach({tally::facade::input::file(file)}, planet); }) ==
          tally::errc::usage);
    CHECK(code_of([&] {
              tally::facade::reach({tally::facade::input::file("/nonexistent.csv")});
          }) == tally::errc::io);
    CHECK(code_of([&] {
              tally::facade::reach({tally::facade::input::file(data + "plan/plan.csv")});
          }) == tally::errc::parse);
    // keep_going: the file not read is named, the other is read.
    tally::facade::reach_options o;
    o.keep_going = true;
    const auto r = tally::facade::reach(
        {tally::facade::input::file("/nonexistent.csv"), tally::facade::input::file(file)}, o);
    REQUIRE(r.not_read.size() == 1);
    CHECK(r.not_read[0].find("/nonexistent.csv") != std::string::npos);
    CHECK(r.rows_read == 10);
}

TEST_CASE("facade misalign gives the cells and summary of tally misalign --format json") {
    const std::string fx = data + "metrics/";
    const std::string files = " --activities " + fx + "activities.csv --plan " + fx +
                              "plan.csv --requirements " + fx + "requirements.csv --funding ";
    tally::facade::join_sources in;
    in.activities = {tally::facade::input::file(fx + "activities.csv")};
    in.plan = {tally::facade::input::file(fx + "plan.csv")};
    in.requirements = {tally::facade::input::file(fx + "requirements.csv")};
    struct variant {
        std::string args;
        std::string funding;
        tally::facade::misalign_options opt;
    };
    std::vector<variant> variants(4);
    variants[0].funding = "flows.csv";
    variants[1].funding = "flows.csv";
    variants[1].args = " --by country --threshold 1";
    variants[1].opt.by = "country";
    variants[1].opt.threshold = 1;
    variants[2].funding = "fts_flows.json";
    variants[2].args = " --by region --as-of 2023-12-31";
    variants[2].opt.by = "region";
    variants[2].opt.as_of = "2023-12-31";
    variants[3].funding = "fts_flows.json";
    variants[3].args = " --by platform,sector --in-transit include";
    variants[3].opt.by = "platform,sector";
    variants[3].opt.in_transit = "include";
    for (const auto& v : variants) {
        CAPTURE(v.args);
        in.funding = {tally::facade::input::file(fx + v.funding)};
        const auto r = tally::facade::misalign(in, v.opt);
        const auto cli =
            tally_test::run_cli("misalign" + files + fx + v.funding + v.args + " --format json");
        REQUIRE(cli.status == 0);
        const auto j = nlohmann::json::parse(cli.out);
        same_rows(j.at("cells"), r.rows);
        same_rows(nlohmann::json::array({j.at("summary")}), r.summary);
        CHECK(r.summary.columns.size() == j.at("summary").size());
    }
}

TEST_CASE("facade report gives the report tally report writes") {
    const std::string fx = data + "metrics/";
    tally::facade::join_sources in;
    in.activities = {tally::facade::input::file(fx + "activities.csv")};
    in.plan = {tally::facade::input::file(fx + "plan.csv")};
    in.funding = {tally::facade::input::file(fx + "fts_flows.json")};
    in.requirements = {tally::facade::input::file(fx + "requirements.csv")};
    const std::string args = "report --activities " + fx + "activities.csv --plan " + fx +
                             "plan.csv --funding " + fx + "fts_flows.json --requirements " + fx +
                             "requirements.csv --as-of 2023-12-31 --title Health";
    for (const std::string format : {"json", "text", "html"}) {
        CAPTURE(format);
        tally::facade::report_options o;
        o.format = format;
        o.as_of = "2023-12-31";
        o.title = "Health";
        const auto cli = tally_test::run_cli(args + " --format " + format);
        REQUIRE(cli.status == 0);
        CHECK(tally::facade::report(in, o).text == cli.out);
    }
    tally::facade::report_options o;
    o.format = "json";
    o.output = (std::filesystem::temp_directory_path() / "tally_facade_report.json").string();
    const auto r = tally::facade::report(in, o);
    CHECK(slurp(o.output) == r.text);
    CHECK(nlohmann::json::parse(r.text).is_object());
}

TEST_CASE("facade funding gives the rows and totals of tally funding --format json") {
    const std::string fx = data + "funding/";
    struct variant {
        std::string args;
        tally::facade::funding_sources in;
        tally::facade::funding_options opt;
    };
    const auto file = [&](const std::string& name) {
        return std::vector{tally::facade::input::file(fx + name)};
    };
    std::vector<variant> variants(5);
    variants[0].args = "flows.csv --by country,sector --requirements " + fx + "requirements.csv";
    variants[0].in = {file("flows.csv"), file("requirements.csv"), {}};
    variants[0].opt.by = "country,sector";
    variants[1].args = "flows.csv";
    variants[1].in = {file("flows.csv"), {}, {}};
    variants[2].args =
        "fts_page1.json " + fx + "fts_page2.json --by country,organisation " + "--as-of 2020-03-01";
    variants[2].in = {{file("fts_page1.json")[0], file("fts_page2.json")[0]}, {}, {}};
    variants[2].opt.by = "country,organisation";
    variants[2].opt.as_of = "2020-03-01";
    variants[3].args = "flows.csv --by country,sector --allocate requirements --requirements " +
                       fx + "requirements.csv";
    variants[3].in = variants[0].in;
    variants[3].opt.by = "country,sector";
    variants[3].opt.allocate = "requirements";
    variants[4].args =
        "alloc_flows.csv --by country,sector --allocate pin --plan " + fx + "alloc_plan.csv";
    variants[4].in = {file("alloc_flows.csv"), {}, file("alloc_plan.csv")};
    variants[4].opt.by = "country,sector";
    variants[4].opt.allocate = "pin";
    for (const auto& v : variants) {
        CAPTURE(v.args);
        const auto r = tally::facade::funding(v.in, v.opt);
        const auto cli = tally_test::run_cli("funding " + fx + v.args + " --format json");
        REQUIRE(cli.status == 0);
        const auto j = nlohmann::json::parse(cli.out);
        same_rows(j.at("rows"), r.rows);
        nlohmann::json totals;
        for (const auto& c : r.totals.columns)
            totals[c.name] = j.at(c.name);
        same_rows(nlohmann::json::array({totals}), r.totals);
        REQUIRE(r.footnotes.rows() == 1);
        CHECK(r.footnotes.at("note").text[0] == j.at("provenance").get<std::string>());
    }
}

TEST_CASE("facade funding sums a flow CSV as its rows say, with coverage over requirements") {
    const std::string fx = data + "funding/";
    tally::facade::funding_sources in;
    in.funding = {tally::facade::input::file(fx + "flows.csv")};
    in.requirements = {tally::facade::input::file(fx + "requirements.csv")};
    tally::facade::funding_options o;
    o.by = "country,sector";
    const auto r = tally::facade::funding(in, o);
    // flows.csv: COL HEALTH (Health in the R4V catalog) is 1,000 + 500 against requirements of
    // 3,000, so coverage is one half; its two rows without an amount are rejected.
    const auto& country = r.rows.at("country").text;
    const auto& sector = r.rows.at("sector").text;
    bool found = false;
    for (std::size_t i = 0; i < r.rows.rows(); ++i) {
        if (country[i] != "COL" || sector[i] != "Health")
            continue;
        found = true;
        CHECK(r.rows.at("funding_usd").integer[i] == 1500);
        CHECK(r.rows.at("requirements_usd").integer[i] == 3000);
        CHECK(r.rows.at("unmet_usd").integer[i] == 1500);
        CHECK(r.rows.at("coverage").real[i] == doctest::Approx(0.5));
    }
    CHECK(found);
    CHECK(r.rejected.rows() == 2);
    o.strict = true;
    CHECK_THROWS_AS(tally::facade::funding(in, o), tally::error);
}

TEST_CASE("facade funding refuses the options tally funding refuses") {
    const std::string fx = data + "funding/";
    auto code_of = [](auto&& call) {
        try {
            call();
        } catch (const tally::error& e) {
            return e.code();
        }
        return tally::errc::internal;
    };
    tally::facade::funding_sources in;
    in.funding = {tally::facade::input::file(fx + "flows.csv")};
    tally::facade::funding_options o;
    o.by = "country";
    o.allocate = "target"; // without a plan
    CHECK(code_of([&] { tally::facade::funding(in, o); }) == tally::errc::usage);
    o.allocate = "requirements"; // without requirements
    CHECK(code_of([&] { tally::facade::funding(in, o); }) == tally::errc::usage);
    o.allocate = "everything";
    CHECK(code_of([&] { tally::facade::funding(in, o); }) == tally::errc::usage);
    tally::facade::funding_options bad_key;
    bad_key.by = "donor";
    CHECK(code_of([&] { tally::facade::funding(in, bad_key); }) == tally::errc::usage);
    tally::facade::funding_options codes;
    codes.plan_code = "HCOL23"; // plan codes need requirements
    CHECK(code_of([&] { tally::facade::funding(in, codes); }) == tally::errc::usage);
    CHECK(code_of([&] { tally::facade::funding({}, {}); }) == tally::errc::usage);
}

TEST_CASE("facade funding says a flow CSV is counted whole whatever the year or plan chosen") {
    const std::string fx = data + "funding/";
    tally_test::scratch dir("facade_funding_flow_csv_year");
    tally::facade::funding_sources in;
    in.funding = {tally::facade::input::file(fx + "flows.csv")};
    in.requirements = {tally::facade::input::file(
        dir.file("requirements.csv",
                 "country,sector,requirements_usd,year,plan_code\nCOL,HEALTH,3000,2023,HCOL23\n"))};
    tally::facade::funding_options o;
    o.by = "country";
    o.year = "2023";
    const auto r = tally::facade::funding(in, o);
    // The sentence of misalign and report too (metrics::read_join_files).
    const std::string note = fx + "flows.csv is a flow CSV: it has no usage years nor plans, so "
                                  "all its rows are counted whatever the year or plan";
    const auto& messages = r.notices.at("message").text;
    CHECK(std::count(messages.begin(), messages.end(), note) == 1);
}

TEST_CASE("facade funding names its arguments in its refusals, not the tool's options") {
    const std::string fx = data + "funding/";
    auto message_of = [](auto&& call) {
        try {
            call();
        } catch (const tally::error& e) {
            CHECK(e.code() == tally::errc::usage);
            return std::string(e.what());
        }
        return std::string("no error");
    };
    tally::facade::funding_sources in;
    in.funding = {tally::facade::input::file(fx + "flows.csv")};
    tally::facade::funding_options bad_key;
    bad_key.by = "donor";
    const auto key = message_of([&] { tally::facade::funding(in, bad_key); });
    CHECK(key.find("by=: unknown grouping key 'donor'") != std::string::npos);
    CHECK(key.find("--by") == std::string::npos);
    tally::facade::funding_options target;
    target.by = "country";
    target.allocate = "target"; // without a plan
    const auto no_plan = message_of([&] { tally::facade::funding(in, target); });
    CHECK(no_plan.find("allocate=target needs plan=") != std::string::npos);
    CHECK(no_plan.find("--") == std::string::npos);
    target.by = "organisation";
    in.plan = {tally::facade::input::file(fx + "flows.csv")}; // checked before it is read
    const auto no_key = message_of([&] { tally::facade::funding(in, target); });
    CHECK(no_key.find("allocate=target needs by= with country or sector") != std::string::npos);
    CHECK(no_key.find("--") == std::string::npos);
    tally::facade::funding_options plan_alone;
    const auto alone = message_of([&] { tally::facade::funding(in, plan_alone); });
    CHECK(alone.find("plan= goes with allocate=target|pin") != std::string::npos);
    CHECK(alone.find("--") == std::string::npos);
}

TEST_CASE("facade misalign and report refuse the options the tool refuses") {
    const std::string fx = data + "metrics/";
    tally::facade::join_sources in;
    in.activities = {tally::facade::input::file(fx + "activities.csv")};
    auto code_of = [](auto&& call) {
        try {
            call();
        } catch (const tally::error& e) {
            return e.code();
        }
        return tally::errc::internal;
    };
    tally::facade::misalign_options by_month;
    by_month.by = "country,month";
    CHECK(code_of([&] { tally::facade::misalign(in, by_month); }) == tally::errc::usage);
    tally::facade::misalign_options separate;
    separate.in_transit = "separate";
    CHECK(code_of([&] { tally::facade::misalign(in, separate); }) == tally::errc::usage);
    tally::facade::misalign_options late;
    late.as_of = "31/12/2023";
    CHECK(code_of([&] { tally::facade::misalign(in, late); }) == tally::errc::usage);
    tally::facade::report_options pdf;
    pdf.format = "pdf";
    CHECK(code_of([&] { tally::facade::report(in, pdf); }) == tally::errc::usage);
    tally::facade::report_options nowhere;
    nowhere.sector = "Astronomy";
    CHECK(code_of([&] { tally::facade::report(in, nowhere); }) == tally::errc::usage);
    CHECK(code_of([&] { tally::facade::report({}, {}); }) == tally::errc::usage);
}

TEST_CASE("facade tables are written as CSV with quotes and NA as empty cells") {
    tally::facade::table t;
    t.add("name", tally::facade::column_type::text);
    t.add("n", tally::facade::column_type::integer);
    t.add("x", tally::facade::column_type::real);
    t.columns[0].text = {"a,b", "say \"hi\""};
    t.columns[1].integer = {1, 0};
    t.columns[1].valid = {1, 0};
    t.columns[2].real = {1000000.0, 0.5};
    CHECK(tally::facade::to_csv(t) == "name,n,x\n\"a,b\",1,1000000\n\"say \"\"hi\"\"\",,0.5\n");
    t.columns[2].real.pop_back();
    CHECK_THROWS_AS(tally::facade::to_csv(t), tally::error);
}

} // namespace test_facade
