#pragma once
// Coverage of requirements by funding, per group.
//
//   coverage = funding ÷ requirements        (n/a when the group has no requirement or it is 0)
//   unmet    = max(0, requirements − funding) (n/a when the group has no requirement)
// Funding in an unattributed bucket ("Not specified", "Multi-sector", "Multi-country", ...,
// REGIONAL, MULTI) never has a requirement, so its coverage is n/a: it is not spread over the
// named groups unless an allocation (funding/allocation.hpp) was asked for.
//
// Requirements are keyed by (country, sector); they are summed over the key parts the funding
// is not grouped by. Grouping by organisation or year has no requirement (n/a throughout).

#include <map>
#include <optional>
#include <string>
#include <tally/core/checked.hpp>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/funding/grouping.hpp>
#include <vector>

namespace tally::funding {

template <Amount A = usd_amount>
struct coverage_row {
    std::vector<std::string> key;
    A funding{};
    A pledges{};
    std::optional<A> requirements;
    std::optional<A> unmet;
    std::optional<double> coverage;
};

/// Requirements keyed (country, sector) summed onto key_names (a subset of country and
/// sector). std::nullopt when key_names has any other key. A requirement row whose sector is ""
/// (per-plan) only counts where sectors are summed over.
template <Amount A>
std::optional<group_sums<A>> project_requirements(const group_sums<A>& req,
                                                  const std::vector<std::string>& key_names) {
    std::vector<std::size_t> pick;
    for (const auto& k : key_names) {
        auto it = std::find(req.key_names().begin(), req.key_names().end(), k);
        if (it == req.key_names().end())
            return std::nullopt;
        pick.push_back(static_cast<std::size_t>(it - req.key_names().begin()));
    }
    const auto sector_col = std::find(req.key_names().begin(), req.key_names().end(), "sector");
    const bool by_sector =
        std::find(key_names.begin(), key_names.end(), "sector") != key_names.end();
    group_sums<A> out(key_names);
    for (const auto& [k, v] : req.result()) {
        if (by_sector && sector_col != req.key_names().end() &&
            k[static_cast<std::size_t>(sector_col - req.key_names().begin())].empty())
            continue;
        std::vector<std::string> key;
        for (auto i : pick)
            key.push_back(k[i]);
        out.update(key, v);
    }
    return out;
}

namespace detail {
template <Amount A>
std::vector<coverage_row<A>> coverage_rows(const grouped_funding<A>& g,
                                           const group_sums<A>* requirements) {
    std::optional<group_sums<A>> req;
    if (requirements)
        req = project_requirements(*requirements, g.funding.key_names());
    std::map<std::vector<std::string>, coverage_row<A>> rows;
    for (const auto& [k, v] : g.funding.result())
        rows[k].funding = v;
    for (const auto& [k, v] : g.pledges.result())
        rows[k].pledges = v;
    if (req)
        for (const auto& [k, v] : req->result())
            rows[k].requirements = v;
    std::vector<coverage_row<A>> out;
    out.reserve(rows.size());
    for (auto& [k, r] : rows) {
        r.key = k;
        if (r.requirements) {
            const auto need = r.requirements->value(), got = r.funding.value();
            // got may be negative (refunds): the difference is checked, never wrapped.
            r.unmet = A(need > got ? tally::detail::checked_sub(need, got) : 0);
            if (need > 0)
                r.coverage = static_cast<double>(got) / static_cast<double>(need);
        }
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace detail

/// One row per group of funding, pledges or (projected) requirements, in key order. O(g log g)
/// for g groups and requirement rows. Throws errc::overflow.
template <Amount A>
std::vector<coverage_row<A>> coverage(const grouped_funding<A>& g,
                                      const group_sums<A>& requirements) {
    return detail::coverage_rows(g, &requirements);
}

/// The same without requirements: every requirement column n/a.
template <Amount A>
std::vector<coverage_row<A>> coverage(const grouped_funding<A>& g) {
    return detail::coverage_rows<A>(g, nullptr);
}

/// The same with requirements that may not have been given (std::nullopt: as coverage(g)).
template <Amount A>
std::vector<coverage_row<A>> coverage(const grouped_funding<A>& g,
                                      const std::optional<group_sums<A>>& requirements) {
    return detail::coverage_rows(g, requirements ? &*requirements : nullptr);
}

/// requirements may be null (none given).
template <Amount A>
[[deprecated("pass the requirements by reference or std::optional")]] std::vector<coverage_row<A>>
coverage(const grouped_funding<A>& g, const group_sums<A>* requirements) {
    return detail::coverage_rows(g, requirements);
}

} // namespace tally::funding
