#pragma once
// A sketch's estimate of a number of distinct people, with its 95% interval.

#include <cstdint>

namespace tally::sketch {

/// An estimated count with a two-sided 95% interval: lower <= value <= upper. exact is true when
/// the sketch still holds every hash it was given (then lower == value == upper, up to 64-bit
/// hash collisions, which have probability about n^2 / 2^65).
struct estimate {
    double value = 0;
    double lower = 0;
    double upper = 0;
    bool exact = true;
};

/// z for a two-sided 95% normal interval.
inline constexpr double z95 = 1.959963984540054;

} // namespace tally::sketch
