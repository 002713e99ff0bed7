#pragma once
// Requirements per plan and year, as FTS and HDX publish them, and the rule that keeps them
// apart.
//
// A requirement belongs to one plan (HAFG20, RREG22, or none for a plain requirements CSV), one
// year and one country (or several, for a regional plan given without its country split), and
// is either the plan's whole requirement (sector "") or a plan cluster's. The sources (HDX's "FTS
// requirements and funding" files, the HDX HAPI funding table, FTS's plan overview) hold one row
// per plan and year, often for twenty years: adding them gives a figure that means nothing
// (Ukraine 2008-2027: 12,919,726,932 USD, against 3,945,656,687 for 2023). So:
//   - a group of the output never adds requirements of two years, nor of two plans (plans with
//     a requirement above 0), unless it is grouped by year or plan: the user chooses a year
//     (--year) or plans (--plan-code), or groups by them, and otherwise the command is refused,
//     naming the file, the years and plans found and the options that choose
//     (requirements_by);
//   - within one plan, its whole-plan row is used when the output is not by sector, else its
//     cluster rows; a whole-plan row has no sector, so it fits no sector group, and is told (with
//     its sum) instead of being dropped in silence;
//   - a regional plan given without its country split fits no country group: told with its
//     sum, used where the output is not by country.
// Funding figures printed by the publisher (per plan and year) follow the same year rule; money
// of several plans in one group is added (money is money), never that of several years.

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/funding/grouping.hpp>
#include <vector>

namespace tally::funding {

/// One row of a requirements source: a plan's (or one of its clusters') requirement in one
/// country and year, with the publisher's funding figure and caseloads when it gives them.
struct plan_requirement {
    std::string country;   ///< ISO3 where it resolves, else as written; multi_country for a plan
                           ///< over several countries given without its country split
    std::string sector;    ///< "" for the whole plan
    std::string plan_code; ///< "HAFG20"; not_specified for money outside any plan; "" for none
    std::string plan_id;   ///< FTS's id of the plan, when given
    std::string plan_name;
    std::string
        plan_type;    ///< "Humanitarian response plan", "Flash appeal", "Regional response plan"
    std::string year; ///< "2020"; "" when the source gives none
    std::optional<usd_amount> requirements;        ///< absent: the source gives none (not 0)
    std::optional<usd_amount> funding;             ///< the publisher's funding figure
    std::optional<std::int64_t> in_need, targeted; ///< the plan's caseload
    std::vector<std::string> countries;            ///< the countries of a multi-country plan
    std::string source;                            ///< file
    std::size_t line = 0;                          ///< line (0 for JSON)
};

/// The plan a row belongs to, as a group value: its code, else its FTS id, else its name; ""
/// for a row of no plan (a plain requirements CSV).
inline std::string plan_of(const plan_requirement& r) {
    return !r.plan_code.empty() ? r.plan_code : !r.plan_id.empty() ? r.plan_id : r.plan_name;
}

/// The rows of one or more requirements sources, in input order.
class requirements_table {
  public:
    void add(plan_requirement r) { rows_.push_back(std::move(r)); }
    void merge(const requirements_table& o) {
        rows_.insert(rows_.end(), o.rows_.begin(), o.rows_.end());
    }
    bool empty() const noexcept { return rows_.empty(); }
    std::size_t size() const noexcept { return rows_.size(); }
    const std::vector<plan_requirement>& rows() const noexcept { return rows_; }
    std::vector<plan_requirement>& rows() noexcept { return rows_; }

    /// The distinct years of the rows, sorted ("" first when some row has none).
    std::vector<std::string> years() const {
        std::set<std::string> s;
        for (const auto& r : rows_)
            s.insert(r.year);
        return {s.begin(), s.end()};
    }
    /// The distinct plan codes of the rows with a requirement, sorted.
    std::vector<std::string> plans() const {
        std::set<std::string> s;
        for (const auto& r : rows_)
            if (r.requirements)
                s.insert(plan_of(r));
        return {s.begin(), s.end()};
    }
    /// The code of the plan that s names: its code, its FTS id or its name (as FTS flows name
    /// their plan: "Afghanistan 2020"), or std::nullopt.
    std::optional<std::string> plan_code_of(std::string_view s) const {
        if (s.empty())
            return std::nullopt;
        for (const auto& r : rows_)
            if (plan_of(r) != not_specified &&
                (r.plan_code == s || r.plan_id == s || r.plan_name == s))
                return plan_of(r);
        return std::nullopt;
    }
    /// The first row of plan code (for its name, type and caseload), or nullptr.
    const plan_requirement* plan(std::string_view code) const {
        for (const auto& r : rows_)
            if (plan_of(r) == code)
                return &r;
        return nullptr;
    }

  private:
    std::vector<plan_requirement> rows_;
};

/// What the user chose: one year, some plans (codes); empty for no choice.
struct requirements_choice {
    std::string year;
    std::vector<std::string> plans;
};

namespace detail {
inline std::string joined(const std::vector<std::string>& v, std::string_view none = "no year") {
    std::string s;
    for (const auto& x : v) {
        s += s.empty() ? "" : ", ";
        s += x.empty() ? std::string(none) : x;
    }
    return s;
}
/// The files of rows, without repeats, joined by ", ".
template <class Rows>
std::string files_of(const Rows& rows) {
    std::vector<std::string> files;
    for (const plan_requirement* r : rows)
        if (std::find(files.begin(), files.end(), r->source) == files.end())
            files.push_back(r->source);
    return joined(files, "(no file)");
}
inline bool has_key(const std::vector<std::string>& keys, std::string_view k) {
    return std::find(keys.begin(), keys.end(), k) != keys.end();
}
} // namespace detail

/// The rows of a requirements table in one sector scope (table/sector_scope.hpp): rows of a
/// sector of the scope. A row of a whole plan (sector "") is every sector's and lies in no
/// scope. Every row is kept for the scope of every sector.
inline requirements_table select_sector(const requirements_table& table,
                                        const sector_scope& scope) {
    requirements_table out;
    for (const auto& r : table.rows())
        if (scope.whole() || (!r.sector.empty() && scope.contains(r.sector)))
            out.add(r);
    return out;
}

/// The rows of table in the chosen year and plans (all rows when nothing was chosen). Notes
/// what was left out on notes. Throws errc::usage naming the files when the year or a plan
/// chosen is not in the table (listing those that are).
inline requirements_table choose(const requirements_table& table, const requirements_choice& c,
                                 std::vector<std::string>& notes) {
    std::vector<const plan_requirement*> all;
    for (const auto& r : table.rows())
        all.push_back(&r);
    if (!c.year.empty()) {
        const auto ys = table.years();
        if (std::find(ys.begin(), ys.end(), c.year) == ys.end())
            throw error(errc::usage, source_position{detail::files_of(all), 0, 0},
                        "no requirements of --year " + c.year +
                            " (years found: " + detail::joined(ys) + ")");
    }
    for (const auto& p : c.plans)
        if (!table.plan(p))
            throw error(errc::usage, source_position{detail::files_of(all), 0, 0},
                        "no plan with the code '" + p + "' given to --plan-code (plans found: " +
                            detail::joined(table.plans(), "no plan") + ")");
    requirements_table out;
    std::size_t other_year = 0, other_plan = 0;
    for (const auto& r : table.rows()) {
        if (!c.year.empty() && r.year != c.year) {
            ++other_year;
            continue;
        }
        if (!c.plans.empty() &&
            std::find(c.plans.begin(), c.plans.end(), plan_of(r)) == c.plans.end()) {
            ++other_plan;
            continue;
        }
        out.add(r);
    }
    if (other_year)
        notes.push_back(std::to_string(other_year) + " requirement row(s) of other years than " +
                        c.year + " left out (--year)");
    if (other_plan)
        notes.push_back(std::to_string(other_plan) +
                        " requirement row(s) of other plans left out (--plan-code)");
    return out;
}

/// Which figure of the rows requirements_by adds up.
enum class plan_figure { requirements, funding };

namespace detail {

/// The figure of r that requirements_by adds: its requirements or its funding.
inline auto requirement_figure(const plan_requirement& r, plan_figure what) {
    return what == plan_figure::requirements ? r.requirements : r.funding;
}

/// The check requirements_by makes on one group (its key, its rows) before adding it: throws
/// errc::usage as requirements_by says when the group would add figures of several years
/// (key_names without year) or requirements of several plans (key_names without plan).
inline void refuse_mixed_group(const std::vector<std::string>& key,
                               const std::vector<const plan_requirement*>& rows,
                               const std::vector<std::string>& key_names, plan_figure what,
                               bool can_group) {
    const std::string figure = what == plan_figure::requirements ? "requirements" : "funding";
    std::set<std::string> years, plans;
    for (const auto* r : rows) {
        years.insert(r->year);
        if (requirement_figure(*r, what)->value() != 0)
            plans.insert(plan_of(*r));
    }
    std::string group;
    for (std::size_t i = 0; i < key.size(); ++i)
        group += (group.empty() ? "" : ", ") + key_names[i] + " " + key[i];
    group = group.empty() ? "the total" : "the group (" + group + ")";
    if (!detail::has_key(key_names, "year") && years.size() > 1) {
        std::set<std::string> all_plans;
        for (const auto* r : rows)
            all_plans.insert(plan_of(*r).empty() ? std::string("no plan") : plan_of(*r));
        throw error(
            errc::usage, source_position{detail::files_of(rows), 0, 0},
            figure + " of " + std::to_string(years.size()) + " years (" +
                detail::joined({years.begin(), years.end()}) + ") and " +
                std::to_string(all_plans.size()) + " plan(s) (" +
                detail::joined({all_plans.begin(), all_plans.end()}) + ") would be added in " +
                group + ": choose a year with --year YEAR or a plan with --plan-code CODE" +
                (can_group ? ", or group by them with --by ...,year or --by ...,plan" : ""));
    }
    if (what == plan_figure::requirements && !detail::has_key(key_names, "plan") &&
        plans.size() > 1) {
        std::string list;
        for (const auto& p : plans) {
            const plan_requirement* first = nullptr;
            for (const auto* r : rows)
                if (plan_of(*r) == p && !first)
                    first = r;
            list += (list.empty() ? "" : "; ") + (p.empty() ? std::string("no plan") : p) +
                    (first && !first->plan_name.empty() ? " " + first->plan_name : "");
        }
        throw error(errc::usage, source_position{detail::files_of(rows), 0, 0},
                    "requirements of " + std::to_string(plans.size()) + " plans (" + list +
                        ") would be added in " + group + ": choose with --plan-code CODE" +
                        (can_group ? ", or group by plan with --by ...,plan" : ""));
    }
}

} // namespace detail

/// The requirements (or the publisher's funding figures) of table summed per group of
/// key_names, any of country, sector, year, plan (other names are not keys of requirements:
/// std::nullopt). The rules at the top of this header apply: within a group, a plan's whole-plan
/// row is used when key_names has no sector, else its cluster rows; rows that fit no group
/// (a whole-plan row when grouped by sector, a plan over several countries when grouped by
/// country) are left out and told on notes with their sum. Throws errc::usage naming the files
/// when a group would add figures of several years (key_names without year), or requirements of
/// several plans (key_names without plan), listing them and the options that choose (--by
/// year|plan among them when can_group: a command that cannot group by them says so).
inline std::optional<group_sums<usd_amount>>
requirements_by(const requirements_table& table, const std::vector<std::string>& key_names,
                std::vector<std::string>& notes, plan_figure what = plan_figure::requirements,
                bool can_group = true) {
    for (const auto& k : key_names)
        if (k != "country" && k != "sector" && k != "year" && k != "plan")
            return std::nullopt;
    const bool by_sector = detail::has_key(key_names, "sector"),
               by_country = detail::has_key(key_names, "country");
    auto value = [&](const plan_requirement& r) {
        return what == plan_figure::requirements ? r.requirements : r.funding;
    };
    // Plans (code, year, country) that have a whole-plan row: their cluster rows are not added
    // to it when the output is not by sector.
    std::set<std::vector<std::string>> whole_plan;
    for (const auto& r : table.rows())
        if (r.sector.empty() && value(r))
            whole_plan.insert({plan_of(r), r.year, r.country});
    std::map<std::vector<std::string>, std::vector<const plan_requirement*>> groups;
    usd_amount no_sector, several_countries;
    std::set<std::string> no_sector_plans, several_countries_plans;
    for (const auto& r : table.rows()) {
        const auto v = value(r);
        if (!v)
            continue;
        if (by_sector && r.sector.empty()) {
            no_sector += *v;
            no_sector_plans.insert(plan_of(r).empty() ? std::string("no plan") : plan_of(r));
            continue;
        }
        if (!by_sector && !r.sector.empty() && whole_plan.contains({plan_of(r), r.year, r.country}))
            continue; // the whole-plan row of this plan counts instead
        if (by_country && r.country == multi_country) {
            several_countries += *v;
            several_countries_plans.insert(plan_of(r));
            continue;
        }
        std::vector<std::string> key;
        for (const auto& k : key_names)
            key.push_back(k == "country"  ? r.country
                          : k == "sector" ? r.sector
                          : k == "year"
                              ? r.year
                              : (plan_of(r).empty() ? std::string(not_specified) : plan_of(r)));
        groups[key].push_back(&r);
    }
    const std::string figure = what == plan_figure::requirements ? "requirements" : "funding";
    if (!no_sector_plans.empty())
        notes.push_back(figure + " of whole plans (" +
                        detail::joined({no_sector_plans.begin(), no_sector_plans.end()}) + ", " +
                        std::to_string(no_sector.value()) +
                        " USD) have no sector: they fit no sector group and are left out");
    if (!several_countries_plans.empty())
        notes.push_back(
            figure + " of plans over several countries without a country split (" +
            detail::joined({several_countries_plans.begin(), several_countries_plans.end()}) +
            ", " + std::to_string(several_countries.value()) +
            " USD) fit no country group and are left out");
    group_sums<usd_amount> out(key_names);
    for (const auto& [key, rows] : groups) {
        detail::refuse_mixed_group(key, rows, key_names, what, can_group);
        for (const auto* r : rows)
            out.update(key, *value(*r));
    }
    return out;
}

/// The flows of one usage year and of some plans, so that funding compares with the
/// requirements of that year and those plans (FTS selects flows by usage year the same way).
template <Amount A>
struct selected_flows {
    flow_set<A> flows;
    std::size_t other_year = 0; ///< funding flows of another usage year, or of several
    std::size_t no_year = 0;    ///< funding flows without a usage year
    std::size_t other_plan = 0; ///< funding flows of no plan chosen (or of several plans)
    A other_year_amount{}, no_year_amount{}, other_plan_amount{};
};

/// The flows of flows whose one destination UsageYear is year (any year when year is ""), and
/// whose one destination Plan (by FTS id or name, through plans.plan_code_of) is one of
/// plan_codes (any plan when plan_codes is empty); the others are counted, with their amounts,
/// by why they were left out. Only flows that count (funding or pledges) are selected: the
/// others (internal, outgoing, shared) add to no total whatever their year, and are kept for
/// what is said about them.
template <Amount A>
selected_flows<A> select_flows(const flow_set<A>& flows, const std::string& year,
                               const std::vector<std::string>& plan_codes,
                               const requirements_table& plans) {
    selected_flows<A> out;
    for (const auto& [id, f] : flows) {
        if (!f.counts_as_funding() && !f.counts_as_pledge()) {
            out.flows.update(f);
            continue;
        }
        if (!year.empty()) {
            const auto ys = f.destinations_of(object_type::usage_year);
            if (ys.empty()) {
                ++out.no_year;
                out.no_year_amount += f.amount;
                continue;
            }
            if (ys.size() > 1 || ys.front()->name != year) {
                ++out.other_year;
                out.other_year_amount += f.amount;
                continue;
            }
        }
        if (!plan_codes.empty()) {
            const auto ps = f.destinations_of(object_type::plan);
            std::optional<std::string> code;
            if (ps.size() == 1) {
                code = plans.plan_code_of(ps.front()->id);
                if (!code)
                    code = plans.plan_code_of(ps.front()->name);
            }
            if (!code ||
                std::find(plan_codes.begin(), plan_codes.end(), *code) == plan_codes.end()) {
                ++out.other_plan;
                out.other_plan_amount += f.amount;
                continue;
            }
        }
        out.flows.update(f);
    }
    return out;
}

/// The plan values of sums (the key column named "plan": FTS gives a flow's plan by name) as
/// the plan codes of plans (plan_code_of), so that flows and requirements meet in one group.
/// A value plans does not know is kept as written and listed in unresolved (once); the
/// buckets of unattributed money are kept as they are. Sums without a plan column are returned
/// unchanged.
template <Amount A>
group_sums<A> resolve_plans(const group_sums<A>& sums, const requirements_table& plans,
                            std::vector<std::string>& unresolved) {
    const auto& names = sums.key_names();
    const auto col = std::find(names.begin(), names.end(), name_of(group_key::plan));
    if (col == names.end())
        return sums;
    const auto c = static_cast<std::size_t>(col - names.begin());
    group_sums<A> out(names);
    for (const auto& [k, amount] : sums.result()) {
        auto key = k;
        if (!is_unattributed(key[c])) {
            if (const auto code = plans.plan_code_of(key[c]))
                key[c] = *code;
            else if (std::find(unresolved.begin(), unresolved.end(), key[c]) == unresolved.end())
                unresolved.push_back(key[c]);
        }
        out.update(key, amount);
    }
    return out;
}

/// The usage year flows are selected by: the year chosen, else (unless the output is grouped by
/// year) the one year of the requirements chosen, told on notes; "" for none.
inline std::string flow_year(const funding::requirements_choice& c,
                             const funding::requirements_table& chosen, bool by_year,
                             std::vector<std::string>& notes) {
    if (!c.year.empty() || by_year)
        return c.year;
    std::vector<std::string> years;
    for (const auto& r : chosen.rows())
        if (r.requirements && std::find(years.begin(), years.end(), r.year) == years.end())
            years.push_back(r.year);
    if (years.size() != 1 || years.front().empty())
        return {};
    notes.push_back("requirements are of " + years.front() +
                    " only: funding is that of usage year " + years.front() +
                    " (choose another with --year, or --by year)");
    return years.front();
}

/// The notes on the flows select_flows left out.
template <class Selected>
void note_selected_flows(const Selected& s, const std::string& year,
                         std::vector<std::string>& notes) {
    auto usd = [](auto a) { return std::to_string(a.value()) + " USD"; };
    if (s.other_year)
        notes.push_back(std::to_string(s.other_year) + " flow(s) of " + usd(s.other_year_amount) +
                        " of another usage year than " + year + " (or of several) left out");
    if (s.no_year)
        notes.push_back(std::to_string(s.no_year) + " flow(s) of " + usd(s.no_year_amount) +
                        " without a usage year left out");
    if (s.other_plan)
        notes.push_back(std::to_string(s.other_plan) + " flow(s) of " + usd(s.other_plan_amount) +
                        " of other plans (or of no plan) left out (--plan-code)");
}

} // namespace tally::funding
