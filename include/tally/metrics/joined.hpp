#pragma once
// The joined table: people reached, PiN and target, funding and requirements side by side, one
// cell per key of a grouping (any subset of region, platform, country, sector), from the union
// of the four inputs. It is the common ground of the misalignment metrics
// (metrics/misalignment.hpp) and of the end-year report.
//
// Each figure comes from the module that owns its rule, nothing is recomputed here:
//   reached, partners   dedup::reach_pipeline with the caller's options (intersector figures when
//                       `sector` is not a key); people in transit are included at country level
//                       and left out above it, as `tally reach` does, and kept apart in
//                       `in_transit` (at platform and region level: the sum over countries, which
//                       counts a person once per country and is never added to `reached`);
//   PiN, target         dedup::aggregate_plan (mosaic rule without `sector`);
//   funding             the FTS boundary rule (flow::counts_as_funding), one amount per flow;
//   requirements        per country and sector, summed over what the grouping leaves out.
//
// The join. Countries are joined by ISO3 through geography::resolve_country (activity and plan
// files and the HDX exports give ISO3 codes, the FTS API gives names); sectors through the
// sector catalog (a known spelling becomes the catalog's name, others stay as written). Money
// fits a cell when the flow names one country (or, by platform, countries of one platform; by
// region or without a place key, any countries of the geography) and, when `sector` is a key or
// a scope is set, sectors that name one cell (or all lie in the scope). Money that fits no cell
// is not dropped: it is the table's `outside`, by reason
//   regional            the flow names no country (FTS location absent, REGIONAL);
//   multi-country       several countries where the grouping needs one (MULTI);
//   multi-sector        several sectors where the grouping needs one, or only partly in scope;
//   unspecified sector  no sector, where the grouping or the scope needs one;
//   unknown country     a country that does not resolve (reported as a notice).
// A flow whose named sectors all lie outside the scope is not the scope's money and is left out.
//
// A scope (a sector, or a sub-sector such as "Protection (Human Trafficking and Smuggling)")
// restricts every input: only its activity lines, plan sector rows (precomputed Intersector rows
// are all-sector figures and are left out), flows and requirements count. A sector's scope holds
// its sub-sectors; without a `sector` key they are de-duplicated by the reach pipeline's
// intersector model, as sectors are.

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <tally/core/checked.hpp>
#include <tally/core/count.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/money.hpp>
#include <tally/core/period.hpp>
#include <tally/core/resolve.hpp>
#include <tally/core/sector.hpp>
#include <tally/dedup/plan.hpp>
#include <tally/dedup/reach.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/activity_table.hpp>
#include <tally/table/flow_table.hpp>
#include <tally/table/plan_table.hpp>
#include <tally/table/sector_scope.hpp>
#include <utility>
#include <vector>

namespace tally::metrics {

/// Why an amount of funding fits no cell of a grouping.
enum class outside_reason : std::uint8_t {
    regional,
    multi_country,
    multi_sector,
    unspecified_sector,
    unknown_country
};
inline constexpr std::size_t outside_reason_count = 5;

inline constexpr std::string_view to_string(outside_reason r) noexcept {
    constexpr std::string_view n[] = {"regional", "multi-country", "multi-sector",
                                      "unspecified sector", "unknown country"};
    return n[static_cast<int>(r)];
}

/// One amount of funding and where it went, as its source names it.
template <Amount A = usd_amount>
struct money_entry {
    /// Destination countries as given (ISO3 codes or names); empty: none named.
    std::vector<std::string> countries;
    /// Several countries that are not named (a plain flow CSV's MULTI).
    bool unnamed_countries = false;
    /// Destination sectors as given; empty: not specified.
    std::vector<std::string> sectors;
    /// Several sectors that are not named (MULTI, "Multi-sector").
    bool unnamed_sectors = false;
    A amount{};
};

/// The funding of FTS flows: one entry per flow that counts towards the funding total
/// (incoming, not a pledge, single on the boundary), with its destination Locations and its
/// Clusters (GlobalClusters when it names no plan cluster). With as_of, flows dated after it
/// are left out (funding::dated_after, the rule of funding::select_as_of) and counted in
/// *after_as_of when given.
template <Amount A>
std::vector<money_entry<A>> money_entries(const funding::flow_set<A>& flows,
                                          std::optional<date> as_of = std::nullopt,
                                          std::size_t* after_as_of = nullptr) {
    std::vector<money_entry<A>> out;
    for (const auto& [id, f] : flows) {
        if (!f.counts_as_funding())
            continue;
        if (as_of && funding::dated_after(f, *as_of)) { // the rule of funding::select_as_of
            if (after_as_of)
                ++*after_as_of;
            continue;
        }
        money_entry<A> e;
        e.amount = f.amount;
        for (const auto* o : f.destinations_of(funding::object_type::location))
            e.countries.push_back(o->name);
        auto clusters = f.destinations_of(funding::object_type::cluster);
        if (clusters.empty())
            clusters = f.destinations_of(funding::object_type::global_cluster);
        for (const auto* o : clusters) {
            if (o->name == funding::multi_sector)
                e.unnamed_sectors = true;
            else if (o->name != funding::not_specified && !o->name.empty())
                e.sectors.push_back(o->name);
        }
        out.push_back(std::move(e));
    }
    return out;
}

/// The funding of a plain flow CSV (every row counts), one entry per (country, sector) pair.
/// Country REGIONAL is no country, MULTI several unnamed ones; sector MULTI or Multi-sector is
/// several unnamed sectors, an empty sector or "Not specified" none.
template <Amount A = usd_amount>
std::vector<money_entry<A>> money_entries(const flow_table& t) {
    std::map<std::pair<code_id, code_id>, std::int64_t> sums;
    for (std::size_t i = 0; i < t.size(); ++i) {
        auto& s = sums[{t.country[i], t.sector[i]}];
        s = tally::detail::checked_add(s, t.amount_usd[i]);
    }
    std::vector<money_entry<A>> out;
    for (const auto& [k, v] : sums) {
        money_entry<A> e;
        e.amount = A(v);
        const auto& c = t.countries[k.first];
        const auto& s = t.sectors[k.second];
        if (c == "MULTI" || c == funding::multi_country)
            e.unnamed_countries = true;
        else if (c != "REGIONAL" && c != funding::not_specified && !c.empty())
            e.countries.push_back(c);
        if (s == "MULTI" || s == funding::multi_sector)
            e.unnamed_sectors = true;
        else if (s != funding::not_specified && !s.empty())
            e.sectors.push_back(s);
        out.push_back(std::move(e));
    }
    return out;
}

/// The validation reports of the four inputs, so a report can say how many rows were rejected.
struct input_reports {
    io::validation_report activities, plan, funding, requirements;
};

/// An input of a join that may be absent: the table itself, which the caller keeps (it must
/// outlive the join), or nothing. Given by reference (`in.plan = plan;`), left out with `{}`;
/// read as an optional (`if (in.plan)`, `*in.plan`, `in.plan->size()`). A temporary is refused
/// at compile time (it would dangle). Giving the table's address (`in.plan = &plan;`, as when
/// the inputs were pointers) still works and is deprecated.
template <class T>
class input_ref {
  public:
    input_ref() noexcept = default;
    input_ref(const T& table) noexcept : table_(&table) {}
    input_ref(const T&&) = delete;
    [[deprecated("give the table (in.x = table), or {} for none, not a pointer")]] input_ref(
        const T* table) noexcept
        : table_(table) {}
    bool has_value() const noexcept { return table_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }
    /// The table; only when has_value().
    const T& operator*() const noexcept { return *table_; }
    const T* operator->() const noexcept { return table_; }
    /// `in.plan == nullptr`, as when the inputs were pointers: !has_value().
    [[deprecated("use !in.x or in.x.has_value()")]] friend bool
    operator==(const input_ref& r, std::nullptr_t) noexcept {
        return !r.has_value();
    }

  private:
    const T* table_ = nullptr;
};

/// What to join. Tables not given and an empty funding list are inputs not given: their figures
/// are missing (n/a in the metrics), not zero, except funding and reached, which are 0 where
/// nothing was reported. The tables are held by reference (input_ref) and must outlive the join.
template <Amount A = usd_amount>
struct join_inputs {
    input_ref<activity_table> activities;
    input_ref<plan_table> plan;
    std::vector<money_entry<A>> funding;
    /// Requirements keyed (country, sector); sector "" is a per-plan requirement (all sectors).
    input_ref<funding::group_sums<A>> requirements;
    input_reports reports;
};

struct join_options {
    /// Any subset of region, platform, country, sector (default country, sector).
    std::vector<dedup::reach_key> by = {dedup::reach_key::country, dedup::reach_key::sector};
    /// "" for the whole response, else a sector or sub-sector name (or code) of the catalog.
    std::string scope;
    /// The reach pipeline's options; its geo and catalog (nullptr: the R4V presets) are used for
    /// the whole join.
    dedup::reach_options reach;
    /// Platforms and region leave people in transit out (exclude) or count them (include).
    /// `separate` is not a cell layout: it is refused.
    dedup::in_transit_rule in_transit = dedup::in_transit_rule::exclude;
    /// The date the funding figures are as of (the caller filters the flows; see money_entries).
    std::optional<date> as_of;
};

/// One cell of the joined table.
template <Amount A = usd_amount>
struct joined_cell {
    /// The key values, in the order of the grouping (platform name, region code, ISO3, sector).
    std::vector<std::string> keys;
    /// People reached (0 without accepted direct-assistance lines), with its upper bound.
    figure<reached_count<>> reached;
    /// People in transit reached (per-country-only groups). At country level they are part of
    /// `reached`; above it they are not (unless join_options::in_transit is include), and this
    /// is their sum over countries (a person assisted in two countries counts twice): never add
    /// it to `reached`.
    reached_count<> in_transit;
    /// Distinct organisations: never sum these across cells.
    partner_count appealing, implementing;
    /// Plan figures; std::nullopt when the plan has no row for the cell (or no plan was given).
    std::optional<figure<target_count<>>> target;
    std::optional<figure<pin_count<>>> pin;
    /// Funding that fits the cell (0 when none).
    figure<A> funding;
    /// std::nullopt when no requirement row falls in the cell (or none were given).
    std::optional<figure<A>> requirements;
    /// Accepted activity lines of the cell, and those whose indicator type is not direct
    /// assistance (they reach no one countable but spend money).
    std::size_t lines = 0, non_direct_lines = 0;
    /// The last month with an accepted activity line.
    std::optional<month> last_month;
    /// Money in no cell that could belong to this one: flows outside every cell that name the
    /// cell's country (or a country of its platform), or no country at all (regional, unnamed
    /// multi-country), and whose sectors are not given or include the cell's sector. Money of
    /// unknown countries is not counted. Summing this over cells counts money several times.
    A outside_money{};
};

/// The money that fits no cell.
template <Amount A = usd_amount>
struct outside_money {
    A total{};
    std::array<A, outside_reason_count> by_reason{};
    /// Per ISO3 country named by the money; an amount naming several countries counts for each,
    /// so these do not add up to total.
    std::map<std::string, A> by_country;
    std::map<std::string, std::array<A, outside_reason_count>> by_country_reason;
    /// Money that names no country (regional, unnamed multi-country): it could be any country's.
    A region_wide{};
    /// Money whose country does not resolve.
    A unknown_country{};

    A of(outside_reason r) const { return by_reason[static_cast<std::size_t>(r)]; }
};

template <Amount A = usd_amount>
struct joined_table {
    std::vector<dedup::reach_key> by;
    std::string scope; ///< as asked ("" whole response)
    std::optional<date> as_of;
    /// Sorted by keys (byte order).
    std::vector<joined_cell<A>> cells;
    outside_money<A> outside;
    /// Funding of all cells, and of all cells plus outside: total_funding == Σ cells + outside.
    A funding_in_cells{};
    A total_funding{};
    /// Requirements that fit no cell (no sector where the grouping or the scope needs one, a
    /// country that does not resolve); each kind is also told in notices with its sum.
    A unplaced_requirements{};
    /// The last month of the (scoped) activity data.
    std::optional<month> last_month;
    input_reports reports;
    /// Countries or sectors that did not resolve, targets above PiN, ...
    std::vector<std::string> notices;

    std::vector<std::string> key_names() const {
        std::vector<std::string> n;
        for (auto k : by)
            n.emplace_back(dedup::to_string(k));
        return n;
    }
    /// The cell with these key values, or nullptr.
    const joined_cell<A>* find(const std::vector<std::string>& keys) const {
        auto it = std::lower_bound(
            cells.begin(), cells.end(), keys,
            [](const joined_cell<A>& c, const std::vector<std::string>& k) { return c.keys < k; });
        return it != cells.end() && it->keys == keys ? &*it : nullptr;
    }
};

namespace detail {

// Names resolved once: countries to ISO3 through the geography, sectors to the catalog's name,
// and the scope test.
class join_names {
  public:
    join_names(const geography& geo, const sector_catalog& cat, const std::string& scope)
        : geo_(geo), cat_(cat), scope_(scope.empty() ? sector_scope() : sector_scope(cat, scope)) {}
    /// ISO3, or std::nullopt (the one rule of core/resolve.hpp).
    std::optional<std::string> country(std::string_view s) const { return country_code(geo_, s); }
    /// The ISO3 code when s resolves, else s as written.
    std::string country_or_self(std::string_view s) const {
        auto c = country(s);
        return c ? *c : std::string(s);
    }
    /// The catalog's name, or s as written (the one rule of core/resolve.hpp).
    std::string sector(std::string_view s) const {
        auto n = sector_name(cat_, s);
        return n ? *n : std::string(s);
    }
    /// The one sector filter (table/sector_scope.hpp).
    bool in_scope(std::string_view s) const { return scope_.contains(s); }
    bool scoped() const noexcept { return !scope_.whole(); }
    const sector_scope& scope() const noexcept { return scope_; }

  private:
    const geography& geo_;
    const sector_catalog& cat_;
    sector_scope scope_;
};

// True when t's countries are all ISO3 codes or unresolvable, and its sectors all spelled as
// the catalog spells them: then t joins as it is, without a copy.
template <class Table>
bool joins_as_is(const Table& t, const join_names& names) {
    if (names.scoped())
        return false;
    for (code_id c = 0; c < t.countries.size(); ++c)
        if (names.country_or_self(t.countries[c]) != t.countries[c])
            return false;
    for (code_id s = 0; s < t.sectors.size(); ++s)
        if (names.sector(t.sectors[s]) != t.sectors[s])
            return false;
    return true;
}

// A copy of t with countries as ISO3 (when they resolve), sectors by their catalog name, and
// only the lines in scope. Other dictionaries are copied, so their ids stay valid.
inline activity_table normalized_activities(const activity_table& t, const join_names& names) {
    activity_table out = t.empty_like();
    out.countries = dictionary{}; // countries and sectors are named anew below
    out.sectors = dictionary{};
    std::vector<code_id> country(t.countries.size()), sector(t.sectors.size());
    for (code_id c = 0; c < t.countries.size(); ++c)
        country[c] = out.countries.intern(names.country_or_self(t.countries[c]));
    for (code_id s = 0; s < t.sectors.size(); ++s)
        sector[s] = out.sectors.intern(names.sector(t.sectors[s]));
    const auto keep = names.scope().mask(t.sectors);
    std::vector<group_value> bd;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto s = t.sector()[i];
        if (s != no_code && !keep[s])
            continue;
        if (s == no_code && names.scoped())
            continue;
        activity_line l = t.line(i, bd);
        l.country = l.country == no_code ? no_code : country[l.country];
        l.sector = s == no_code ? no_code : sector[s];
        out.append(l, bd);
    }
    return out;
}

// The same for a plan: precomputed Intersector rows are dropped under a scope.
inline plan_table normalized_plan(const plan_table& t, const join_names& names) {
    plan_table out(t.groups());
    out.admin1s = t.admin1s;
    out.files = t.files;
    std::vector<code_id> country(t.countries.size()), sector(t.sectors.size());
    for (code_id c = 0; c < t.countries.size(); ++c)
        country[c] = out.countries.intern(names.country_or_self(t.countries[c]));
    for (code_id s = 0; s < t.sectors.size(); ++s)
        sector[s] = out.sectors.intern(names.sector(t.sectors[s]));
    for (auto l : t.lines()) {
        if (!in_sector_scope(t, l, names.scope()))
            continue;
        l.country = l.country == no_code ? no_code : country[l.country];
        l.sector = l.sector == no_code ? no_code : sector[l.sector];
        out.append(l);
    }
    return out;
}

} // namespace detail

/// The inputs of a join prepared once: names resolved, the activity and plan tables normalized
/// (countries as ISO3, sectors by catalog name, only the scope's lines) and the reach pipeline
/// built (its one pass over the activity lines). Any number of groupings then share that work:
/// the report joins by region, platform, country and country x sector over one joiner.
/// Keeps references to `in` (which must outlive it); not copyable or movable (the pipeline points
/// into the joiner's tables).
template <Amount A = usd_amount>
class joiner {
  public:
    /// opt.by is not used (join() takes the keys). Throws errc::unknown_code for an unknown
    /// scope (table/sector_scope.hpp), errc::invalid_argument for the in-transit rule
    /// `separate`; errc::overflow.
    joiner(const join_inputs<A>& in, join_options opt)
        : in_(&in), opt_(std::move(opt)), own_geo_(opt_.reach.geo ? geography() : geography::r4v()),
          own_cat_(opt_.reach.catalog ? sector_catalog() : sector_catalog::r4v()),
          geo_(opt_.reach.geo ? *opt_.reach.geo : own_geo_),
          cat_(opt_.reach.catalog ? *opt_.reach.catalog : own_cat_),
          names_(geo_, cat_, opt_.scope) {
        if (opt_.in_transit == dedup::in_transit_rule::separate)
            throw error(errc::invalid_argument,
                        "the joined table keeps people in transit apart in each cell: use "
                        "exclude or include");
        if (in.activities) {
            if (!detail::joins_as_is(*in.activities, names_))
                acts_copy_ = detail::normalized_activities(*in.activities, names_);
            auto ro = opt_.reach;
            ro.geo = &geo_;
            ro.catalog = &cat_;
            pipeline_.emplace(activities(), ro);
        }
        if (in.plan && !detail::joins_as_is(*in.plan, names_))
            plan_copy_ = detail::normalized_plan(*in.plan, names_);
    }
    joiner(const joiner&) = delete;
    joiner& operator=(const joiner&) = delete;

    /// The joined table by `by`. Throws errc::invalid_argument for a key outside region,
    /// platform, country, sector or a repeated key; errc::overflow.
    joined_table<A> join(const std::vector<dedup::reach_key>& by) const {
        grouping g(*this, by);
        if (pipeline_)
            join_reach(g);
        if (in_->plan)
            join_plan(g);
        join_funding(g);
        if (in_->requirements)
            join_requirements(g);
        return finish(g);
    }

  private:
    using reach_key = dedup::reach_key;

    // One join in progress: its keys, its cells and its notices.
    struct grouping {
        std::vector<reach_key> by;
        bool by_country, by_platform, by_sector;
        joined_table<A> r;
        std::map<std::vector<std::string>, joined_cell<A>> cells;
        std::set<std::string> told;
        provenance money_how;
        // Money in no cell, by where it could go (for each cell's outside_money).
        struct placed {
            std::vector<std::string> countries; // resolved ISO3
            std::set<std::string> platforms;    // their platforms' names
            std::vector<std::string> sectors;   // catalog names (empty: not given)
            bool no_country = false;            // names no country of the geography
            bool unknown = false;
        };
        std::vector<std::pair<placed, A>> outside_entries;

        grouping(const joiner& j, const std::vector<reach_key>& keys) : by(keys) {
            for (std::size_t i = 0; i < by.size(); ++i) {
                const auto k = by[i];
                if (k != reach_key::region && k != reach_key::platform && k != reach_key::country &&
                    k != reach_key::sector)
                    throw error(errc::invalid_argument,
                                "the joined table is keyed by region, platform, country and "
                                "sector, not '" +
                                    std::string(dedup::to_string(k)) + "'");
                for (std::size_t m = 0; m < i; ++m)
                    if (by[m] == k)
                        throw error(errc::invalid_argument, "key '" +
                                                                std::string(dedup::to_string(k)) +
                                                                "' is given twice");
            }
            by_country = has(reach_key::country);
            by_platform = has(reach_key::platform);
            by_sector = has(reach_key::sector);
            r.by = by;
            r.scope = j.opt_.scope;
            r.as_of = j.opt_.as_of;
            r.reports = j.in_->reports;
            money_how.source(
                "FTS flows (incoming, not pledged, single on the boundary) or flow CSV rows");
            money_how.exclude("money that fits no cell (regional, multi-country, multi-sector, "
                              "unspecified-sector and unknown-country funding), reported apart");
            if (j.opt_.as_of)
                money_how.as_of(*j.opt_.as_of);
        }
        bool has(reach_key k) const { return std::find(by.begin(), by.end(), k) != by.end(); }
        void tell_once(std::string s) {
            if (told.insert(s).second)
                r.notices.push_back(std::move(s));
        }
    };

    const activity_table& activities() const { return acts_copy_ ? *acts_copy_ : *in_->activities; }
    const plan_table& plan() const { return plan_copy_ ? *plan_copy_ : *in_->plan; }

    // The key of a place and sector (country as ISO3 when it resolves, sector by catalog name).
    std::vector<std::string> key_of(const grouping& g, const std::string& country,
                                    const std::string& sector) const {
        std::vector<std::string> k;
        const auto c = geo_.find_country(country);
        for (auto key : g.by) {
            switch (key) {
            case reach_key::region:
                k.push_back(c ? geo_.region_code() : "(unknown)");
                break;
            case reach_key::platform:
                k.push_back(c ? geo_.platform(geo_.country(*c).platform).name : "(unknown)");
                break;
            case reach_key::country:
                k.push_back(country);
                break;
            case reach_key::sector:
                k.push_back(sector);
                break;
            default:
                break;
            }
        }
        return k;
    }

    // People reached and partners from the pipeline; people in transit apart above country
    // level (the `separate` rows' in-transit part).
    void join_reach(grouping& g) const {
        const bool cross_country = !g.by_country;
        const auto res = pipeline_->query(g.by, opt_.in_transit);
        for (const auto& n : res.notices)
            g.tell_once(n);
        for (const auto& row : res.rows) {
            auto& c = g.cells[row.keys];
            c.reached = row.reached;
            c.appealing = row.appealing;
            c.implementing = row.implementing;
            if (!cross_country)
                c.in_transit = reached_count<>(row.per_country_only.value);
        }
        if (cross_country) {
            const auto sep = pipeline_->query(g.by, dedup::in_transit_rule::separate);
            for (const auto& row : sep.rows)
                if (row.part == dedup::transit_part::per_country)
                    g.cells[row.keys].in_transit = row.reached.value();
        }
        join_lines(g);
    }

    // Activity lines per cell (all, and not direct assistance) and the last month: per
    // (country, sector) first, then per cell.
    void join_lines(grouping& g) const {
        const auto& t = activities();
        const std::size_t ns = std::max<std::size_t>(t.sectors.size(), 1);
        struct tally_lines {
            std::size_t lines = 0, non_direct = 0;
            std::int32_t last = 0;
            bool any = false;
        };
        std::vector<tally_lines> per(std::max<std::size_t>(t.countries.size(), 1) * ns);
        for (std::size_t i = 0; i < t.size(); ++i) {
            auto& x = per[std::size_t{t.country()[i]} * ns +
                          (t.sector()[i] == no_code ? 0 : t.sector()[i])];
            ++x.lines;
            if (!counts_as_reached(t.type()[i]))
                ++x.non_direct;
            const auto m = t.month_index()[i];
            x.last = x.any ? std::max(x.last, m) : m;
            x.any = true;
            if (!g.r.last_month || m > g.r.last_month->index())
                g.r.last_month = month::from_index(m);
        }
        for (code_id c = 0; c < t.countries.size(); ++c)
            for (code_id s = 0; s < ns; ++s) {
                const auto& x = per[std::size_t{c} * ns + s];
                if (!x.any)
                    continue;
                auto& cell =
                    g.cells[key_of(g, t.countries[c], t.sectors.size() ? t.sectors[s] : "")];
                cell.lines += x.lines;
                cell.non_direct_lines += x.non_direct;
                if (!cell.last_month || x.last > cell.last_month->index())
                    cell.last_month = month::from_index(x.last);
            }
    }

    // PiN and target.
    void join_plan(grouping& g) const {
        dedup::plan_query q;
        q.by = g.by;
        q.in_transit = opt_.in_transit;
        q.geo = &geo_;
        q.catalog = &cat_;
        q.check_lines = false;
        const auto res = dedup::aggregate_plan(plan(), q);
        for (const auto& n : res.notices)
            g.tell_once(n);
        for (const auto& row : res.rows) {
            auto& c = g.cells[row.keys];
            c.pin = row.pin;
            c.target = row.target;
        }
    }

    // Where an amount of money goes: its resolved countries, their platforms, its sectors.
    typename grouping::placed place(grouping& g, const money_entry<A>& e) const {
        typename grouping::placed pl;
        for (const auto& c : e.countries) {
            if (auto iso = names_.country(c)) {
                if (std::find(pl.countries.begin(), pl.countries.end(), *iso) == pl.countries.end())
                    pl.countries.push_back(*iso);
                pl.platforms.insert(
                    geo_.platform(geo_.country(*geo_.find_country(*iso)).platform).name);
            } else {
                pl.unknown = true;
                g.tell_once("funding country '" + c + "' does not resolve to a country of " +
                            geo_.region_code() + ": its money is in no cell (unknown country)");
            }
        }
        pl.no_country = e.countries.empty();
        for (const auto& s : e.sectors) {
            const auto n = names_.sector(s);
            if (std::find(pl.sectors.begin(), pl.sectors.end(), n) == pl.sectors.end())
                pl.sectors.push_back(n);
        }
        return pl;
    }

    // Why an amount fits no cell of the grouping, or std::nullopt when it fits one.
    std::optional<outside_reason> outside_why(const grouping& g, const money_entry<A>& e,
                                              const typename grouping::placed& pl,
                                              std::size_t in_scope) const {
        const bool by_place = g.by_country || g.by_platform;
        if (pl.unknown)
            return outside_reason::unknown_country;
        if (by_place && pl.no_country && !e.unnamed_countries)
            return outside_reason::regional;
        if ((by_place && e.unnamed_countries) || (g.by_country && pl.countries.size() > 1) ||
            (g.by_platform && pl.platforms.size() > 1))
            return outside_reason::multi_country;
        if (g.by_sector || names_.scoped()) {
            if (e.sectors.empty() && !e.unnamed_sectors)
                return outside_reason::unspecified_sector;
            if (e.unnamed_sectors || in_scope < e.sectors.size() ||
                (g.by_sector && pl.sectors.size() > 1))
                return outside_reason::multi_sector;
        }
        return std::nullopt;
    }

    // Funding: each entry goes to one cell or to the outside.
    void join_funding(grouping& g) const {
        for (const auto& e : in_->funding) {
            auto pl = place(g, e);
            // A flow none of whose named sectors is in scope is not this scope's.
            std::size_t in_scope = 0;
            for (const auto& s : e.sectors)
                in_scope += names_.in_scope(s) ? 1 : 0;
            if (names_.scoped() && !e.sectors.empty() && in_scope == 0 && !e.unnamed_sectors)
                continue;
            g.r.total_funding += e.amount;
            if (const auto why = outside_why(g, e, pl, in_scope)) {
                auto& o = g.r.outside;
                o.total += e.amount;
                o.by_reason[static_cast<std::size_t>(*why)] += e.amount;
                for (const auto& c : pl.countries) {
                    o.by_country[c] += e.amount;
                    o.by_country_reason[c][static_cast<std::size_t>(*why)] += e.amount;
                }
                if (pl.unknown)
                    o.unknown_country += e.amount;
                else if (pl.countries.empty())
                    o.region_wide += e.amount;
                if (!pl.unknown)
                    g.outside_entries.emplace_back(std::move(pl), e.amount);
                continue;
            }
            std::vector<std::string> k;
            for (auto key : g.by) {
                switch (key) {
                case reach_key::region:
                    k.push_back(geo_.region_code());
                    break;
                case reach_key::platform:
                    k.push_back(*pl.platforms.begin());
                    break;
                case reach_key::country:
                    k.push_back(pl.countries.empty() ? std::string() : pl.countries.front());
                    break;
                case reach_key::sector:
                    k.push_back(pl.sectors.empty() ? std::string() : pl.sectors.front());
                    break;
                default:
                    break;
                }
            }
            auto& c = g.cells[k];
            c.funding = figure<A>(c.funding.value() + e.amount, g.money_how);
            g.r.funding_in_cells += e.amount;
        }
    }

    // Requirements. Those that fit no cell are told with their sum, never dropped in silence.
    void join_requirements(grouping& g) const {
        A no_sector{}, unscoped_plan{};
        std::map<std::string, A> unknown_country;
        const auto& names_req = in_->requirements->key_names();
        const auto ci = std::find(names_req.begin(), names_req.end(), "country");
        const auto si = std::find(names_req.begin(), names_req.end(), "sector");
        if (ci == names_req.end())
            throw error(errc::invalid_argument, "requirements need a country key");
        provenance req_how;
        req_how.step("sum of requirements per country and sector over what the grouping leaves "
                     "out");
        for (const auto& [k, v] : in_->requirements->result()) {
            const auto& cs = k[static_cast<std::size_t>(ci - names_req.begin())];
            const std::string s = si == names_req.end()
                                      ? std::string()
                                      : k[static_cast<std::size_t>(si - names_req.begin())];
            const auto iso = names_.country(cs);
            if (!iso) {
                unknown_country[cs] += v;
                continue;
            }
            if (s.empty() && (g.by_sector || names_.scoped())) {
                // A requirement without a sector (per plan) counts only where sectors are summed
                // over: it fits no sector cell, and no scope can claim part of it.
                (names_.scoped() ? unscoped_plan : no_sector) += v;
                continue;
            }
            if (!s.empty() && !names_.in_scope(s))
                continue;
            auto& c = g.cells[key_of(g, *iso, s.empty() ? s : names_.sector(s))];
            const A before = c.requirements ? c.requirements->value() : A{};
            c.requirements = figure<A>(before + v, req_how);
        }
        for (const auto& [country, v] : unknown_country) {
            g.r.unplaced_requirements += v;
            g.tell_once("requirements country '" + country + "' does not resolve to a country of " +
                        geo_.region_code() + ": its " + format_thousands(v.value()) +
                        " USD are left out");
        }
        if (no_sector.value() != 0) {
            g.r.unplaced_requirements += no_sector;
            g.tell_once("requirements of " + format_thousands(no_sector.value()) +
                        " USD name no sector: they fit no country and sector cell, so no cell's "
                        "coverage counts them");
        }
        if (unscoped_plan.value() != 0) {
            g.r.unplaced_requirements += unscoped_plan;
            g.tell_once("requirements of " + format_thousands(unscoped_plan.value()) +
                        " USD name no sector: no part of them can be attributed to " + opt_.scope +
                        ", so they are left out");
        }
    }

    // The money outside every cell that could have been a cell's.
    A outside_money_of(const grouping& g, const std::vector<std::string>& k) const {
        std::string country, platform, sector;
        for (std::size_t i = 0; i < g.by.size(); ++i) {
            if (g.by[i] == reach_key::country)
                country = k[i];
            else if (g.by[i] == reach_key::platform)
                platform = k[i];
            else if (g.by[i] == reach_key::sector)
                sector = k[i];
        }
        A sum{};
        for (const auto& [pl, amount] : g.outside_entries) {
            const bool place = pl.countries.empty() ||
                               (g.by_country ? std::find(pl.countries.begin(), pl.countries.end(),
                                                         country) != pl.countries.end()
                                : g.by_platform ? pl.platforms.contains(platform)
                                                : true);
            const bool sect =
                !g.by_sector || pl.sectors.empty() ||
                std::find(pl.sectors.begin(), pl.sectors.end(), sector) != pl.sectors.end();
            if (place && sect)
                sum += amount;
        }
        return sum;
    }

    // The cells in key order, each with its keys, its scope note and the money it could have had.
    joined_table<A> finish(grouping& g) const {
        for (auto& [k, c] : g.cells) {
            c.keys = k;
            if (c.funding.how().source().empty())
                c.funding = figure<A>(A{}, g.money_how);
            if (names_.scoped()) {
                const std::string n =
                    "Only the " + names_.scope().name() + " sector" + names_.scope().parts();
                c.reached.how().note(n);
                c.funding.how().note(n);
                for (auto* f :
                     {c.target ? &c.target->how() : nullptr, c.pin ? &c.pin->how() : nullptr,
                      c.requirements ? &c.requirements->how() : nullptr})
                    if (f)
                        f->note(n);
            }
            c.outside_money += outside_money_of(g, k);
        }
        g.r.cells.reserve(g.cells.size());
        for (auto& [k, c] : g.cells)
            g.r.cells.push_back(std::move(c));
        return std::move(g.r);
    }

    const join_inputs<A>* in_;
    join_options opt_;
    geography own_geo_;
    sector_catalog own_cat_;
    const geography& geo_;
    const sector_catalog& cat_;
    detail::join_names names_;
    std::optional<activity_table> acts_copy_;
    std::optional<plan_table> plan_copy_;
    std::optional<dedup::reach_pipeline> pipeline_;
};

/// Joins the inputs by opt.by (a joiner used once). Throws errc::invalid_argument for a key
/// outside region, platform, country, sector, a repeated key or the in-transit rule `separate`;
/// errc::unknown_code for an unknown scope; errc::overflow.
template <Amount A>
joined_table<A> join(const join_inputs<A>& in, const join_options& opt) {
    return joiner<A>(in, opt).join(opt.by);
}

#ifdef TALLY_COMPILED
// With the compiled component (docs/packaging.md), the join for usd_amount is compiled once, into
// tally::compiled (src/joined.cpp); other amount types are instantiated here as usual.
extern template class joiner<usd_amount>;
extern template joined_table<usd_amount> join<usd_amount>(const join_inputs<usd_amount>&,
                                                          const join_options&);
#endif

} // namespace tally::metrics
