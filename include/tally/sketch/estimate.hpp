#pragma once
// A sketch's estimate of a number of distinct people, with its 95% interval, and how it is
// written as whole people.
//
// An estimate is a double and may be infinite: a HyperLogLog whose every register is at its
// maximum has seen more hashes than it can count (its estimate is +infinity), and a theta
// sketch of a very small theta may estimate more than 2^63 people. Such a figure is not a count:
// whole_count() gives it as std::nullopt, written "n/a", never through a float-to-integer cast
// out of range (undefined behaviour, which printed -9223372036854775808).

#include <tally/version.hpp> // first: the C++20 check

#include <cmath>
#include <cstdint>
#include <optional>

namespace tally::sketch {

/// An estimated count with a two-sided 95% interval: lower <= value <= upper. exact is true when
/// the sketch still holds every hash it was given (then lower == value == upper, up to 64-bit
/// hash collisions, which have probability about n^2 / 2^65). Any of the three may be +infinity
/// (see whole_count).
struct estimate {
    double value = 0;
    double lower = 0;
    double upper = 0;
    bool exact = true;
};

/// z for a two-sided 95% normal interval.
inline constexpr double z95 = 1.959963984540054;

/// The largest count an estimate is written as: 2^53, up to which every whole number is a
/// double (more than the people on Earth by six orders of magnitude).
inline constexpr double max_count = 9007199254740992.0;

enum class rounding { nearest, down, up };

/// v as whole people, rounded as asked (an estimate to the nearest, the lower end of an
/// interval down, the upper end up), or std::nullopt when v is not finite, is negative or
/// exceeds max_count: such a figure is "n/a", not a number.
inline std::optional<std::int64_t> whole_count(double v, rounding r = rounding::nearest) {
    if (!std::isfinite(v) || v < 0 || v > max_count)
        return std::nullopt;
    const double w = r == rounding::nearest ? std::round(v)
                     : r == rounding::down  ? std::floor(v)
                                            : std::ceil(v);
    return static_cast<std::int64_t>(w);
}

} // namespace tally::sketch
