#pragma once
// Numbers written for people, as an infographic shows them: 26.2K reached, US$ 1.3M, 78.8%.
// Tables keep the exact figures (format_thousands: 26,214); these short forms are for headlines
// and chart labels.
//
// Rounding is half away from zero on whole numbers, computed in integers so that 26,250 is
// "26.3K" on every platform. A short form keeps one decimal and drops a trailing ".0"
// (26,000 -> "26K"); below 1,000 the number is written in full. A value that would round up to
// the next unit moves to it (999,960 -> "1M", not "1000K").

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <tally/core/figure.hpp>

namespace tally::report {

namespace detail {
// v / unit rounded to tenths, half away from zero (v >= 0).
inline std::int64_t tenths(std::int64_t v, std::int64_t unit) {
    return v / unit * 10 + (v % unit * 10 + unit / 2) / unit;
}
inline std::string with_tenths(std::int64_t t, const char* suffix) {
    std::string s = std::to_string(t / 10);
    if (t % 10 != 0)
        s += "." + std::to_string(t % 10);
    return s + suffix;
}
} // namespace detail

/// A count for people: 830, 26.2K, 1.3M, 2.1B. Negative numbers keep their sign.
inline std::string short_number(std::int64_t v) {
    if (v < 0)
        return "-" + short_number(v == INT64_MIN ? INT64_MAX : -v);
    if (v < 1000)
        return std::to_string(v);
    struct unit {
        std::int64_t size;
        const char* suffix;
    };
    constexpr unit units[] = {{1000, "K"}, {1000000, "M"}, {1000000000, "B"}};
    for (std::size_t i = 0; i < 3; ++i) {
        const auto t = detail::tenths(v, units[i].size);
        if (t < 10000 || i == 2)
            return detail::with_tenths(t, units[i].suffix);
    }
    return std::to_string(v); // not reached
}

/// An amount in US dollars for people: "US$ 1.3M", "US$ 830".
inline std::string short_usd(std::int64_t units) {
    return "US$ " + short_number(units);
}

/// A ratio as programs read it, in the CSV and JSON of every command and in the report's JSON: a
/// fraction rounded to four decimals (0.33496 -> 0.335, printed 0.3350 in CSV).
inline double ratio_rounded(double r) {
    return std::round(r * 1e4) / 1e4;
}

/// A ratio as a percentage with one decimal: 0.7881 -> "78.8%"; std::nullopt -> "n/a".
inline std::string percent(std::optional<double> ratio) {
    if (!ratio)
        return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.1f%%", *ratio * 100.0);
    return buf;
}

/// A metric with three decimals, or a whole number without any, in thousands (22,530,426);
/// std::nullopt -> "n/a".
inline std::string decimal(std::optional<double> v, bool whole = false) {
    if (!v)
        return "n/a";
    if (whole && std::abs(*v) < 9.2e18)
        return format_thousands(std::llround(*v));
    char buf[64];
    std::snprintf(buf, sizeof buf, whole ? "%.0f" : "%.3f", *v);
    return buf;
}

/// An exact figure for tables: 26,214; std::nullopt -> "n/a".
inline std::string exact(std::optional<std::int64_t> v) {
    return v ? format_thousands(*v) : "n/a";
}

} // namespace tally::report
