#pragma once
// A figure is a value with its provenance: the de-duplication rule of each step, what was left
// out, the lower and upper bound, and the "as of" date. A report prints its footnotes from it.
//
// value() is the de-duplicated figure. Where a step took a maximum over overlapping groups it is
// a lower bound of the true number of distinct people; upper() is what plain summation gives, an
// upper bound. upper() == value() means de-duplication changed nothing.
//
// Printing, one way for every figure and measure (O(size of the text)): `os << f` prints the
// value of a figure, as `os << c` prints a count, money or a ratio; `os << with_footnote(f)`
// prints the value and, when there is one, the footnote in parentheses; `os << print(x)` prints
// any of them or a plain number, and an empty std::optional (a measure that is n/a) as "n/a".

#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <tally/core/count.hpp>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/core/period.hpp>
#include <type_traits>
#include <utility>
#include <vector>

namespace tally {

/// "1234567" -> "1,234,567" (negative numbers keep their sign).
inline std::string format_thousands(std::int64_t v) {
    const bool neg = v < 0;
    std::string digits = std::to_string(v);
    if (neg)
        digits.erase(0, 1);
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[i];
        if ((n - i - 1) % 3 == 0 && i + 1 < n)
            out += ',';
    }
    return neg ? "-" + out : out;
}

/// What a figure that adds countries together did with people counted once per country they
/// were assisted in (people in transit: the population groups whose cross-country rule is
/// per_country_only). Set by the query that made the figure (dedup/query.hpp), so a reader of
/// the figure (a report's footnotes) asks the figure, not the wording of its notes.
enum class in_transit_treatment : std::uint8_t {
    not_applicable, ///< the figure adds no countries together, or no group is counted per country
    left_out,       ///< left out of the figure (R4V's rule for platform and regional totals)
    included,       ///< in the figure, counted once per country they were assisted in
    left_out_shown_apart, ///< left out of the figure, and given on a row of their own
    apart                 ///< the figure is that row: people in transit only, once per country
};

/// How a figure was obtained.
class provenance {
  public:
    /// A reduction step, in the order applied ("sum over partners", "max over indicators per
    /// admin1 and month", ...).
    provenance& step(std::string s) {
        steps_.push_back(std::move(s));
        return *this;
    }
    /// Something the figure leaves out ("people in transit").
    provenance& exclude(std::string s) {
        exclusions_.push_back(std::move(s));
        return *this;
    }
    /// A caveat to quote with the figure ("do not sum partner counts").
    provenance& note(std::string s) {
        notes_.push_back(std::move(s));
        return *this;
    }
    provenance& as_of(date d) {
        as_of_ = d;
        return *this;
    }
    provenance& source(std::string s) {
        source_ = std::move(s);
        return *this;
    }
    provenance& in_transit(in_transit_treatment t) {
        in_transit_ = t;
        return *this;
    }

    const std::vector<std::string>& steps() const noexcept { return steps_; }
    const std::vector<std::string>& exclusions() const noexcept { return exclusions_; }
    const std::vector<std::string>& notes() const noexcept { return notes_; }
    const std::optional<date>& as_of() const noexcept { return as_of_; }
    const std::string& source() const noexcept { return source_; }
    /// What the figure did with people in transit (data; the notes say it in words).
    in_transit_treatment in_transit() const noexcept { return in_transit_; }
    /// True when people in transit are not part of the figure though the figure adds countries.
    bool leaves_out_in_transit() const noexcept {
        return in_transit_ == in_transit_treatment::left_out ||
               in_transit_ == in_transit_treatment::left_out_shown_apart;
    }

    /// The footnote text, one sentence per part, without the bounds.
    std::string footnote() const {
        std::string s;
        auto sentence = [&](const std::string& t) {
            if (t.empty())
                return;
            if (!s.empty())
                s += ' ';
            s += t;
            if (t.back() != '.')
                s += '.';
        };
        sentence(join("De-duplication: ", steps_, "; "));
        sentence(join("Does not include ", exclusions_, ", "));
        for (const auto& n : notes_)
            sentence(n);
        if (!source_.empty())
            sentence("Source: " + source_);
        if (as_of_)
            sentence("As of " + as_of_->to_long_string());
        return s;
    }

    friend bool operator==(const provenance&, const provenance&) = default;

  private:
    static std::string join(const char* head, const std::vector<std::string>& parts,
                            const char* sep) {
        if (parts.empty())
            return {};
        std::string s = head;
        for (std::size_t i = 0; i < parts.size(); ++i)
            s += (i ? sep : "") + parts[i];
        return s;
    }

    std::vector<std::string> steps_;
    std::vector<std::string> exclusions_;
    std::vector<std::string> notes_;
    std::optional<date> as_of_;
    std::string source_;
    in_transit_treatment in_transit_ = in_transit_treatment::not_applicable;
};

namespace detail {
template <class V>
std::int64_t scalar_of(const V& v) {
    if constexpr (requires { v.total(); })
        return v.total();
    else if constexpr (requires { v.value(); })
        return v.value();
    else
        return static_cast<std::int64_t>(v);
}
} // namespace detail

/// A value of type V (a count, an amount or a plain integer) with its bounds and provenance.
template <class V>
class figure {
  public:
    figure() = default;
    /// An exact figure: lower and upper bound equal.
    figure(V value, provenance p) : value_(value), upper_(value), prov_(std::move(p)) {}
    /// Throws errc::invalid_argument when the upper bound is below the value.
    figure(V value, V upper, provenance p) : value_(value), upper_(upper), prov_(std::move(p)) {
        if (detail::scalar_of(upper_) < detail::scalar_of(value_))
            throw error(errc::invalid_argument, "a figure's upper bound is below its value");
    }

    const V& value() const noexcept { return value_; }
    const V& upper() const noexcept { return upper_; }
    const provenance& how() const noexcept { return prov_; }
    provenance& how() noexcept { return prov_; }

    /// True when de-duplication changed nothing.
    bool exact() const { return detail::scalar_of(value_) == detail::scalar_of(upper_); }
    /// upper / value: how much summing would over-count (1 when exact; 0 for a zero value).
    double overcount() const {
        const auto v = detail::scalar_of(value_);
        return v == 0 ? 0.0
                      : static_cast<double>(detail::scalar_of(upper_)) / static_cast<double>(v);
    }

    /// The footnote, with the upper bound when it differs from the value.
    std::string footnote() const {
        std::string s = prov_.footnote();
        if (!exact()) {
            if (!s.empty())
                s += ' ';
            s += "Upper bound without de-duplication: " +
                 format_thousands(detail::scalar_of(upper_)) + ".";
        }
        return s;
    }

    /// Prints the value, as `os << value()` does.
    friend std::ostream& operator<<(std::ostream& os, const figure& f) {
        if constexpr (requires { os << f.value_; })
            return os << f.value_;
        else
            return os << detail::scalar_of(f.value_);
    }

  private:
    V value_{};
    V upper_{};
    provenance prov_;
};

/// A figure printed with its footnote: "1315 (De-duplication: ... Upper bound without
/// de-duplication: 2,356.)", or the value alone when the figure has no footnote.
template <class V>
struct footnoted {
    const figure<V>& f;
    friend std::ostream& operator<<(std::ostream& os, const footnoted& p) {
        os << p.f;
        const std::string note = p.f.footnote();
        return note.empty() ? os : os << " (" << note << ")";
    }
};
template <class V>
footnoted<V> with_footnote(const figure<V>& f) {
    return {f};
}

/// A value or a measure to print: a count, money, a ratio, a figure, a number, or a
/// std::optional of one of them, which prints "n/a" when it is empty (std::cout <<
/// print(m.summary.median_log_ratio)).
template <class T>
struct printed {
    const T& v;
    friend std::ostream& operator<<(std::ostream& os, const printed& p) { return os << p.v; }
};
template <class T>
struct printed<std::optional<T>> {
    const std::optional<T>& v;
    friend std::ostream& operator<<(std::ostream& os, const printed& p) {
        return p.v ? os << printed<T>{*p.v} : os << "n/a";
    }
};
template <class T>
printed<T> print(const T& v) {
    return {v};
}

} // namespace tally
