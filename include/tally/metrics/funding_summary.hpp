#pragma once
// Funding totals, pledges, requirements and coverage from files, as `tally funding` and the
// facade compute them, in named steps: the files read (FTS API JSON, HDX FTS flow exports, plain
// flow CSVs, or tables of funding per plan, never flows and tables together), the requirements
// chosen (a year, plans: funding::choose, funding::flow_year), the funding of the tables of
// funding per plan, the flows selected (as of a date, of a sector, of the requirements' year and
// plans), grouped and resolved to one row per country, sector and plan, the unattributed money
// allocated pro rata when asked, and the coverage per group. Each rule is in funding/; this
// header only orders the steps and keeps what the tool prints (docs/rules.md#funding).
//
// Cost: that of the readers; the flows are copied once per selection (as of a date, of a
// sector, of a year or plans); grouping and coverage are O(g log g) for g groups.

#include <tally/version.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/checked.hpp>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/money.hpp>
#include <tally/core/names.hpp>
#include <tally/core/period.hpp>
#include <tally/core/sector.hpp>
#include <tally/funding/allocation.hpp>
#include <tally/funding/coverage.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/flow_table.hpp>
#include <tally/table/plan_table.hpp>
#include <tally/table/sector_scope.hpp>
#include <utility>
#include <vector>

namespace tally::metrics {

/// What a funding summary is asked: the group keys (and their names), the allocation rule
/// (none, requirements, target or pin), the as-of date, the sector, the choice of a year and
/// plans among the requirements, and the column maps of the files and of the requirements.
struct funding_query {
    std::vector<funding::group_key> keys;
    std::vector<std::string> key_names;
    std::string allocate = "none";
    std::optional<date> as_of;
    sector_scope scope;
    funding::requirements_choice choice;
    io::column_map columns, requirements_columns;

    bool by(std::string_view key) const {
        return std::find(key_names.begin(), key_names.end(), key) != key_names.end();
    }
};

/// How the messages of set_funding_keys and check_allocation name the options they refuse: the
/// tool's options (`--by`, `--allocate target`, `--plan FILE`) by default; a binding gives its
/// arguments' names (facade::funding: `by=`, `allocate=target`, `plan=`).
struct funding_option_names {
    std::string by = "--by";              ///< the group keys
    std::string allocate = "--allocate "; ///< written before the rule: "--allocate target"
    std::string plan = "--plan";          ///< the plan of an allocation by target or PiN
    std::string plan_value = " FILE";     ///< written after plan when the plan is asked for
};

/// The group keys of a comma list (country, sector, organisation, year, plan), with their names
/// set in q. Throws errc::usage ("--by: ...", the option as names writes it) for a key of no
/// such name.
inline void set_funding_keys(funding_query& q, const std::string& by,
                             const funding_option_names& names = {}) {
    for (const auto& k : split_list(by)) {
        try {
            q.keys.push_back(funding::parse_group_key(k));
        } catch (const error& e) {
            throw error(errc::usage, names.by + ": " + e.detail());
        }
        q.key_names.emplace_back(funding::name_of(q.keys.back()));
    }
}

/// Refuses an allocation that cannot be made (errc::usage, naming the options as names writes
/// them): target and pin need a plan, a plan needs one of them, and any rule needs country or
/// sector among the keys.
inline void check_allocation(const funding_query& q, bool plan_given,
                             const funding_option_names& names = {}) {
    const auto& a = q.allocate;
    if ((a == "target" || a == "pin") && !plan_given)
        throw error(errc::usage, names.allocate + a + " needs " + names.plan + names.plan_value);
    if (plan_given && a != "target" && a != "pin")
        throw error(errc::usage, names.plan + " goes with " + names.allocate + "target|pin");
    if (a != "none" && !q.by("country") && !q.by("sector"))
        throw error(errc::usage,
                    names.allocate + a + " needs " + names.by + " with country or sector");
}

/// The inputs of a funding summary as read: flows (FTS, with their dates and boundaries), the
/// sums of plain flow CSVs, the tables of funding per plan, and the requirements.
struct funding_files {
    io::validation_report report;
    funding::flow_set<usd_amount> flows;
    /// Plain flow CSVs (and, later, tables of funding per plan) summed per group.
    funding::grouped_funding<usd_amount> plain;
    bool any_fts = false;
    funding::undated_funding undated;
    funding::requirements_table plan_tables;
    std::vector<std::string> plan_table_files, flow_files;
    /// From the requirements files, else the tables of funding per plan; none without either.
    std::optional<funding::requirements_table> requirements;
    bool requirements_given = false;

    explicit funding_files(const std::vector<std::string>& key_names)
        : plain{funding::group_sums<usd_amount>(key_names),
                funding::group_sums<usd_amount>(key_names)} {}
};

namespace detail {

/// The key of one row of a plain flow CSV, as dictionary ids. Throws errc::usage for keys a
/// flow CSV does not have (year, plan), naming the file.
inline void flow_csv_ids(const flow_table& t, std::size_t i, const funding_query& q,
                         const std::string& path, std::vector<code_id>& ids) {
    for (std::size_t k = 0; k < q.keys.size(); ++k) {
        switch (q.keys[k]) {
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
            throw error(errc::usage,
                        "--by year needs dated flows (FTS input); " + path + " has no dates");
        case funding::group_key::plan:
            throw error(errc::usage, "--by plan needs FTS flows or a table of funding per "
                                     "plan; " +
                                         path + " is a flow CSV without plans");
        }
    }
}

/// A plain flow CSV summed per group into f.plain: every row is funding (no dates, no
/// boundary). Sums per tuple of dictionary ids first (cheap), then names the groups. Throws
/// errc::overflow naming the file.
inline void add_flow_csv(funding_files& f, flow_table t, const funding_query& q,
                         const std::string& path) {
    if (!q.scope.whole())
        static_cast<flow_table&>(t) = select_sector(t, q.scope);
    std::map<std::vector<code_id>, std::int64_t> by_ids;
    std::vector<code_id> ids(q.keys.size());
    for (std::size_t i = 0; i < t.size(); ++i) {
        flow_csv_ids(t, i, q, path, ids);
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
        for (std::size_t k = 0; k < q.keys.size(); ++k)
            key.push_back(q.keys[k] == funding::group_key::country  ? t.countries[id_key[k]]
                          : q.keys[k] == funding::group_key::sector ? t.sectors[id_key[k]]
                                                                    : t.recipients[id_key[k]]);
        f.plain.funding.update(key, usd_amount(sum));
    }
}

/// A table of funding per plan read as funding. Throws errc::usage when it holds requirements
/// only (they go to the requirements).
inline void add_plan_table(funding_files& f, std::string text, const std::string& path,
                           io::file_kind kind, const io::column_map& columns) {
    funding::requirements_table t;
    io::read_requirements_text(std::move(text), path, kind, t, f.report, columns);
    if (std::none_of(t.rows().begin(), t.rows().end(),
                     [](const auto& r) { return r.funding.has_value(); }))
        throw error(errc::usage, source_position{path, 0, 0},
                    "requirements without funding figures: give them to "
                    "--requirements (a FILE of tally funding holds funding)");
    f.plan_tables.merge(t);
    f.plan_table_files.push_back(path);
}

/// One file of flows read, the one step of `tally funding`, `tally misalign`, `tally report` and
/// the facade (read_funding_files, read_join_files): FTS API JSON and HDX FTS flow exports into
/// flows (returns true); a plain flow CSV named in undated.sources (it has no dates, usage years
/// nor plans) and its table given to flow_csv(table), which makes of its rows what its caller
/// needs (sums per group, entries of a join) (returns false). text has `take()`, and `view` when
/// the caller can read the JSON in place.
template <class Text, class FlowCsv>
bool read_flow_file(Text& text, const std::string& path, io::file_kind kind,
                    funding::flow_set<usd_amount>& flows, funding::undated_funding& undated,
                    io::validation_report& report, const io::column_map& columns,
                    FlowCsv flow_csv) {
    switch (kind) {
    case io::file_kind::fts_json:
        if constexpr (requires { std::string_view(text.view); })
            io::parse_fts_json(text.view, path, flows, report);
        else
            io::parse_fts_json(text.take(), path, flows, report);
        return true;
    case io::file_kind::fts_csv:
        io::parse_fts_csv(text.take(), path, flows, report, {columns});
        return true;
    default:
        undated.sources.push_back(path);
        flow_csv(io::parse_flow_csv(text.take(), path, report, {columns}));
        return false;
    }
}

/// The flows of the year and plans chosen (funding::select_flows), with the notes on the flows it
/// left out and on each flow CSV read (undated.sources: it has no usage years nor plans, so all
/// its rows are counted). Nothing when neither a year nor plans are chosen. The one step of
/// `tally funding` (select_funding_flows) and of the join (read_join_files).
inline void keep_chosen_flows(funding::flow_set<usd_amount>& flows, const std::string& year,
                              const std::vector<std::string>& plans,
                              const funding::requirements_table& requirements,
                              const funding::undated_funding& undated,
                              std::vector<std::string>& notes) {
    if (year.empty() && plans.empty())
        return;
    const auto sel = funding::select_flows(flows, year, plans, requirements);
    funding::note_selected_flows(sel, year, notes);
    flows = sel.flows;
    for (const auto& p : undated.sources)
        notes.push_back(p + " is a flow CSV: it has no usage years nor plans, so all its rows are "
                            "counted whatever the year or plan");
}

/// One funding file, by its kind (text as read_flow_file takes it).
template <class Text>
void add_funding_file(funding_files& f, Text& text, const std::string& path, io::file_kind kind,
                      const funding_query& q) {
    if (kind == io::file_kind::requirements || kind == io::file_kind::fts_plans)
        return add_plan_table(f, text.take(), path, kind, q.columns);
    f.flow_files.push_back(path);
    if (read_flow_file(text, path, kind, f.flows, f.undated, f.report, q.columns,
                       [&](flow_table t) { add_flow_csv(f, std::move(t), q, path); }))
        f.any_fts = true;
}

} // namespace detail

/// Reads the inputs of a funding summary into f. read(name, kinds, columns, body) reads the
/// files of the input name ("funding", then "requirements") whose kind is one of kinds, calling
/// body(text, source, kind) for each (text has `take()`), and returns whether the input was
/// given; what it does with a file that cannot be read is its own (the tool reports it and goes
/// on, the facade throws or notes it). Throws errc::usage when tables of funding per plan are
/// given with flows (the same money would count twice), and as the readers do.
template <class Read>
void read_funding_files(funding_files& f, const funding_query& q, Read read) {
    read("funding",
         {io::file_kind::fts_json, io::file_kind::fts_csv, io::file_kind::flow_csv,
          io::file_kind::requirements, io::file_kind::fts_plans},
         q.columns, [&](auto& in, const std::string& path, io::file_kind kind) {
             detail::add_funding_file(f, in, path, kind, q);
         });
    f.plan_tables = funding::select_sector(f.plan_tables, q.scope);
    if (!f.plan_table_files.empty() && !f.flow_files.empty())
        throw error(errc::usage, source_position{f.plan_table_files.front(), 0, 0},
                    "a table of funding per plan, given with flows (" + f.flow_files.front() +
                        "): the same money would count twice; give the table to --requirements "
                        "for its requirements, or read it alone");
    io::resolve_requirement_countries(f.plan_tables, geography::r4v(), f.report);
    funding::requirements_table t;
    f.requirements_given = read(
        "requirements", {io::file_kind::requirements, io::file_kind::fts_plans},
        q.requirements_columns, [&](auto& in, const std::string& path, io::file_kind kind) {
            io::read_requirements_text(in.take(), path, kind, t, f.report, q.requirements_columns);
        });
    if (f.requirements_given)
        f.requirements = funding::select_sector(t, q.scope);
    else if (!f.plan_table_files.empty())
        f.requirements = f.plan_tables;
}

/// A flow given twice with one id and version and different amounts: the amounts given and the
/// one kept.
struct funding_conflict {
    std::string id;
    std::int64_t version = 0;
    std::vector<std::int64_t> amounts;
    std::int64_t kept = 0;
};

/// What `tally funding` prints: one coverage row per group (requirements, unmet and coverage
/// when requirements were given), the money allocated to each group, the plans of the rows
/// (with plan among the keys), the flows' boundary totals, and what each step left out.
struct funding_summary {
    std::vector<std::string> key_names;
    std::vector<funding::coverage_row<usd_amount>> rows;
    bool with_requirements = false;
    bool by_plan = false;
    std::string allocate = "none";
    /// Per group, what the allocation added (negative for the unattributed groups).
    std::map<std::vector<std::string>, std::int64_t> allocated;
    /// The requirements chosen (the plans of --by plan).
    std::optional<funding::requirements_table> plans;
    funding::boundary_totals<usd_amount> totals;
    provenance how;
    bool any_fts = false;
    std::optional<date> as_of;
    sector_scope scope;
    std::size_t duplicates = 0, after_as_of = 0, unsure_sector = 0;
    usd_amount unsure_sector_usd{};
    std::vector<funding_conflict> conflicts;
    funding::undated_funding undated;
    std::vector<std::string> unresolved_locations, unresolved_plans, unresolved_sectors;
    /// What the choice of a year and plans left out, and the year flows were selected by.
    std::vector<std::string> choice_notes;
    /// The year flows are selected by (chosen, or that of the requirements); empty: every year.
    std::string year;

    /// What the allocation added to the group key (0 for a group of pledges only).
    std::int64_t allocated_to(const std::vector<std::string>& key) const {
        const auto it = allocated.find(key);
        return it == allocated.end() ? 0 : it->second;
    }

    /// The plan of a row with plan among the keys, from the requirements; nullptr otherwise.
    const funding::plan_requirement* plan_of(const funding::coverage_row<usd_amount>& r) const {
        if (!by_plan || !plans)
            return nullptr;
        const auto col = static_cast<std::size_t>(
            std::find(key_names.begin(), key_names.end(), "plan") - key_names.begin());
        return plans->plan(r.key[col]);
    }
};

namespace detail {

/// The requirements chosen (year, plans), the year flows are selected by, and the requirements
/// summed per group (none by organisation). Throws errc::usage for plan codes without
/// requirements, and as funding::choose and funding::flow_year refuse.
inline std::optional<funding::group_sums<usd_amount>>
chosen_requirements(funding_summary& s, funding_files& f, const funding_query& q) {
    s.year = q.choice.year;
    if (!f.requirements) {
        if (!q.choice.plans.empty())
            throw error(errc::usage, "--plan-code needs requirements (--requirements FILE, or a "
                                     "table of funding per plan) to know the plans' codes");
        return std::nullopt;
    }
    auto& t = *f.requirements;
    if (f.requirements_given)
        io::resolve_requirement_countries(t, geography::r4v(), f.report);
    t = funding::choose(t, q.choice, s.choice_notes);
    s.year = funding::flow_year(q.choice, t, q.by("year"), s.choice_notes);
    auto r = funding::requirements_by(t, q.key_names, s.choice_notes);
    if (!r)
        s.choice_notes.push_back("requirements are per country, sector, year and plan: none "
                                 "apply to groups by organisation");
    return r;
}

/// The funding of the tables of funding per plan, of the year and plans chosen, added to
/// f.plain. Throws errc::usage by organisation (the tables have none).
inline void add_plan_table_funding(funding_summary& s, funding_files& f, const funding_query& q) {
    if (f.plan_table_files.empty())
        return;
    // What the choice leaves out of these tables is told once, for the requirements, when the
    // requirements are these tables.
    std::vector<std::string> table_notes;
    auto chosen = funding::choose(f.plan_tables, q.choice, table_notes);
    if (!s.year.empty() && q.choice.year.empty())
        chosen = funding::choose(chosen, {s.year, {}}, table_notes);
    if (f.requirements_given)
        s.choice_notes.insert(s.choice_notes.end(), table_notes.begin(), table_notes.end());
    auto sums = funding::requirements_by(chosen, q.key_names, s.choice_notes,
                                         funding::plan_figure::funding);
    if (!sums)
        throw error(errc::usage, source_position{f.plan_table_files.front(), 0, 0},
                    "a table of funding per plan gives funding by country, sector, year and "
                    "plan only, not by organisation");
    f.plain.funding.merge(*sums);
}

/// The flows given twice with different amounts (same id and version).
inline std::vector<funding_conflict> flow_conflicts(const funding::flow_set<usd_amount>& flows) {
    std::vector<funding_conflict> out;
    for (const auto& [id, amounts] : flows.conflicts()) {
        const auto& kept = flows.flows().at(id);
        out.push_back({id, kept.version, {amounts.begin(), amounts.end()}, kept.amount.value()});
    }
    return out;
}

/// The FTS flows of the summary: as of the date, of the sector, of the year and plans chosen.
inline void select_funding_flows(funding_summary& s, funding_files& f, const funding_query& q) {
    auto& flows = f.flows;
    s.duplicates = flows.duplicates_dropped();
    s.conflicts = flow_conflicts(flows);
    if (q.as_of && f.any_fts) {
        auto sel = funding::select_as_of(flows, *q.as_of);
        s.after_as_of = sel.left_out;
        f.undated.flows += sel.undated;
        flows = std::move(sel.flows);
    }
    if (!q.scope.whole() && f.any_fts) {
        auto sel = funding::select_sector(flows, q.scope);
        s.unsure_sector = sel.unsure;
        s.unsure_sector_usd = sel.unsure_amount;
        flows = std::move(sel.flows);
    }
    // Without FTS flows there are none to select (flows is empty): only the flow CSVs' notes.
    keep_chosen_flows(flows, s.year, q.choice.plans,
                      f.requirements ? *f.requirements : funding::requirements_table{}, f.undated,
                      s.choice_notes);
}

/// The flows grouped, with the plain sums, and the groups resolved: one country one row (the
/// R4V geography, then ISO 3166), sectors through the R4V sector catalog, plans named by flows
/// to the codes of the requirements' plans (core/resolve.hpp). What none knows is kept and
/// named.
inline funding::grouped_funding<usd_amount>
grouped_funding(funding_summary& s, funding_files& f, const funding_query& q,
                std::optional<funding::group_sums<usd_amount>>& requirements) {
    auto g = funding::group_funding(f.flows, q.keys);
    g.funding.merge(f.plain.funding);
    g.pledges.merge(f.plain.pledges);
    const geography r4v = geography::r4v();
    const sector_catalog sectors = sector_catalog::r4v();
    g.funding = funding::resolve_countries(g.funding, r4v, s.unresolved_locations);
    g.pledges = funding::resolve_countries(g.pledges, r4v, s.unresolved_locations);
    g.funding = funding::resolve_sectors(g.funding, sectors, s.unresolved_sectors);
    g.pledges = funding::resolve_sectors(g.pledges, sectors, s.unresolved_sectors);
    if (requirements)
        requirements = funding::resolve_sectors(*requirements, sectors, s.unresolved_sectors);
    if (s.by_plan) {
        const funding::requirements_table none;
        const auto& plans = f.requirements ? *f.requirements : none;
        g.funding = funding::resolve_plans(g.funding, plans, s.unresolved_plans);
        g.pledges = funding::resolve_plans(g.pledges, plans, s.unresolved_plans);
    }
    return g;
}

/// The weights of an allocation by requirements. Throws errc::usage without requirements, or
/// by keys other than country and sector.
inline std::map<std::vector<std::string>, double>
requirement_weights(const std::optional<funding::group_sums<usd_amount>>& requirements,
                    const funding_query& q) {
    if (!requirements)
        throw error(errc::usage, "--allocate requirements needs requirements (--requirements "
                                 "FILE, or a table of funding per plan)");
    auto sums = funding::project_requirements(*requirements, q.key_names);
    if (!sums)
        throw error(errc::usage, "--allocate requirements: requirements are per country "
                                 "and sector; --by organisation or year cannot be weighted");
    std::map<std::vector<std::string>, double> w;
    for (const auto& [k, v] : sums->result())
        w[k] = static_cast<double>(v.value());
    return w;
}

/// The weights of an allocation by plan targets or PiN: per (country, sector) the plan's sector
/// rows summed over admin1 (or the country-level row when given) and population groups.
/// Intersector rows are left out: they are all-sector figures (people counted once across
/// sectors), so they cannot weight a sector, and adding them to a country's sector sum would mix
/// two different counts. Country weights are therefore the sum of the country's sector rows too,
/// consistent with the sector split. Throws errc::usage by keys other than country and sector.
template <class ReadPlan>
std::map<std::vector<std::string>, double>
plan_allocation_weights(funding_files& f, const funding_query& q, ReadPlan read_plan) {
    plan_table plan;
    read_plan(plan, f.report);
    if (!q.scope.whole())
        plan = select_sector(plan, q.scope);
    std::size_t dims = 0;
    for (const auto& k : q.key_names)
        dims += k == "country" || k == "sector";
    if (dims != q.key_names.size())
        throw error(errc::usage, "--allocate " + q.allocate +
                                     ": plan figures are per country and sector; --by "
                                     "organisation or year cannot be weighted");
    return funding::plan_weights(
        plan, q.allocate == "pin" ? funding::plan_measure::pin : funding::plan_measure::target,
        q.key_names);
}

/// The unattributed funding spread over the groups pro rata to w, sector first then country;
/// what each group gained or lost goes to s.allocated, the rule's notes to s.how.
inline void allocate_funding(funding_summary& s, funding::grouped_funding<usd_amount>& g,
                             const funding_query& q,
                             const std::map<std::vector<std::string>, double>& w,
                             const std::string& basis) {
    auto before = g.funding;
    for (const std::string dim : {"sector", "country"}) {
        if (!q.by(dim))
            continue;
        auto res = funding::allocate_pro_rata(g.funding, dim, w, basis);
        g.funding = std::move(res.sums);
        for (const auto& n : res.how.notes())
            if (std::find(s.how.notes().begin(), s.how.notes().end(), n) == s.how.notes().end())
                s.how.note(n);
    }
    for (const auto& [k, v] : g.funding.result())
        s.allocated[k] = tally::detail::checked_sub(v.value(), before.at(k).value());
    for (const auto& [k, v] : before.result())
        if (!s.allocated.contains(k))
            s.allocated[k] = tally::detail::checked_sub(0, v.value());
}

} // namespace detail

/// The funding summary of the files read. read_plan(plan_table&, io::validation_report&) reads
/// the plan of an allocation by target or PiN (called only then). Throws errc::usage as the
/// steps refuse (plan codes without requirements, requirements of several years or plans in one
/// group, an allocation that cannot be weighted), errc::overflow for a sum over 64 bits.
template <class ReadPlan>
funding_summary summarize_funding(funding_files& f, const funding_query& q, ReadPlan read_plan) {
    funding_summary s;
    s.key_names = q.key_names;
    s.by_plan = q.by("plan");
    s.allocate = q.allocate;
    s.any_fts = f.any_fts;
    s.as_of = q.as_of;
    s.scope = q.scope;
    auto requirements = detail::chosen_requirements(s, f, q);
    detail::add_plan_table_funding(s, f, q);
    detail::select_funding_flows(s, f, q);
    auto g = detail::grouped_funding(s, f, q, requirements);
    s.how.source(f.any_fts ? "FTS flows (incoming, not pledged, single on the boundary)"
                 : !f.plan_table_files.empty() ? "funding per plan as its publisher gives it"
                                               : "flow CSV (every row counted)");
    if (q.as_of)
        s.how.as_of(*q.as_of);
    if (!q.scope.whole())
        s.how.note(q.scope.note());
    if (q.allocate == "requirements")
        detail::allocate_funding(s, g, q, detail::requirement_weights(requirements, q), q.allocate);
    else if (q.allocate == "target" || q.allocate == "pin")
        detail::allocate_funding(s, g, q, detail::plan_allocation_weights(f, q, read_plan),
                                 q.allocate == "pin" ? "people in need (plan)" : "plan targets");
    s.rows = funding::coverage(g, requirements);
    s.with_requirements = requirements.has_value();
    s.totals = f.flows.result();
    s.undated = f.undated;
    s.plans = f.requirements;
    return s;
}

/// The note of a flow given twice with different amounts.
inline std::string conflict_note(const funding_conflict& c) {
    std::string n = "flow " + c.id + " version " + std::to_string(c.version) +
                    " was given with different amounts (";
    for (auto a : c.amounts)
        n += (n.back() == '(' ? "" : ", ") + std::to_string(a);
    return n + " USD): kept " + std::to_string(c.kept) +
           " (the larger record in byte order), dropped the others";
}

namespace detail {

inline std::string listed(std::string head, const std::vector<std::string>& names) {
    for (std::size_t i = 0; i < names.size(); ++i)
        head += (i ? ", " : " ") + names[i];
    return head;
}

/// The notes of the FTS boundary: shared, internal, duplicate and conflicting flows, and those
/// dated after the as-of date.
inline void boundary_notes(const funding_summary& s, std::vector<std::string>& out) {
    if (!s.any_fts)
        return;
    const auto& t = s.totals;
    if (t.shared_flows)
        out.push_back(std::to_string(t.shared_flows) + " shared flow(s) of " +
                      format_thousands(t.shared.value()) + " USD are listed but added to no total");
    if (t.internal_flows)
        out.push_back(std::to_string(t.internal_flows) + " internal flow(s) of " +
                      format_thousands(t.internal.value()) +
                      " USD are not added to incoming funding");
    if (s.duplicates)
        out.push_back(std::to_string(s.duplicates) +
                      " duplicate flow record(s) dropped (highest versionId kept)");
    for (const auto& c : s.conflicts)
        out.push_back(conflict_note(c));
    if (s.after_as_of)
        out.push_back(std::to_string(s.after_as_of) + " flow(s) dated after " +
                      s.as_of->to_string() + " left out");
}

} // namespace detail

/// What a funding summary says besides its rows, in the order `tally funding` writes it on
/// stderr (each line after "note: "): the FTS boundary, what --as-of could not filter, the
/// places, sectors and plans kept as written, the flows of a sector left out, the choice of a
/// year and plans, the allocation's rule.
inline std::vector<std::string> funding_notes(const funding_summary& s) {
    std::vector<std::string> out;
    detail::boundary_notes(s, out);
    // --as-of cannot filter what has no date: say so rather than seem to have applied it.
    if (s.as_of) {
        for (const auto& p : s.undated.sources)
            out.push_back("--as-of does not apply to " + p +
                          ": a flow CSV has no dates, all its rows are counted");
        if (s.undated.flows)
            out.push_back(std::to_string(s.undated.flows) +
                          " flow(s) have no date and are kept whatever --as-of");
    }
    if (!s.unresolved_locations.empty())
        out.push_back(detail::listed(
            "location(s) that are no country of the R4V geography nor of ISO 3166, kept as "
            "written (the same place written otherwise would be a separate row):",
            s.unresolved_locations));
    if (!s.unresolved_sectors.empty())
        out.push_back(detail::listed("sector(s) not in the R4V sector catalog, kept as written "
                                     "(another spelling of the same sector would be a separate "
                                     "row):",
                                     s.unresolved_sectors));
    if (!s.unresolved_plans.empty())
        out.push_back(detail::listed(
            "plan(s) of the flows that no requirements name, kept as FTS names them:",
            s.unresolved_plans));
    if (s.unsure_sector)
        out.push_back(std::to_string(s.unsure_sector) + " funding flow(s) of " +
                      format_thousands(s.unsure_sector_usd.value()) +
                      " USD name no sector or sectors only partly in " + s.scope.name() +
                      ": left out, as they cannot be split");
    if (!s.scope.whole() && s.allocate == "none")
        out.push_back(s.scope.note());
    out.insert(out.end(), s.choice_notes.begin(), s.choice_notes.end());
    if (s.allocate != "none")
        out.push_back(s.how.footnote());
    return out;
}

} // namespace tally::metrics
