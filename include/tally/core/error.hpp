#pragma once
// tally::error — the one exception type of the library.
//
// Every error carries a stable code (an enumerator with a fixed number and a fixed short name)
// and a message that begins with "[tally.<name>.<number>]", so programs can test the code and
// people can search for it. Errors about input data also carry the file, line and column.

#include <tally/version.hpp> // first: the C++20 check

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace tally {

/// Stable error codes. Numbers never change meaning; new codes are appended.
enum class errc : std::uint16_t {
    io = 100,               ///< a file cannot be opened or read
    parse = 101,            ///< malformed input text (CSV, JSON, a number, a date)
    overflow = 102,         ///< a checked 64-bit count or amount would overflow
    invalid_argument = 103, ///< a caller passed a value outside the documented domain
    unknown_code = 104,     ///< a code (country, sector, group, ...) is not in the dictionary
    duplicate_code = 105,   ///< a code was defined twice where it must be unique
    mismatch = 106,         ///< two values that must agree do not (currency, cell layout, ...)
    usage = 107,            ///< command-line usage error
    not_found = 108,        ///< a lookup by key found nothing
    validation = 109,       ///< input rows were rejected and the caller asked for strictness
    internal = 110,         ///< an error from the system or a library that tally did not expect
};

/// The short, stable name of an error code ("io", "parse", ...).
constexpr std::string_view errc_name(errc c) noexcept {
    switch (c) {
    case errc::io:
        return "io";
    case errc::parse:
        return "parse";
    case errc::overflow:
        return "overflow";
    case errc::invalid_argument:
        return "invalid_argument";
    case errc::unknown_code:
        return "unknown_code";
    case errc::duplicate_code:
        return "duplicate_code";
    case errc::mismatch:
        return "mismatch";
    case errc::usage:
        return "usage";
    case errc::not_found:
        return "not_found";
    case errc::validation:
        return "validation";
    case errc::internal:
        return "internal";
    }
    return "unknown";
}

/// Where in an input an error was found. Lines and columns are 1-based; 0 means "not known".
struct source_position {
    std::string file;
    std::size_t line = 0;
    std::size_t column = 0;

    /// "file:line:col", "file:line", "file", or "" — the usual compiler form.
    std::string to_string() const {
        // Appended piece by piece: g++ 12 at -O3 reports a false -Wrestrict for
        // `s += "..." + std::to_string(n)` (GCC bug 105329), which -Werror turns into a failure.
        std::string s = file;
        // Appended piece by piece: g++ 12 -O3 reports a false -Wrestrict on "..." + to_string().
        if (line != 0) {
            if (!s.empty())
                s += ':';
            s += std::to_string(line);
            if (column != 0) {
                s += ':';
                s += std::to_string(column);
            }
        }
        return s;
    }
    friend bool operator==(const source_position&, const source_position&) = default;
};

/// The one exception type thrown by tally.
///
/// what() is "[tally.<name>.<number>] <position>: <detail>" (the position part only when known).
class error : public std::runtime_error {
  public:
    error(errc code, std::string_view detail)
        : std::runtime_error(compose(code, {}, detail)), code_(code), detail_(detail) {}
    error(errc code, source_position where, std::string_view detail)
        : std::runtime_error(compose(code, where, detail)), code_(code), where_(std::move(where)),
          detail_(detail) {}

    errc code() const noexcept { return code_; }
    /// The input position, for errors about input data (empty file and zero line otherwise).
    const source_position& where() const noexcept { return where_; }
    /// The message without the code prefix and the position.
    const std::string& detail() const noexcept { return detail_; }

  private:
    static std::string compose(errc code, const source_position& where, std::string_view detail) {
        std::string s = "[tally.";
        s += errc_name(code);
        s += '.';
        s += std::to_string(static_cast<unsigned>(code));
        s += "] ";
        if (auto w = where.to_string(); !w.empty()) {
            s += w;
            s += ": ";
        }
        s += detail;
        return s;
    }

    errc code_;
    source_position where_;
    std::string detail_;
};

} // namespace tally
