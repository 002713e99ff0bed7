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
#include <cctype>
#include <cstdint>
#include <string>
#include <tally/core/count.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/resolve.hpp>
#include <tally/core/sector.hpp>
#include <tally/dedup/detail/query_key.hpp>
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

/// Throws errc::invalid_argument for a `month` key or a repeated key; errc::overflow.
inline plan_result aggregate_plan(const plan_table& t, const plan_query& q) {
    const geography own = q.geo ? geography() : geography::r4v();
    const geography& geo = q.geo ? *q.geo : own;
    plan_result r;
    r.by = q.by;
    r.in_transit = q.in_transit;
    for (std::size_t i = 0; i < q.by.size(); ++i) {
        if (q.by[i] == reach_key::month)
            throw error(errc::invalid_argument, "plan figures have no month key");
        for (std::size_t j = 0; j < i; ++j)
            if (q.by[i] == q.by[j])
                throw error(errc::invalid_argument,
                            "key '" + std::string(to_string(q.by[i])) + "' is given twice");
    }
    auto has = [&](reach_key k) { return std::find(q.by.begin(), q.by.end(), k) != q.by.end(); };
    const bool sector_scope = has(reach_key::sector);
    r.cross_country = !has(reach_key::country) && !has(reach_key::admin1);
    const bool separate = r.cross_country && q.in_transit == in_transit_rule::separate;
    const bool exclude = r.cross_country && q.in_transit == in_transit_rule::exclude;

    // Countries and sectors resolve through their catalogs (core/resolve.hpp): "Perú" and "PER"
    // are one place, "Salud" and "Health" one sector, keyed by the first table id that names
    // them and labelled by the country's code and the sector's catalog name.
    const sector_catalog own_cat = q.catalog ? sector_catalog() : sector_catalog::r4v();
    const auto country_ids = resolve_countries(t.countries, geo);
    const auto sector_ids = resolve_sectors(t.sectors, q.catalog ? *q.catalog : own_cat);
    const std::vector<code_id>& place = country_ids.key;
    const std::vector<std::string>& label = country_ids.label;
    std::vector<code_id> platform(t.countries.size(), no_code);
    r.notices = country_ids.read_as;
    r.notices.insert(r.notices.end(), sector_ids.read_as.begin(), sector_ids.read_as.end());
    for (code_id c = 0; c < t.countries.size(); ++c) {
        if (country_ids.entry[c] != no_code)
            platform[c] = geo.country(country_ids.entry[c]).platform;
        else
            r.notices.push_back("country '" + t.countries[c] + "' is not in the geography (" +
                                geo.region_code() +
                                "): its figures go to platform and region '(unknown)'");
    }
    auto where = [&](const plan_line& l) {
        std::string s = l.file != no_code ? t.files[l.file] : std::string("<plan>");
        if (l.source_line) {
            s += ':';
            s += std::to_string(l.source_line);
        }
        return s;
    };
    auto place_label = [&](const plan_line& l) {
        return t.countries[l.country] + ", " +
               (l.admin1 == no_code ? std::string("country level") : t.admin1s[l.admin1]) + ", " +
               (l.intersector ? std::string("Intersector") : t.sectors[l.sector]) + ", " +
               t.groups().info(l.group).code;
    };
    for (const auto& l : t.lines())
        if (q.check_lines && l.target > l.pin)
            r.notices.push_back(where(l) + ": target " + std::to_string(l.target) +
                                " exceeds PiN " + std::to_string(l.pin) + " (" + place_label(l) +
                                ")");

    const std::size_t countries = std::max<std::size_t>(t.countries.size(), 1),
                      admin1s = t.admin1s.size() + 1,
                      sectors = std::max<std::size_t>(t.sectors.size(), 1),
                      groups = std::max<std::size_t>(t.groups().size(), 1);
    auto admin1_id = [&](code_id a) -> std::uint64_t {
        return a == no_code ? t.admin1s.size() : a;
    };

    // Country totals (R4V's "Country level" rows, plan_line::country_total) are their country's
    // figure: above admin1 they stand for every line of their country, sector (or Intersector)
    // and group; by admin1 a total is used only where its country has no admin1 line of that
    // sector and group (then it is the country-level place).
    const bool by_admin1 = has(reach_key::admin1);
    auto total_key = [&](const plan_line& l) {
        return std::to_string(place[l.country]) + ':' +
               (l.intersector ? std::string("*") : std::to_string(l.sector)) + ':' +
               std::to_string(l.group);
    };
    std::unordered_set<std::string> with_total, with_admin1;
    for (const auto& l : t.lines()) {
        if (l.country_total)
            with_total.insert(total_key(l));
        else if (l.admin1 != no_code)
            with_admin1.insert(total_key(l));
    }
    std::size_t totals_used = 0, lines_covered = 0;
    auto skipped = [&](const plan_line& l) {
        if (with_total.empty())
            return false;
        if (by_admin1)
            return l.country_total && with_admin1.contains(total_key(l));
        if (l.country_total) {
            ++totals_used;
            return false;
        }
        const bool covered = with_total.contains(total_key(l));
        lines_covered += covered ? 1 : 0;
        return covered;
    };

    // Step 1: the sector rows of each place, sector and group (duplicates add).
    detail::key_packer cellk;
    cellk.field(countries);
    cellk.field(admin1s);
    cellk.field(groups);
    cellk.field(sectors);
    cellk.finish();
    struct pt {
        bounded pin, target;
    };
    detail::flat_hash<pt> sector_cells(64);
    detail::flat_hash<pt> intersector_rows(64);
    for (const auto& l : t.lines()) {
        if (skipped(l))
            continue;
        if (l.intersector) {
            auto& s =
                intersector_rows[cellk.pack({place[l.country], admin1_id(l.admin1), l.group, 0})];
            s.pin += bounded{l.pin, l.pin};
            s.target += bounded{l.target, l.target};
        } else {
            auto& s = sector_cells[cellk.pack(
                {place[l.country], admin1_id(l.admin1), l.group, sector_ids.key_of(l.sector)})];
            s.pin += bounded{l.pin, l.pin};
            s.target += bounded{l.target, l.target};
        }
    }

    // The output key.
    const std::uint64_t unknown_platform = geo.platform_count();
    detail::key_packer out;
    for (auto k : q.by) {
        switch (k) {
        case reach_key::region:
            out.field(2);
            break;
        case reach_key::platform:
            out.field(unknown_platform + 1);
            break;
        case reach_key::country:
            out.field(countries);
            break;
        case reach_key::admin1:
            out.field(admin1s);
            break;
        case reach_key::month:
            break;
        case reach_key::sector:
            out.field(sectors);
            break;
        case reach_key::population_group:
            out.field(groups);
            break;
        }
    }
    const std::size_t part_field = out.field(separate ? 2 : 1);
    out.finish();
    struct agg {
        pt additive, per_country;
        std::size_t precomputed = 0, mosaic = 0;
    };
    detail::flat_hash<agg> rows(64);
    auto emit = [&](std::uint64_t c, std::uint64_t a, std::uint64_t g, std::uint64_t s, const pt& v,
                    bool precomputed) {
        const bool pc =
            t.groups().rule(static_cast<code_id>(g)) == cross_country_rule::per_country_only;
        if (pc && exclude)
            return;
        // Plan queries have no month key (refused above), so the month id is never read.
        std::uint64_t k =
            detail::pack_query_key(q.by, out, platform, unknown_platform, {c, a, 0, s, g});
        if (separate && pc)
            k |= std::uint64_t{1} << out.shift(part_field);
        auto& slot = rows[k];
        auto& part = pc ? slot.per_country : slot.additive;
        part.pin += v.pin;
        part.target += v.target;
        if (!sector_scope)
            ++(precomputed ? slot.precomputed : slot.mosaic);
    };

    if (sector_scope) {
        sector_cells.for_each([&](std::uint64_t k, const pt& v) {
            emit(cellk.get(k, 0), cellk.get(k, 1), cellk.get(k, 2), cellk.get(k, 3), v, false);
        });
    } else {
        // Step 2: per place and group, the Intersector row or the mosaic (max across sectors).
        detail::flat_hash<pt> places(64);
        sector_cells.for_each([&](std::uint64_t k, const pt& v) {
            auto& p = places[k >> cellk.shift(2)];
            p.pin.value = std::max(p.pin.value, v.pin.value);
            p.pin.upper = detail::checked_add(p.pin.upper, v.pin.upper);
            p.target.value = std::max(p.target.value, v.target.value);
            p.target.upper = detail::checked_add(p.target.upper, v.target.upper);
        });
        intersector_rows.for_each([&](std::uint64_t k, const pt&) { places[k >> cellk.shift(2)]; });
        places.for_each([&](std::uint64_t pk, const pt& mosaic) {
            const auto k = pk << cellk.shift(2);
            const auto c = cellk.get(k, 0), a = cellk.get(k, 1), g = cellk.get(k, 2);
            if (const pt* pre = intersector_rows.find(cellk.pack({c, a, g, 0}))) {
                // The precomputed figure; the sector sum (when sector rows exist) bounds it.
                pt v;
                v.pin = {pre->pin.value, std::max(pre->pin.value, mosaic.pin.upper)};
                v.target = {pre->target.value, std::max(pre->target.value, mosaic.target.upper)};
                emit(c, a, g, 0, v, true);
            } else {
                emit(c, a, g, 0, mosaic, false);
            }
        });
    }

    std::string transit_label;
    for (code_id g = 0; g < t.groups().size(); ++g)
        if (t.groups().rule(g) == cross_country_rule::per_country_only) {
            auto l = t.groups().info(g).label;
            for (auto& ch : l)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            transit_label += transit_label.empty() ? "people " : ", people ";
            transit_label += l;
        }
    rows.for_each([&](std::uint64_t k, const agg& a) {
        plan_row row;
        row.intersector = !sector_scope;
        row.precomputed = a.precomputed;
        row.mosaic = a.mosaic;
        std::size_t f = 0;
        for (auto key : q.by) {
            if (key == reach_key::month)
                continue;
            const auto v = out.get(k, f++);
            switch (key) {
            case reach_key::region:
                row.keys.push_back(v == 0 ? geo.region_code() : "(unknown)");
                break;
            case reach_key::platform:
                row.keys.push_back(v == unknown_platform
                                       ? std::string("(unknown)")
                                       : geo.platform(static_cast<code_id>(v)).name);
                break;
            case reach_key::country:
                row.keys.push_back(label[static_cast<code_id>(v)]);
                break;
            case reach_key::admin1:
                row.keys.push_back(v == t.admin1s.size() ? std::string()
                                                         : t.admin1s[static_cast<code_id>(v)]);
                break;
            case reach_key::month:
                break;
            case reach_key::sector:
                row.keys.push_back(sector_ids.label[static_cast<code_id>(v)]);
                break;
            case reach_key::population_group:
                row.keys.push_back(t.groups().info(static_cast<code_id>(v)).code);
                break;
            }
        }
        provenance p;
        if (sector_scope) {
            p.step("sum of the plan lines of each place, sector and population group");
        } else if (a.precomputed == 0) {
            p.step("max across sectors per place and population group (mosaic)");
        } else if (a.mosaic == 0) {
            p.step("precomputed Intersector rows, never added to sector rows");
        } else {
            p.step("precomputed Intersector row for " + std::to_string(a.precomputed) + " of " +
                   std::to_string(a.precomputed + a.mosaic) +
                   " place and group cells, else max across sectors (mosaic)");
        }
        if (!has(reach_key::admin1)) {
            if (totals_used > 0 && lines_covered > 0)
                p.step("country figures from the country's Country level rows, which stand for "
                       "its admin1 rows");
            p.step("sum over admin1 areas, country-level rows added once");
        }
        if (r.cross_country)
            p.step("sum over countries");
        if (separate) {
            const bool pc_part = out.get(k, part_field) == 1;
            row.part = pc_part ? transit_part::per_country : transit_part::additive;
            if (pc_part)
                p.note("People in transit, reported separately: counted once per country");
            else if (!transit_label.empty())
                p.exclude(transit_label + " (reported separately)");
        } else if (exclude && !transit_label.empty()) {
            p.exclude(transit_label);
        }
        const pt total{a.additive.pin + a.per_country.pin,
                       a.additive.target + a.per_country.target};
        row.pin =
            figure<pin_count<>>(pin_count<>(total.pin.value), pin_count<>(total.pin.upper), p);
        row.target = figure<target_count<>>(target_count<>(total.target.value),
                                            target_count<>(total.target.upper), std::move(p));
        r.rows.push_back(std::move(row));
    });
    std::sort(r.rows.begin(), r.rows.end(), [](const plan_row& x, const plan_row& y) {
        if (x.keys != y.keys)
            return x.keys < y.keys;
        return x.part < y.part;
    });
    for (const auto& row : r.rows)
        if (row.target.value().value() > row.pin.value().value()) {
            std::string k;
            for (const auto& s : row.keys) {
                k += k.empty() ? "" : ", ";
                k += s;
            }
            r.notices.push_back("target " + std::to_string(row.target.value().value()) +
                                " exceeds PiN " + std::to_string(row.pin.value().value()) +
                                " in the row (" + k + ")");
        }
    return r;
}

} // namespace tally::dedup
