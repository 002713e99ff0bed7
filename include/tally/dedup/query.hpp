#pragma once
// The frame shared by the query of people reached (dedup/reach.hpp) and the query of PiN and
// targets (dedup/plan.hpp): their keys, the packed output key of a row and its values as text,
// and the in-transit rule (docs/rules.md#de-duplication-level-by-level, step 6). Every rule
// about query keys and about people in transit is written here once; reach and plan differ only
// in what they add up within a country.
//
//   query_frame        the keys (none twice; no month for a plan), whether rows are sector or
//                      intersector figures and whether they add countries together (neither
//                      country nor admin1 is a key), the packed output key of a cell (one field
//                      per key, then the part under `separate`) and a row's key values;
//   in_transit_policy  which population groups are counted once per country they were assisted
//                      in (cross_country_rule::per_country_only: people in transit), what the
//                      query's rule (exclude / include / separate) does with them on rows that
//                      add countries, their label ("people in transit") and what a figure says
//                      about them, as data (provenance::in_transit) and in words;
//   key_columns        the key columns of a result and a row's values in them (`in_transit`:
//                      "excluded" / "only" when the rows come in parts), for every output;
//   country_sums<N>    the N measures of every row (reach: people reached; plan: PiN and
//                      target), kept per country on rows that add countries and added at the
//                      end by sum_countries (dedup/scope.hpp) under the query's rule as a type:
//                      the path every platform and regional figure takes, so the
//                      must-not-compile tests of dedup/scope.hpp guard it.
//
// Cost: packing a key is O(keys). country_sums keeps one slot per row and country on rows that
// add countries (a few thousand for R4V's 17 countries) and sorts them once; rows within one
// country keep one slot per row.

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/population_group.hpp>
#include <tally/core/resolve.hpp>
#include <tally/dedup/detail/query_key.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/dedup/scope.hpp>
#include <tally/dedup/steps.hpp>
#include <tally/detail/flat_hash.hpp>
#include <utility>
#include <vector>

namespace tally::dedup {

/// Which people a row counts when the in-transit rule is `separate` at platform or region level.
enum class transit_part {
    all,        ///< every group the rule lets in (the usual row)
    additive,   ///< `separate`: the groups that add across countries
    per_country ///< `separate`: the per-country-only groups (people in transit), on their own
};

/// What a query does with people counted once per country (people in transit).
/// The one rule of which rows come in two parts (the additive groups; the per-country-only
/// groups): rows that add countries together, under `separate`.
constexpr bool rows_in_parts(in_transit_rule rule, bool cross_country) noexcept {
    return cross_country && rule == in_transit_rule::separate;
}

class in_transit_policy {
  public:
    /// rule applies to rows that add countries together (cross_country); the groups counted
    /// once per country are those of `groups` whose rule is per_country_only.
    in_transit_policy(in_transit_rule rule, bool cross_country, const population_groups& groups)
        : rule_(rule), cross_country_(cross_country) {
        for (code_id g = 0; g < groups.size(); ++g) {
            per_country_.push_back(groups.rule(g) == cross_country_rule::per_country_only);
            if (!per_country_.back())
                continue;
            auto l = groups.info(g).label;
            for (auto& ch : l)
                ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            label_ += label_.empty() ? "people " : ", people ";
            label_ += l;
        }
    }

    in_transit_rule rule() const noexcept { return rule_; }
    bool cross_country() const noexcept { return cross_country_; }
    /// Rows come in two parts (the additive groups; the per-country-only groups).
    bool separate() const noexcept { return rows_in_parts(rule_, cross_country_); }
    /// Whether group g is counted once per country it was assisted in. A group id beyond the
    /// catalog (reach's "unspecified") adds across countries.
    bool per_country(std::uint64_t g) const noexcept {
        return g < per_country_.size() && per_country_[g];
    }
    /// Whether the rows leave group g out (rows that add countries, under `exclude`).
    bool leaves_out(std::uint64_t g) const noexcept {
        return cross_country_ && rule_ == in_transit_rule::exclude && per_country(g);
    }
    /// "people in transit" (the labels of the per-country-only groups), "" when there is none.
    const std::string& label() const noexcept { return label_; }

    /// Writes into p what a row of part `part` did with people in transit: as data
    /// (provenance::in_transit) and in words (an exclusion or a note). has_per_country_people:
    /// the row's figure counts some of them (for the note of `include`).
    void describe(provenance& p, transit_part part, bool has_per_country_people) const {
        if (!cross_country_ || label_.empty())
            return;
        switch (rule_) {
        case in_transit_rule::separate:
            if (part == transit_part::per_country) {
                p.in_transit(in_transit_treatment::apart);
                p.note("People in transit, reported separately: they pass through several "
                       "countries, so this figure counts people once per country");
            } else {
                p.in_transit(in_transit_treatment::left_out_shown_apart);
                p.exclude(label_ + " (reported separately)");
            }
            break;
        case in_transit_rule::exclude:
            p.in_transit(in_transit_treatment::left_out);
            p.exclude(label_);
            break;
        case in_transit_rule::include:
            p.in_transit(in_transit_treatment::included);
            if (has_per_country_people)
                p.note("Includes " + label_ + ", counted once per country they were assisted in");
            break;
        }
    }

  private:
    in_transit_rule rule_;
    bool cross_country_;
    std::vector<bool> per_country_;
    std::string label_;
};

/// The number of distinct ids of each key field in the table queried.
struct key_space {
    std::size_t countries = 1;
    std::size_t admin1s = 1; ///< the table's admin1 areas + 1: the last id is the country level
    std::size_t months = 1;
    std::size_t sectors = 1;
    std::size_t groups = 1;
};

/// The text of key values, by id. An admin1 id equal to admin1s->size() is the country level
/// (""); region and platform values come from the geography.
struct key_names {
    std::span<const std::string> countries;
    const dictionary* admin1s;
    std::span<const std::string> months, sectors, groups;
};

/// The keys of one query and its packed output key.
class query_frame {
  public:
    /// country_platform: the platform of each country id (no_code outside the geography).
    /// Throws errc::invalid_argument for a repeated key, or a month key when !months_allowed;
    /// errc::overflow when the keys need more than 63 bits.
    query_frame(std::vector<reach_key> by, in_transit_rule rule, const key_space& space,
                const geography& geo, std::vector<code_id> country_platform,
                const population_groups& groups, bool months_allowed)
        : by_(std::move(by)), geo_(&geo), country_platform_(std::move(country_platform)),
          unknown_platform_(geo.platform_count()),
          transit_(rule, !has_in(by_, reach_key::country) && !has_in(by_, reach_key::admin1),
                   groups) {
        for (std::size_t i = 0; i < by_.size(); ++i) {
            if (by_[i] == reach_key::month && !months_allowed)
                throw error(errc::invalid_argument, "plan figures have no month key");
            for (std::size_t j = 0; j < i; ++j)
                if (by_[i] == by_[j])
                    throw error(errc::invalid_argument,
                                "key '" + std::string(to_string(by_[i])) + "' is given twice");
        }
        for (auto k : by_)
            out_.field(cardinality(k, space));
        part_field_ = out_.field(transit_.separate() ? 2 : 1);
        out_.finish();
    }

    const std::vector<reach_key>& by() const noexcept { return by_; }
    bool has(reach_key k) const noexcept { return has_in(by_, k); }
    /// Rows are sector figures (`sector` is a key), else intersector figures.
    bool sector_scope() const noexcept { return has(reach_key::sector); }
    /// Rows add countries together (neither country nor admin1 is a key).
    bool cross_country() const noexcept { return transit_.cross_country(); }
    const in_transit_policy& transit() const noexcept { return transit_; }
    /// Bits the output key uses (a caller packing more beside it checks the room left).
    unsigned bits() const noexcept { return out_.bits(); }

    /// The output key of a cell whose group is counted once per country (per_country_group) or
    /// not: its values of the keys, and the part under `separate`.
    std::uint64_t key(const detail::cell_ids& id, bool per_country_group) const {
        std::uint64_t k =
            detail::pack_query_key(by_, out_, country_platform_, unknown_platform_, id);
        if (transit_.separate() && per_country_group)
            k |= std::uint64_t{1} << out_.shift(part_field_);
        return k;
    }
    /// The part of the row of key k.
    transit_part part(std::uint64_t k) const noexcept {
        if (!transit_.separate())
            return transit_part::all;
        return out_.get(k, part_field_) == 1 ? transit_part::per_country : transit_part::additive;
    }
    /// The key values of the row of key k, in the order of the keys.
    std::vector<std::string> values(std::uint64_t k, const key_names& names) const {
        std::vector<std::string> v;
        v.reserve(by_.size());
        for (std::size_t f = 0; f < by_.size(); ++f) {
            const auto id = out_.get(k, f);
            switch (by_[f]) {
            case reach_key::region:
                v.push_back(id == 0 ? geo_->region_code() : "(unknown)");
                break;
            case reach_key::platform:
                v.push_back(id == unknown_platform_
                                ? std::string("(unknown)")
                                : geo_->platform(static_cast<code_id>(id)).name);
                break;
            case reach_key::country:
                v.push_back(names.countries[id]);
                break;
            case reach_key::admin1:
                v.push_back(id == names.admin1s->size()
                                ? std::string()
                                : (*names.admin1s)[static_cast<code_id>(id)]);
                break;
            case reach_key::month:
                v.push_back(names.months[id]);
                break;
            case reach_key::sector:
                v.push_back(names.sectors[id]);
                break;
            case reach_key::population_group:
                v.push_back(names.groups[id]);
                break;
            }
        }
        return v;
    }

  private:
    static bool has_in(const std::vector<reach_key>& by, reach_key k) noexcept {
        return std::find(by.begin(), by.end(), k) != by.end();
    }
    std::uint64_t cardinality(reach_key k, const key_space& s) const {
        switch (k) {
        case reach_key::region:
            return 2;
        case reach_key::platform:
            return unknown_platform_ + 1;
        case reach_key::country:
            return std::max<std::size_t>(s.countries, 1);
        case reach_key::admin1:
            return std::max<std::size_t>(s.admin1s, 1);
        case reach_key::month:
            return std::max<std::size_t>(s.months, 1);
        case reach_key::sector:
            return std::max<std::size_t>(s.sectors, 1);
        case reach_key::population_group:
            return std::max<std::size_t>(s.groups, 1);
        }
        return 1;
    }

    std::vector<reach_key> by_;
    const geography* geo_;
    std::vector<code_id> country_platform_;
    std::uint64_t unknown_platform_;
    in_transit_policy transit_;
    detail::key_packer out_;
    std::size_t part_field_ = 0;
};

/// The N measures of one row: `figure` as the query's rule counts it, and the same people split
/// by cross-country rule (the groups that add across countries; those counted once per
/// country). Within one country figure = additive + per_country.
template <std::size_t N>
struct row_measures {
    std::array<bounded, N> figure{}, additive{}, per_country{};
};

/// The N measures of every row of a query. On rows within one country the cells add (places and
/// periods of one country are disjoint); on rows that add countries, each country's cells are
/// kept apart and the countries are added by sum_countries under the query's rule.
template <std::size_t N>
class country_sums {
  public:
    using values = std::array<bounded, N>;

    /// countries: the number of country ids the cells use. Throws errc::overflow when a row key
    /// and a country id do not fit in 63 bits.
    country_sums(const query_frame& frame, std::size_t countries) : frame_(&frame) {
        if (frame.cross_country())
            while ((std::uint64_t{1} << country_bits_) < std::max<std::size_t>(countries, 1))
                ++country_bits_;
        if (frame.bits() + country_bits_ > 63)
            throw error(errc::overflow, "too many distinct key values to add countries");
    }

    /// Adds the measures of one cell (of country c and group g) to the row of key k.
    void add(std::uint64_t k, std::uint64_t c, std::uint64_t g, const values& v) {
        const bool pc = frame_->transit().per_country(g);
        auto& s = cells_[frame_->cross_country() ? (k << country_bits_) | c : k];
        for (std::size_t m = 0; m < N; ++m)
            (pc ? s.per_country : s.additive)[m] += v[m];
        // A row exists when its rule counts one of its cells: a row of people in transit only
        // does not exist under `exclude`.
        s.counted = s.counted || !frame_->transit().leaves_out(g);
    }

    /// The measures of every row that exists, by key (unordered). Throws errc::overflow.
    std::vector<std::pair<std::uint64_t, row_measures<N>>> rows() const {
        std::vector<std::pair<std::uint64_t, row_measures<N>>> out;
        if (!frame_->cross_country()) {
            cells_.for_each([&](std::uint64_t k, const slot& s) {
                if (!s.counted)
                    return;
                row_measures<N> r;
                r.additive = s.additive;
                r.per_country = s.per_country;
                for (std::size_t m = 0; m < N; ++m)
                    r.figure[m] = s.additive[m] + s.per_country[m];
                out.emplace_back(k, r);
            });
            return out;
        }
        std::vector<std::pair<std::uint64_t, const slot*>> cells;
        cells.reserve(cells_.size());
        cells_.for_each([&](std::uint64_t k, const slot& s) { cells.emplace_back(k, &s); });
        std::sort(cells.begin(), cells.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < cells.size();) {
            const std::uint64_t row = cells[i].first >> country_bits_;
            std::size_t j = i;
            bool counted = false;
            for (; j < cells.size() && (cells[j].first >> country_bits_) == row; ++j)
                counted = counted || cells[j].second->counted;
            if (counted)
                out.emplace_back(row, add_countries(row, std::span(cells).subspan(i, j - i)));
            i = j;
        }
        return out;
    }

  private:
    struct slot {
        values additive{}, per_country{};
        bool counted = false;
    };

    row_measures<N>
    add_countries(std::uint64_t row,
                  std::span<const std::pair<std::uint64_t, const slot*>> cells) const {
        return frame_->sector_scope() ? add_countries<sector_scope>(row, cells)
                                      : add_countries<intersector_scope>(row, cells);
    }

    template <FigureScope S>
    row_measures<N>
    add_countries(std::uint64_t row,
                  std::span<const std::pair<std::uint64_t, const slot*>> cells) const {
        row_measures<N> r;
        std::vector<country_reach<S>> countries;
        countries.reserve(cells.size());
        for (std::size_t m = 0; m < N; ++m) {
            countries.clear();
            for (const auto& c : cells)
                countries.emplace_back(c.second->additive[m], c.second->per_country[m]);
            const std::span<const country_reach<S>> cs(countries);
            const auto parts = sum_countries(separate_in_transit{}, cs);
            with_in_transit_rule(frame_->transit().rule(), [&](auto rule) {
                if constexpr (std::is_same_v<decltype(rule), separate_in_transit>) {
                    // The row is one part: its cells are all of that part.
                    r.figure[m] = frame_->part(row) == transit_part::per_country
                                      ? parts.per_country_only.bounds()
                                      : parts.additive.bounds();
                } else {
                    r.figure[m] = sum_countries(rule, cs).bounds();
                }
            });
            r.additive[m] = parts.additive.bounds();
            r.per_country[m] = frame_->transit().rule() == in_transit_rule::exclude
                                   ? bounded{}
                                   : parts.per_country_only.bounds();
        }
        return r;
    }

    const query_frame* frame_;
    unsigned country_bits_ = 0;
    detail::flat_hash<slot> cells_{64};
};

/// The platform of each country of a table (no_code outside the geography), from the
/// countries as resolve_countries (core/resolve.hpp) resolved them; a notice for each country
/// outside the geography, whose figures go to platform and region "(unknown)".
inline std::vector<code_id> platforms_of(const dictionary& countries, const resolved_values& ids,
                                         const geography& geo, std::vector<std::string>& notices) {
    std::vector<code_id> platform(countries.size(), no_code);
    for (code_id c = 0; c < countries.size(); ++c) {
        if (ids.entry[c] != no_code)
            platform[c] = geo.country(ids.entry[c]).platform;
        else
            notices.push_back("country '" + countries[c] + "' is not in the geography (" +
                              geo.region_code() +
                              "): its figures go to platform and region '(unknown)'");
    }
    return platform;
}

/// Whether a query result's rows come in two parts (`separate` on rows that add countries):
/// such a result has a column saying which part a row is.
template <class Result>
bool in_parts(const Result& r) noexcept {
    return rows_in_parts(r.in_transit, r.cross_country);
}

/// The value of a row's in_transit column in a result in parts: "excluded" on the row of the
/// groups that add across countries, "only" on the row of people in transit.
constexpr std::string_view in_transit_value(transit_part p) noexcept {
    return p == transit_part::per_country ? "only" : "excluded";
}

/// The key column names of a result (reach_result or plan_result): one per key, then
/// `in_transit` when the rows come in parts.
template <class Result>
std::vector<std::string> key_columns(const Result& r) {
    std::vector<std::string> names;
    for (auto k : r.by)
        names.emplace_back(to_string(k));
    if (in_parts(r))
        names.emplace_back("in_transit");
    return names;
}

/// The key values of one row of a result, in the order of key_columns(r).
template <class Result, class Row>
std::vector<std::string> key_values(const Result& r, const Row& row) {
    std::vector<std::string> values;
    for (std::size_t i = 0; i < r.by.size(); ++i)
        values.push_back(row.keys[i]);
    if (in_parts(r))
        values.emplace_back(in_transit_value(row.part));
    return values;
}

/// The keys of a reach or plan query under a sector filter (scope: a tally::sector_scope,
/// table/sector_scope.hpp, a template so that this header does not name it beside
/// dedup::sector_scope): `sector` added last when missing, so that every row is a sector figure.
template <class Scope>
void add_sector_key(std::vector<reach_key>& by, const Scope& scope) {
    if (!scope.whole() && std::find(by.begin(), by.end(), reach_key::sector) == by.end())
        by.push_back(reach_key::sector);
}

/// Adds the scope's sentence (a tally::sector_scope) to the provenance of a figure (nothing for
/// every sector).
template <class Figure, class Scope>
void note_sector(Figure& f, const Scope& scope) {
    if (!scope.whole())
        f.how().note(scope.note());
}

} // namespace tally::dedup
