#pragma once
// Time: reporting months (YYYY-MM), periods of months, and "as of" dates (YYYY-MM-DD).

#include <algorithm>
#include <array>
#include <charconv>
#include <compare>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>

namespace tally {

namespace detail {
inline std::optional<int> parse_digits(std::string_view s, std::size_t n) {
    if (s.size() != n)
        return std::nullopt;
    int v = 0;
    for (char c : s) {
        if (c < '0' || c > '9')
            return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}
// Built by appending: g++ 12 at -O3 reports a false -Wrestrict for `"0" + std::to_string(v)`
// (GCC bug 105329), which -Werror turns into a build failure.
inline std::string pad2(int v) {
    std::string s;
    if (v < 10)
        s += '0';
    s += std::to_string(v);
    return s;
}

/// The days of month m (1..12) of year y, in the Gregorian calendar.
constexpr int days_in_month(int y, int m) noexcept {
    constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 && leap ? 29 : days[m - 1];
}

/// Whether s, the text after a date, is empty or a time of day as ISO 8601 and spreadsheets
/// write it: 'T' or a space, hh:mm, optionally :ss and a fraction (.fff), optionally a zone (Z,
/// +hh, +hhmm or +hh:mm). "2024-04-01T00:00:00.000Z" and "2023-01-15 10:30:00" are dates with a
/// time of day; "2023-01-15 and more" is not a date.
inline bool time_of_day_suffix(std::string_view s) noexcept {
    if (s.empty())
        return true;
    auto two = [&](std::size_t at, int max) {
        const auto v = parse_digits(s.substr(std::min(at, s.size()), 2), 2);
        return v && *v <= max;
    };
    if ((s[0] != 'T' && s[0] != ' ') || s.size() < 6 || !two(1, 23) || s[3] != ':' || !two(4, 59))
        return false;
    std::size_t i = 6;
    if (i < s.size() && s[i] == ':') {
        if (!two(i + 1, 60)) // 60: a leap second
            return false;
        i += 3;
        if (i < s.size() && (s[i] == '.' || s[i] == ',')) {
            const std::size_t digits = ++i;
            while (i < s.size() && s[i] >= '0' && s[i] <= '9')
                ++i;
            if (i == digits)
                return false;
        }
    }
    if (i == s.size())
        return true;
    if (s[i] == 'Z')
        return i + 1 == s.size();
    if (s[i] != '+' && s[i] != '-')
        return false;
    const std::string_view zone = s.substr(i + 1);
    if (zone.size() == 2)
        return two(i + 1, 23);
    if (zone.size() == 4)
        return two(i + 1, 23) && two(i + 3, 59);
    return zone.size() == 5 && two(i + 1, 23) && zone[2] == ':' && two(i + 4, 59);
}
} // namespace detail

/// A calendar month. Ordered; month::index() counts months since year 0.
class month {
  public:
    constexpr month() = default;
    /// Throws errc::invalid_argument for a month outside 1..12 or a year outside 1900..9999.
    month(int year, int mon) : year_(year), mon_(mon) {
        if (mon < 1 || mon > 12 || year < 1900 || year > 9999)
            throw error(errc::invalid_argument,
                        "invalid month " + std::to_string(year) + "-" + std::to_string(mon));
    }

    /// Parses "YYYY-MM"; also a date "YYYY-MM-DD" (with a time of day or not, as
    /// date::try_parse reads it), keeping its month. std::nullopt otherwise, and for a day the
    /// month does not have ("2023-02-30", "2023-01-00").
    static std::optional<month> try_parse(std::string_view s) {
        // "YYYY-MM" first and inline: the activity reader parses one per row.
        if (s.size() != 7)
            return s.size() >= 10 ? try_parse_date(s) : std::nullopt;
        return try_parse_month(s);
    }
    /// Throws errc::parse.
    static month parse(std::string_view s) {
        if (auto m = try_parse(s))
            return *m;
        throw error(errc::parse, "'" + std::string(s) + "' is not a month (YYYY-MM)");
    }
    static month from_index(int index) { return month(index / 12, index % 12 + 1); }

    constexpr int year() const noexcept { return year_; }
    constexpr int number() const noexcept { return mon_; }
    constexpr int index() const noexcept { return year_ * 12 + mon_ - 1; }
    month next() const { return from_index(index() + 1); }
    std::string to_string() const {
        std::string s = std::to_string(year_);
        s += '-';
        s += detail::pad2(mon_);
        return s;
    }

    friend constexpr auto operator<=>(const month& a, const month& b) noexcept {
        return a.index() <=> b.index();
    }
    friend constexpr bool operator==(const month& a, const month& b) noexcept {
        return a.index() == b.index();
    }

  private:
    static std::optional<month> try_parse_month(std::string_view s) {
        if (s.size() != 7 || s[4] != '-')
            return std::nullopt;
        auto y = detail::parse_digits(s.substr(0, 4), 4);
        auto m = detail::parse_digits(s.substr(5, 2), 2);
        if (!y || !m || *m < 1 || *m > 12 || *y < 1900)
            return std::nullopt;
        return month(*y, *m, checked{}); // in range: four digits give at most 9999
    }
    /// The month of a date "YYYY-MM-DD" (with a time of day or not): its day must exist.
    static std::optional<month> try_parse_date(std::string_view s) {
        if (s[4] != '-' || s[7] != '-')
            return std::nullopt;
        const auto y = detail::parse_digits(s.substr(0, 4), 4);
        const auto m = detail::parse_digits(s.substr(5, 2), 2);
        const auto d = detail::parse_digits(s.substr(8, 2), 2);
        if (!y || !m || !d || *m < 1 || *m > 12 || *y < 1900 || *d < 1 ||
            *d > detail::days_in_month(*y, *m) || !detail::time_of_day_suffix(s.substr(10)))
            return std::nullopt;
        return month(*y, *m, checked{});
    }

    struct checked {};
    /// For a year and month already in range: no test, nothing that throws, so a parse of a
    /// month builds it in registers.
    constexpr month(int year, int mon, checked) noexcept : year_(year), mon_(mon) {}

    int year_ = 1970;
    int mon_ = 1;
};

/// A closed range of months [first, last].
struct period {
    month first;
    month last;

    /// Throws errc::invalid_argument when last < first.
    static period of(month first, month last) {
        if (last < first)
            throw error(errc::invalid_argument, "period ends before it starts");
        return period{first, last};
    }
    static period year(int y) { return period{month(y, 1), month(y, 12)}; }

    bool contains(month m) const noexcept { return first <= m && m <= last; }
    int months() const noexcept { return last.index() - first.index() + 1; }
    /// "2023-01..2023-12"
    std::string to_string() const { return first.to_string() + ".." + last.to_string(); }
    friend bool operator==(const period&, const period&) = default;
};

/// A calendar date, used for "as of" stamps.
class date {
  public:
    constexpr date() = default;
    /// Throws errc::invalid_argument for an impossible date.
    date(int y, int m, int d) : y_(y), m_(m), d_(d) {
        if (m < 1 || m > 12 || d < 1 || d > days_in(y, m) || y < 1900 || y > 9999)
            throw error(errc::invalid_argument, "invalid date " + std::to_string(y) + "-" +
                                                    std::to_string(m) + "-" + std::to_string(d));
    }
    /// Parses "YYYY-MM-DD", also with a time of day, which is dropped: an ISO timestamp
    /// "YYYY-MM-DDThh:mm:ss[.fff][Z|+hh:mm]" or a spreadsheet's "YYYY-MM-DD hh:mm:ss" (see
    /// detail::time_of_day_suffix). std::nullopt otherwise, and for a day the month does not have.
    static std::optional<date> try_parse(std::string_view s) {
        if (s.size() > 10) {
            if (!detail::time_of_day_suffix(s.substr(10)))
                return std::nullopt;
            s = s.substr(0, 10);
        }
        if (s.size() != 10 || s[4] != '-' || s[7] != '-')
            return std::nullopt;
        auto y = detail::parse_digits(s.substr(0, 4), 4);
        auto m = detail::parse_digits(s.substr(5, 2), 2);
        auto d = detail::parse_digits(s.substr(8, 2), 2);
        if (!y || !m || !d || *y < 1900 || *m < 1 || *m > 12 || *d < 1 || *d > days_in(*y, *m))
            return std::nullopt;
        return date(*y, *m, *d);
    }
    /// Throws errc::parse.
    static date parse(std::string_view s) {
        if (auto d = try_parse(s))
            return *d;
        throw error(errc::parse, "'" + std::string(s) + "' is not a date (YYYY-MM-DD)");
    }

    constexpr int year() const noexcept { return y_; }
    constexpr int month_number() const noexcept { return m_; }
    constexpr int day() const noexcept { return d_; }
    tally::month month() const { return tally::month(y_, m_); }

    /// "2024-04-01"
    std::string to_string() const {
        return std::to_string(y_) + "-" + detail::pad2(m_) + "-" + detail::pad2(d_);
    }
    /// "1 April 2024", as in report footnotes.
    std::string to_long_string() const {
        static constexpr std::array<const char*, 12> names = {
            "January", "February", "March",     "April",   "May",      "June",
            "July",    "August",   "September", "October", "November", "December"};
        return std::to_string(d_) + " " + names[static_cast<std::size_t>(m_ - 1)] + " " +
               std::to_string(y_);
    }

    friend constexpr auto operator<=>(const date&, const date&) = default;

  private:
    static constexpr int days_in(int y, int m) { return detail::days_in_month(y, m); }
    int y_ = 1970;
    int m_ = 1;
    int d_ = 1;
};

} // namespace tally
