#pragma once
// Money: whole units of one currency, checked 64-bit.
//
// value() is the amount (as for counts and ratios); `os << m` prints "1234567 USD". O(1) each.
//
// FTS reports amounts in whole US dollars; totals exceed 2^31, so 32-bit arithmetic is never
// used. money<usd> and money<eur> are different types and cannot be added. Overflow throws
// tally::error(errc::overflow).

#include <compare>
#include <concepts>
#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <tally/core/checked.hpp>
#include <tally/core/error.hpp>

namespace tally {

/// Currency tags.
struct usd {
    static constexpr std::string_view code = "USD";
};
struct eur {
    static constexpr std::string_view code = "EUR";
};

template <class C>
concept Currency = requires {
    { C::code } -> std::convertible_to<std::string_view>;
};

/// An amount of whole units of currency C (may be negative: FTS records corrections).
template <Currency C>
class money {
  public:
    using currency = C;

    constexpr money() = default;
    constexpr explicit money(std::int64_t units) : units_(units) {}

    /// The amount in whole units of C; the one accessor of counts, money and ratios.
    constexpr std::int64_t value() const noexcept { return units_; }
    [[deprecated("use value()")]] constexpr std::int64_t units() const noexcept { return units_; }

    money& operator+=(money o) {
        units_ = detail::checked_add(units_, o.units_);
        return *this;
    }
    money& operator-=(money o) {
        units_ = detail::checked_sub(units_, o.units_);
        return *this;
    }
    friend money operator+(money a, money b) { return a += b; }
    friend money operator-(money a, money b) { return a -= b; }
    friend money operator*(money a, std::int64_t k) {
        return money(detail::checked_mul(a.units_, k));
    }
    friend constexpr auto operator<=>(const money&, const money&) = default;

    /// "1234567 USD"
    std::string to_string() const { return std::to_string(units_) + " " + std::string(C::code); }
    /// Prints to_string(): "1234567 USD".
    friend std::ostream& operator<<(std::ostream& os, const money& m) {
        return os << m.to_string();
    }

  private:
    std::int64_t units_ = 0;
};

using usd_amount = money<usd>;

/// An amount type: something with checked addition and whole units.
template <class A>
concept Amount = requires(A a, const A& b) {
    { a += b } -> std::same_as<A&>;
    { b.value() } -> std::same_as<std::int64_t>;
    typename A::currency;
};

} // namespace tally
