#pragma once
// UTF-8 validity, for output that must be valid UTF-8 (JSON) whatever bytes the input had
// (Latin-1 / Windows-1252 files, truncated sequences), and control characters, which must not
// reach a page, a chart or a terminal (an escape sequence in a name would drive the terminal;
// XML, and so an inline SVG, does not allow them).

#include <tally/version.hpp> // first: the C++20 check

#include <cstddef>
#include <string>
#include <string_view>

namespace tally::detail {

/// The length of the valid UTF-8 sequence at s[i], or 0 when the bytes there are not one
/// (a stray continuation byte, a truncated sequence, an overlong form, a surrogate, a code
/// point above U+10FFFF).
inline std::size_t utf8_sequence_length(std::string_view s, std::size_t i) noexcept {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char c = byte(i);
    if (c < 0x80)
        return 1;
    std::size_t n;
    unsigned lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) {
        n = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0)
            lo = 0xA0; // overlong
        if (c == 0xED)
            hi = 0x9F; // surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0)
            lo = 0x90; // overlong
        if (c == 0xF4)
            hi = 0x8F; // above U+10FFFF
    } else {
        return 0;
    }
    if (i + n > s.size())
        return 0;
    if (byte(i + 1) < lo || byte(i + 1) > hi)
        return 0;
    for (std::size_t k = 2; k < n; ++k)
        if (byte(i + k) < 0x80 || byte(i + k) > 0xBF)
            return 0;
    return n;
}

/// Appends code point c (at most U+10FFFF, not a surrogate) to out as UTF-8.
inline void append_utf8(std::string& out, char32_t c) {
    if (c < 0x80) {
        out.push_back(static_cast<char>(c));
    } else if (c < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (c >> 6)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else if (c < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (c >> 12)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (c >> 18)));
        out.push_back(static_cast<char>(0x80 | ((c >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((c >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (c & 0x3F)));
    }
}

/// True when s is valid UTF-8.
inline bool is_valid_utf8(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        const auto n = utf8_sequence_length(s, i);
        if (n == 0)
            return false;
        i += n;
    }
    return true;
}

/// s with every byte that is not part of a valid UTF-8 sequence replaced by U+FFFD (the
/// replacement character), so it can be written into JSON.
inline std::string valid_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto n = utf8_sequence_length(s, i);
        if (n == 0) {
            out += "\xEF\xBF\xBD";
            ++i;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

/// Whether the code point of the valid UTF-8 sequence at s[i] (of length n) is a control
/// character: C0 (U+0000-U+001F) other than tab, line feed and carriage return when
/// keep_line_ends; DEL (U+007F); C1 (U+0080-U+009F).
inline bool is_control_at(std::string_view s, std::size_t i, std::size_t n,
                          bool keep_line_ends) noexcept {
    const auto c = static_cast<unsigned char>(s[i]);
    if (n == 1) {
        if (keep_line_ends && (c == '\t' || c == '\n' || c == '\r'))
            return false;
        return c < 0x20 || c == 0x7F;
    }
    return n == 2 && c == 0xC2 && static_cast<unsigned char>(s[i + 1]) <= 0x9F;
}

/// Whether s holds a control character (is_control_at, line ends not counted) or a byte that
/// is not valid UTF-8.
inline bool has_controls(std::string_view s) noexcept {
    for (std::size_t i = 0; i < s.size();) {
        const auto n = utf8_sequence_length(s, i);
        if (n == 0 || is_control_at(s, i, n, true))
            return true;
        i += n;
    }
    return false;
}

/// s as valid UTF-8 without control characters: each control character (is_control_at; tab,
/// line feed and carriage return are kept when keep_line_ends) and each byte that is not valid
/// UTF-8 becomes U+FFFD. replaced, when given, is increased by the number replaced.
inline std::string without_controls(std::string_view s, bool keep_line_ends = true,
                                    std::size_t* replaced = nullptr) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto n = utf8_sequence_length(s, i);
        if (n == 0 || is_control_at(s, i, n, keep_line_ends)) {
            out += "\xEF\xBF\xBD";
            if (replaced)
                ++*replaced;
            i += n == 0 ? 1 : n;
        } else {
            out.append(s.substr(i, n));
            i += n;
        }
    }
    return out;
}

} // namespace tally::detail
