#pragma once
// The character encoding of an input file, decided from its bytes, and its text as UTF-8.
//
// Every CSV-like reader calls decode_input first, so the rest of tally only ever sees UTF-8:
//  - UTF-8, with or without a byte order mark: used as it is (no copy);
//  - UTF-16 LE or BE with a byte order mark (Excel "Unicode text"): transcoded, with a notice;
//  - bytes that are not valid UTF-8: taken as Windows-1252 (the encoding of Excel "CSV" on a
//    Western-European or Latin-American Windows), transcoded, with a notice naming the first line
//    with such a byte;
//  - valid UTF-8 that holds double-encoded text (UTF-8 bytes read as Windows-1252 and written
//    again as UTF-8: "Orientación" becomes "OrientaciÃ³n"): a notice naming the first line; the
//    text is repaired only when every character of the file maps back to one Windows-1252 byte and
//    the bytes so obtained are valid UTF-8 (then the whole file was double-encoded, and nothing
//    correct can be damaged); otherwise it is read as it is and the notice says so.
//
// Cost: for pure ASCII the check reads eight bytes at a time; for other valid UTF-8 it walks
// the non-ASCII sequences once. Only files that need transcoding are copied.

#include <algorithm>
#include <array>
#include <bit>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/detail/parallel.hpp>
#include <tally/detail/utf8.hpp>
#include <tally/io/validation.hpp>
#include <utility>
#include <vector>

namespace tally::io {

enum class text_encoding : std::uint8_t { utf8, utf16le, utf16be, windows1252 };

/// Whether valid UTF-8 input held double-encoded text (see the file comment).
enum class double_encoding : std::uint8_t {
    none,     ///< not seen
    repaired, ///< the whole file was double-encoded and is repaired
    left,     ///< some text is double-encoded, some not: read as it is
};

/// The result of decode_input: the text as UTF-8 when it had to change, and what was noticed.
struct decoded_input {
    text_encoding encoding = text_encoding::utf8;
    std::optional<std::string> text; ///< set when the input was transcoded or repaired
    std::vector<notice> notices;
    double_encoding twice = double_encoding::none;
    /// The index in notices of the notice of double encoding (-1: none), for readers that tell
    /// it column by column instead.
    int twice_notice = -1;
};

} // namespace tally::io

namespace tally::detail {

/// Windows-1252 bytes 0x80..0x9F as code points (WHATWG encoding standard: the five unassigned
/// bytes map to the C1 control of the same value). Bytes 0xA0..0xFF are Latin-1.
inline constexpr std::array<char32_t, 32> cp1252_high = {
    0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
    0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
    0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178};

/// The Windows-1252 byte of code point c, or -1 when it has none.
inline int cp1252_byte(char32_t c) noexcept {
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF))
        return static_cast<int>(c);
    for (std::size_t i = 0; i < cp1252_high.size(); ++i)
        if (cp1252_high[i] == c)
            return static_cast<int>(0x80 + i);
    return -1;
}

/// The code point of the valid UTF-8 sequence of length n at s[i].
inline char32_t utf8_code_point(std::string_view s, std::size_t i, std::size_t n) noexcept {
    auto b = [&](std::size_t k) { return static_cast<char32_t>(static_cast<unsigned char>(s[k])); };
    if (n == 1)
        return b(i);
    if (n == 2)
        return ((b(i) & 0x1F) << 6) | (b(i + 1) & 0x3F);
    if (n == 3)
        return ((b(i) & 0x0F) << 12) | ((b(i + 1) & 0x3F) << 6) | (b(i + 2) & 0x3F);
    return ((b(i) & 0x07) << 18) | ((b(i + 1) & 0x3F) << 12) | ((b(i + 2) & 0x3F) << 6) |
           (b(i + 3) & 0x3F);
}

/// The offset of the first byte at or after p that is not ASCII (s.size() when there is none).
inline std::size_t next_non_ascii(std::string_view s, std::size_t p) noexcept {
    constexpr std::uint64_t highs = 0x8080808080808080ull;
    // 32 bytes a step while they are all ASCII (most text), then 8.
    for (; p + 32 <= s.size(); p += 32) {
        std::uint64_t w[4];
        std::memcpy(w, s.data() + p, 32);
        if ((w[0] | w[1] | w[2] | w[3]) & highs)
            break;
    }
    for (; p + 8 <= s.size(); p += 8) {
        std::uint64_t w;
        std::memcpy(&w, s.data() + p, 8);
        if (w & highs)
            break;
    }
    while (p < s.size() && static_cast<unsigned char>(s[p]) < 0x80)
        ++p;
    return p;
}

/// The 1-based line of offset p: line ends are LF, CRLF or a lone CR, as in the CSV reader.
inline std::size_t line_of_offset(std::string_view s, std::size_t p) noexcept {
    std::size_t line = 1;
    for (std::size_t i = 0; i < p && i < s.size(); ++i)
        if (s[i] == '\n' || (s[i] == '\r' && !(i + 1 < s.size() && s[i + 1] == '\n')))
            ++line;
    return line;
}

/// UTF-16 (after its byte order mark) as UTF-8. An unpaired surrogate or a last odd byte
/// becomes U+FFFD and is counted in bad, with the offset of the first in first_bad.
inline std::string utf16_to_utf8(std::string_view s, bool little, std::size_t& bad,
                                 std::size_t& first_bad_unit) {
    std::string out;
    out.reserve(s.size() / 2 + s.size() / 8);
    auto unit = [&](std::size_t k) -> char32_t {
        const auto a = static_cast<unsigned char>(s[k]), b = static_cast<unsigned char>(s[k + 1]);
        return little ? static_cast<char32_t>(a | (b << 8)) : static_cast<char32_t>((a << 8) | b);
    };
    auto flag = [&](std::size_t k) {
        if (bad++ == 0)
            first_bad_unit = k;
        append_utf8(out, 0xFFFD);
    };
    std::size_t k = 0;
    for (; k + 2 <= s.size(); k += 2) {
        const char32_t u = unit(k);
        if (u >= 0xD800 && u <= 0xDBFF) {
            if (k + 4 <= s.size()) {
                const char32_t v = unit(k + 2);
                if (v >= 0xDC00 && v <= 0xDFFF) {
                    append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (v - 0xDC00));
                    k += 2;
                    continue;
                }
            }
            flag(k);
        } else if (u >= 0xDC00 && u <= 0xDFFF) {
            flag(k);
        } else {
            append_utf8(out, u);
        }
    }
    if (k < s.size())
        flag(k);
    return out;
}

/// Windows-1252 bytes as UTF-8.
inline std::string cp1252_to_utf8(std::string_view s) {
    std::string out;
    out.reserve(s.size() + s.size() / 8);
    for (char ch : s) {
        const auto b = static_cast<unsigned char>(ch);
        if (b < 0x80)
            out += ch;
        else if (b < 0xA0)
            append_utf8(out, cp1252_high[b - 0x80]);
        else
            append_utf8(out, b);
    }
    return out;
}

/// The bytes of valid UTF-8 text s taken back through Windows-1252 (each character to its one
/// byte), or std::nullopt when a character has no such byte or the bytes are not valid UTF-8.
inline std::optional<std::string> undo_double_encoding(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size();) {
        const auto n = utf8_sequence_length(s, i);
        const int b = cp1252_byte(utf8_code_point(s, i, n));
        if (b < 0)
            return std::nullopt;
        out += static_cast<char>(b);
        i += n;
    }
    if (!is_valid_utf8(out))
        return std::nullopt;
    return out;
}

} // namespace tally::detail

namespace tally::detail {

/// What one walk over the non-ASCII sequences of bytes that start in [from, to) finds: the
/// first invalid byte, and the first place where a character U+00C2..U+00DF (the lead byte of
/// a two-byte UTF-8 sequence read as Windows-1252) is followed by one whose Windows-1252 byte
/// is a continuation byte (0x80..0xBF); bytes.size() for none. start is the first sequence
/// visited, stop the first at or after `to` (where the walk of the next range begins).
struct utf8_walk {
    std::size_t invalid, suspect, start, stop;
};
inline utf8_walk walk_utf8(std::string_view bytes, std::size_t from, std::size_t to) {
    utf8_walk w{bytes.size(), bytes.size(), 0, 0};
    std::size_t i = tally::detail::next_non_ascii(bytes, from);
    w.start = i;
    while (i < to && i < bytes.size()) {
        const auto n = tally::detail::utf8_sequence_length(bytes, i);
        if (n == 0) {
            w.invalid = i;
            break;
        }
        if (w.suspect == bytes.size() && n == 2 && i + n < bytes.size()) {
            const char32_t c = tally::detail::utf8_code_point(bytes, i, n);
            const auto m = tally::detail::utf8_sequence_length(bytes, i + n);
            if (c >= 0xC2 && c <= 0xDF && m > 1) {
                const int b =
                    tally::detail::cp1252_byte(tally::detail::utf8_code_point(bytes, i + n, m));
                if (b >= 0x80 && b <= 0xBF)
                    w.suspect = i;
            }
        }
        i = tally::detail::next_non_ascii(bytes, i + n);
    }
    w.stop = std::min(i, bytes.size());
    return w;
}

/// The first invalid byte and the first suspect place of the whole of bytes (see walk_utf8),
/// as one walk from the start finds them. Above 64 MiB the bytes are walked in one range per
/// core, each range from its first byte that is not a continuation byte; a range whose first
/// sequence is not where the walk of the range before stopped (only where that one met an
/// invalid byte or a stray continuation byte) is walked again from there, so the result is
/// that of one walk. parts = 0 chooses as said; another number cuts the bytes in that many.
inline std::pair<std::size_t, std::size_t> find_invalid_and_suspect(std::string_view bytes,
                                                                    unsigned parts = 0) {
    const std::size_t size = bytes.size();
    if (parts == 0)
        parts = parts_for(size, std::size_t{64} << 20);
    if (parts == 1) {
        const auto w = walk_utf8(bytes, 0, size);
        return {w.invalid, w.suspect};
    }
    std::vector<std::size_t> cut(parts + 1, size);
    cut[0] = 0;
    for (unsigned p = 1; p < parts; ++p) {
        std::size_t c = size / parts * p;
        while (c < size && (static_cast<unsigned char>(bytes[c]) & 0xC0) == 0x80)
            ++c;
        cut[p] = std::max(c, cut[p - 1]);
    }
    std::vector<utf8_walk> walks(parts);
    each_task(parts, parts,
              [&](std::size_t p) { walks[p] = walk_utf8(bytes, cut[p], cut[p + 1]); });
    std::size_t suspect = size;
    for (unsigned p = 0; p < parts; ++p) {
        if (p > 0 && walks[p].start != walks[p - 1].stop)
            walks[p] = walk_utf8(bytes, walks[p - 1].stop, cut[p + 1]);
        suspect = std::min(suspect, walks[p].suspect);
        if (walks[p].invalid < size)
            return {walks[p].invalid, suspect};
    }
    return {size, suspect};
}

} // namespace tally::detail

namespace tally::io {

/// The text of an input file as UTF-8 (see the file comment). bytes is the whole file; source
/// names it in the notices. Never throws for any bytes.
inline decoded_input decode_input(std::string_view bytes, const std::string& source) {
    using tally::detail::line_of_offset;
    decoded_input out;
    const bool le = bytes.size() >= 2 && bytes[0] == '\xFF' && bytes[1] == '\xFE';
    const bool be = bytes.size() >= 2 && bytes[0] == '\xFE' && bytes[1] == '\xFF';
    if (le || be) {
        out.encoding = le ? text_encoding::utf16le : text_encoding::utf16be;
        std::size_t bad = 0, first = 0;
        out.text = tally::detail::utf16_to_utf8(bytes.substr(2), le, bad, first);
        out.notices.push_back(
            {source_position{source, 1, 0}, std::string("UTF-16 ") + (le ? "LE" : "BE") +
                                                " text (byte order mark): read as UTF-8"});
        if (bad > 0)
            out.notices.push_back({source_position{source, line_of_offset(*out.text, 0), 0},
                                   std::to_string(bad) +
                                       " invalid UTF-16 code unit(s) (first at byte " +
                                       std::to_string(first + 2) + ") replaced by U+FFFD"});
        return out;
    }
    const auto [invalid, suspect] = tally::detail::find_invalid_and_suspect(bytes);
    if (invalid < bytes.size()) {
        out.encoding = text_encoding::windows1252;
        out.text = tally::detail::cp1252_to_utf8(bytes);
        out.notices.push_back({source_position{source, line_of_offset(bytes, invalid), 0},
                               "not valid UTF-8 (first such byte on this line): read as "
                               "Windows-1252"});
        return out;
    }
    if (suspect < bytes.size()) {
        const std::size_t line = line_of_offset(bytes, suspect);
        const bool bom = bytes.substr(0, 3) == "\xEF\xBB\xBF";
        out.twice_notice = static_cast<int>(out.notices.size());
        if (auto fixed = tally::detail::undo_double_encoding(bytes.substr(bom ? 3 : 0))) {
            out.twice = double_encoding::repaired;
            out.text = bom ? "\xEF\xBB\xBF" + *fixed : std::move(*fixed);
            out.notices.push_back(
                {source_position{source, line, 0},
                 "double-encoded UTF-8 (such as 'Ã³' for 'ó', first on this line): repaired"});
        } else {
            out.twice = double_encoding::left;
            out.notices.push_back(
                {source_position{source, line, 0},
                 "text looks double-encoded (such as 'Ã³' for 'ó', first on this line) but the "
                 "file also holds text that is not: read as it is"});
        }
    }
    return out;
}

/// The text of cell repaired, when it is double-encoded UTF-8 (each character maps back to one
/// Windows-1252 byte and those bytes are valid UTF-8 that differs from cell: "OrientaciÃ³n"
/// gives "Orientación"); std::nullopt otherwise, and always for ASCII.
inline std::optional<std::string> repair_double_encoded(std::string_view cell) {
    if (tally::detail::next_non_ascii(cell, 0) == cell.size())
        return std::nullopt;
    if (!tally::detail::is_valid_utf8(cell))
        return std::nullopt;
    auto fixed = tally::detail::undo_double_encoding(cell);
    if (!fixed || *fixed == cell)
        return std::nullopt;
    return fixed;
}

/// decode_input for text that is owned: text is replaced by its UTF-8 form when that differs.
inline decoded_input decode_in_place(std::string& text, const std::string& source) {
    decoded_input d = decode_input(text, source);
    if (d.text)
        text = std::move(*d.text);
    d.text.reset();
    return d;
}

/// Adds the notices of decoding to rep (at its end).
inline void tell_decoding(validation_report& rep, const decoded_input& d) {
    rep.notices.insert(rep.notices.end(), d.notices.begin(), d.notices.end());
}

} // namespace tally::io
