// tally funding — funding totals, pledges, requirements and coverage from FTS flows or a plain
// flow CSV.

#include "cli.hpp"
#include "column_input.hpp"
#include "figure_output.hpp"
#include "funding_input.hpp"
#include "inputs.hpp"
#include "output.hpp"
#include "requirements_input.hpp"
#include "sector_input.hpp"
#include <cstdio>
#include <nlohmann/json.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/period.hpp>
#include <tally/core/sector.hpp>
#include <tally/funding/allocation.hpp>
#include <tally/funding/coverage.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>

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

int run_funding(args_t args, std::ostream& out, std::ostream& err) {
    options opt(args,
                {"requirements", "by", "allocate", "plan", "as-of", "format", "year", "plan-code",
                 "columns", "requirements-columns", "output", "sector"},
                {"strict", "keep-going"});
    if (opt.positional().empty())
        throw error(errc::usage, "tally funding needs at least one FILE");
    const auto format = opt.choice("format", {"csv", "json"}, "csv");
    const auto allocate = opt.choice("allocate", {"none", "requirements", "target", "pin"}, "none");
    const auto scope = sector_input(opt);
    std::vector<funding::group_key> keys;
    std::vector<std::string> key_names;
    for (const auto& k : split_list(opt.value_or("by", ""))) {
        try {
            keys.push_back(funding::parse_group_key(k));
        } catch (const error& e) {
            throw error(errc::usage, "--by: " + e.detail());
        }
        key_names.emplace_back(funding::name_of(keys.back()));
    }
    std::optional<date> as_of;
    if (auto s = opt.value("as-of")) {
        as_of = date::try_parse(*s);
        if (!as_of)
            throw error(errc::usage, "--as-of must be a date YYYY-MM-DD, not '" + *s + "'");
    }
    if ((allocate == "target" || allocate == "pin") && !opt.value("plan"))
        throw error(errc::usage, "--allocate " + allocate + " needs --plan FILE");
    if (opt.value("plan") && allocate != "target" && allocate != "pin")
        throw error(errc::usage, "--plan goes with --allocate target|pin");
    const bool by_dim =
        std::find(key_names.begin(), key_names.end(), "country") != key_names.end() ||
        std::find(key_names.begin(), key_names.end(), "sector") != key_names.end();
    if (allocate != "none" && !by_dim)
        throw error(errc::usage, "--allocate " + allocate + " needs --by with country or sector");
    const auto choice = requirements_choice_of(opt);
    const auto columns = column_map_input(opt);
    const auto requirements_columns = column_map_input(opt, "requirements-columns");
    if (opt.value("requirements-columns") && !opt.value("requirements"))
        throw error(errc::usage, "--requirements-columns goes with --requirements FILE (the "
                                 "FILEs are read with --columns)");
    const bool by_year = std::find(key_names.begin(), key_names.end(), "year") != key_names.end();
    const bool by_plan = std::find(key_names.begin(), key_names.end(), "plan") != key_names.end();

    io::validation_report report;
    funding::flow_set<usd_amount> flows;
    funding::grouped_funding<usd_amount> plain{funding::group_sums<usd_amount>(key_names),
                                               funding::group_sums<usd_amount>(key_names)};
    bool any_fts = false;
    undated_funding undated;
    // Tables of funding per plan (FTS plan overview, HAPI funding, HDX FTS requirements and
    // funding), and the flow inputs, by file: the two are never added together.
    funding::requirements_table plan_tables;
    std::vector<std::string> plan_table_files, flow_files;
    io::input_registry inputs;
    read_failures failures;
    read_inputs(
        opt.positional(),
        {io::file_kind::fts_json, io::file_kind::fts_csv, io::file_kind::flow_csv,
         io::file_kind::requirements, io::file_kind::fts_plans},
        "funding", "", err, inputs, failures, columns,
        [&](input_text& in, const std::string& path, io::file_kind kind) {
            std::string text = in.take();
            if (kind == io::file_kind::requirements || kind == io::file_kind::fts_plans) {
                funding::requirements_table t;
                read_requirements_text(std::move(text), path, kind, t, report, columns);
                if (std::none_of(t.rows().begin(), t.rows().end(),
                                 [](const auto& r) { return r.funding.has_value(); }))
                    throw error(errc::usage, source_position{path, 0, 0},
                                "requirements without funding figures: give them to "
                                "--requirements (a FILE of tally funding holds funding)");
                plan_tables.merge(t);
                plan_table_files.push_back(path);
                return;
            }
            flow_files.push_back(path);
            switch (kind) {
            case io::file_kind::fts_json:
                io::parse_fts_json(text, path, flows, report);
                any_fts = true;
                break;
            case io::file_kind::fts_csv:
                io::parse_fts_csv(std::move(text), path, flows, report, {columns});
                any_fts = true;
                break;
            default: {
                undated.sources.push_back(path);
                auto t = io::parse_flow_csv(std::move(text), path, report, {columns});
                if (!scope.whole())
                    static_cast<flow_table&>(t) = select_sector(t, scope);
                // Sum per tuple of dictionary ids first (cheap), then name the groups.
                std::map<std::vector<code_id>, std::int64_t> by_ids;
                std::vector<code_id> ids(keys.size());
                for (std::size_t i = 0; i < t.size(); ++i) {
                    for (std::size_t k = 0; k < keys.size(); ++k) {
                        switch (keys[k]) {
                        case funding::group_key::country:
                            ids[k] = t.country[i];
                            break;
                        case funding::group_key::sector:
                            ids[k] = t.sector[i];
                            break;
                        case funding::group_key::organisation:
                            ids[k] = t.recipient[i];
                            break;
                        case funding::group_key::year:
                            throw error(errc::usage, "--by year needs dated flows (FTS input); " +
                                                         path + " has no dates");
                        case funding::group_key::plan:
                            throw error(errc::usage,
                                        "--by plan needs FTS flows or a table of funding per "
                                        "plan; " +
                                            path + " is a flow CSV without plans");
                        }
                    }
                    auto& sum = by_ids[ids];
                    try {
                        sum = tally::detail::checked_add(sum, t.amount_usd[i]);
                    } catch (const error& e) {
                        // Name the file: the sum has no single row to point at.
                        throw error(e.code(), source_position{path, 0, 0},
                                    "a group's funding exceeds 64 bits: " + e.detail());
                    }
                }
                for (const auto& [id_key, sum] : by_ids) {
                    std::vector<std::string> key;
                    for (std::size_t k = 0; k < keys.size(); ++k)
                        key.push_back(
                            keys[k] == funding::group_key::country  ? t.countries[id_key[k]]
                            : keys[k] == funding::group_key::sector ? t.sectors[id_key[k]]
                                                                    : t.recipients[id_key[k]]);
                    plain.funding.update(key, usd_amount(sum));
                }
                break;
            }
            }
        });

    plan_tables = funding::select_sector(plan_tables, scope);
    if (!plan_table_files.empty() && !flow_files.empty())
        throw error(errc::usage, source_position{plan_table_files.front(), 0, 0},
                    "a table of funding per plan, given with flows (" + flow_files.front() +
                        "): the same money would count twice; give the table to --requirements "
                        "for its requirements, or read it alone");

    // Requirements per plan and year: from --requirements, else from the plan tables read as
    // funding. Countries resolved (one place, one row), then the user's choice applied.
    const geography r4v = geography::r4v();
    const sector_catalog sectors = sector_catalog::r4v();
    resolve_requirement_countries(plan_tables, r4v, report);
    std::optional<funding::requirements_table> req_table;
    if (auto r = opt.value("requirements")) {
        req_table.emplace();
        read_inputs({*r}, {io::file_kind::requirements, io::file_kind::fts_plans}, "funding",
                    "--requirements", err, inputs, failures, requirements_columns,
                    [&](input_text& in, const std::string& path, io::file_kind kind) {
                        read_requirements_text(in.take(), path, kind, *req_table, report,
                                               requirements_columns);
                    });
        *req_table = funding::select_sector(*req_table, scope);
    } else if (!plan_table_files.empty())
        req_table = plan_tables;
    if (refuses(opt, failures))
        return refuse_partial("funding", failures, err);
    std::vector<std::string> choice_notes;
    std::string year = choice.year;
    std::optional<funding::group_sums<usd_amount>> requirements;
    if (req_table) {
        if (opt.value("requirements"))
            resolve_requirement_countries(*req_table, r4v, report);
        *req_table = funding::choose(*req_table, choice, choice_notes);
        year = flow_year(choice, *req_table, by_year, choice_notes);
        requirements = funding::requirements_by(*req_table, key_names, choice_notes);
        if (!requirements)
            choice_notes.push_back("requirements are per country, sector, year and plan: none "
                                   "apply to groups by organisation");
    } else if (!choice.plans.empty())
        throw error(errc::usage, "--plan-code needs requirements (--requirements FILE, or a "
                                 "table of funding per plan) to know the plans' codes");
    if (!plan_table_files.empty()) {
        // What the choice leaves out of these tables is told once, for the requirements, when
        // the requirements are these tables.
        std::vector<std::string> table_notes;
        auto chosen = funding::choose(plan_tables, choice, table_notes);
        if (!year.empty() && choice.year.empty())
            chosen = funding::choose(chosen, {year, {}}, table_notes);
        if (opt.value("requirements"))
            choice_notes.insert(choice_notes.end(), table_notes.begin(), table_notes.end());
        auto sums = funding::requirements_by(chosen, key_names, choice_notes,
                                             funding::plan_figure::funding);
        if (!sums)
            throw error(errc::usage, source_position{plan_table_files.front(), 0, 0},
                        "a table of funding per plan gives funding by country, sector, year and "
                        "plan only, not by organisation");
        plain.funding.merge(*sums);
    }
    // --as-of: FTS flows dated after the date are left out (the rule of every command).
    std::size_t after_date = 0;
    const std::size_t duplicates = flows.duplicates_dropped();
    // Same id and version, different amounts: say which amount was kept.
    std::vector<std::string> conflict_notes;
    nlohmann::json conflicts_json = nlohmann::json::array();
    for (const auto& [id, amounts] : flows.conflicts()) {
        const auto& kept = flows.flows().at(id);
        conflicts_json.push_back({{"id", id},
                                  {"version", kept.version},
                                  {"amounts_usd", amounts},
                                  {"kept_usd", kept.amount.value()}});
        std::string n = "flow " + id + " version " + std::to_string(kept.version) +
                        " was given with different amounts (";
        for (auto a : amounts)
            n += (n.back() == '(' ? "" : ", ") + std::to_string(a);
        conflict_notes.push_back(n + " USD): kept " + std::to_string(kept.amount.value()) +
                                 " (the larger record in byte order), dropped the others");
    }
    if (as_of && any_fts) {
        auto s = funding::select_as_of(flows, *as_of);
        after_date = s.left_out;
        undated.flows += s.undated;
        flows = std::move(s.flows);
    }
    // --sector: the flows of the sector (funding::select_sector, the one sector filter).
    std::size_t unsure_sector = 0;
    usd_amount unsure_sector_usd{};
    if (!scope.whole() && any_fts) {
        auto s = funding::select_sector(flows, scope);
        unsure_sector = s.unsure;
        unsure_sector_usd = s.unsure_amount;
        flows = std::move(s.flows);
    }

    // Flows of the year (chosen, or that of the requirements) and of the plans chosen.
    if (!year.empty() && any_fts) {
        const auto s = funding::select_flows(
            flows, year, choice.plans, req_table ? *req_table : funding::requirements_table{});
        note_selected_flows(s, year, choice_notes);
        flows = s.flows;
    } else if (!choice.plans.empty() && any_fts) {
        const auto s = funding::select_flows(flows, "", choice.plans, *req_table);
        note_selected_flows(s, year, choice_notes);
        flows = s.flows;
    }
    if ((!year.empty() || !choice.plans.empty()) && !undated.sources.empty())
        for (const auto& p : undated.sources)
            choice_notes.push_back(p + " is a flow CSV: it has no usage years nor plans, so all "
                                       "its rows are counted whatever --year or --plan-code");

    auto grouped = funding::group_funding(flows, keys);
    grouped.funding.merge(plain.funding);
    grouped.pledges.merge(plain.pledges);
    // One country, one row: FTS API names ("Colombia", "Afghanistan") and HDX/flow CSV codes
    // ("COL") are both resolved to ISO3, through the R4V geography, then the countries of the
    // world; what neither knows is kept and named. Plans named by FTS flows ("Afghanistan 2020")
    // become the codes of the requirements' plans.
    // Sectors likewise through the R4V sector catalog, as misalign and report join them: "HEA",
    // "Health" and "Salud" are one row (core/resolve.hpp).
    std::vector<std::string> unresolved_locations, unresolved_plans, unresolved_sectors;
    grouped.funding = funding::resolve_countries(grouped.funding, r4v, unresolved_locations);
    grouped.pledges = funding::resolve_countries(grouped.pledges, r4v, unresolved_locations);
    grouped.funding = funding::resolve_sectors(grouped.funding, sectors, unresolved_sectors);
    grouped.pledges = funding::resolve_sectors(grouped.pledges, sectors, unresolved_sectors);
    if (requirements)
        requirements = funding::resolve_sectors(*requirements, sectors, unresolved_sectors);
    if (by_plan) {
        const funding::requirements_table none;
        const auto& plans = req_table ? *req_table : none;
        grouped.funding = funding::resolve_plans(grouped.funding, plans, unresolved_plans);
        grouped.pledges = funding::resolve_plans(grouped.pledges, plans, unresolved_plans);
    }

    provenance how;
    how.source(any_fts ? "FTS flows (incoming, not pledged, single on the boundary)"
               : !plan_table_files.empty() ? "funding per plan as its publisher gives it"
                                           : "flow CSV (every row counted)");
    if (as_of)
        how.as_of(*as_of);
    if (!scope.whole())
        how.note(scope.note());
    std::map<std::vector<std::string>, std::int64_t> allocated;
    std::map<std::vector<std::string>, double> w;
    std::string basis = allocate;
    if (allocate == "requirements" && !requirements)
        throw error(errc::usage, "--allocate requirements needs requirements (--requirements "
                                 "FILE, or a table of funding per plan)");
    if (allocate == "requirements") {
        auto weights_sums = funding::project_requirements(*requirements, key_names);
        if (!weights_sums)
            throw error(errc::usage, "--allocate requirements: requirements are per country "
                                     "and sector; --by organisation or year cannot be weighted");
        for (const auto& [k, v] : weights_sums->result())
            w[k] = static_cast<double>(v.value());
    } else if (allocate == "target" || allocate == "pin") {
        // Weights per (country, sector) are the plan's sector rows summed over admin1 (or the
        // country-level row when given) and
        // population groups. Intersector rows are left out: they are all-sector figures (people
        // counted once across sectors), so they cannot weight a sector, and adding them to a
        // country's sector sum would mix two different counts. Country weights are therefore the
        // sum of the country's sector rows too, consistent with the sector split.
        basis = allocate == "pin" ? "people in need (plan)" : "plan targets";
        plan_table plan;
        try {
            report.merge(io::read_plan(*opt.value("plan"), plan, {}));
        } catch (const error& e) {
            throw naming_input(e, *opt.value("plan"), "--plan");
        }
        if (!scope.whole())
            plan = select_sector(plan, scope);
        std::vector<std::string> dims;
        for (const auto& k : key_names)
            if (k == "country" || k == "sector")
                dims.push_back(k);
        if (dims.size() != key_names.size())
            throw error(errc::usage, "--allocate " + allocate +
                                         ": plan figures are per country and sector; --by "
                                         "organisation or year cannot be weighted");
        w = funding::plan_weights(
            plan, allocate == "pin" ? funding::plan_measure::pin : funding::plan_measure::target,
            key_names);
    }
    if (allocate != "none") {
        auto before = grouped.funding;
        for (const std::string dim : {"sector", "country"}) {
            if (std::find(key_names.begin(), key_names.end(), dim) == key_names.end())
                continue;
            auto res = funding::allocate_pro_rata(grouped.funding, dim, w, basis);
            grouped.funding = std::move(res.sums);
            for (const auto& n : res.how.notes())
                if (std::find(how.notes().begin(), how.notes().end(), n) == how.notes().end())
                    how.note(n);
        }
        for (const auto& [k, v] : grouped.funding.result())
            allocated[k] = tally::detail::checked_sub(v.value(), before.at(k).value());
        for (const auto& [k, v] : before.result())
            if (!allocated.contains(k))
                allocated[k] = tally::detail::checked_sub(0, v.value());
    }

    const auto rows = funding::coverage(grouped, requirements);
    const auto totals = flows.result();
    // With --by plan: the plan's name and caseload, from the requirements that name it.
    const auto plan_col = static_cast<std::size_t>(
        std::find(key_names.begin(), key_names.end(), "plan") - key_names.begin());
    auto plan_of_row =
        [&](const funding::coverage_row<usd_amount>& r) -> const funding::plan_requirement* {
        return by_plan && req_table ? req_table->plan(r.key[plan_col]) : nullptr;
    };
    auto count_text = [](std::optional<std::int64_t> v) {
        return v ? std::to_string(*v) : std::string("n/a");
    };

    output_target target(opt, out);
    std::ostream& os = target.stream();
    if (format == "csv") {
        write_not_read_lines(os, failures);
        for (const auto& k : key_names)
            os << k << ",";
        os << "funding_usd,pledges_usd";
        if (requirements)
            os << ",requirements_usd,unmet_usd,coverage";
        if (allocate != "none")
            os << ",allocated_usd";
        if (by_plan)
            os << ",plan_name,in_need,targeted";
        os << "\n";
        for (const auto& r : rows) {
            for (const auto& k : r.key)
                os << csv_cell(k) << ",";
            os << r.funding.value() << "," << r.pledges.value();
            if (requirements)
                os << "," << money_text(r.requirements) << "," << money_text(r.unmet) << ","
                   << ratio_csv(r.coverage);
            if (allocate != "none")
                os << "," << allocated[r.key];
            if (by_plan) {
                const auto* p = plan_of_row(r);
                os << "," << csv_cell(p ? p->plan_name : std::string()) << ","
                   << count_text(p ? p->in_need : std::nullopt) << ","
                   << count_text(p ? p->targeted : std::nullopt);
            }
            os << "\n";
        }
        if (rows.empty() && key_names.empty()) {
            os << "0,0";
            if (requirements)
                os << ",n/a,n/a,n/a";
            os << "\n";
        }
    } else {
        nlohmann::json j;
        auto& arr = j["rows"] = nlohmann::json::array();
        for (const auto& r : rows) {
            nlohmann::json row;
            for (std::size_t i = 0; i < key_names.size(); ++i)
                row[key_names[i]] = r.key[i];
            row["funding_usd"] = r.funding.value();
            row["pledges_usd"] = r.pledges.value();
            if (requirements) {
                row["requirements_usd"] =
                    r.requirements ? nlohmann::json(r.requirements->value()) : nlohmann::json();
                row["unmet_usd"] = r.unmet ? nlohmann::json(r.unmet->value()) : nlohmann::json();
                row["coverage"] = ratio_json<nlohmann::json>(r.coverage);
            }
            if (allocate != "none")
                row["allocated_usd"] = allocated[r.key];
            if (by_plan) {
                const auto* p = plan_of_row(r);
                row["plan_name"] = p ? nlohmann::json(p->plan_name) : nlohmann::json();
                row["plan_type"] = p ? nlohmann::json(p->plan_type) : nlohmann::json();
                row["in_need"] = p && p->in_need ? nlohmann::json(*p->in_need) : nlohmann::json();
                row["targeted"] =
                    p && p->targeted ? nlohmann::json(*p->targeted) : nlohmann::json();
            }
            arr.push_back(std::move(row));
        }
        j["shared_flows"] = totals.shared_flows;
        j["shared_usd"] = totals.shared.value();
        j["internal_flows"] = totals.internal_flows;
        j["internal_usd"] = totals.internal.value();
        j["duplicates_dropped"] = duplicates;
        // Same id and version, different amounts: the amounts given and the one kept.
        j["version_conflicts"] = conflicts_json;
        j["rows_read"] = report.rows_read;
        j["rows_rejected"] = report.rejected.size();
        j["provenance"] = how.footnote();
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

    target.commit();

    if (any_fts) {
        if (totals.shared_flows)
            err << "note: " << totals.shared_flows << " shared flow(s) of "
                << format_thousands(totals.shared.value())
                << " USD are listed but added to no total\n";
        if (totals.internal_flows)
            err << "note: " << totals.internal_flows << " internal flow(s) of "
                << format_thousands(totals.internal.value())
                << " USD are not added to incoming funding\n";
        if (duplicates)
            err << "note: " << duplicates
                << " duplicate flow record(s) dropped (highest versionId kept)\n";
        for (const auto& n : conflict_notes)
            err << "note: " << n << "\n";
        if (after_date)
            err << "note: " << after_date << " flow(s) dated after " << as_of->to_string()
                << " left out\n";
    }
    // --as-of cannot filter what has no date: say so rather than seem to have applied it.
    if (as_of)
        tell_undated(err, undated);
    if (!unresolved_locations.empty()) {
        err << "note: location(s) that are no country of the R4V geography nor of ISO 3166, "
               "kept as written (the same place written otherwise would be a separate row):";
        for (std::size_t i = 0; i < unresolved_locations.size(); ++i)
            err << (i ? ", " : " ") << unresolved_locations[i];
        err << "\n";
    }
    if (!unresolved_sectors.empty()) {
        err << "note: sector(s) not in the R4V sector catalog, kept as written (another spelling "
               "of the same sector would be a separate row):";
        for (std::size_t i = 0; i < unresolved_sectors.size(); ++i)
            err << (i ? ", " : " ") << unresolved_sectors[i];
        err << "\n";
    }
    if (!unresolved_plans.empty()) {
        err << "note: plan(s) of the flows that no requirements name, kept as FTS names them:";
        for (std::size_t i = 0; i < unresolved_plans.size(); ++i)
            err << (i ? ", " : " ") << unresolved_plans[i];
        err << "\n";
    }
    if (unsure_sector)
        err << "note: " << unsure_sector << " funding flow(s) of "
            << format_thousands(unsure_sector_usd.value())
            << " USD name no sector or sectors only partly in " << scope.name()
            << ": left out, as they cannot be split\n";
    if (!scope.whole() && allocate == "none")
        err << "note: " << scope.note() << "\n";
    for (const auto& n : choice_notes)
        err << "note: " << n << "\n";
    if (allocate != "none")
        err << "note: " << how.footnote() << "\n";
    report_problems(report, {}, err);
    return exit_status(opt, failures, !report.clean());
}

} // namespace tally::cli
