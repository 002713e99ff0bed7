#pragma once
// People reached, de-duplicated level by level (docs/rules.md#de-duplication-level-by-level), R4V
// 2023 preset.
//
// The pipeline, for every grouping the caller asks for:
//   1. partners and activities within one indicator: sum;
//   2. indicators within one sector: sum (default) or max over indicators per admin1, month and
//      population group (`max_indicator`);
//   3. sectors -> intersector per admin1 and month, only when `sector` is not a key; the model is
//      chosen per country (sum | max_group | max_cell | max_sector | southern_cone);
//   4. admin1 -> country: sum; rows reported at country level (admin1 empty) are their own place
//      and are added once;
//   5. months -> period: sum of the new beneficiaries of each month (the total monthly
//      beneficiaries are never summed across months, and are not used here);
//   6. countries -> platform / region (when neither country nor admin1 is a key): sum, with the
//      in-transit rule for groups whose cross-country rule is per_country_only.
// Only direct-assistance lines count towards people reached. Partners are distinct counts of
// organisations by role (appealing, implementing) over every accepted line of the row, whatever
// its indicator type and whatever population group it served: the in-transit rule of step 6
// keeps people in transit out of platform and regional figures, never the organisations that
// assisted them (a platform of one country has that country's partners). Only a row that is a
// breakdown by group (a population_group key, the in-transit part of `separate`) counts the
// organisations of its group. Partner counts are never summed.
//
// Every figure keeps the plain sum beside the de-duplicated value (its upper bound), and carries
// its provenance (the rule of each step, exclusions, notes), so a report prints its footnotes.
//
// Units. The max steps work per population group, or per population group x age/gender cell for
// countries whose model is max_cell (both within a sector under max_indicator and across
// sectors; see max_cell_rule). A line whose age/gender cells are given and whose new
// beneficiaries belong to a single group gives cell units; otherwise its people go to the
// "cells not known" unit of their group, and count through the group totals. New beneficiaries not
// broken down by group go to the group "unspecified" (additive across countries). A group a line
// reports zero for is left out of that line unless the whole line is zero (then its zeros still
// make rows, as reported zeros).
//
// Performance. The constructor makes one pass over the lines, accumulating into an open-addressing
// hash table keyed by packed dense dictionary ids (country, admin1, month, sector, group, cell
// and, under max_indicator, indicator); nothing is allocated per line. Queries then work on the
// de-duplicated per-sector cells (at most a few hundred thousand for tens of millions of lines),
// so several groupings of one input share the expensive pass.
//
// Cost to the includer: the pass and the queries (the constructor, query and what they call) are
// defined in dedup/reach-inl.hpp, included at the end of this header in the default header-only
// mode; with TALLY_COMPILED they are compiled once, into the library tally::compiled
// (docs/packaging.md), and a program that only asks queries does not compile them.

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <numeric>
#include <span>
#include <string>
#include <tally/core/count.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/resolve.hpp>
#include <tally/core/sector.hpp>
#include <tally/dedup/query.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/dedup/steps.hpp>
#include <tally/detail/big_pages.hpp>
#include <tally/detail/flat_hash.hpp>
#include <tally/detail/parallel.hpp>
#include <tally/detail/radix_sort.hpp>
#include <tally/table/activity_table.hpp>
#include <utility>
#include <variant>
#include <vector>

namespace tally::dedup {

struct reach_options {
    within_sector_rule within_sector = within_sector_rule::sum;
    /// The intersector model of countries not listed in model_by_country.
    intersector_model intersector = intersector_model::max_group;
    /// Per-country models, by the country's value in the table (ISO3).
    std::vector<std::pair<std::string, intersector_model>> model_by_country;
    /// Platforms and region; nullptr: geography::r4v().
    const geography* geo = nullptr;
    /// Sector spellings for the southern-cone model; nullptr: sector_catalog::r4v().
    const sector_catalog* catalog = nullptr;
    /// Count distinct partners (one more pass over the lines; off for pure speed).
    bool partners = true;
};

struct reach_query {
    std::vector<reach_key> by = {reach_key::country, reach_key::sector};
    in_transit_rule in_transit = in_transit_rule::exclude;
};

struct reach_row {
    /// The key values, in the order of the query's keys.
    std::vector<std::string> keys;
    /// The de-duplicated figure, its upper bound and provenance.
    figure<reached_count<>> reached;
    /// True for intersector figures (no `sector` key), false for sector figures.
    bool intersector = false;
    transit_part part = transit_part::all;
    /// The figure split by cross-country rule: the additive groups, and the per-country-only
    /// groups it contains (zero at platform and region level unless the rule includes them).
    bounded additive, per_country_only;
    partner_count appealing, implementing;
};

struct reach_result {
    std::vector<reach_key> by;
    in_transit_rule in_transit = in_transit_rule::exclude;
    /// True when the rows add countries together (neither country nor admin1 is a key).
    bool cross_country = false;
    /// Sorted by the key values (byte order), then part.
    std::vector<reach_row> rows;
    /// Problems worth telling that did not stop the query (countries outside the geography).
    std::vector<std::string> notices;
};

class reach_pipeline {
  public:
    /// One pass over t (steps 1 and 2). t must outlive the pipeline. Throws errc::overflow when
    /// a sum overflows or the dictionaries are too large to pack a key into 63 bits.
    explicit reach_pipeline(const activity_table& t, reach_options o = {});

    /// The figures grouped by q.by. Throws errc::invalid_argument for a repeated key.
    reach_result query(const reach_query& q) const;
    reach_result query(std::vector<reach_key> by,
                       in_transit_rule in_transit = in_transit_rule::exclude) const {
        return query(reach_query{std::move(by), in_transit});
    }

    const activity_table& table() const noexcept { return *table_; }
    const reach_options& options() const noexcept { return opt_; }
    /// Lines used as people reached, and lines left out because their indicator is not direct
    /// assistance.
    std::size_t lines_counted() const noexcept { return counted_; }
    std::size_t lines_not_direct() const noexcept { return not_direct_; }
    /// The intersector model of a country (by its table id).
    intersector_model model_of(code_id country) const { return country_model_.at(country); }

  private:
    // Fields of the packed fine key, most significant first.
    enum fine_field : std::size_t { f_country, f_admin1, f_month, f_sector, f_group, f_cell };

    // What a query gathers per output row besides its people: the intersector models of its
    // countries (a bit per model) and its distinct partners.
    struct out_agg {
        row_measures<1> people;
        std::uint32_t models = 0;
        std::uint32_t appealing = 0, implementing = 0;
    };

    // The steps of query(), in order.
    query_frame frame_of(const reach_query& q) const;
    // emit(const detail::cell_ids&, const bounded&) receives every de-duplicated cell.
    template <class Emit>
    void sector_cells(Emit&& emit) const;
    template <class Emit>
    void intersector_cells(Emit&& emit) const;
    void count_partners(const query_frame& frame, detail::flat_hash<out_agg>& agg) const;
    provenance steps_of(const query_frame& frame, std::uint32_t models) const;
    std::string models_step(std::uint32_t models) const;
    reach_row row_of(const query_frame& frame, std::uint64_t k, const out_agg& a,
                     const key_names& names) const;

    // Not a stored pointer, so that a copied pipeline does not point into its source.
    const geography& geo() const noexcept { return opt_.geo ? *opt_.geo : own_geo_; }

    // Countries and sectors resolve through their catalogs (core/resolve.hpp): "Perú" and "PER"
    // are one place, "Salud" and "Health" one sector, each keyed by the first table id that
    // names it and labelled by its code (country) or catalog name (sector).
    void prepare_countries() {
        const auto& t = *table_;
        const auto& cat = opt_.catalog ? *opt_.catalog : own_catalog_;
        country_model_.assign(t.countries.size(), opt_.intersector);
        auto countries = resolve_countries(t.countries, geo());
        auto sectors = resolve_sectors(t.sectors, cat);
        country_place_ = std::move(countries.key);
        country_label_ = std::move(countries.label);
        sector_place_ = std::move(sectors.key);
        sector_label_ = std::move(sectors.label);
        notices_ = std::move(countries.read_as);
        notices_.insert(notices_.end(), sectors.read_as.begin(), sectors.read_as.end());
        country_platform_ = platforms_of(t.countries, countries, geo(), notices_);
        for (code_id c = 0; c < t.countries.size(); ++c)
            for (const auto& [code, m] : opt_.model_by_country)
                if (t.countries[c] == code || country_label_[c] == code)
                    country_model_[c] = m;
        southern_cone_ = composite_rule::southern_cone(t.sectors, cat);
    }

    void prepare_layout() {
        const auto& t = *table_;
        groups_ = t.groups().size() + 1; // + "unspecified"
        const auto months = t.month_index();
        if (!months.empty()) {
            const auto [lo, hi] = std::minmax_element(months.begin(), months.end());
            month0_ = *lo;
            month_count_ = static_cast<std::size_t>(*hi - *lo + 1);
        }
        cells_ = 1;
        for (auto m : country_model_)
            if (m == intersector_model::max_cell)
                cells_ = cells_per_group;
        fine_.field(std::max<std::size_t>(t.countries.size(), 1));
        fine_.field(t.admin1s.size() + 1); // + country level
        fine_.field(month_count_);
        fine_.field(std::max<std::size_t>(t.sectors.size(), 1));
        fine_.field(groups_);
        fine_.field(cells_);
        if (opt_.within_sector == within_sector_rule::max_indicator)
            fine_.field(std::max<std::size_t>(t.indicators.size(), 1));
        fine_.finish();
    }

    std::uint64_t admin1_id(code_id a) const { return a == no_code ? table_->admin1s.size() : a; }

    /// How many ranges of lines a pass over n lines is cut into: one per core for large tables.
    static std::size_t line_parts(std::size_t n) {
        return detail::parts_for(n, std::size_t{1} << 20);
    }

    // Step 1 over the lines [lo, hi) into acc. Returns the lines counted as reached and the
    // lines left out (not direct assistance).
    std::pair<std::size_t, std::size_t> sum_lines(std::size_t lo, std::size_t hi,
                                                  detail::flat_hash<std::int64_t>& acc) const {
        const auto& t = *table_;
        const bool by_indicator = opt_.within_sector == within_sector_rule::max_indicator;
        const auto country = t.country(), admin1 = t.admin1(), sector = t.sector(),
                   indicator = t.indicator();
        const auto month = t.month_index();
        const auto& type = t.type();
        const auto news = t.new_beneficiaries();
        const auto& has_cells = t.has_cells();
        // Counted here and stored once by the caller: the parts' counters sit side by side in
        // memory, and a thread writing its own on every line would make the other's cache line
        // bounce between the cores.
        std::size_t counted = 0, not_direct = 0;
        // The cells of a large table are spread over more memory than the cache holds: each
        // slot is prefetched and updated 16 additions later (the sums are the same).
        detail::delayed_adds<std::int64_t> adds(acc);
        const auto sum_into = [](std::int64_t& slot, std::int64_t v) {
            slot = detail::checked_add(slot, v);
        };
        for (std::size_t i = lo; i < hi; ++i) {
            if (!counts_as_reached(type[i])) {
                ++not_direct;
                continue;
            }
            ++counted;
            const std::uint64_t c = country_place_[country[i]], a = admin1_id(admin1[i]),
                                m = static_cast<std::uint64_t>(month[i] - month0_),
                                s = sector_place_[sector[i]], ind = by_indicator ? indicator[i] : 0;
            split_line(i, c, news[i], has_cells[i],
                       [&](std::uint64_t g, std::uint64_t cell, std::int64_t v) {
                           const auto k = by_indicator ? fine_.pack({c, a, m, s, g, cell, ind})
                                                       : fine_.pack({c, a, m, s, g, cell});
                           adds.add(k, v, sum_into);
                       });
        }
        adds.flush(sum_into);
        return {counted, not_direct};
    }

    // The people of line i (of country c, with `news` new beneficiaries) by unit:
    // add(group, cell, people). The age/gender cells break the line down when they all belong
    // to one group (the other groups of a wide row being zero) and the country's model is
    // max-cell; else each group gets the "cells not known" unit, and new beneficiaries not
    // broken down by group go to "unspecified".
    template <class Add>
    void split_line(std::size_t i, std::uint64_t c, std::int64_t news, bool has_cells,
                    Add&& add) const {
        const auto& t = *table_;
        const auto gs = t.groups_of(i);
        const auto vs = t.group_values_of(i);
        std::int64_t broken_down = 0;
        for (auto v : vs)
            broken_down = detail::checked_add(broken_down, v);
        const std::int64_t rest = news - broken_down;
        std::size_t positive = 0, only = 0;
        for (std::size_t k = 0; k < vs.size(); ++k)
            if (vs[k] > 0) {
                ++positive;
                only = k;
            }
        const bool by_cell = cells_ > 1 && country_model_[c] == intersector_model::max_cell &&
                             has_cells && positive == 1 && rest <= 0;
        if (by_cell) {
            const auto cv = t.age_gender_of(i);
            const std::int64_t people = vs[only];
            std::int64_t in_cells = 0;
            for (int k = 0; k < cell_count; ++k)
                in_cells = detail::checked_add(in_cells, cv[k]);
            if (in_cells <= people) {
                for (int k = 0; k < cell_count; ++k)
                    if (cv[k] > 0)
                        add(gs[only], static_cast<std::uint64_t>(k), cv[k]);
                if (people > in_cells)
                    add(gs[only], unknown_cell, people - in_cells);
                return;
            }
        }
        // A zero cell of a line that reached people elsewhere adds nothing; it is kept only
        // when the whole line is zero, so that a reported zero still shows as a row.
        const std::uint64_t plain_cell = cells_ - 1;
        for (std::size_t k = 0; k < gs.size(); ++k)
            if (vs[k] > 0 || broken_down == 0)
                add(gs[k], plain_cell, vs[k]);
        if (rest > 0 || gs.empty())
            add(groups_ - 1, plain_cell, std::max<std::int64_t>(rest, 0));
    }

    // Sorted lists of (key, sum) merged into one, equal keys added (a pass over sorted lists
    // instead of a lookup per entry).
    static std::vector<std::pair<std::uint64_t, std::int64_t>>
    merge_sorted(std::vector<std::vector<std::pair<std::uint64_t, std::int64_t>>>& lists) {
        auto sorted = std::move(lists[0]);
        for (std::size_t p = 1; p < lists.size(); ++p) {
            std::vector<std::pair<std::uint64_t, std::int64_t>> both;
            both.reserve(sorted.size() + lists[p].size());
            auto a = sorted.begin(), b = lists[p].begin();
            while (a != sorted.end() || b != lists[p].end()) {
                if (b == lists[p].end() || (a != sorted.end() && a->first < b->first))
                    both.push_back(*a++);
                else if (a == sorted.end() || b->first < a->first)
                    both.push_back(*b++);
                else {
                    both.emplace_back(a->first, detail::checked_add(a->second, b->second));
                    ++a;
                    ++b;
                }
            }
            sorted = std::move(both);
            lists[p] = {};
        }
        return sorted;
    }

    // Steps 1 and 2 over the whole table into fine_cells_. Large tables are cut in one range
    // of lines per core, each summed on its own and sorted, then merged: the sums are exact, so
    // the result is the same.
    void accumulate() {
        const auto& t = *table_;
        const std::size_t parts = line_parts(t.size());
        // Sized for a distinct cell in every eighth line (at most 4M): a table grown from small
        // moves its entries once per doubling.
        const std::size_t expected =
            std::min<std::size_t>(t.size() / parts / 8 + 1024, std::size_t{1} << 22);
        std::vector<detail::flat_hash<std::int64_t>> accs(
            parts, detail::flat_hash<std::int64_t>(expected));
        std::vector<std::pair<std::size_t, std::size_t>> counts(parts);
        detail::in_parallel(t.size(), parts, [&](std::size_t p, std::size_t lo, std::size_t hi) {
            counts[p] = sum_lines(lo, hi, accs[p]);
        });
        for (const auto& [counted, not_direct] : counts) {
            counted_ += counted;
            not_direct_ += not_direct;
        }
        // Each part's sums sorted by key on its own core, then merged in order.
        std::vector<std::vector<std::pair<std::uint64_t, std::int64_t>>> lists(parts);
        detail::each_task(parts, static_cast<unsigned>(parts), [&](std::size_t p) {
            lists[p] = accs[p].sorted();
            accs[p] = detail::flat_hash<std::int64_t>();
        });
        const auto sorted = merge_sorted(lists);
        fine_cells_.reserve(sorted.size());
        if (opt_.within_sector == within_sector_rule::sum) {
            for (const auto& [k, v] : sorted)
                fine_cells_.emplace_back(k, bounded{v, v});
            return;
        }
        reduce_indicators(sorted);
    }

    // Step 2 under max-indicator: the indicator is the lowest field, so the entries of one
    // (country, admin1, month, sector, group, cell) are adjacent once sorted; they reduce to
    // their max (under max-cell, the indicators of one (country, admin1, month, sector) combine
    // by max_cell_rule, which needs all their groups and cells at once).
    void reduce_indicators(const std::vector<std::pair<std::uint64_t, std::int64_t>>& sorted) {
        // The cell field sits just above the indicator field: its shift is the indicator width.
        const auto ind_bits = static_cast<unsigned>(fine_.shift(f_cell));
        const auto sector_shift = static_cast<unsigned>(fine_.shift(f_group));
        const auto cell_bits = sector_shift - ind_bits;
        const std::size_t units = groups_ * cells_;
        member_matrix mx;
        std::vector<char> present(groups_);
        std::vector<bounded> res(units);
        std::vector<std::int64_t> scratch;
        for (std::size_t i = 0; i < sorted.size();) {
            const auto key = sorted[i].first;
            if (cells_ > 1 &&
                country_model_[fine_.get(key, f_country)] == intersector_model::max_cell) {
                const auto run = key >> sector_shift;
                mx.reset(units);
                std::fill(present.begin(), present.end(), 0);
                for (; i < sorted.size() && (sorted[i].first >> sector_shift) == run; ++i) {
                    const auto k = sorted[i].first;
                    const auto ind = static_cast<code_id>(k & ((std::uint64_t{1} << ind_bits) - 1));
                    std::size_t row = 0;
                    while (row < mx.rows() && mx.members()[row] != ind)
                        ++row;
                    if (row == mx.rows())
                        mx.add_member(ind);
                    const auto g = fine_.get(k, f_group);
                    mx.at(row, g * cells_ + fine_.get(k, f_cell)) =
                        bounded{sorted[i].second, sorted[i].second};
                    present[g] = 1;
                }
                reduce(max_cell_rule{}, mx, res, scratch);
                for (std::size_t g = 0; g < groups_; ++g)
                    if (present[g])
                        for (std::size_t c = 0; c < cells_; ++c)
                            fine_cells_.emplace_back((run << (sector_shift - ind_bits)) |
                                                         (g << cell_bits) | c,
                                                     res[g * cells_ + c]);
                continue;
            }
            const auto head = key >> ind_bits;
            bounded b;
            while (i < sorted.size() && (sorted[i].first >> ind_bits) == head) {
                b.value = std::max(b.value, sorted[i].second);
                b.upper = detail::checked_add(b.upper, sorted[i].second);
                ++i;
            }
            fine_cells_.emplace_back(head, b);
        }
    }

    // The key of a step-2 cell has no indicator field: decode it as a fine key shifted back.
    unsigned indicator_bits() const noexcept {
        return opt_.within_sector == within_sector_rule::max_indicator
                   ? static_cast<unsigned>(fine_.shift(f_cell))
                   : 0;
    }
    std::uint64_t cell_field(std::uint64_t key2, std::size_t f) const noexcept {
        return fine_.get(key2 << indicator_bits(), f);
    }

    void collect_partners() {
        const auto& t = *table_;
        detail::key_packer pk;
        pk.field(std::max<std::size_t>(t.countries.size(), 1));
        pk.field(t.admin1s.size() + 1);
        pk.field(month_count_);
        pk.field(std::max<std::size_t>(t.sectors.size(), 1));
        pk.field(groups_);
        pk.field(std::max<std::size_t>(t.orgs.size(), 1));
        pk.finish();
        partner_key_ = pk;
        const std::size_t parts = line_parts(t.size());
        // Each part lists its facts as packed keys with the two role bits below them, sorts them
        // and folds equal keys (roles or-ed); the parts are then merged the same way. A sort of
        // 8-byte entries reads and writes memory in order, where a hash table of as many
        // distinct keys would miss the cache on every line.
        if (pk.bits() > 61)
            throw error(errc::overflow, "too many distinct partner keys to pack into 64 bits");
        // (In blocks of their own: tens of MB each at 10M lines, mapped with large pages.)
        std::vector<detail::big_vector<std::uint64_t>> all_facts(parts);
        detail::in_parallel(t.size(), parts, [&](std::size_t p, std::size_t lo, std::size_t hi) {
            auto& facts = all_facts[p];
            facts.reserve(hi - lo);
            const std::uint64_t unspecified = groups_ - 1;
            const auto country = t.country(), admin1 = t.admin1(), sector = t.sector();
            const auto month = t.month_index();
            const auto appealing = t.appealing_org(), implementing = t.implementing_org();
            const auto news = t.new_beneficiaries();
            for (std::size_t i = lo; i < hi; ++i) {
                const std::uint64_t c = country_place_[country[i]], a = admin1_id(admin1[i]),
                                    m = static_cast<std::uint64_t>(month[i] - month0_),
                                    s = sector_place_[sector[i]];
                const code_id ap = appealing[i], im = implementing[i];
                auto note = [&](std::uint64_t g) {
                    if (ap != no_code && ap == im) {
                        facts.push_back(pk.pack({c, a, m, s, g, ap}) << 2 | 3);
                        return;
                    }
                    if (ap != no_code)
                        facts.push_back(pk.pack({c, a, m, s, g, ap}) << 2 | 1);
                    if (im != no_code)
                        facts.push_back(pk.pack({c, a, m, s, g, im}) << 2 | 2);
                };
                const auto gs = t.groups_of(i);
                const auto vs = t.group_values_of(i);
                std::int64_t broken_down = 0;
                for (auto v : vs)
                    broken_down += v;
                // As for people: a group the line reports zero for is not its group, unless the
                // whole line is zero.
                for (std::size_t k = 0; k < gs.size(); ++k)
                    if (vs[k] > 0 || broken_down == 0)
                        note(gs[k]);
                if (gs.empty() || news[i] > broken_down)
                    note(unspecified);
            }
            detail::radix_sort(facts.data(), facts.size());
            fold_roles(facts);
        });
        // Merge the sorted parts into part 0 (two at a time, each merge folding equal keys).
        auto& facts = all_facts[0];
        for (std::size_t p = 1; p < parts; ++p) {
            detail::big_vector<std::uint64_t> both(facts.size() + all_facts[p].size());
            std::merge(facts.begin(), facts.end(), all_facts[p].begin(), all_facts[p].end(),
                       both.begin());
            detail::big_vector<std::uint64_t>().swap(all_facts[p]);
            fold_roles(both);
            facts.swap(both);
        }
        partner_facts_.clear();
        partner_facts_.reserve(facts.size());
        for (const auto f : facts)
            partner_facts_.emplace_back(f >> 2, static_cast<std::uint8_t>(f & 3));
    }

    /// Folds runs of entries of sorted v that share their key (all bits above the two role bits)
    /// into one entry whose roles are or-ed. v stays sorted.
    static void fold_roles(detail::big_vector<std::uint64_t>& v) {
        std::size_t out = 0;
        for (std::size_t i = 0; i < v.size();) {
            std::uint64_t f = v[i];
            for (++i; i < v.size() && (v[i] >> 2) == (f >> 2); ++i)
                f |= v[i] & 3;
            v[out++] = f;
        }
        v.resize(out);
    }

    const activity_table* table_;
    reach_options opt_;
    geography own_geo_;
    sector_catalog own_catalog_;
    std::vector<intersector_model> country_model_;
    std::vector<code_id> country_platform_;
    std::vector<code_id> country_place_;     ///< table country id -> id of its place
    std::vector<std::string> country_label_; ///< the place's code in the geography, or as written
    std::vector<code_id> sector_place_;      ///< table sector id -> id of its sector
    std::vector<std::string> sector_label_;  ///< the sector's catalog name, or as written
    composite_rule southern_cone_;
    std::vector<std::string> notices_;
    std::size_t groups_ = 1, cells_ = 1, month_count_ = 1;
    std::int32_t month0_ = 0;
    detail::key_packer fine_, partner_key_;
    std::vector<std::pair<std::uint64_t, bounded>> fine_cells_;
    std::vector<std::pair<std::uint64_t, std::uint8_t>> partner_facts_;
    std::size_t counted_ = 0, not_direct_ = 0;
};

} // namespace tally::dedup

// Every tally header names its internals tally::detail: a nested dedup::detail would hide them
// from the dedup headers included after this one.
namespace tally::detail {
template <dedup::FigureScope S>
void check_scope(const dedup::reach_row& row) {
    if (row.intersector != std::same_as<S, dedup::intersector_scope>)
        throw error(errc::mismatch, std::string("the row is a ") +
                                        (row.intersector ? "intersector" : "sector") +
                                        " figure, not a " + std::string(S::name) + " figure");
}
} // namespace tally::detail

namespace tally::dedup {

/// The typed figure of a pipeline row of one country (or admin1). Throws errc::mismatch when the
/// row's scope is not S.
template <FigureScope S>
country_reach<S> country_figure(const reach_row& row) {
    detail::check_scope<S>(row);
    return country_reach<S>(row.additive, row.per_country_only);
}
/// The typed figure of a pipeline row that counts no per-country-only people (platform and region
/// rows under the default rule, or rows of additive groups). Throws errc::mismatch when the scope
/// is not S or when the row contains people in transit (use country_figure).
template <FigureScope S>
scoped_reach<S> scoped_figure(const reach_row& row) {
    detail::check_scope<S>(row);
    if (row.per_country_only.upper != 0)
        throw error(errc::mismatch,
                    "the row contains people counted once per country: use country_figure");
    return scoped_reach<S>(row.additive);
}

} // namespace tally::dedup

#ifndef TALLY_COMPILED
#include <tally/dedup/reach-inl.hpp>
#endif
