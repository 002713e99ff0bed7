#pragma once
// Funding grouped by destination country, sector, organisation and year.
//
// Each flow goes to exactly one group per key, so the groups add up to the boundary total:
//   country      = the destination Location; none → "Not specified", several → "Multi-country"
//   sector       = the destination Cluster (plan clusters, matching per-plan requirements), or
//                  the GlobalCluster when the flow names no plan cluster; none → "Not
//                  specified", several → "Multi-sector"
//   organisation = the destination Organization; none → "Not specified", several → "Multiple
//                  organisations"
//   year         = the destination UsageYear; none → "Not specified", several → "Multi-year"
//   plan         = the destination Plan (by name, as FTS gives it: "Afghanistan 2020"; callers map
//                  it to the plan code of their requirements, funding/requirements.hpp); none →
//                  "Not specified", several → "Multiple plans"
// Money in these buckets is never spread over the named groups here: that is an allocation
// (funding/allocation.hpp), which the caller must ask for and state. group_funding takes an
// as-of date and applies the one as-of rule (funding/flow_set.hpp, select_as_of).

#include <algorithm>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/core/money.hpp>
#include <tally/core/period.hpp>
#include <tally/core/resolve.hpp>
#include <tally/core/sector.hpp>
#include <tally/funding/flow.hpp>
#include <tally/funding/flow_set.hpp>
#include <utility>
#include <vector>

namespace tally::funding {

enum class group_key : std::uint8_t { country, sector, organisation, year, plan };

inline constexpr std::string_view not_specified = "Not specified";
inline constexpr std::string_view multi_country = "Multi-country";
inline constexpr std::string_view multi_sector = "Multi-sector";
inline constexpr std::string_view multi_organisation = "Multiple organisations";
inline constexpr std::string_view multi_year = "Multi-year";
inline constexpr std::string_view multi_plan = "Multiple plans";

/// "country" → group_key::country, ... ("organization" is accepted too, "appeal" for plan).
/// Throws errc::invalid_argument for any other name.
inline group_key parse_group_key(std::string_view s) {
    if (s == "country")
        return group_key::country;
    if (s == "sector" || s == "cluster")
        return group_key::sector;
    if (s == "organisation" || s == "organization")
        return group_key::organisation;
    if (s == "year")
        return group_key::year;
    if (s == "plan" || s == "appeal")
        return group_key::plan;
    throw error(errc::invalid_argument,
                "unknown grouping key '" + std::string(s) +
                    "' (expected country, sector, organisation, year, plan)");
}
constexpr std::string_view name_of(group_key k) noexcept {
    constexpr std::string_view n[] = {"country", "sector", "organisation", "year", "plan"};
    return n[static_cast<int>(k)];
}

/// True for the buckets that hold money not attributed to one named group.
inline bool is_unattributed(std::string_view v) {
    return v == not_specified || v == multi_country || v == multi_sector ||
           v == multi_organisation || v == multi_year || v == multi_plan;
}

/// The group value of f for key k (see the rules at the top of this header).
template <class A>
std::string group_value(const flow<A>& f, group_key k) {
    auto pick = [&](object_type t, std::string_view many) -> std::string {
        auto objs = f.destinations_of(t);
        if (objs.empty())
            return std::string(not_specified);
        if (objs.size() > 1)
            return std::string(many);
        return objs.front()->name;
    };
    switch (k) {
    case group_key::country:
        return pick(object_type::location, multi_country);
    case group_key::sector:
        if (!f.destinations_of(object_type::cluster).empty())
            return pick(object_type::cluster, multi_sector);
        return pick(object_type::global_cluster, multi_sector);
    case group_key::organisation:
        return pick(object_type::organization, multi_organisation);
    case group_key::year:
        return pick(object_type::usage_year, multi_year);
    case group_key::plan:
        return pick(object_type::plan, multi_plan);
    }
    return std::string(not_specified);
}

/// Sums of an amount per group key tuple (a mergeable state: update / merge / result / empty,
/// serialize / deserialize). Addition is checked, so merge is exact, commutative and
/// associative, and the empty state is its identity.
template <Amount A = usd_amount>
class group_sums {
  public:
    using key_type = std::vector<std::string>;

    group_sums() = default;
    /// names: the key columns ("country", "sector", ...).
    explicit group_sums(std::vector<std::string> names) : names_(std::move(names)) {}

    const std::vector<std::string>& key_names() const noexcept { return names_; }

    /// Throws errc::mismatch when the key has the wrong number of parts.
    void update(const key_type& key, A amount) {
        if (key.size() != names_.size())
            throw error(errc::mismatch, "group key has " + std::to_string(key.size()) +
                                            " parts, expected " + std::to_string(names_.size()));
        sums_[key] += amount;
    }
    /// Throws errc::mismatch when the key columns differ.
    void merge(const group_sums& o) {
        if (o.names_ != names_)
            throw error(errc::mismatch, "group_sums with different key columns");
        for (const auto& [k, v] : o.sums_)
            sums_[k] += v;
    }
    bool empty() const noexcept { return sums_.empty(); }
    /// The sums, ordered by key in byte order.
    const std::map<key_type, A>& result() const& noexcept { return sums_; }
    /// On a temporary, the map itself: `for (auto& [k, v] : table.funding_by_country_sector()
    /// .result())` would otherwise loop over a map already destroyed.
    std::map<key_type, A> result() && { return std::move(sums_); }
    /// The sum for key, zero when absent.
    A at(const key_type& key) const {
        auto it = sums_.find(key);
        return it == sums_.end() ? A{} : it->second;
    }
    /// Σ over all groups.
    A total() const {
        A t{};
        for (const auto& [k, v] : sums_)
            t += v;
        return t;
    }

    std::string serialize() const {
        nlohmann::json j = {{"format", 1}, {"keys", names_}};
        auto& rows = j["rows"] = nlohmann::json::array();
        for (const auto& [k, v] : sums_)
            rows.push_back({k, v.value()});
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    /// Throws errc::parse when bytes are not the output of serialize().
    static group_sums deserialize(std::string_view bytes) {
        try {
            const auto j = nlohmann::json::parse(bytes);
            if (j.at("format").get<int>() != 1)
                throw error(errc::parse, "group_sums: unknown serialization format");
            group_sums s(j.at("keys").get<std::vector<std::string>>());
            for (const auto& r : j.at("rows"))
                s.update(r.at(0).get<key_type>(), A(r.at(1).get<std::int64_t>()));
            return s;
        } catch (const nlohmann::json::exception& e) {
            throw error(errc::parse, std::string("group_sums: ") + e.what());
        }
    }

    friend bool operator==(const group_sums&, const group_sums&) = default;

  private:
    std::vector<std::string> names_;
    std::map<key_type, A> sums_;
};

/// Funding and pledges of a flow set, grouped by keys. Only flows that count towards the
/// boundary total (or the pledge total) are added, so Σ funding over groups == result().funding.
template <Amount A = usd_amount>
struct grouped_funding {
    group_sums<A> funding;
    group_sums<A> pledges;
};

/// Groups the funding and pledges of flows by keys (an empty keys gives one group with an
/// empty key). With as_of, the flows dated after it are left out by the one as-of rule of every
/// figure of funding (select_as_of, dated_after: the day itself counts, an undated flow is
/// kept), so the sums equal those of group_funding(select_as_of(flows, *as_of).flows, keys).
/// O(n log g) for n flows and g groups. Throws errc::overflow.
template <Amount A>
grouped_funding<A> group_funding(const flow_set<A>& flows, const std::vector<group_key>& keys,
                                 std::optional<date> as_of = std::nullopt) {
    std::vector<std::string> names;
    for (auto k : keys)
        names.emplace_back(name_of(k));
    grouped_funding<A> g{group_sums<A>(names), group_sums<A>(names)};
    std::vector<std::string> key;
    for (const auto& [id, f] : flows) {
        const bool fund = f.counts_as_funding();
        if ((!fund && !f.counts_as_pledge()) || (as_of && dated_after(f, *as_of)))
            continue;
        key.clear();
        for (auto k : keys)
            key.push_back(group_value(f, k));
        (fund ? g.funding : g.pledges).update(key, f.amount);
    }
    return g;
}

/// The country values of sums (the key column named "country") as ISO3 codes, where geo
/// resolves them (ISO3, English name, Spanish name or alias: geography::resolve_country), else
/// where the countries of the world do (iso3_of_country: "Afghanistan", "occupied Palestinian
/// territory"), so that one country given by its name by the FTS API ("Colombia") and by its
/// code by an HDX export ("COL") is one group. Groups that come to share a key are added. A value
/// geo does not resolve is kept as written and listed in unresolved (once, in byte order); the
/// buckets of unattributed money (Not specified, Multi-country) are kept as they are. Sums without
/// a country column are returned unchanged.
template <Amount A>
group_sums<A> resolve_countries(const group_sums<A>& sums, const geography& geo,
                                std::vector<std::string>& unresolved) {
    const auto& names = sums.key_names();
    const auto col = std::find(names.begin(), names.end(), name_of(group_key::country));
    if (col == names.end())
        return sums;
    const auto c = static_cast<std::size_t>(col - names.begin());
    group_sums<A> out(names);
    for (const auto& [k, amount] : sums.result()) {
        auto key = k;
        std::string& v = key[c];
        if (!is_unattributed(v)) {
            if (const auto id = geo.resolve_country(v))
                v = geo.country(*id).code;
            else if (const auto iso3 = iso3_of_country(v))
                v = *iso3;
            else if (std::find(unresolved.begin(), unresolved.end(), v) == unresolved.end())
                unresolved.push_back(v);
        }
        out.update(key, amount);
    }
    std::sort(unresolved.begin(), unresolved.end());
    return out;
}

/// The sector values of sums (the key column named "sector") by their catalog name, where cat
/// knows them (code, name or alias: core/resolve.hpp), so that "HEA", "Health" and "Salud" are
/// one group, as they are in tally misalign and tally report. Groups that come to share a key
/// are added. A value cat does not know is kept as written and listed in unresolved (once, in
/// byte order); the buckets of unattributed money (Not specified, Multi-sector, a flow CSV's
/// MULTI, an empty sector) are kept as they are. Sums without a sector column are returned
/// unchanged.
template <Amount A>
group_sums<A> resolve_sectors(const group_sums<A>& sums, const sector_catalog& cat,
                              std::vector<std::string>& unresolved) {
    const auto& names = sums.key_names();
    const auto col = std::find(names.begin(), names.end(), name_of(group_key::sector));
    if (col == names.end())
        return sums;
    const auto c = static_cast<std::size_t>(col - names.begin());
    group_sums<A> out(names);
    for (const auto& [k, amount] : sums.result()) {
        auto key = k;
        std::string& v = key[c];
        if (!is_unattributed(v) && v != "MULTI" && !v.empty()) {
            if (auto n = sector_name(cat, v))
                v = std::move(*n);
            else if (std::find(unresolved.begin(), unresolved.end(), v) == unresolved.end())
                unresolved.push_back(v);
        }
        out.update(key, amount);
    }
    std::sort(unresolved.begin(), unresolved.end());
    return out;
}

} // namespace tally::funding
