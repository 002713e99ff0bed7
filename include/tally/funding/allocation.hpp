#pragma once
// Optional allocation of unattributed funding to named groups, pro rata to weights
// (requirements, targets or people in need). This is an assumption, not an FTS fact: FTS
// itself never splits such money, so the result carries a provenance stating the rule, and
// unearmarked allocations are indicative.
//
// Rule, for the key column `dim` (country or sector): the money of a group whose value in dim
// is unattributed (see is_unattributed) is spread over the groups that agree with it on every
// other key column and have a positive weight, in proportion to the weights. Shares are whole
// dollars by the largest-remainder method (ties to the earlier key in byte order), so the
// allocated amounts add up exactly to the amount spread and totals never change. Money with no
// weighted group to go to stays in its bucket.

#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <cmath>
#include <map>
#include <numeric>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/money.hpp>
#include <tally/detail/checked.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/table/plan_table.hpp>
#include <vector>

namespace tally::funding {

/// True for the unattributed bucket names of the plain flow CSV ("REGIONAL", "MULTI") and of
/// FTS grouping (is_unattributed).
inline bool is_unattributed_code(std::string_view v) {
    return is_unattributed(v) || v == "REGIONAL" || v == "MULTI";
}

/// Splits total (whole units, ≥ 0 or < 0) over weights w (all ≥ 0, Σ > 0) by the largest
/// remainder method: Σ result == total exactly. Throws errc::invalid_argument when a weight is
/// negative or not finite, or all are 0.
inline std::vector<std::int64_t> split_pro_rata(std::int64_t total, const Eigen::VectorXd& w) {
    if (w.size() == 0 || (w.array() < 0).any() || !w.allFinite() || w.sum() <= 0)
        throw error(errc::invalid_argument, "allocation weights must be finite, ≥ 0, not all 0");
    const Eigen::VectorXd exact = (w / w.sum()) * static_cast<double>(total);
    const Eigen::VectorXd floor = exact.array().floor();
    std::vector<std::int64_t> out(static_cast<std::size_t>(w.size()));
    std::int64_t given = 0;
    for (Eigen::Index i = 0; i < w.size(); ++i) {
        out[static_cast<std::size_t>(i)] = static_cast<std::int64_t>(floor[i]);
        given += out[static_cast<std::size_t>(i)];
    }
    std::vector<Eigen::Index> order(static_cast<std::size_t>(w.size()));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
        return exact[a] - floor[a] > exact[b] - floor[b];
    });
    // Rounding of doubles may leave |remainder| a little off the ideal; walk the order
    // cyclically so the sum is exact whatever it is.
    std::int64_t rest = total - given;
    for (std::size_t i = 0; rest != 0; i = (i + 1) % order.size()) {
        const auto step = rest > 0 ? 1 : -1;
        out[static_cast<std::size_t>(order[i])] += step;
        rest -= step;
    }
    return out;
}

/// The result of an allocation: the reallocated sums and how they were obtained.
template <Amount A = usd_amount>
struct allocation_result {
    group_sums<A> sums;
    A moved{}; ///< amount taken out of unattributed buckets
    A left{};  ///< unattributed amount with nowhere to go
    provenance how;
};

/// Spreads the unattributed groups of sums on column dim over the weighted groups (see the
/// rule at the top). weights is keyed like sums; basis names the weights in the provenance
/// ("requirements", "targets", "people in need"). Throws errc::invalid_argument when dim is not
/// a key column of sums.
template <Amount A>
allocation_result<A> allocate_pro_rata(const group_sums<A>& sums, const std::string& dim,
                                       const std::map<std::vector<std::string>, double>& weights,
                                       const std::string& basis) {
    const auto& names = sums.key_names();
    auto it = std::find(names.begin(), names.end(), dim);
    if (it == names.end())
        throw error(errc::invalid_argument, "allocation column '" + dim + "' is not grouped by");
    const auto d = static_cast<std::size_t>(it - names.begin());
    auto others = [&](const std::vector<std::string>& k) {
        auto o = k;
        o.erase(o.begin() + static_cast<std::ptrdiff_t>(d));
        return o;
    };
    // Candidate groups per "other key parts", in key order.
    std::map<std::vector<std::string>, std::vector<std::pair<std::vector<std::string>, double>>>
        targets;
    for (const auto& [k, w] : weights)
        if (k.size() == names.size() && w > 0 && !is_unattributed_code(k[d]))
            targets[others(k)].emplace_back(k, w);
    allocation_result<A> res{group_sums<A>(names), A{}, A{}, provenance{}};
    for (const auto& [k, v] : sums.result()) {
        if (!is_unattributed_code(k[d])) {
            res.sums.update(k, v);
            continue;
        }
        auto t = targets.find(others(k));
        if (t == targets.end() || v.units() == 0) {
            res.sums.update(k, v);
            res.left += v;
            continue;
        }
        Eigen::VectorXd w(static_cast<Eigen::Index>(t->second.size()));
        for (std::size_t i = 0; i < t->second.size(); ++i)
            w[static_cast<Eigen::Index>(i)] = t->second[i].second;
        const auto parts = split_pro_rata(v.units(), w);
        for (std::size_t i = 0; i < parts.size(); ++i)
            res.sums.update(t->second[i].first, A(parts[i]));
        res.sums.update(k, A{}); // the emptied bucket stays visible
        res.moved += v;
    }
    res.how
        .note("Unattributed " + dim + " funding (Not specified, multi-" + dim +
              ", regional) allocated pro rata to " + basis + " by the largest-remainder method")
        .note("Allocated amounts are indicative: FTS does not break this money down");
    if (res.left.units() != 0)
        res.how.note(format_thousands(res.left.units()) + " " + std::string(A::currency::code) +
                     " had no " + basis + " to be allocated by and stays in its bucket");
    return res;
}

/// Which plan figure weights an allocation.
enum class plan_measure : std::uint8_t { target, pin };

/// Allocation weights from a plan table: the PiN or target per (country, sector), summed onto
/// key_names (a subset of "country" and "sector"; other names throw errc::invalid_argument).
/// Per (country, sector, population group) the country-level row is used when there is one,
/// else the sum of its admin1 rows, so a plan giving both levels is not counted twice.
/// Population groups are disjoint and add up. Intersector rows are never used (they are not
/// per sector). Keys are the plan's codes, so funding keys must use the same codes.
inline std::map<std::vector<std::string>, double>
plan_weights(const plan_table& plan, plan_measure m, const std::vector<std::string>& key_names) {
    for (const auto& k : key_names)
        if (k != "country" && k != "sector")
            throw error(errc::invalid_argument,
                        "plan weights are per country and sector, not per '" + k + "'");
    // (country, sector, group) -> (country-level sum, has country level, admin1 sum)
    struct cell_sum {
        std::int64_t country_level = 0;
        bool has_country_level = false;
        std::int64_t admin1 = 0;
    };
    std::map<std::array<code_id, 3>, cell_sum> cells_by_key;
    for (const auto& l : plan.lines()) {
        if (l.intersector || l.sector == no_code)
            continue;
        auto& c = cells_by_key[{l.country, l.sector, l.group}];
        const auto v = m == plan_measure::pin ? l.pin : l.target;
        if (l.admin1 == no_code) {
            c.country_level = tally::detail::checked_add(c.country_level, v);
            c.has_country_level = true;
        } else {
            c.admin1 = tally::detail::checked_add(c.admin1, v);
        }
    }
    std::map<std::vector<std::string>, double> out;
    for (const auto& [k, c] : cells_by_key) {
        std::vector<std::string> key;
        for (const auto& name : key_names)
            key.push_back(name == "country" ? plan.countries.name(k[0]) : plan.sectors.name(k[1]));
        out[key] += static_cast<double>(c.has_country_level ? c.country_level : c.admin1);
    }
    return out;
}

} // namespace tally::funding
