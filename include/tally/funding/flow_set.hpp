#pragma once
// A set of flows merged from one or several FTS queries, and the boundary totals computed
// from it.
//
// De-duplication rule: flows are keyed by id and the highest versionId is kept (a multi-country
// flow comes back in every country's query, an updated flow in a later download). Between two
// records with the same id and version the one whose serialized form is larger in byte order
// is kept, so the result never depends on the order of update and merge. duplicates_dropped()
// = records offered − distinct ids, which is order-independent as well.
//
// Two records of one id and version with different amounts contradict each other: FTS never
// publishes two amounts under one version. conflicts() lists every such id with all the
// amounts seen for its kept version, so a caller can say which amount was kept (the kept
// flow's) and which were dropped.

#include <algorithm>
#include <cstdint>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/funding/flow.hpp>
#include <tally/table/sector_scope.hpp>
#include <vector>

namespace tally::funding {

/// The totals of a boundary (docs/rules.md#funding-as-fts-counts-it), all in whole units of the
/// amount's currency.
///   funding = Σ amount of flows with boundary incoming, status ≠ pledge, onBoundary single;
///   pledges = Σ amount of flows with boundary incoming, status = pledge, onBoundary single;
///   shared  = Σ amount of incoming flows with onBoundary shared (listed, added to no total);
///   internal = Σ amount of internal flows (never added to funding: it would count pass-through
///   money twice); outgoing likewise.
template <Amount A = usd_amount>
struct boundary_totals {
    A funding{};
    A pledges{};
    A shared{};
    A internal{};
    A outgoing{};
    std::size_t funding_flows = 0;
    std::size_t pledge_flows = 0;
    std::size_t shared_flows = 0;
    std::size_t internal_flows = 0;
    std::size_t outgoing_flows = 0;

    void add(const flow<A>& f) {
        if (f.boundary == flow_boundary::internal) {
            internal += f.amount;
            ++internal_flows;
        } else if (f.boundary == flow_boundary::outgoing) {
            outgoing += f.amount;
            ++outgoing_flows;
        } else if (f.on_boundary == boundary_share::shared) {
            shared += f.amount;
            ++shared_flows;
        } else if (f.status == flow_status::pledge) {
            pledges += f.amount;
            ++pledge_flows;
        } else {
            funding += f.amount;
            ++funding_flows;
        }
    }
    friend bool operator==(const boundary_totals&, const boundary_totals&) = default;
};

namespace detail {
inline nlohmann::json object_to_json(const flow_object& o) {
    return {{"type", name_of(o.type)},
            {"id", o.id},
            {"name", o.name},
            {"behavior", name_of(o.behavior)}};
}
inline flow_object object_from_json(const nlohmann::json& j) {
    flow_object o;
    o.type = parse_object_type(j.at("type").get<std::string>()).value();
    o.id = j.at("id").get<std::string>();
    o.name = j.at("name").get<std::string>();
    o.behavior = parse_object_behavior(j.at("behavior").get<std::string>()).value();
    return o;
}
template <class A>
nlohmann::json flow_to_json(const flow<A>& f) {
    nlohmann::json j = {{"id", f.id},
                        {"v", f.version},
                        {"a", f.amount.value()},
                        {"cur", f.original_currency},
                        {"s", name_of(f.status)},
                        {"t", name_of(f.type)},
                        {"b", name_of(f.boundary)},
                        {"ob", name_of(f.on_boundary)},
                        {"ch", f.child_ids},
                        {"desc", f.description}};
    if (f.original_amount)
        j["oa"] = *f.original_amount;
    if (f.parent_id)
        j["p"] = *f.parent_id;
    if (f.flow_date)
        j["d"] = f.flow_date->to_string();
    if (f.decision_date)
        j["dd"] = f.decision_date->to_string();
    auto& src = j["src"] = nlohmann::json::array();
    for (const auto& o : f.sources)
        src.push_back(object_to_json(o));
    auto& dst = j["dst"] = nlohmann::json::array();
    for (const auto& o : f.destinations)
        dst.push_back(object_to_json(o));
    return j;
}
/// The serialized form of one flow, the tie-break between two records of one id and version.
/// Text that is not UTF-8 is written with U+FFFD (dump would throw otherwise).
template <class A>
std::string flow_dump(const flow<A>& f) {
    return flow_to_json(f).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}
template <class A>
flow<A> flow_from_json(const nlohmann::json& j) {
    flow<A> f;
    f.id = j.at("id").get<std::string>();
    f.version = j.at("v").get<std::int64_t>();
    f.amount = A(j.at("a").get<std::int64_t>());
    f.original_currency = j.at("cur").get<std::string>();
    f.status = parse_flow_status(j.at("s").get<std::string>()).value();
    f.type = parse_flow_type(j.at("t").get<std::string>()).value();
    f.boundary = parse_flow_boundary(j.at("b").get<std::string>()).value();
    f.on_boundary = parse_boundary_share(j.at("ob").get<std::string>()).value();
    f.child_ids = j.at("ch").get<std::vector<std::int64_t>>();
    f.description = j.at("desc").get<std::string>();
    if (j.contains("oa"))
        f.original_amount = j["oa"].get<double>();
    if (j.contains("p"))
        f.parent_id = j["p"].get<std::int64_t>();
    if (j.contains("d"))
        f.flow_date = date::parse(j["d"].get<std::string>());
    if (j.contains("dd"))
        f.decision_date = date::parse(j["dd"].get<std::string>());
    for (const auto& o : j.at("src"))
        f.sources.push_back(object_from_json(o));
    for (const auto& o : j.at("dst"))
        f.destinations.push_back(object_from_json(o));
    return f;
}
} // namespace detail

/// Flows de-duplicated by id (a mergeable state: update / merge / result / empty, serialize /
/// deserialize). merge is commutative and associative and the empty set is its identity.
template <Amount A = usd_amount>
class flow_set {
  public:
    using flow_type = flow<A>;

    /// Adds one flow record, keeping the highest version of its id.
    void update(flow_type f) {
        keep(std::move(f));
        ++offered_; // after keep: a record that throws was not offered
    }
    /// Adds every flow of o (as if each had been offered here).
    void merge(const flow_set& o) {
        offered_ += o.offered_;
        for (const auto& [id, f] : o.flows_)
            keep(f);
        for (const auto& [id, amounts] : o.conflicts_)
            if (flows_.at(id).version == o.flows_.at(id).version)
                conflicts_[id].insert(amounts.begin(), amounts.end());
    }
    /// Ids whose kept version was offered with different amounts, each with every amount
    /// seen (in whole units, ascending); the kept flow's amount is one of them.
    const std::map<std::string, std::set<std::int64_t>>& conflicts() const noexcept {
        return conflicts_;
    }
    bool empty() const noexcept { return offered_ == 0; }
    std::size_t size() const noexcept { return flows_.size(); }
    /// Records offered (updates and merged records) minus distinct ids.
    std::size_t duplicates_dropped() const noexcept { return offered_ - flows_.size(); }

    /// The boundary totals of the kept flows.
    boundary_totals<A> result() const {
        boundary_totals<A> t;
        for (const auto& [id, f] : flows_)
            t.add(f);
        return t;
    }

    /// The kept flows, ordered by id.
    const std::map<std::string, flow_type>& flows() const noexcept { return flows_; }
    auto begin() const { return flows_.begin(); }
    auto end() const { return flows_.end(); }

    /// Bytes (JSON text) that deserialize() turns back into an equal set.
    std::string serialize() const {
        nlohmann::json j = {{"format", 1}, {"offered", offered_}};
        auto& arr = j["flows"] = nlohmann::json::array();
        for (const auto& [id, f] : flows_)
            arr.push_back(detail::flow_to_json(f));
        if (!conflicts_.empty())
            j["conflicts"] = conflicts_;
        return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }
    /// Throws errc::parse when bytes are not the output of serialize().
    static flow_set deserialize(std::string_view bytes) {
        try {
            const auto j = nlohmann::json::parse(bytes);
            if (j.at("format").get<int>() != 1)
                throw error(errc::parse, "flow_set: unknown serialization format");
            flow_set s;
            s.offered_ = j.at("offered").get<std::size_t>();
            for (const auto& fj : j.at("flows")) {
                auto f = detail::flow_from_json<A>(fj);
                auto id = f.id;
                s.flows_.emplace(std::move(id), std::move(f));
            }
            if (auto c = j.find("conflicts"); c != j.end())
                s.conflicts_ = c->get<std::map<std::string, std::set<std::int64_t>>>();
            if (s.offered_ < s.flows_.size())
                throw error(errc::parse, "flow_set: fewer records offered than kept");
            return s;
        } catch (const nlohmann::json::exception& e) {
            throw error(errc::parse, std::string("flow_set: ") + e.what());
        } catch (const std::bad_optional_access&) {
            throw error(errc::parse, "flow_set: unknown enumerator");
        }
    }

    friend bool operator==(const flow_set&, const flow_set&) = default;

  private:
    void keep(flow_type f) {
        auto it = flows_.find(f.id);
        if (it == flows_.end()) {
            auto id = f.id;
            flows_.emplace(std::move(id), std::move(f));
            return;
        }
        auto& cur = it->second;
        if (f.version > cur.version)
            conflicts_.erase(f.id);
        else if (f.version == cur.version && f.amount != cur.amount)
            conflicts_[f.id].insert({f.amount.value(), cur.amount.value()});
        if (f.version > cur.version ||
            (f.version == cur.version && detail::flow_dump(f) > detail::flow_dump(cur)))
            cur = std::move(f);
    }

    std::map<std::string, flow_type> flows_;
    std::map<std::string, std::set<std::int64_t>> conflicts_;
    std::size_t offered_ = 0;
};

/// The as-of test of select_as_of: f is dated, and after the day (the day itself counts; an
/// undated flow cannot be placed and is kept).
template <class Flow>
bool dated_after(const Flow& f, date as_of) noexcept {
    return f.flow_date && *f.flow_date > as_of;
}

/// The flows of a set as of a date, and what the date left out (select_as_of).
template <Amount A = usd_amount>
struct as_of_selection {
    flow_set<A> flows;        ///< the flows dated on or before the date, and the undated ones
    std::size_t left_out = 0; ///< flows counting as funding dated after the date
    std::size_t undated = 0;  ///< flows counting as funding without a date (kept)
};

/// The funding inputs that an as-of date did not apply to: the flow CSVs read (sources: they have
/// no dates) and the number of FTS flows without a date that were kept (flows).
struct undated_funding {
    std::vector<std::string> sources;
    std::size_t flows = 0;
};

/// The one as-of rule of every figure of funding (docs/rules.md#funding-as-fts-counts-it): a
/// flow is in the figures as of `as_of` when it is dated on or before that day (the day itself
/// counts); a flow dated after it is left out, whatever its kind (a pledge too); a flow without
/// a date cannot be placed, so it is kept and counted in undated for the caller to say so.
/// left_out and undated count the flows that add to the funding total (counts_as_funding), the
/// ones a figure of funding would otherwise include, so that one date gives one count in every
/// command. One pass over the set, O(n log n) to build the new one.
template <Amount A>
as_of_selection<A> select_as_of(const flow_set<A>& flows, date as_of) {
    as_of_selection<A> s;
    for (const auto& [id, f] : flows) {
        if (dated_after(f, as_of)) {
            s.left_out += f.counts_as_funding() ? 1 : 0;
            continue;
        }
        s.undated += !f.flow_date && f.counts_as_funding() ? 1 : 0;
        s.flows.update(f);
    }
    return s;
}

/// The sectors a flow names: its destination Clusters (plan clusters), or its GlobalClusters
/// when it names no Cluster (the sector rule of funding/grouping.hpp); empty when it names none.
template <Amount A>
std::vector<std::string> flow_sectors(const flow<A>& f) {
    auto objs = f.destinations_of(object_type::cluster);
    if (objs.empty())
        objs = f.destinations_of(object_type::global_cluster);
    std::vector<std::string> out;
    for (const auto* o : objs)
        out.push_back(o->name);
    return out;
}

/// The flows of a set in one sector scope, and the funding flows the scope left out although
/// they could hold some of its money (select_sector).
template <Amount A = usd_amount>
struct sector_selection {
    flow_set<A> flows;      ///< the flows whose named sectors all lie in the scope
    std::size_t unsure = 0; ///< funding flows naming no sector, or sectors partly in the scope
    A unsure_amount{};      ///< their amount
};

/// The flows of the sector scope (table/sector_scope.hpp): a flow is the scope's when every
/// sector it names (flow_sectors) lies in the scope. A flow of other sectors is not the scope's
/// money; a flow naming no sector, or sectors of which only some lie in the scope, cannot be
/// split, so it is left out too and counted in unsure (funding flows only) for the caller to
/// say so. Every flow is kept for the scope of every sector. One pass over the set.
template <Amount A>
sector_selection<A> select_sector(const flow_set<A>& flows, const sector_scope& scope) {
    sector_selection<A> s;
    for (const auto& [id, f] : flows) {
        const auto sectors = flow_sectors(f);
        if (scope.contains_all(sectors)) {
            s.flows.update(f);
            continue;
        }
        const bool some = std::any_of(sectors.begin(), sectors.end(),
                                      [&](const std::string& x) { return scope.contains(x); });
        if (f.counts_as_funding() && (sectors.empty() || some)) {
            ++s.unsure;
            s.unsure_amount += f.amount;
        }
    }
    return s;
}

} // namespace tally::funding
