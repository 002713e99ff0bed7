#pragma once
// Ratios of two measures: attainment (reached ÷ target), coverage (funding ÷ requirements), cost
// per person reached, planned cost per person targeted, funding per person in need.
//
// A ratio is typed by what it divides (ratio<Of, Per>): an attainment and a coverage are
// different types, and no ratio can be added to another (the sum of two coverages means
// nothing; the coverage of two cells together is Σ funding ÷ Σ requirements). The functions
// below take figures of the right measures, so a target cannot be passed where a PiN is
// expected, and they return std::nullopt where the denominator is 0 (never inf or NaN).
//
// value() is the ratio (as for counts and money); `os << r` prints it with the stream's own
// precision, and `os << maybe` prints "n/a" for a ratio that is n/a. O(1) each.

#include <cmath>
#include <compare>
#include <optional>
#include <ostream>
#include <tally/core/count.hpp>
#include <tally/core/money.hpp>

namespace tally::metrics {

/// Of ÷ Per, a finite non-negative-or-negative double (money may be negative after corrections).
/// Of and Per are measure tags (reached_measure, ...) or amount types (money<usd>).
template <class Of, class Per>
class ratio {
  public:
    using numerator = Of;
    using denominator = Per;

    constexpr ratio() = default;
    constexpr explicit ratio(double v) : v_(v) {}
    constexpr double value() const noexcept { return v_; }
    friend constexpr auto operator<=>(const ratio&, const ratio&) = default;
    friend std::ostream& operator<<(std::ostream& os, const ratio& r) { return os << r.v_; }
    /// An n/a ratio prints "n/a" (found through the ratio type, as std::optional has no <<).
    friend std::ostream& operator<<(std::ostream& os, const std::optional<ratio>& r) {
        return r ? os << r->v_ : os << "n/a";
    }

  private:
    double v_ = 0;
};

template <class Of, class Per>
using maybe_ratio = std::optional<ratio<Of, Per>>;

namespace detail {
inline std::optional<double> divide(double num, double den) {
    if (den == 0)
        return std::nullopt;
    return num / den;
}
template <class Of, class Per>
maybe_ratio<Of, Per> make_ratio(std::optional<double> v) {
    if (!v || !std::isfinite(*v))
        return std::nullopt;
    return ratio<Of, Per>(*v);
}
} // namespace detail

/// reached ÷ target; n/a when the target is 0.
template <CountRep Rep>
maybe_ratio<reached_measure, target_measure> attainment(const reached_count<Rep>& reached,
                                                        const target_count<Rep>& target) {
    return detail::make_ratio<reached_measure, target_measure>(
        detail::divide(static_cast<double>(reached.total()), static_cast<double>(target.total())));
}

/// funding ÷ requirements; n/a when the requirements are 0.
template <Amount A>
maybe_ratio<A, A> coverage(const A& funding, const A& requirements) {
    return detail::make_ratio<A, A>(detail::divide(static_cast<double>(funding.value()),
                                                   static_cast<double>(requirements.value())));
}

/// funding ÷ people reached (currency units per person); n/a when no one was reached.
template <Amount A, CountRep Rep>
maybe_ratio<A, reached_measure> cost_per_reached(const A& funding,
                                                 const reached_count<Rep>& reached) {
    return detail::make_ratio<A, reached_measure>(
        detail::divide(static_cast<double>(funding.value()), static_cast<double>(reached.total())));
}

/// requirements ÷ target (the plan's cost per person targeted); n/a when the target is 0.
template <Amount A, CountRep Rep>
maybe_ratio<A, target_measure> planned_cost_per_target(const A& requirements,
                                                       const target_count<Rep>& target) {
    return detail::make_ratio<A, target_measure>(detail::divide(
        static_cast<double>(requirements.value()), static_cast<double>(target.total())));
}

/// funding ÷ people in need; n/a when the PiN is 0.
template <Amount A, CountRep Rep>
maybe_ratio<A, pin_measure> funding_per_pin(const A& funding, const pin_count<Rep>& pin) {
    return detail::make_ratio<A, pin_measure>(
        detail::divide(static_cast<double>(funding.value()), static_cast<double>(pin.total())));
}

/// coverage − attainment, in fractions (0.25 = 25 percentage points); n/a when either is.
template <Amount A>
std::optional<double> gap(const maybe_ratio<A, A>& coverage,
                          const maybe_ratio<reached_measure, target_measure>& attainment) {
    if (!coverage || !attainment)
        return std::nullopt;
    return coverage->value() - attainment->value();
}

/// ln(coverage ÷ attainment), which equals ln(cost_per_reached ÷ planned_cost_per_target): > 0
/// when money is ahead of reach. n/a when either is n/a or not positive.
template <Amount A>
std::optional<double> log_ratio(const maybe_ratio<A, A>& coverage,
                                const maybe_ratio<reached_measure, target_measure>& attainment) {
    if (!coverage || !attainment || coverage->value() <= 0 || attainment->value() <= 0)
        return std::nullopt;
    return std::log(coverage->value() / attainment->value());
}

} // namespace tally::metrics
