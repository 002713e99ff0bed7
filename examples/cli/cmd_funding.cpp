// tally funding — funding totals, pledges, requirements and coverage from FTS flows or a plain
// flow CSV.

#include "cli.hpp"
#include "column_input.hpp"
#include "figure_output.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include "requirements_input.hpp"
#include "sector_input.hpp"
#include <cstdio>
#include <nlohmann/json.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/period.hpp>
#include <tally/funding/coverage.hpp>
#include <tally/io/file.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/metrics/funding_summary.hpp>
#include <tally/table/plan_table.hpp>

namespace tally::cli {

extern const std::string_view funding_usage;
const std::string_view funding_usage =
    "Usage: tally funding FILE... [--requirements FILE] [--by KEYS] [--year YEAR]\n"
    "                    [--plan-code CODE] [--allocate none|requirements|target|pin]\n"
    "                    [--plan FILE] [--as-of DATE] [--format csv|json] [-o FILE] [--strict]\n"
    "                    [--sector NAME] [--keep-going] [--columns MAP]\n"
    "                    [--requirements-columns MAP]\n\n"
    "Adds up funding flows. Each FILE is an FTS API response (JSON; pages of one query or\n"
    "several queries), an HDX FTS flow export (CSV with an HXL row) or a plain flow CSV\n"
    "(donor,recipient,country,sector,amount_usd); the kind is told from the content.\n"
    "FILE may instead be a table of funding per plan: an FTS plan overview (JSON, /v2 plan\n"
    "overview progress), the HDX HAPI funding table, or HDX's FTS requirements and funding\n"
    "file; then its funding and requirements per plan and year are read (never mixed with\n"
    "flows, which would count the same money twice).\n\n"
    "FTS rules: funding = incoming flows that are not pledges and are single on the boundary;\n"
    "pledges are a separate total; internal flows are never added; shared flows are listed\n"
    "(on stderr) and added to no total; flows repeated across files count once (highest\n"
    "versionId). A plain flow CSV counts every row as funding. Countries are one row whatever\n"
    "the source calls them (AFG, Afghanistan).\n\n"
    "  --by KEYS          group by a comma list of country, sector, organisation, year, plan.\n"
    "                     Unattributed money stays in 'Not specified', 'Multi-sector',\n"
    "                     'Multi-country', ... (REGIONAL / MULTI in a plain flow CSV). With\n"
    "                     plan, the plan's name and caseload (in need, targeted) are added.\n"
    "  --requirements F   country,sector,requirements_usd, an FTS/HDX requirements file (per\n"
    "                     plan and year), the HDX HAPI funding table or an FTS plan overview:\n"
    "                     adds requirements_usd, unmet_usd and coverage (n/a without one).\n"
    "  --allocate RULE    spread unattributed money over the named groups pro rata to\n"
    "                     requirements, or to plan targets or PiN (target|pin, with --plan);\n"
    "                     adds allocated_usd and states the rule.\n"
    "  --plan FILE        plan CSV for --allocate target|pin: per (country, sector) the sum\n"
    "                     of sector rows over admin1 and population groups (Intersector\n"
    "                     rows are not used).\n"
    "  --as-of DATE       leave out FTS flows dated after DATE (YYYY-MM-DD).\n"
    "  --sector NAME      only the money of this sector or sub-sector (a sector's include its\n"
    "                     sub-sectors): flows whose sectors all lie in it, and its sector rows\n"
    "                     of requirements, funding per plan and --plan; flows naming no sector\n"
    "                     or only partly this one are left out and counted in a note.\n"
    "  --columns MAP      how to read the columns of the FILEs (flow CSVs, FTS flow exports,\n"
    "                     tables of funding per plan) that no built-in layout names:\n"
    "                     `Header=role,...` or a file of `Header = role` lines; `ignore`\n"
    "                     leaves a column out on purpose (`tally layouts` prints the layouts\n"
    "                     tally knows, with their roles: amount_usd, country, sector, ...).\n"
    "                     It applies to every FILE, not to --requirements.\n"
    "  --requirements-columns MAP  the same for the --requirements file (roles\n"
    "                     requirements_usd, funding_usd, country, sector, year, plan_code, ...).\n"
    "  --strict           exit 1 when any input row or flow was rejected.\n" TALLY_CLI_OUTPUT_HELP
        TALLY_CLI_KEEP_GOING_HELP TALLY_CLI_REQUIREMENTS_CHOICE_HELP;

namespace {

std::string money_text(std::optional<usd_amount> a) {
    return a ? std::to_string(a->value()) : "n/a";
}
std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

} // namespace

namespace {

/// The query of the options, checked in the order the tool has always refused them.
metrics::funding_query funding_query_of(const options& opt, const std::string& allocate) {
    metrics::funding_query q;
    q.allocate = allocate;
    q.scope = sector_input(opt);
    metrics::set_funding_keys(q, opt.value_or("by", ""));
    if (auto s = opt.value("as-of")) {
        q.as_of = date::try_parse(*s);
        if (!q.as_of)
            throw error(errc::usage, "--as-of must be a date YYYY-MM-DD, not '" + *s + "'");
    }
    metrics::check_allocation(q, opt.value("plan").has_value());
    q.choice = requirements_choice_of(opt);
    q.columns = column_map_input(opt);
    q.requirements_columns = column_map_input(opt, "requirements-columns");
    if (opt.value("requirements-columns") && !opt.value("requirements"))
        throw error(errc::usage, "--requirements-columns goes with --requirements FILE (the "
                                 "FILEs are read with --columns)");
    return q;
}

std::string count_text(std::optional<std::int64_t> v) {
    return v ? std::to_string(*v) : std::string("n/a");
}

void write_csv(std::ostream& os, const metrics::funding_summary& s, const read_failures& failures) {
    write_not_read_lines(os, failures);
    for (const auto& k : s.key_names)
        os << k << ",";
    os << "funding_usd,pledges_usd";
    if (s.with_requirements)
        os << ",requirements_usd,unmet_usd,coverage";
    if (s.allocate != "none")
        os << ",allocated_usd";
    if (s.by_plan)
        os << ",plan_name,in_need,targeted";
    os << "\n";
    for (const auto& r : s.rows) {
        for (const auto& k : r.key)
            os << csv_cell(k) << ",";
        os << r.funding.value() << "," << r.pledges.value();
        if (s.with_requirements)
            os << "," << money_text(r.requirements) << "," << money_text(r.unmet) << ","
               << ratio_csv(r.coverage);
        if (s.allocate != "none")
            os << "," << s.allocated_to(r.key);
        if (s.by_plan) {
            const auto* p = s.plan_of(r);
            os << "," << csv_cell(p ? p->plan_name : std::string()) << ","
               << count_text(p ? p->in_need : std::nullopt) << ","
               << count_text(p ? p->targeted : std::nullopt);
        }
        os << "\n";
    }
    if (s.rows.empty() && s.key_names.empty()) {
        os << "0,0";
        if (s.with_requirements)
            os << ",n/a,n/a,n/a";
        os << "\n";
    }
}

nlohmann::json row_json(const metrics::funding_summary& s,
                        const funding::coverage_row<usd_amount>& r) {
    nlohmann::json row;
    for (std::size_t i = 0; i < s.key_names.size(); ++i)
        row[s.key_names[i]] = r.key[i];
    row["funding_usd"] = r.funding.value();
    row["pledges_usd"] = r.pledges.value();
    if (s.with_requirements) {
        row["requirements_usd"] =
            r.requirements ? nlohmann::json(r.requirements->value()) : nlohmann::json();
        row["unmet_usd"] = r.unmet ? nlohmann::json(r.unmet->value()) : nlohmann::json();
        row["coverage"] = ratio_json<nlohmann::json>(r.coverage);
    }
    if (s.allocate != "none")
        row["allocated_usd"] = s.allocated_to(r.key);
    if (s.by_plan) {
        const auto* p = s.plan_of(r);
        row["plan_name"] = p ? nlohmann::json(p->plan_name) : nlohmann::json();
        row["plan_type"] = p ? nlohmann::json(p->plan_type) : nlohmann::json();
        row["in_need"] = p && p->in_need ? nlohmann::json(*p->in_need) : nlohmann::json();
        row["targeted"] = p && p->targeted ? nlohmann::json(*p->targeted) : nlohmann::json();
    }
    return row;
}

void write_json(std::ostream& os, const metrics::funding_summary& s,
                const io::validation_report& report, const read_failures& failures) {
    nlohmann::json j;
    auto& arr = j["rows"] = nlohmann::json::array();
    for (const auto& r : s.rows)
        arr.push_back(row_json(s, r));
    j["shared_flows"] = s.totals.shared_flows;
    j["shared_usd"] = s.totals.shared.value();
    j["internal_flows"] = s.totals.internal_flows;
    j["internal_usd"] = s.totals.internal.value();
    j["duplicates_dropped"] = s.duplicates;
    // Same id and version, different amounts: the amounts given and the one kept.
    j["version_conflicts"] = nlohmann::json::array();
    for (const auto& c : s.conflicts)
        j["version_conflicts"].push_back({{"id", c.id},
                                          {"version", c.version},
                                          {"amounts_usd", c.amounts},
                                          {"kept_usd", c.kept}});
    j["rows_read"] = report.rows_read;
    j["rows_rejected"] = report.rejected.size();
    j["provenance"] = s.how.footnote();
    // Keys and names from the input may hold bytes that are not UTF-8 (a Latin-1 file): they
    // are written as U+FFFD, never as invalid JSON.
    std::string text = j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace);
    if (!failures.complete()) // the inputs not read first: "{\n  "not_read": [...],\n..."
        text.insert(2, "  \"not_read\": " +
                           nlohmann::json(failures.not_read)
                               .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) +
                           ",\n");
    os << text << "\n";
}

} // namespace

// The computation is metrics::summarize_funding; the tool parses its options, reads its files
// (reporting those it cannot read) and prints.
int run_funding(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args,
                {"requirements", "by", "allocate", "plan", "as-of", "format", "year", "plan-code",
                 "columns", "requirements-columns", "output", "sector"},
                {"strict", "keep-going"});
    if (opt.positional().empty())
        throw error(errc::usage, "tally funding needs at least one FILE");
    const auto format = opt.choice("format", {"csv", "json"}, "csv");
    const auto allocate = opt.choice("allocate", {"none", "requirements", "target", "pin"}, "none");
    const auto q = funding_query_of(opt, allocate);

    metrics::funding_files files(q.key_names);
    io::input_registry inputs;
    read_failures failures;
    metrics::read_funding_files(
        files, q,
        [&](const char* name, std::initializer_list<io::file_kind> kinds,
            const io::column_map& columns, auto body) {
            const bool funding = std::string_view(name) == "funding";
            if (!funding && !opt.value("requirements"))
                return false;
            read_inputs(funding ? opt.positional() : std::vector<std::string>{*opt.value(name)},
                        kinds, "funding", funding ? "" : "--requirements", err, inputs, failures,
                        columns, body);
            return true;
        });
    if (refuses(opt, failures))
        return refuse_partial("funding", failures, err);
    const auto s =
        metrics::summarize_funding(files, q, [&](plan_table& plan, io::validation_report& report) {
            try {
                report.merge(io::read_plan(*opt.value("plan"), plan, {}));
            } catch (const error& e) {
                throw naming_input(e, *opt.value("plan"), "--plan");
            }
        });

    output_target target(opt, out);
    if (format == "csv")
        write_csv(target.stream(), s, failures);
    else
        write_json(target.stream(), s, files.report, failures);
    target.commit();
    for (const auto& n : metrics::funding_notes(s))
        err << "note: " << n << "\n";
    report_problems(files.report, {}, err);
    return exit_status(opt, failures, !files.report.clean());
}

} // namespace tally::cli
