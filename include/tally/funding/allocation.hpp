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
#include <tally/core/checked.hpp>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/money.hpp>
#include <tally/dedup/plan.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/table/plan_table.hpp>
#include <vector>

namespace tally::funding {

/// True for the unattributed bucket names of the plain flow CSV ("REGIONAL", "MULTI") and of
/// FTS grouping (is_unattributed).
inline bool is_unattributed_code(std::string_view v) {
    return is_unattributed(v) || v == "REGIONAL" || v == "MULTI";
}

namespace detail {
__extension__ typedef __int128 int128;
__extension__ typedef unsigned __int128 uint128;
} // namespace detail

/// Splits total (whole units, ≥ 0 or < 0) over weights w (all ≥ 0, Σ > 0) by the largest
/// remainder method: Σ result == total exactly, whatever the magnitudes. Throws
/// errc::invalid_argument when a weight is negative or not finite, or all are 0.
///
/// The split is exact integer arithmetic: with whole weights q_i (the weights themselves when
/// they are all whole numbers below 2^62, else w_i / max w scaled to 2^52 and rounded),
/// share_i = floor(|total| · q_i / Σq) in 128 bits, and the |total| − Σ share_i (< n) units
/// left go one each to the largest remainders |total| · q_i mod Σq, ties to the earlier
/// weight. A negative total is split as its magnitude and negated, so no share wraps.
inline std::vector<std::int64_t> split_pro_rata(std::int64_t total, const Eigen::VectorXd& w) {
    if (w.size() == 0 || (w.array() < 0).any() || !w.allFinite() || w.sum() <= 0)
        throw error(errc::invalid_argument, "allocation weights must be finite, ≥ 0, not all 0");
    const auto n = static_cast<std::size_t>(w.size());
    constexpr double whole_limit = 4611686018427387904.0; // 2^62
    const double max_w = w.maxCoeff();
    bool whole = max_w < whole_limit;
    for (Eigen::Index i = 0; whole && i < w.size(); ++i)
        whole = std::floor(w[i]) == w[i];
    std::vector<detail::uint128> q(n);
    detail::uint128 sum_q = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double wi = w[static_cast<Eigen::Index>(i)];
        const double qi = whole ? wi : std::round(wi / max_w * 4503599627370496.0); // 2^52
        q[i] = static_cast<detail::uint128>(static_cast<std::uint64_t>(qi));
        sum_q += q[i];
    }
    const detail::uint128 mag =
        total < 0 ? static_cast<detail::uint128>(-static_cast<detail::int128>(total))
                  : static_cast<detail::uint128>(total);
    std::vector<detail::uint128> share(n), rem(n);
    detail::uint128 given = 0;
    for (std::size_t i = 0; i < n; ++i) {
        // mag < 2^64 and q_i < 2^62: the product fits in 128 bits.
        share[i] = mag * q[i] / sum_q;
        rem[i] = mag * q[i] % sum_q;
        given += share[i];
    }
    std::vector<std::size_t> order(n);
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return rem[a] > rem[b]; });
    for (std::size_t i = 0; given < mag; ++i, ++given)
        share[order[i]] += 1; // mag - given < n: one pass is enough
    std::vector<std::int64_t> out(n);
    for (std::size_t i = 0; i < n; ++i) {
        // share_i ≤ mag ≤ 2^63: fits once the sign is applied.
        const auto s = static_cast<detail::int128>(share[i]);
        out[i] = static_cast<std::int64_t>(total < 0 ? -s : s);
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
        if (t == targets.end() || v.value() == 0) {
            res.sums.update(k, v);
            res.left += v;
            continue;
        }
        Eigen::VectorXd w(static_cast<Eigen::Index>(t->second.size()));
        for (std::size_t i = 0; i < t->second.size(); ++i)
            w[static_cast<Eigen::Index>(i)] = t->second[i].second;
        const auto parts = split_pro_rata(v.value(), w);
        for (std::size_t i = 0; i < parts.size(); ++i)
            res.sums.update(t->second[i].first, A(parts[i]));
        res.sums.update(k, A{}); // the emptied bucket stays visible
        res.moved += v;
    }
    res.how
        .note("Unattributed " + dim + " funding (Not specified, multi-" + dim +
              ", regional) allocated pro rata to " + basis + " by the largest-remainder method")
        .note("Allocated amounts are indicative: FTS does not break this money down");
    if (res.left.value() != 0)
        res.how.note(format_thousands(res.left.value()) + " " + std::string(A::currency::code) +
                     " had no " + basis + " to be allocated by and stays in its bucket");
    return res;
}

/// Which plan figure weights an allocation.
enum class plan_measure : std::uint8_t { target, pin };

/// Allocation weights from a plan table: the PiN or target per key (key_names: a subset of
/// "country" and "sector"; other names throw errc::invalid_argument), computed by the plan's
/// own rule, dedup::aggregate_plan, the function behind `tally plan`: a country-level row is
/// its own place, added once beside the admin1 rows; population groups add up; across
/// countries the in-transit rule applies (q.in_transit, exclude by default as in `tally
/// plan`). Intersector rows are never used (they are not per sector). Keys are the plan's
/// codes, so funding keys must use the same codes.
inline std::map<std::vector<std::string>, double>
plan_weights(const plan_table& plan, plan_measure m, const std::vector<std::string>& key_names,
             dedup::in_transit_rule in_transit = dedup::in_transit_rule::exclude) {
    dedup::plan_query q;
    q.by.clear();
    for (const auto& k : key_names) {
        if (k == "country")
            q.by.push_back(dedup::reach_key::country);
        else if (k == "sector")
            q.by.push_back(dedup::reach_key::sector);
        else
            throw error(errc::invalid_argument,
                        "plan weights are per country and sector, not per '" + k + "'");
    }
    // Without a sector key aggregate_plan gives intersector rows; the sector rows summed per
    // key are what a sector weight is, so sector is always asked for and summed away here.
    const bool has_sector =
        std::find(key_names.begin(), key_names.end(), "sector") != key_names.end();
    if (!has_sector)
        q.by.push_back(dedup::reach_key::sector);
    q.in_transit = in_transit;
    q.check_lines = false;
    const auto r = dedup::aggregate_plan(plan, q);
    std::map<std::vector<std::string>, double> out;
    for (const auto& row : r.rows) {
        if (row.intersector || row.part != dedup::transit_part::all)
            continue;
        auto key = row.keys;
        if (!has_sector)
            key.pop_back();
        const auto v =
            m == plan_measure::pin ? row.pin.value().value() : row.target.value().value();
        out[key] += static_cast<double>(v);
    }
    return out;
}

} // namespace tally::funding
