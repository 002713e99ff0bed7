#pragma once
// Types that make three wrong sums impossible to write:
//   - two partner counts (tally::partner_count has no +);
//   - an intersector figure plus a sector figure: scoped_reach<intersector_scope> and
//     scoped_reach<sector_scope> are different types with no common +. An intersector figure is
//     already de-duplicated across sectors; adding a sector row to it counts people twice;
//   - figures containing people in transit across countries: a country's figure
//     (country_reach) and any figure containing people counted once per country
//     (per_country_reach) have no +; the only way to add countries is sum_countries(rule, ...),
//     where rule is a type naming the in-transit rule (exclude_in_transit, include_in_transit,
//     separate_in_transit).
// Figures of one scope over disjoint places or months add freely (scoped_reach has +).
//
// These are the types the queries add countries with: every platform and regional figure of
// reach_pipeline::query and aggregate_plan is a sum_countries over country_reach values
// (dedup/query.hpp, country_sums), so the must-not-compile tests guard the path the figures take.
// country_figure and scoped_figure (dedup/reach.hpp) give a query row its type.

#include <concepts>
#include <span>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/dedup/steps.hpp>

namespace tally::dedup {

/// Figures of one sector (or sub-sector), de-duplicated within it.
struct sector_scope {
    static constexpr std::string_view name = "sector";
};
/// Figures de-duplicated across sectors.
struct intersector_scope {
    static constexpr std::string_view name = "intersector";
};

template <class S>
concept FigureScope = std::same_as<S, sector_scope> || std::same_as<S, intersector_scope>;

/// People reached of one scope, counting only groups that add across places: figures of
/// disjoint places or months add.
template <FigureScope S>
class scoped_reach {
  public:
    using scope = S;
    scoped_reach() = default;
    /// Throws errc::invalid_argument unless 0 <= value <= upper.
    explicit scoped_reach(bounded b) : b_(b) {
        if (b.value < 0 || b.upper < b.value)
            throw error(errc::invalid_argument, "a figure must satisfy 0 <= value <= upper");
    }
    std::int64_t value() const noexcept { return b_.value; }
    std::int64_t upper() const noexcept { return b_.upper; }
    const bounded& bounds() const noexcept { return b_; }

    /// Adds a disjoint place or period of the same scope. Throws errc::overflow.
    scoped_reach& operator+=(const scoped_reach& o) {
        b_ += o.b_;
        return *this;
    }
    friend scoped_reach operator+(scoped_reach a, const scoped_reach& b) { return a += b; }
    friend bool operator==(const scoped_reach&, const scoped_reach&) = default;

  private:
    bounded b_;
};

/// People reached in one country, including people counted once per country they were assisted
/// in (people in transit). No +: adding two of them would count those people twice.
template <FigureScope S>
class per_country_reach {
  public:
    using scope = S;
    per_country_reach() = default;
    explicit per_country_reach(bounded b) : b_(b) {}
    std::int64_t value() const noexcept { return b_.value; }
    std::int64_t upper() const noexcept { return b_.upper; }
    const bounded& bounds() const noexcept { return b_; }
    friend bool operator==(const per_country_reach&, const per_country_reach&) = default;

  private:
    bounded b_;
};

/// The figure of one country, split by cross-country rule. No +: countries are added with
/// sum_countries, which names the in-transit rule.
template <FigureScope S>
class country_reach {
  public:
    using scope = S;
    country_reach() = default;
    country_reach(bounded additive, bounded per_country_only)
        : additive_(additive), per_country_(per_country_only) {}

    /// The groups that add across countries.
    scoped_reach<S> additive() const { return scoped_reach<S>(additive_); }
    /// The per-country-only groups (people in transit).
    per_country_reach<S> per_country_only() const { return per_country_reach<S>(per_country_); }
    /// Everyone reached in the country (the country-level figure).
    per_country_reach<S> total() const { return per_country_reach<S>(additive_ + per_country_); }

  private:
    bounded additive_, per_country_;
};

/// In-transit rules as types, for sum_countries.
struct exclude_in_transit {
    static constexpr in_transit_rule rule = in_transit_rule::exclude;
};
struct include_in_transit {
    static constexpr in_transit_rule rule = in_transit_rule::include;
};
struct separate_in_transit {
    static constexpr in_transit_rule rule = in_transit_rule::separate;
};

/// Calls f with the type naming rule (exclude_in_transit{}, include_in_transit{} or
/// separate_in_transit{}): a rule read at run time reaches sum_countries as a type.
template <class F>
decltype(auto) with_in_transit_rule(in_transit_rule rule, F&& f) {
    switch (rule) {
    case in_transit_rule::include:
        return f(include_in_transit{});
    case in_transit_rule::separate:
        return f(separate_in_transit{});
    case in_transit_rule::exclude:
        break;
    }
    return f(exclude_in_transit{});
}

/// Platform or regional figures reported with people in transit on their own.
template <FigureScope S>
struct separated_reach {
    scoped_reach<S> additive;
    per_country_reach<S> per_country_only;
};

/// The sum over countries leaving people in transit out (R4V default). Throws errc::overflow.
template <FigureScope S>
scoped_reach<S> sum_countries(exclude_in_transit, std::span<const country_reach<S>> cs) {
    scoped_reach<S> r;
    for (const auto& c : cs)
        r += c.additive();
    return r;
}
/// The sum over countries counting people in transit once per country they were assisted in.
/// Throws errc::overflow.
template <FigureScope S>
scoped_reach<S> sum_countries(include_in_transit, std::span<const country_reach<S>> cs) {
    bounded b;
    for (const auto& c : cs)
        b += c.total().bounds();
    return scoped_reach<S>(b);
}
/// The sum over countries of the additive groups, with people in transit beside it.
/// Throws errc::overflow.
template <FigureScope S>
separated_reach<S> sum_countries(separate_in_transit, std::span<const country_reach<S>> cs) {
    bounded pc;
    scoped_reach<S> add;
    for (const auto& c : cs) {
        add += c.additive();
        pc += c.per_country_only().bounds();
    }
    return {add, per_country_reach<S>(pc)};
}

} // namespace tally::dedup
