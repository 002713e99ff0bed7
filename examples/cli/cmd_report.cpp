// tally report — the end-year report (people reached and funding by platform) as HTML, text or
// JSON, from 5W activities, a plan, funding flows and requirements.

#include "cli.hpp"
#include "figure_output.hpp"
#include "funding_input.hpp"
#include <fstream>
#include <tally/core/geography.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/report/html.hpp>
#include <tally/report/json.hpp>
#include <tally/report/model.hpp>
#include <tally/report/text.hpp>

namespace tally::cli {

extern const std::string_view report_usage;
const std::string_view report_usage =
    "Usage: tally report --activities F[,F...] --plan F[,F...] --funding F[,F...]\n"
    "                    --requirements F [--sector NAME] [--as-of DATE] [--title TEXT]\n"
    "                    [--geography GEO.csv] [--format html|text|json] [--output FILE]\n"
    "                    [--strict]\n\n"
    "The end-year report: people reached, target, PiN, funding, requirements and partners for\n"
    "the region, each platform (national, then sub-regional) and each country, with the money\n"
    "that fits no platform on its own line, the spread of coverage, and footnotes generated\n"
    "from the figures' provenance (people in transit, funding as-of date, regional money,\n"
    "partner counts, de-duplication rules, rejected rows).\n\n"
    "  --activities F     5W activity files (comma list)\n"
    "  --plan F           plan files (PiN and targets)\n"
    "  --funding F        FTS API JSON, HDX FTS flow exports or plain flow CSVs\n"
    "  --requirements F   country,sector,requirements_usd or an FTS requirements CSV\n"
    "  --sector NAME      report one sector or sub-sector (default: the whole response,\n"
    "                     intersector figures)\n"
    "  --as-of DATE       funding as of DATE (YYYY-MM-DD): later FTS flows are left out\n"
    "  --format F         html, text or json (default: html with --output, else text)\n"
    "  --output FILE      write the report to FILE instead of standard output\n"
    "Every input is optional, but at least one is needed. Rejected rows are listed on stderr\n"
    "and counted in the report; exit 0, or 1 with --strict when rows were rejected.\n";

int run_report(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args,
                {"activities", "plan", "funding", "requirements", "sector", "as-of", "title",
                 "geography", "format", "output"},
                {"strict"});
    if (!opt.positional().empty())
        throw error(errc::usage, "tally report takes its inputs as --activities, --plan, "
                                 "--funding and --requirements, not '" +
                                     opt.positional().front() + "'");
    const auto activities = split_list(opt.value_or("activities", ""));
    const auto plans = split_list(opt.value_or("plan", ""));
    const auto fundings = split_list(opt.value_or("funding", ""));
    const auto requirements = opt.value("requirements");
    if (activities.empty() && plans.empty() && fundings.empty() && !requirements)
        throw error(errc::usage, "tally report needs at least one of --activities, --plan, "
                                 "--funding, --requirements");
    const auto output = opt.value("output");
    const auto format = opt.choice("format", {"html", "text", "json"}, output ? "html" : "text");
    std::optional<date> as_of;
    if (auto s = opt.value("as-of")) {
        as_of = date::try_parse(*s);
        if (!as_of)
            throw error(errc::usage, "--as-of must be a date YYYY-MM-DD, not '" + *s + "'");
    }
    std::optional<geography> geo;
    if (auto g = opt.value("geography"))
        geo = geography::from_csv(*g);

    report::report_options ro;
    ro.title = opt.value_or("title", "");
    ro.scope = opt.value_or("sector", "");
    ro.reach.geo = geo ? &*geo : nullptr;
    ro.as_of = as_of;
    if (!ro.scope.empty() && !sector_catalog::r4v().find(ro.scope))
        throw error(errc::usage, "--sector: unknown sector '" + ro.scope + "'");

    metrics::join_inputs<usd_amount> in;
    activity_table acts;
    io::activity_read_options rd;
    rd.geo = ro.reach.geo;
    for (const auto& f : activities)
        in.reports.activities.merge(io::read_activities(f, acts, rd));
    if (!activities.empty())
        in.activities = &acts;
    plan_table plan;
    for (const auto& f : plans)
        in.reports.plan.merge(io::read_plan(f, plan, {}));
    if (!plans.empty())
        in.plan = &plan;

    funding::flow_set<usd_amount> flows;
    bool any_fts = false;
    for (const auto& path : fundings) {
        auto text = io::read_file(path);
        switch (detect_funding_input(path, text)) {
        case funding_input_kind::fts_json:
            io::parse_fts_json(text, path, flows, in.reports.funding);
            any_fts = true;
            break;
        case funding_input_kind::fts_csv:
            io::parse_fts_csv(std::move(text), path, flows, in.reports.funding);
            any_fts = true;
            break;
        case funding_input_kind::flow_csv: {
            const auto t = io::parse_flow_csv(std::move(text), path, in.reports.funding);
            for (auto& e : metrics::money_entries(t))
                in.funding.push_back(std::move(e));
            break;
        }
        }
    }
    if (any_fts)
        for (auto& e : metrics::money_entries(flows, as_of, &ro.flows_after_as_of))
            in.funding.push_back(std::move(e));
    funding::group_sums<usd_amount> req({"country", "sector"});
    if (requirements) {
        req = io::read_requirements_csv(*requirements, in.reports.requirements);
        in.requirements = &req;
    }

    const auto model = report::build_report(in, ro);
    std::string text = format == "html"   ? report::render_html(model)
                       : format == "json" ? report::render_json(model)
                                          : report::render_text(model);
    if (output) {
        std::ofstream f(*output, std::ios::binary);
        if (!f || !(f << text) || !f.flush())
            throw error(errc::io, "cannot write " + *output);
    } else {
        out << text;
    }

    std::size_t rejected = 0;
    for (const auto* r : {&in.reports.activities, &in.reports.plan, &in.reports.funding,
                          &in.reports.requirements}) {
        report_problems(*r, {}, err);
        rejected += r->rejected.size();
    }
    for (const auto& n : model.notices)
        err << "notice: " << n << "\n";
    if (output)
        err << "report written to " << *output << "\n";
    return opt.flag("strict") && rejected ? exit_data : exit_ok;
}

} // namespace tally::cli
