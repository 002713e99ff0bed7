#pragma once
// People in need (PiN) and targets, grouped like people reached
// (docs/rules.md#pin-and-targets-the-mosaic-rule).
//
//   - sector rows: sum of the plan lines of each place, sector and population group;
//   - intersector (no `sector` key), per place (country, admin1) and population group: the
//     precomputed `Intersector` row when the plan has one (never added to sector rows), else the
//     mosaic rule: the highest sector PiN, and separately the highest sector target;
//   - admin1 -> country: sum; country-level rows (admin1 empty) are their own place, added once;
//     a country total (R4V's "Country level" row of the planning workbook) is instead the
//     country's figure: above admin1 it replaces the admin1 rows of its sector and group;
//   - countries -> platform / region: sum, with the in-transit rule for per-country-only groups.
// Upper bounds are the plain sums over sectors (sector PiN <= intersector PiN <= sum of sector
// PiN). A target above its PiN is reported, for every plan line and every output row.

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tally/core/count.hpp>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/resolve.hpp>
#include <tally/core/sector.hpp>
#include <tally/dedup/query.hpp>
#include <tally/dedup/reach.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/dedup/steps.hpp>
#include <tally/detail/flat_hash.hpp>
#include <tally/table/plan_table.hpp>
#include <unordered_set>
#include <vector>

namespace tally::dedup {

struct plan_query {
    std::vector<reach_key> by = {reach_key::country, reach_key::sector};
    in_transit_rule in_transit = in_transit_rule::exclude;
    /// Platforms and region; nullptr: geography::r4v().
    const geography* geo = nullptr;
    /// The sectors plan sectors resolve through ("Salud" and "Health" are one sector);
    /// nullptr: sector_catalog::r4v().
    const sector_catalog* catalog = nullptr;
    /// Report plan lines whose target is above their PiN (off when the plan reader, which
    /// reports them as notices, already did).
    bool check_lines = true;
};

struct plan_row {
    std::vector<std::string> keys;
    figure<pin_count<>> pin;
    figure<target_count<>> target;
    bool intersector = false;
    transit_part part = transit_part::all;
    /// Place x group cells of an intersector row taken from precomputed Intersector rows, and
    /// those computed by the mosaic rule.
    std::size_t precomputed = 0, mosaic = 0;
};

struct plan_result {
    std::vector<reach_key> by;
    in_transit_rule in_transit = in_transit_rule::exclude;
    bool cross_country = false;
    std::vector<plan_row> rows;
    /// Targets above PiN (per plan line and per output row), countries outside the geography.
    std::vector<std::string> notices;
};

/// The keys of a plan query, parsed as parse_reach_keys does, refused before any file is read
/// when they hold a month (plan figures are yearly; aggregate_plan refuses it too). Throws
/// errc::invalid_argument.
inline std::vector<reach_key> parse_plan_keys(std::string_view list) {
    auto by = parse_reach_keys(list);
    for (auto k : by)
        if (k == reach_key::month)
            throw error(errc::invalid_argument, "plan figures have no month key");
    return by;
}

} // namespace tally::dedup

// Every tally header names its internals tally::detail (see dedup/scope.hpp).
namespace tally::detail {

/// A plan line's place for the messages: "file:line" (or "<plan>").
inline std::string plan_line_where(const plan_table& t, const plan_line& l) {
    std::string s = l.file != no_code ? t.files[l.file] : std::string("<plan>");
    if (l.source_line) {
        s += ':';
        s += std::to_string(l.source_line);
    }
    return s;
}

/// A plan line's place, sector and group in words.
inline std::string plan_line_label(const plan_table& t, const plan_line& l) {
    return t.countries[l.country] + ", " +
           (l.admin1 == no_code ? std::string("country level") : t.admin1s[l.admin1]) + ", " +
           (l.intersector ? std::string("Intersector") : t.sectors[l.sector]) + ", " +
           t.groups().info(l.group).code;
}

/// A notice for each plan line whose target is above its PiN.
inline void tell_targets_above_pin(const plan_table& t, std::vector<std::string>& notices) {
    for (const auto& l : t.lines())
        if (l.target > l.pin)
            notices.push_back(plan_line_where(t, l) + ": target " + std::to_string(l.target) +
                              " exceeds PiN " + std::to_string(l.pin) + " (" +
                              plan_line_label(t, l) + ")");
}

/// A notice for each output row whose target is above its PiN.
inline void tell_targets_above_pin(const std::vector<dedup::plan_row>& rows,
                                   std::vector<std::string>& notices) {
    for (const auto& row : rows)
        if (row.target.value().value() > row.pin.value().value()) {
            std::string k;
            for (const auto& s : row.keys) {
                k += k.empty() ? "" : ", ";
                k += s;
            }
            notices.push_back("target " + std::to_string(row.target.value().value()) +
                              " exceeds PiN " + std::to_string(row.pin.value().value()) +
                              " in the row (" + k + ")");
        }
}

/// Which plan lines a query uses when some countries give a country total (R4V's "Country
/// level" rows, plan_line::country_total). Above admin1 a total is its country's figure and
/// stands for every line of its country, sector (or Intersector) and group; by admin1 a total
/// is used only where its country has no admin1 line of that sector and group (then it is the
/// country-level place).
class country_totals {
  public:
    country_totals(const plan_table& t, std::span<const code_id> place, bool by_admin1)
        : place_(place), by_admin1_(by_admin1) {
        for (const auto& l : t.lines()) {
            if (l.country_total)
                with_total_.insert(key(l));
            else if (l.admin1 != no_code)
                with_admin1_.insert(key(l));
        }
    }
    /// Whether the query leaves line l out (a total or the lines it stands for).
    bool skips(const plan_line& l) {
        if (with_total_.empty())
            return false;
        if (by_admin1_)
            return l.country_total && with_admin1_.contains(key(l));
        if (l.country_total) {
            ++totals_used_;
            return false;
        }
        const bool covered = with_total_.contains(key(l));
        lines_covered_ += covered ? 1 : 0;
        return covered;
    }
    /// Totals stood for admin1 lines (a step of the figures' provenance).
    bool stood_for_lines() const noexcept { return totals_used_ > 0 && lines_covered_ > 0; }

  private:
    std::string key(const plan_line& l) const {
        return std::to_string(place_[l.country]) + ':' +
               (l.intersector ? std::string("*") : std::to_string(l.sector)) + ':' +
               std::to_string(l.group);
    }
    std::span<const code_id> place_;
    bool by_admin1_;
    std::unordered_set<std::string> with_total_, with_admin1_;
    std::size_t totals_used_ = 0, lines_covered_ = 0;
};

/// A PiN and a target, with their upper bounds.
struct plan_cell {
    dedup::bounded pin, target;
};

/// The plan lines a query uses, summed per place (country, admin1), group and sector
/// (duplicates add), and the precomputed Intersector rows per place and group.
struct plan_cells {
    key_packer key; ///< fields: country, admin1, group, sector
    flat_hash<plan_cell> sectors{64}, intersector{64};
};

inline plan_cells sum_plan_lines(const plan_table& t, std::span<const code_id> place,
                                 const resolved_values& sector_ids, country_totals& totals) {
    plan_cells c;
    c.key.field(std::max<std::size_t>(t.countries.size(), 1));
    c.key.field(t.admin1s.size() + 1);
    c.key.field(std::max<std::size_t>(t.groups().size(), 1));
    c.key.field(std::max<std::size_t>(t.sectors.size(), 1));
    c.key.finish();
    const std::uint64_t country_level = t.admin1s.size();
    for (const auto& l : t.lines()) {
        if (totals.skips(l))
            continue;
        const std::uint64_t a = l.admin1 == no_code ? country_level : l.admin1;
        auto& s = l.intersector ? c.intersector[c.key.pack({place[l.country], a, l.group, 0})]
                                : c.sectors[c.key.pack(
                                      {place[l.country], a, l.group, sector_ids.key_of(l.sector)})];
        s.pin += dedup::bounded{l.pin, l.pin};
        s.target += dedup::bounded{l.target, l.target};
    }
    return c;
}

/// The intersector figure of every place and group: its precomputed Intersector row when the
/// plan has one (the sector sum, when sector rows exist, bounds it), else the mosaic rule (the
/// highest sector PiN and, separately, the highest sector target; bounds: the sums).
/// emit(country, admin1, group, cell, precomputed).
template <class Emit>
void intersector_plan_cells(const plan_cells& c, Emit&& emit) {
    const auto group_shift = c.key.shift(2);
    flat_hash<plan_cell> places(64);
    c.sectors.for_each([&](std::uint64_t k, const plan_cell& v) {
        auto& p = places[k >> group_shift];
        p.pin.value = std::max(p.pin.value, v.pin.value);
        p.pin.upper = checked_add(p.pin.upper, v.pin.upper);
        p.target.value = std::max(p.target.value, v.target.value);
        p.target.upper = checked_add(p.target.upper, v.target.upper);
    });
    c.intersector.for_each([&](std::uint64_t k, const plan_cell&) { places[k >> group_shift]; });
    places.for_each([&](std::uint64_t pk, const plan_cell& mosaic) {
        const auto k = pk << group_shift;
        const auto country = c.key.get(k, 0), admin1 = c.key.get(k, 1), group = c.key.get(k, 2);
        if (const plan_cell* pre = c.intersector.find(c.key.pack({country, admin1, group, 0}))) {
            plan_cell v;
            v.pin = {pre->pin.value, std::max(pre->pin.value, mosaic.pin.upper)};
            v.target = {pre->target.value, std::max(pre->target.value, mosaic.target.upper)};
            emit(country, admin1, group, v, true);
        } else {
            emit(country, admin1, group, mosaic, false);
        }
    });
}

/// The first step of a plan row's provenance: how its intersector figure was made.
inline std::string plan_first_step(bool sector_scope, std::size_t precomputed, std::size_t mosaic) {
    if (sector_scope)
        return "sum of the plan lines of each place, sector and population group";
    if (precomputed == 0)
        return "max across sectors per place and population group (mosaic)";
    if (mosaic == 0)
        return "precomputed Intersector rows, never added to sector rows";
    return "precomputed Intersector row for " + std::to_string(precomputed) + " of " +
           std::to_string(precomputed + mosaic) +
           " place and group cells, else max across sectors (mosaic)";
}

} // namespace tally::detail

namespace tally::dedup {

/// Throws errc::invalid_argument for a `month` key or a repeated key; errc::overflow.
inline plan_result aggregate_plan(const plan_table& t, const plan_query& q) {
    const geography own = q.geo ? geography() : geography::r4v();
    const geography& geo = q.geo ? *q.geo : own;

    // Countries and sectors resolve through their catalogs (core/resolve.hpp): "Perú" and "PER"
    // are one place, "Salud" and "Health" one sector, keyed by the first table id that names
    // them and labelled by the country's code and the sector's catalog name.
    const sector_catalog own_cat = q.catalog ? sector_catalog() : sector_catalog::r4v();
    const auto country_ids = resolve_countries(t.countries, geo);
    const auto sector_ids = resolve_sectors(t.sectors, q.catalog ? *q.catalog : own_cat);
    plan_result r;
    r.notices = country_ids.read_as;
    r.notices.insert(r.notices.end(), sector_ids.read_as.begin(), sector_ids.read_as.end());
    const auto platform = platforms_of(t.countries, country_ids, geo, r.notices);
    key_space space;
    space.countries = t.countries.size();
    space.admin1s = t.admin1s.size() + 1;
    space.sectors = t.sectors.size();
    space.groups = t.groups().size();
    const query_frame frame(q.by, q.in_transit, space, geo, platform, t.groups(), false);
    r.by = q.by;
    r.in_transit = q.in_transit;
    r.cross_country = frame.cross_country();
    if (q.check_lines)
        detail::tell_targets_above_pin(t, r.notices);

    // Step 1: the plan lines of each place, sector and group.
    detail::country_totals totals(t, country_ids.key, frame.has(reach_key::admin1));
    const auto cells = detail::sum_plan_lines(t, country_ids.key, sector_ids, totals);

    // Step 2: the rows; countries are added by the frame.
    country_sums<2> sums(frame, t.countries.size());
    struct origin {
        std::size_t precomputed = 0, mosaic = 0;
    };
    detail::flat_hash<origin> origins(64);
    auto emit = [&](std::uint64_t c, std::uint64_t a, std::uint64_t g, std::uint64_t s,
                    const detail::plan_cell& v, bool precomputed) {
        // Plan queries have no month key (refused by the frame), so the month id is never read.
        const auto k = frame.key({c, a, 0, s, g}, frame.transit().per_country(g));
        sums.add(k, c, g, {v.pin, v.target});
        if (!frame.sector_scope() && !frame.transit().leaves_out(g))
            ++(precomputed ? origins[k].precomputed : origins[k].mosaic);
    };
    if (frame.sector_scope())
        cells.sectors.for_each([&](std::uint64_t k, const detail::plan_cell& v) {
            emit(cells.key.get(k, 0), cells.key.get(k, 1), cells.key.get(k, 2), cells.key.get(k, 3),
                 v, false);
        });
    else
        detail::intersector_plan_cells(cells, [&](std::uint64_t c, std::uint64_t a, std::uint64_t g,
                                                  const detail::plan_cell& v, bool precomputed) {
            emit(c, a, g, 0, v, precomputed);
        });

    std::vector<std::string> groups;
    for (code_id g = 0; g < t.groups().size(); ++g)
        groups.push_back(t.groups().info(g).code);
    const key_names names{country_ids.label, &t.admin1s, {}, sector_ids.label, groups};
    for (const auto& [k, m] : sums.rows()) {
        plan_row row;
        row.intersector = !frame.sector_scope();
        if (const auto* o = origins.find(k)) {
            row.precomputed = o->precomputed;
            row.mosaic = o->mosaic;
        }
        row.keys = frame.values(k, names);
        row.part = frame.part(k);
        provenance p;
        p.step(detail::plan_first_step(frame.sector_scope(), row.precomputed, row.mosaic));
        if (!frame.has(reach_key::admin1)) {
            if (totals.stood_for_lines())
                p.step("country figures from the country's Country level rows, which stand for "
                       "its admin1 rows");
            p.step("sum over admin1 areas, country-level rows added once");
        }
        if (frame.cross_country())
            p.step("sum over countries");
        frame.transit().describe(p, row.part,
                                 m.per_country[0].upper > 0 || m.per_country[1].upper > 0);
        row.pin =
            figure<pin_count<>>(pin_count<>(m.figure[0].value), pin_count<>(m.figure[0].upper), p);
        row.target = figure<target_count<>>(target_count<>(m.figure[1].value),
                                            target_count<>(m.figure[1].upper), std::move(p));
        r.rows.push_back(std::move(row));
    }
    std::sort(r.rows.begin(), r.rows.end(), [](const plan_row& x, const plan_row& y) {
        if (x.keys != y.keys)
            return x.keys < y.keys;
        return x.part < y.part;
    });
    detail::tell_targets_above_pin(r.rows, r.notices);
    return r;
}

/// The same with the defaults of plan_query, keys given as reach_pipeline::query takes them:
/// aggregate_plan(t, {reach_key::country, reach_key::sector}, in_transit_rule::exclude).
inline plan_result aggregate_plan(const plan_table& t, std::vector<reach_key> by,
                                  in_transit_rule in_transit = in_transit_rule::exclude) {
    plan_query q;
    q.by = std::move(by);
    q.in_transit = in_transit;
    return aggregate_plan(t, q);
}

} // namespace tally::dedup
