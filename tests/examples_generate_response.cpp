// The bundled response generator (examples/generate_response.cpp): deterministic, scaled by
// --rows, read by the library and the tool with exactly the deliberately bad rows rejected, and
// with the planted funding/reach misalignments present in the data.
#include "cli_support.hpp"
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <doctest/doctest.h>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <tally/funding/flow_set.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/misalignment.hpp>
#include <vector>

namespace test_examples_generate_response {

using namespace tally;

namespace {

struct generated {
    std::string dir, printed;
    long activity_rows = -1, activity_bad = -1, plan_rows = -1, flow_rows = -1, flow_bad = -1,
         requirement_rows = -1;
};

/// Runs the generator into a new temporary directory and reads the counts it prints.
generated generate(const std::string& args) {
    char dir_template[] = "/tmp/tally_generated_XXXXXX";
    REQUIRE(mkdtemp(dir_template) != nullptr);
    generated g;
    g.dir = dir_template;
    const std::string cmd = std::string(TALLY_GENERATOR_PATH) + " --out " + g.dir + " " + args;
    FILE* p = popen(cmd.c_str(), "r");
    REQUIRE(p);
    char buf[4096];
    std::size_t n;
    while ((n = fread(buf, 1, sizeof buf, p)) > 0)
        g.printed.append(buf, n);
    REQUIRE(pclose(p) == 0);
    std::istringstream in(g.printed);
    std::string line;
    while (std::getline(in, line)) {
        long rows = -1, bad = -1;
        if (std::sscanf(line.c_str(), "activities.csv: %ld rows, %ld", &rows, &bad) == 2) {
            g.activity_rows = rows;
            g.activity_bad = bad;
        } else if (std::sscanf(line.c_str(), "flows.csv: %ld rows, %ld", &rows, &bad) == 2) {
            g.flow_rows = rows;
            g.flow_bad = bad;
        } else if (std::sscanf(line.c_str(), "plan.csv: %ld rows", &rows) == 1) {
            g.plan_rows = rows;
        } else if (std::sscanf(line.c_str(), "requirements.csv: %ld rows", &rows) == 1) {
            g.requirement_rows = rows;
        }
    }
    return g;
}

std::string slurp(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
}

std::size_t lines_of(const std::string& path) {
    const auto s = slurp(path);
    return static_cast<std::size_t>(std::count(s.begin(), s.end(), '\n'));
}

void remove_dir(const std::string& dir) {
    for (const char* f : {"activities.csv", "plan.csv", "flows.csv", "requirements.csv"})
        std::remove((dir + "/" + f).c_str());
    std::remove(dir.c_str());
}

const char* const files[] = {"activities.csv", "plan.csv", "flows.csv", "requirements.csv"};

bool has_destination(const funding::flow<usd_amount>& f, funding::object_type t,
                     std::string_view name) {
    for (const auto& d : f.destinations)
        if (d.type == t && d.name == name)
            return true;
    return false;
}

} // namespace

TEST_CASE("the generator writes byte-identical files for one seed and different ones for another") {
    const auto a = generate("--rows 3000 --seed 7"), b = generate("--rows 3000 --seed 7"),
               c = generate("--rows 3000 --seed 8");
    for (const char* f : files) {
        CAPTURE(f);
        const auto fa = slurp(a.dir + "/" + f);
        CHECK(fa.size() > 100);
        CHECK(fa == slurp(b.dir + "/" + f));
    }
    CHECK(slurp(a.dir + "/activities.csv") != slurp(c.dir + "/activities.csv"));
    CHECK(slurp(a.dir + "/flows.csv") != slurp(c.dir + "/flows.csv"));
    for (const auto& g : {a, b, c})
        remove_dir(g.dir);
}

TEST_CASE("--rows sets the number of activity lines and scales the flows with it") {
    const auto small = generate("--rows 2000"), large = generate("--rows 8000");
    CHECK(small.activity_rows == 2000);
    CHECK(large.activity_rows == 8000);
    // One header line.
    CHECK(lines_of(small.dir + "/activities.csv") == 2001);
    CHECK(lines_of(large.dir + "/activities.csv") == 8001);
    // Two header lines (names and HXL hashtags); flows grow about in proportion.
    CHECK(lines_of(small.dir + "/flows.csv") == static_cast<std::size_t>(small.flow_rows) + 2);
    CHECK(large.flow_rows > 3 * small.flow_rows);
    remove_dir(small.dir);
    remove_dir(large.dir);
}

TEST_CASE("the library readers reject exactly the rows the generator broke and use all others") {
    const auto g = generate("--rows 20000 --seed 11");
    REQUIRE(g.activity_rows == 20000);
    // Six kinds of bad row, at least one of each (one per 10,000 lines).
    CHECK(g.activity_bad == 12);
    CHECK(g.flow_bad == 2);

    activity_table acts;
    const auto ra = io::read_activities(g.dir + "/activities.csv", acts);
    CHECK(ra.rows_read == 20000);
    CHECK(ra.rejected.size() == 12);
    CHECK(ra.rows_used == 20000 - 12);
    // Every kind of deliberate error is there.
    std::string reasons;
    for (const auto& r : ra.rejected)
        reasons += r.reason + "\n";
    for (const char* why : {"population groups add up to", "is negative", "is not YYYY-MM",
                            "age/gender cells add up to", "exceed total monthly",
                            "indicator type 'Outreach' is not known"})
        CHECK_MESSAGE(reasons.find(why) != std::string::npos, why);

    plan_table plan;
    const auto rp = io::read_plan(g.dir + "/plan.csv", plan);
    CHECK(rp.rows_read == static_cast<std::size_t>(g.plan_rows));
    CHECK(rp.rejected.empty());
    CHECK(rp.notices.empty()); // no target above PiN, no repeated key
    bool intersector = false;
    for (std::size_t i = 0; i < plan.size(); ++i) {
        CHECK(plan[i].target <= plan[i].pin);
        intersector |= plan[i].intersector;
    }
    CHECK(intersector);

    funding::flow_set<> flows;
    io::validation_report rf;
    io::read_fts_csv(g.dir + "/flows.csv", flows, rf);
    CHECK(rf.rows_read == static_cast<std::size_t>(g.flow_rows));
    CHECK(rf.rejected.size() == 2);
    CHECK(flows.size() == static_cast<std::size_t>(g.flow_rows) - 2); // ids are unique

    io::validation_report rr;
    const auto req = io::read_requirements_csv(g.dir + "/requirements.csv", rr);
    CHECK(rr.rows_read == static_cast<std::size_t>(g.requirement_rows));
    CHECK(rr.rejected.empty());
    remove_dir(g.dir);
}

TEST_CASE("tally check, reach, plan and funding read the generated files") {
    const auto g = generate("--rows 5000");
    const auto d = g.dir + "/";
    // Rows were rejected, so check exits 1 and counts them.
    const auto check = tally_test::run_cli("check " + d + "activities.csv " + d + "plan.csv", true);
    CHECK(check.status == 1);
    CHECK(check.out.find("5000 rows read, " + std::to_string(5000 - g.activity_bad) + " used, " +
                         std::to_string(g.activity_bad) + " rejected") != std::string::npos);
    const auto reach = tally_test::run_cli("reach --by region " + d + "activities.csv");
    CHECK(reach.status == 0);
    CHECK(reach.out.find("R4V,") != std::string::npos);
    const auto plan = tally_test::run_cli("plan --by country " + d + "plan.csv");
    CHECK(plan.status == 0);
    CHECK(plan.out.find("COL,") != std::string::npos);
    const auto money = tally_test::run_cli("funding --requirements " + d + "requirements.csv " +
                                           "--by country,sector " + d + "flows.csv");
    CHECK(money.status == 0);
    CHECK(money.out.find("COL,Health,") != std::string::npos);
    CHECK(money.err.find("amountUSD 'n/a' is not a number") != std::string::npos);
    CHECK(money.err.find("unknown status 'approved'") != std::string::npos);
    remove_dir(g.dir);
}

TEST_CASE("the planted funding and reach misalignments are in the generated data") {
    const auto g = generate("--rows 20000");
    activity_table acts;
    io::read_activities(g.dir + "/activities.csv", acts);
    std::int64_t awareness_lines = 0, awareness_reached = 0, unfunded_reached = 0;
    int lagging_last = 0, lagging_lines = 0, other_last = 0;
    // The sub-sector's planted cells: training and awareness only (URY), nothing reported (CRI),
    // reach without money (DOM), reports that stop after February (PAN).
    std::int64_t training_lines = 0, training_reached = 0, unreported_lines = 0,
                 unfunded_hts_reached = 0, ahead_lines = 0;
    int ahead_last = 0;
    const std::string hts = "Protection (Human Trafficking and Smuggling)";
    for (std::size_t i = 0; i < acts.size(); ++i) {
        const auto& c = acts.countries.name(acts.country()[i]);
        const auto& s = acts.sectors.name(acts.sector()[i]);
        const bool direct = counts_as_reached(acts.type()[i]);
        const int m = acts.month_index()[i];
        if (c == "PRY" && s == "Protection (GBV)") {
            ++awareness_lines;
            awareness_reached += direct ? acts.new_beneficiaries()[i] : 0;
        } else if (c == "BOL" && s == "Humanitarian Transportation") {
            unfunded_reached += direct ? acts.new_beneficiaries()[i] : 0;
        } else if (c == "GUY" && s == "Education") {
            ++lagging_lines;
            lagging_last = std::max(lagging_last, m);
        } else if (c == "URY" && s == hts) {
            ++training_lines;
            training_reached += direct ? acts.new_beneficiaries()[i] : 0;
        } else if (c == "CRI" && s == hts) {
            ++unreported_lines;
        } else if (c == "DOM" && s == hts) {
            unfunded_hts_reached += direct ? acts.new_beneficiaries()[i] : 0;
        } else if (c == "PAN" && s == hts) {
            ++ahead_lines;
            ahead_last = std::max(ahead_last, m);
        } else {
            other_last = std::max(other_last, m);
        }
    }
    // Awareness only: lines, but nobody reached.
    CHECK(awareness_lines > 0);
    CHECK(awareness_reached == 0);
    CHECK(unfunded_reached > 0);
    // Month indices count months from year 0; the lagging cell stops seven months early.
    CHECK(lagging_lines > 0);
    CHECK(other_last - lagging_last == 7);
    CHECK(training_lines > 0);
    CHECK(training_reached == 0);
    CHECK(unreported_lines == 0);
    CHECK(unfunded_hts_reached > 0);
    CHECK(ahead_lines > 0);
    CHECK(other_last - ahead_last == 10);

    funding::flow_set<> flows;
    io::validation_report rf;
    io::read_fts_csv(g.dir + "/flows.csv", flows, rf);
    using funding::object_type;
    usd_amount awareness_money{}, unfunded_money{}, lagging_money{};
    std::map<std::string, usd_amount> hts_money; // by country
    bool regional = false, multi_country = false, multi_sector = false, internal = false;
    for (const auto& [id, f] : flows) {
        const bool pry = has_destination(f, object_type::location, "PRY"),
                   bol = has_destination(f, object_type::location, "BOL"),
                   guy = has_destination(f, object_type::location, "GUY");
        if (pry && has_destination(f, object_type::global_cluster, "Protection (GBV)"))
            awareness_money += f.amount;
        std::size_t locations = 0, clusters = 0;
        for (const auto& d : f.destinations) {
            locations += d.type == object_type::location;
            clusters += d.type == object_type::global_cluster;
        }
        // Money of the cell: one country, one sector (multi-country and multi-sector money may
        // name the cell too, but is no cell's).
        if (bol && locations == 1 && clusters == 1 &&
            has_destination(f, object_type::global_cluster, "Humanitarian Transportation"))
            unfunded_money += f.amount;
        if (guy && has_destination(f, object_type::global_cluster, "Education"))
            lagging_money += f.amount;
        if (locations == 1 && clusters == 1 && has_destination(f, object_type::global_cluster, hts))
            for (const char* c : {"URY", "CRI", "DOM", "PAN"})
                if (has_destination(f, object_type::location, c))
                    hts_money[c] += f.amount;
        regional |= locations == 0;
        multi_country |= locations > 1;
        multi_sector |= clusters > 1;
        internal |= f.boundary == funding::flow_boundary::internal;
    }
    CHECK(awareness_money > usd_amount(0));
    CHECK(unfunded_money == usd_amount(0));
    CHECK(lagging_money > usd_amount(0));
    CHECK(hts_money["URY"] > usd_amount(0));
    CHECK(hts_money["CRI"] > usd_amount(0));
    CHECK(hts_money["DOM"] == usd_amount(0));
    CHECK(hts_money["PAN"] > usd_amount(0));
    CHECK(regional);
    CHECK(multi_country);
    CHECK(multi_sector);
    CHECK(internal);
    remove_dir(g.dir);
}

namespace {

const std::string hts_scope = "Protection (Human Trafficking and Smuggling)";

/// `tally report --format json` on a generated response, for the sub-sector (scope) or the
/// whole response (scope ""), funding as of 1 April of the next year as in the seed.
nlohmann::json report_of(const generated& g, const std::string& scope) {
    const auto d = g.dir + "/";
    const auto r = tally_test::run_cli("report --activities " + d + "activities.csv --plan " + d +
                                       "plan.csv --funding " + d + "flows.csv --requirements " + d +
                                       "requirements.csv --as-of 2024-04-01 --format json" +
                                       (scope.empty() ? "" : " --sector '" + scope + "'"));
    REQUIRE(r.status == 0);
    return nlohmann::json::parse(r.out);
}

struct found {
    std::string why;
    std::vector<std::string> causes;
};

/// The report's flagged cells by "COUNTRY/sector".
std::map<std::string, found> flagged_of(const nlohmann::json& report) {
    std::map<std::string, found> out;
    for (const auto& f : report["misalignment"]["flagged"])
        out[f["country"].get<std::string>() + "/" + f["sector"].get<std::string>()] = {
            f["why"].get<std::string>(), f["causes"].get<std::vector<std::string>>()};
    return out;
}

bool has(const std::vector<std::string>& v, std::string_view what) {
    return std::find(v.begin(), v.end(), std::string(what)) != v.end();
}

} // namespace

TEST_CASE("the sub-sector's regional figures are the seed's at every seed: 26.2K reached, 78.8% "
          "of the target") {
    // 26,200 people reached outside transit; target round(26,200 / 0.788) = 33,249, and
    // 26,200 / 33,249 = 0.78799. Both grow with --rows: 52,400 and round(52,400 / 0.788) =
    // 66,497 at 40,000 lines.
    struct run {
        const char* args;
        std::int64_t reached, target;
    };
    for (const run& x : {run{"--seed 2023", 26200, 33249}, run{"--seed 7", 26200, 33249},
                         run{"--rows 40000 --seed 19", 52400, 66497}}) {
        CAPTURE(x.args);
        const auto g = generate(x.args);
        const auto r = report_of(g, hts_scope);
        CHECK(r["region"]["reached"] == x.reached);
        CHECK(r["region"]["target"] == x.target);
        const auto d = g.dir + "/";
        const auto text =
            tally_test::run_cli("report --activities " + d + "activities.csv --plan " + d +
                                "plan.csv --sector '" + hts_scope + "' --format text");
        if (x.reached == 26200) {
            // "People reached      26.2K in destination[1][4][5], 78.8% of the target of 33.2K"
            const auto at = text.out.find("\nPeople reached      26.2K in destination[");
            REQUIRE(at != std::string::npos);
            const auto line = text.out.substr(at + 1, text.out.find('\n', at + 1) - at - 1);
            CHECK(line.find("], 78.8% of the target of 33.2K") == line.size() - 31);
        }
        remove_dir(g.dir);
    }
}

TEST_CASE("countries and platforms of the generated response attain and are funded very "
          "differently") {
    const auto g = generate("");
    for (const std::string& scope : {hts_scope, std::string()}) {
        CAPTURE(scope);
        const auto r = report_of(g, scope);
        double att_lo = 10, att_hi = 0, cov_lo = 10, cov_hi = 0;
        for (const auto& p : r["platforms"]) {
            if (p["attainment"].is_number()) {
                att_lo = std::min(att_lo, p["attainment"].get<double>());
                att_hi = std::max(att_hi, p["attainment"].get<double>());
            }
            if (p["coverage"].is_number() && p["coverage"].get<double>() > 0) {
                cov_lo = std::min(cov_lo, p["coverage"].get<double>());
                cov_hi = std::max(cov_hi, p["coverage"].get<double>());
            }
        }
        // Some platforms far below their target, some above it; coverage from a few percent
        // to several times that (the whole response averages over sectors: less spread).
        CHECK(att_lo < 0.5);
        CHECK(att_hi > 1.0);
        CHECK(cov_hi > 3 * cov_lo);
        if (!scope.empty()) {
            CHECK(cov_hi > 10 * cov_lo);
            CHECK(cov_lo < 0.05);
            double country_cov_hi = 0;
            for (const auto& c : r["countries"])
                if (c["coverage"].is_number())
                    country_cov_hi = std::max(country_cov_hi, c["coverage"].get<double>());
            CHECK(country_cov_hi > 0.5);
        }
    }
    remove_dir(g.dir);
}

TEST_CASE("tally report finds every planted misalignment, with the causes the seed names") {
    using tally::metrics::describe;
    using tally::metrics::likely_cause;
    const std::string funded_no_reach = "funded, but no one reached was reported",
                      reach_no_funding = "people reached, but no funding was reported",
                      funding_ahead = "funding well ahead of reach compared with the other cells";
    for (const char* seed : {"--seed 2023", "--seed 19"}) {
        CAPTURE(seed);
        const auto g = generate(seed);
        const auto sub = flagged_of(report_of(g, hts_scope));
        const auto whole = flagged_of(report_of(g, ""));
        for (const auto* flags : {&sub, &whole}) {
            // Awareness and capacity building only, funded: no one countable reached.
            REQUIRE(flags->count("URY/" + hts_scope));
            CHECK(flags->at("URY/" + hts_scope).why == funded_no_reach);
            CHECK(has(flags->at("URY/" + hts_scope).causes,
                      describe(likely_cause::non_direct_activities)));
            // Funded and planned, never reported.
            REQUIRE(flags->count("CRI/" + hts_scope));
            CHECK(flags->at("CRI/" + hts_scope).why == funded_no_reach);
            CHECK(has(flags->at("CRI/" + hts_scope).causes,
                      describe(likely_cause::activities_unreported)));
            // Reach with no funding reported.
            REQUIRE(flags->count("DOM/" + hts_scope));
            CHECK(flags->at("DOM/" + hts_scope).why == reach_no_funding);
            CHECK(has(flags->at("DOM/" + hts_scope).causes,
                      describe(likely_cause::funding_unreported)));
            // Funding ahead of reach: reports stop after February.
            REQUIRE(flags->count("PAN/" + hts_scope));
            CHECK(flags->at("PAN/" + hts_scope).why == funding_ahead);
            CHECK(has(flags->at("PAN/" + hts_scope).causes, describe(likely_cause::reporting_lag)));
        }
        REQUIRE(whole.count("PRY/Protection (GBV)"));
        CHECK(whole.at("PRY/Protection (GBV)").why == funded_no_reach);
        CHECK(has(whole.at("PRY/Protection (GBV)").causes,
                  describe(likely_cause::non_direct_activities)));
        REQUIRE(whole.count("BOL/Humanitarian Transportation"));
        CHECK(whole.at("BOL/Humanitarian Transportation").why == reach_no_funding);
        REQUIRE(whole.count("GUY/Education"));
        CHECK(whole.at("GUY/Education").why == funding_ahead);
        CHECK(has(whole.at("GUY/Education").causes, describe(likely_cause::reporting_lag)));
        remove_dir(g.dir);
    }
}

} // namespace test_examples_generate_response
