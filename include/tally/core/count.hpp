#pragma once
// People counts that say what they count.
//
// A count is tagged with its measure (people in need, target, reached), so a target cannot be
// added to a reached count by mistake: count<pin_measure> + count<reached_measure> does not
// compile. Its representation is either one total (std::int64_t) or the six age/gender cells
// (tally::cells, an Eigen fixed-size array). Arithmetic is checked: overflow throws
// tally::error(errc::overflow), never wraps. Counts are never negative.
//
// value() is the count (as for money and ratios; the six cells for a count of cells), total()
// its total over the cells; `os << c` prints the total, `os << p` a partner count. O(1) each.

#include <Eigen/Core>
#include <array>
#include <concepts>
#include <cstdint>
#include <ostream>
#include <string_view>
#include <tally/core/checked.hpp>
#include <tally/core/error.hpp>

namespace tally {

/// The age/gender cells of R4V reporting, in this order.
enum class cell : int { girls = 0, boys, women, men, other_under_18, other_above_18 };
inline constexpr int cell_count = 6;
inline constexpr std::array<std::string_view, cell_count> cell_names = {
    "girls", "boys", "women", "men", "other_under_18", "other_above_18"};

/// Six age/gender cells of one count.
using cells = Eigen::Array<std::int64_t, cell_count, 1>;

/// How a count representation adds, takes maxima and totals. Specialised for std::int64_t and
/// tally::cells; a user may specialise it for another representation.
template <class Rep>
struct count_traits;

template <>
struct count_traits<std::int64_t> {
    static std::int64_t zero() noexcept { return 0; }
    static std::int64_t add(std::int64_t a, std::int64_t b) { return detail::checked_add(a, b); }
    static std::int64_t max(std::int64_t a, std::int64_t b) noexcept { return a < b ? b : a; }
    static std::int64_t total(std::int64_t a) noexcept { return a; }
    static bool non_negative(std::int64_t a) noexcept { return a >= 0; }
};

template <>
struct count_traits<cells> {
    static cells zero() { return cells::Zero(); }
    static cells add(const cells& a, const cells& b) {
        cells r;
        for (int i = 0; i < cell_count; ++i)
            r[i] = detail::checked_add(a[i], b[i]);
        return r;
    }
    /// The cell-wise maximum: the best lower bound of the union of two overlapping groups,
    /// cell by cell (R4V "maxsector").
    static cells max(const cells& a, const cells& b) { return a.max(b); }
    static std::int64_t total(const cells& a) {
        std::int64_t t = 0;
        for (int i = 0; i < cell_count; ++i)
            t = detail::checked_add(t, a[i]);
        return t;
    }
    static bool non_negative(const cells& a) { return (a >= 0).all(); }
};

/// A representation that count_traits knows how to combine.
template <class Rep>
concept CountRep = requires(const Rep& a) {
    { count_traits<Rep>::zero() } -> std::convertible_to<Rep>;
    { count_traits<Rep>::add(a, a) } -> std::convertible_to<Rep>;
    { count_traits<Rep>::max(a, a) } -> std::convertible_to<Rep>;
    { count_traits<Rep>::total(a) } -> std::same_as<std::int64_t>;
    { count_traits<Rep>::non_negative(a) } -> std::same_as<bool>;
};

/// What a count counts. Each measure is its own type.
struct pin_measure {
    static constexpr std::string_view name = "pin";
    static constexpr std::string_view label = "people in need";
};
struct target_measure {
    static constexpr std::string_view name = "target";
    static constexpr std::string_view label = "people targeted";
};
struct reached_measure {
    static constexpr std::string_view name = "reached";
    static constexpr std::string_view label = "people reached";
};

/// A measure tag: a type naming what is counted.
template <class M>
concept Measure = requires {
    { M::name } -> std::convertible_to<std::string_view>;
    { M::label } -> std::convertible_to<std::string_view>;
};

/// A non-negative count of people of one measure.
template <Measure M, CountRep Rep = std::int64_t>
class count {
  public:
    using measure = M;
    using rep = Rep;
    using traits = count_traits<Rep>;

    count() : value_(traits::zero()) {}
    /// Throws errc::invalid_argument when any part of v is negative.
    explicit count(const Rep& v) : value_(v) {
        if (!traits::non_negative(v))
            throw error(errc::invalid_argument,
                        std::string("a count of ") + std::string(M::label) + " cannot be negative");
    }

    const Rep& value() const noexcept { return value_; }
    /// The total over all cells (the value itself for a plain count). Throws on overflow.
    std::int64_t total() const { return traits::total(value_); }

    /// Adds disjoint groups. Throws errc::overflow.
    count& operator+=(const count& o) {
        value_ = traits::add(value_, o.value_);
        return *this;
    }
    friend count operator+(count a, const count& b) { return a += b; }

    /// The larger of two overlapping groups (cell-wise for cells): a lower bound of their union.
    friend count max(const count& a, const count& b) {
        return count(traits::max(a.value_, b.value_));
    }

    /// Prints the total: "1315".
    friend std::ostream& operator<<(std::ostream& os, const count& c) { return os << c.total(); }

    friend bool operator==(const count& a, const count& b) {
        if constexpr (std::is_same_v<Rep, cells>)
            return (a.value_ == b.value_).all();
        else
            return a.value_ == b.value_;
    }

  private:
    Rep value_;
};

template <CountRep Rep = std::int64_t>
using pin_count = count<pin_measure, Rep>;
template <CountRep Rep = std::int64_t>
using target_count = count<target_measure, Rep>;
template <CountRep Rep = std::int64_t>
using reached_count = count<reached_measure, Rep>;

/// A count of distinct organisations. It has no addition on purpose: the same partner appears
/// in several countries, sectors and roles, so partner counts must never be summed; merge the
/// underlying sets instead (see the de-duplication pipeline).
class partner_count {
  public:
    constexpr partner_count() = default;
    constexpr explicit partner_count(std::int64_t n) : n_(n) {}
    constexpr std::int64_t value() const noexcept { return n_; }
    friend constexpr auto operator<=>(const partner_count&, const partner_count&) = default;
    friend std::ostream& operator<<(std::ostream& os, const partner_count& p) { return os << p.n_; }

  private:
    std::int64_t n_ = 0;
};

} // namespace tally
