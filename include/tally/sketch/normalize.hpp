#pragma once
// The normalisation of beneficiary identifiers before keyed hashing.
//
// Two offices must turn the same person's identifier into the same bytes, or the sketches will
// not recognise them as one person. The rule, applied to UTF-8 text:
//   1. leading and trailing white space is removed (space, tab, CR, LF, no-break space U+00A0);
//   2. every inner run of white space becomes one space;
//   3. ASCII letters are lower-cased;
//   4. Latin letters with diacritics (U+00C0-U+00FF and Latin Extended-A U+0100-U+017F) become
//      their base letter in lower case: "Á" -> "a", "ñ" -> "n", "Ç" -> "c"; the ligatures and
//      special letters are spelled out: "ß" -> "ss", "Æ"/"æ" -> "ae", "Œ"/"œ" -> "oe",
//      "Þ"/"þ" -> "th", "Ĳ"/"ĳ" -> "ij";
//   5. combining diacritical marks (U+0300-U+036F, as in decomposed text) are dropped;
//   6. every other character, punctuation included, is kept as it is.
// So " José  PÉREZ\t" and "jose perez" normalise to the same "jose perez". Hyphens and dots are
// kept ("V-12.345" stays "v-12.345"): whether they matter is for the participating offices to
// agree, by choosing the identifier column they hash.
//
// Throws errc::parse for bytes that are not valid UTF-8 (a registry exported in Latin-1 must be
// converted first: guessing would hash the same person two ways).

#include <cstdint>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/detail/utf8.hpp>

namespace tally::detail {
/// Base letters of U+00C0..U+00FF; nullptr keeps the character (x, ÷).
inline constexpr const char* latin1_base[64] = {
    "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "ss",
    "a", "a", "a", "a", "a", "a", "ae", "c",     "e", "e", "e", "e", "i", "i", "i",  "i",
    "d", "n", "o", "o", "o", "o", "o",  nullptr, "o", "u", "u", "u", "u", "y", "th", "y"};

/// Base letter of U+0100..U+017F (Latin Extended-A), by ranges of code points.
inline const char* latin_ext_a_base(char32_t c) {
    struct range {
        char32_t last;
        const char* base;
    };
    static constexpr range ranges[] = {
        {0x105, "a"}, {0x10D, "c"},  {0x111, "d"}, {0x11B, "e"}, {0x123, "g"}, {0x127, "h"},
        {0x131, "i"}, {0x133, "ij"}, {0x135, "j"}, {0x138, "k"}, {0x142, "l"}, {0x14B, "n"},
        {0x151, "o"}, {0x153, "oe"}, {0x159, "r"}, {0x161, "s"}, {0x167, "t"}, {0x173, "u"},
        {0x175, "w"}, {0x178, "y"},  {0x17E, "z"}, {0x17F, "s"}};
    for (const auto& r : ranges)
        if (c <= r.last)
            return r.base;
    return nullptr;
}

/// Decodes one UTF-8 character at s[i], advancing i. Throws errc::parse for invalid UTF-8
/// (bad lead byte, missing continuation, overlong form, surrogate, beyond U+10FFFF).
inline char32_t next_utf8(std::string_view s, std::size_t& i) {
    const auto bad = [&] {
        return error(errc::parse, "identifier is not valid UTF-8 at byte " + std::to_string(i + 1));
    };
    const auto b0 = static_cast<unsigned char>(s[i]);
    int n = 0;
    char32_t c = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if ((b0 & 0xE0) == 0xC0) {
        n = 1;
        c = b0 & 0x1Fu;
    } else if ((b0 & 0xF0) == 0xE0) {
        n = 2;
        c = b0 & 0x0Fu;
    } else if ((b0 & 0xF8) == 0xF0) {
        n = 3;
        c = b0 & 0x07u;
    } else {
        throw bad();
    }
    if (i + static_cast<std::size_t>(n) >= s.size())
        throw bad();
    for (int k = 1; k <= n; ++k) {
        const auto b = static_cast<unsigned char>(s[i + static_cast<std::size_t>(k)]);
        if ((b & 0xC0) != 0x80)
            throw bad();
        c = (c << 6) | (b & 0x3Fu);
    }
    static constexpr char32_t min_of[] = {0, 0x80, 0x800, 0x10000};
    if (c < min_of[n] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
        throw bad();
    i += static_cast<std::size_t>(n) + 1;
    return c;
}

inline bool is_space(char32_t c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == 0xA0;
}
} // namespace tally::detail

namespace tally::sketch {

/// The identifier after the rule above. Throws errc::parse for invalid UTF-8.
inline std::string normalize_identifier(std::string_view raw) {
    std::string out;
    out.reserve(raw.size());
    bool pending_space = false;
    std::size_t i = 0;
    while (i < raw.size()) {
        const char32_t c = detail::next_utf8(raw, i);
        if (detail::is_space(c)) {
            pending_space = !out.empty();
            continue;
        }
        if (c >= 0x300 && c <= 0x36F)
            continue;
        if (pending_space) {
            out.push_back(' ');
            pending_space = false;
        }
        if (c >= 'A' && c <= 'Z') {
            out.push_back(static_cast<char>(c - 'A' + 'a'));
        } else if (c >= 0xC0 && c <= 0xFF && detail::latin1_base[c - 0xC0]) {
            out += detail::latin1_base[c - 0xC0];
        } else if (c >= 0x100 && c <= 0x17F) {
            out += detail::latin_ext_a_base(c);
        } else {
            detail::append_utf8(out, c);
        }
    }
    return out;
}

} // namespace tally::sketch
