#pragma once
// The definitions of the reach pipeline declared in dedup/reach.hpp (the rules are told there):
// the constructor's pass, and the queries. Included by dedup/reach.hpp in the default header-only
// mode, where every program that runs a query compiles them; with TALLY_COMPILED they are
// compiled once, into the library tally::compiled (src/compiled.cpp).

#include <tally/dedup/reach.hpp>

namespace tally::dedup {

TALLY_INLINE reach_pipeline::reach_pipeline(const activity_table& t, reach_options o)
    : table_(&t), opt_(std::move(o)), own_geo_(opt_.geo ? geography() : geography::r4v()),
      own_catalog_(opt_.catalog ? sector_catalog() : sector_catalog::r4v()) {
    prepare_countries();
    prepare_layout();
    accumulate();
    if (opt_.partners)
        collect_partners();
}

inline query_frame reach_pipeline::frame_of(const reach_query& q) const {
    const auto& t = *table_;
    key_space space;
    space.countries = t.countries.size();
    space.admin1s = t.admin1s.size() + 1;
    space.months = month_count_;
    space.sectors = t.sectors.size();
    space.groups = groups_;
    return query_frame(q.by, q.in_transit, space, geo(), country_platform_, t.groups(), true);
}

// Sector rows: the de-duplicated per-sector cells as they are.
template <class Emit>
void reach_pipeline::sector_cells(Emit&& emit) const {
    for (const auto& [k, b] : fine_cells_)
        emit({cell_field(k, f_country), cell_field(k, f_admin1), cell_field(k, f_month),
              cell_field(k, f_sector), cell_field(k, f_group)},
             b);
}

// Step 3, intersector rows: the sectors of each (country, admin1, month) are adjacent in the
// sorted cells; each country's model reduces them to one figure per unit.
template <class Emit>
void reach_pipeline::intersector_cells(Emit&& emit) const {
    const unsigned place_shift = static_cast<unsigned>(fine_.shift(f_month)) - indicator_bits();
    const std::size_t units = groups_ * cells_;
    member_matrix mx;
    std::vector<char> present(units);
    std::vector<bounded> res(units);
    std::vector<std::int64_t> scratch;
    for (std::size_t i = 0; i < fine_cells_.size();) {
        const auto place = fine_cells_[i].first >> place_shift;
        const auto first = fine_cells_[i].first;
        const auto c = cell_field(first, f_country), a = cell_field(first, f_admin1),
                   m = cell_field(first, f_month);
        mx.reset(units);
        std::fill(present.begin(), present.end(), 0);
        for (; i < fine_cells_.size() && (fine_cells_[i].first >> place_shift) == place; ++i) {
            const auto k = fine_cells_[i].first;
            const auto s = static_cast<code_id>(cell_field(k, f_sector));
            if (mx.rows() == 0 || mx.members().back() != s)
                mx.add_member(s);
            const auto u = cell_field(k, f_group) * cells_ + cell_field(k, f_cell);
            mx.at(mx.rows() - 1, u) = fine_cells_[i].second;
            present[u] = 1;
        }
        switch (country_model_[c]) {
        case intersector_model::sum:
            reduce(sum_rule{}, mx, res, scratch);
            break;
        case intersector_model::max_group:
            reduce(max_rule{}, mx, res, scratch);
            break;
        case intersector_model::max_cell:
            reduce(max_cell_rule{}, mx, res, scratch);
            break;
        case intersector_model::max_sector:
            reduce(max_member_rule{}, mx, res, scratch);
            break;
        case intersector_model::southern_cone:
            reduce(southern_cone_, mx, res, scratch);
            break;
        }
        for (std::size_t u = 0; u < units; ++u)
            if (present[u])
                emit({c, a, m, 0, u / cells_}, res[u]);
    }
}

// Partners: distinct organisations per output row and role. Partners are organisations, not
// people: an organisation with an accepted line in a row's place and period is a partner of the
// row whatever group it served, so the in-transit rule, which keeps people out of platform and
// regional figures, leaves partner counts alone (a platform of one country has that country's
// partners). Only rows that are themselves a breakdown by group count the organisations that
// served the group: a population_group key (whose in-transit rows `exclude` drops), and the
// per-country part of `separate`.
inline void reach_pipeline::count_partners(const query_frame& frame,
                                           detail::flat_hash<out_agg>& agg) const {
    if (!opt_.partners || partner_facts_.empty())
        return;
    const std::size_t org_bits = [&] {
        unsigned w = 0;
        while ((std::uint64_t{1} << w) < std::max<std::size_t>(table_->orgs.size(), 1))
            ++w;
        return w;
    }();
    if (frame.bits() + org_bits > 63)
        throw error(errc::overflow, "too many distinct key values to count partners");
    const auto& transit = frame.transit();
    detail::flat_hash<std::uint8_t> seen(1024);
    const bool by_group = frame.has(reach_key::population_group);
    for (const auto& [k, roles] : partner_facts_) {
        const auto c = partner_key_.get(k, 0), g = partner_key_.get(k, 4);
        const detail::cell_ids id{c, partner_key_.get(k, 1), partner_key_.get(k, 2),
                                  partner_key_.get(k, 3), g};
        const auto org = partner_key_.get(k, 5);
        const auto r = roles;
        auto count_in = [&](bool per_country_part) {
            const auto ok = frame.key(id, per_country_part);
            seen[(ok << org_bits) | org] |= r;
            auto& slot = agg[ok];
            if (!frame.sector_scope())
                slot.models |= 1u << static_cast<unsigned>(country_model_[c]);
        };
        const bool pc = transit.per_country(g);
        if (by_group) {
            if (!transit.leaves_out(g))
                count_in(pc);
            continue;
        }
        count_in(false);
        if (transit.separate() && pc)
            count_in(true);
    }
    seen.for_each([&](std::uint64_t k, std::uint8_t roles) {
        auto& slot = agg[k >> org_bits];
        slot.appealing += (roles & 1) ? 1u : 0u;
        slot.implementing += (roles & 2) ? 1u : 0u;
    });
}

// The intersector step of the models in `models` (a bit per intersector_model), in words.
inline std::string reach_pipeline::models_step(std::uint32_t models) const {
    std::string s;
    for (unsigned i = 0; i < 5; ++i) {
        if (!(models & (1u << i)))
            continue;
        std::string d;
        switch (static_cast<intersector_model>(i)) {
        case intersector_model::sum:
            d = "sum across sectors per admin1 and month";
            break;
        case intersector_model::max_group:
            d = "max per population group across sectors per admin1 and month";
            break;
        case intersector_model::max_cell:
            d = "max per population group and age/gender cell across sectors per admin1 and "
                "month";
            break;
        case intersector_model::max_sector:
            d = "whole sector with the highest total per admin1 and month";
            break;
        case intersector_model::southern_cone:
            d = "southern cone per admin1 and month: " + southern_cone_.describe();
            break;
        }
        s += s.empty() ? "" : " or ";
        s += d;
    }
    if (!s.empty() && std::popcount(models) > 1)
        s += " (model chosen per country)";
    return s;
}

// The steps that made a row's figure.
inline provenance reach_pipeline::steps_of(const query_frame& frame, std::uint32_t models) const {
    provenance p;
    p.step("sum over partners and activities within each indicator");
    p.step(opt_.within_sector == within_sector_rule::sum
               ? "sum over indicators within each sector"
               : "max over indicators per admin1, month and population group within each sector");
    if (!frame.sector_scope()) {
        if (auto s = models_step(models); !s.empty())
            p.step(std::move(s));
    }
    if (!frame.has(reach_key::admin1))
        p.step("sum over admin1 areas, country-level rows added once");
    if (!frame.has(reach_key::month))
        p.step("sum of new beneficiaries over months");
    if (frame.cross_country())
        p.step("sum over countries");
    p.note("Only direct-assistance indicators count towards people reached");
    return p;
}

inline reach_row reach_pipeline::row_of(const query_frame& frame, std::uint64_t k, const out_agg& a,
                                        const key_names& names) const {
    reach_row row;
    row.intersector = !frame.sector_scope();
    row.keys = frame.values(k, names);
    row.part = frame.part(k);
    auto p = steps_of(frame, a.models);
    frame.transit().describe(p, row.part, a.people.per_country[0].upper > 0);
    p.note("Partner counts are distinct organisations: do not sum partner counts");
    row.additive = a.people.additive[0];
    row.per_country_only = a.people.per_country[0];
    const auto& total = a.people.figure[0];
    row.reached = figure<reached_count<>>(reached_count<>(total.value),
                                          reached_count<>(total.upper), std::move(p));
    row.appealing = partner_count(a.appealing);
    row.implementing = partner_count(a.implementing);
    return row;
}

TALLY_INLINE reach_result reach_pipeline::query(const reach_query& q) const {
    const auto& t = *table_;
    const query_frame frame = frame_of(q);
    const auto& transit = frame.transit();
    reach_result r;
    r.by = q.by;
    r.in_transit = q.in_transit;
    r.cross_country = frame.cross_country();
    r.notices = notices_;

    // People: every de-duplicated cell goes to its row; countries are added by the frame.
    country_sums<1> people(frame, t.countries.size());
    detail::flat_hash<out_agg> agg(256);
    auto emit = [&](const detail::cell_ids& id, const bounded& b) {
        const auto k = frame.key(id, transit.per_country(id.group));
        people.add(k, id.country, id.group, {b});
        if (!frame.sector_scope() && !transit.leaves_out(id.group))
            agg[k].models |= 1u << static_cast<unsigned>(country_model_[id.country]);
    };
    if (frame.sector_scope())
        sector_cells(emit);
    else
        intersector_cells(emit);
    count_partners(frame, agg);
    for (const auto& [k, m] : people.rows())
        agg[k].people = m;

    // Rows, with their provenance.
    // Month labels only when months are a key (an empty table has no first month).
    std::vector<std::string> months, groups;
    if (frame.has(reach_key::month) && !t.month_index().empty())
        for (std::size_t m = 0; m < month_count_; ++m)
            months.push_back(month::from_index(static_cast<int>(m) + month0_).to_string());
    for (code_id g = 0; g < t.groups().size(); ++g)
        groups.push_back(t.groups().info(g).code);
    groups.emplace_back("unspecified");
    const key_names names{country_label_, &t.admin1s, months, sector_label_, groups};
    r.rows.reserve(agg.size());
    agg.for_each(
        [&](std::uint64_t k, const out_agg& a) { r.rows.push_back(row_of(frame, k, a, names)); });
    std::sort(r.rows.begin(), r.rows.end(), [](const reach_row& x, const reach_row& y) {
        if (x.keys != y.keys)
            return x.keys < y.keys;
        return x.part < y.part;
    });
    return r;
}

} // namespace tally::dedup
