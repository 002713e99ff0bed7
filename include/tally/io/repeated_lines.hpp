#pragma once
// Lines of one file that repeat an earlier line of the same file byte for byte (every field
// identical, quoting included): a copy-paste in a spreadsheet, or an export run twice into one
// file. tally cannot tell such a copy from two real, identical reports (the same partner giving
// the same kit to the same number of people twice in a month), so the rows are kept and counted,
// and the file gets a notice naming both lines, so the person who owns it can decide.
//
// Cost: one pass over the text after the header, one 64-bit hash per line into an open-addressing
// table; a hash match is confirmed by comparing the bytes, so a hash collision never reports a
// repeat that is not one.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/detail/flat_hash.hpp>
#include <tally/io/validation.hpp>
#include <utility>
#include <vector>

namespace tally::io {

/// One line that repeats an earlier one.
struct repeated_line {
    std::size_t line = 0;    ///< the repeat
    std::size_t earlier = 0; ///< the first line with the same bytes
};

/// The records of text[from, end) that repeat an earlier record of that range, in order. A record
/// runs to the first line end (LF, CRLF or CR) outside double quotes; its line is the one it starts
/// on, from_line being the line of offset from. Blank lines are not records.
inline std::vector<repeated_line> find_repeated_lines(std::string_view text, std::size_t from,
                                                      std::size_t from_line) {
    struct seen {
        std::size_t start = 0, size = 0, line = 0, next = 0; ///< next: index + 1 of a collision
    };
    std::vector<seen> lines;
    tally::detail::flat_hash<std::uint32_t> first; // hash -> index + 1 into lines
    std::vector<repeated_line> out;
    std::size_t p = from, line = from_line;
    const std::size_t n = text.size();
    while (p < n) {
        if (text[p] == '\n' || text[p] == '\r') {
            if (text[p] == '\r' && p + 1 < n && text[p + 1] == '\n')
                ++p;
            ++p;
            ++line;
            continue;
        }
        const std::size_t start = p, start_line = line;
        bool quoted = false;
        while (p < n) {
            const char c = text[p];
            if (c == '"')
                quoted = !quoted;
            else if (c == '\n' || c == '\r') {
                if (!quoted)
                    break;
                if (c == '\n' || !(p + 1 < n && text[p + 1] == '\n'))
                    ++line;
            }
            ++p;
        }
        const std::string_view rec = text.substr(start, p - start);
        std::uint64_t h = std::hash<std::string_view>{}(rec);
        if (h == tally::detail::empty_key)
            h = 0; // the table reserves ~0
        std::uint32_t& slot = first[h];
        std::size_t k = slot;
        bool found = false;
        while (k != 0) {
            const seen& s = lines[k - 1];
            if (s.size == rec.size() && text.substr(s.start, s.size) == rec) {
                out.push_back({start_line, s.line});
                found = true;
                break;
            }
            k = s.next;
        }
        if (!found) {
            lines.push_back({start, rec.size(), start_line, slot});
            slot = static_cast<std::uint32_t>(lines.size());
        }
    }
    return out;
}

/// The offset of the second record of text (after its header line, a byte order mark and blank
/// lines before it), and that record's line.
inline std::pair<std::size_t, std::size_t> after_header(std::string_view text) noexcept {
    std::size_t p = text.substr(0, 3) == "\xEF\xBB\xBF" ? 3 : 0, line = 1;
    auto end_line = [&] {
        if (text[p] == '\r' && p + 1 < text.size() && text[p + 1] == '\n')
            ++p;
        ++p;
        ++line;
    };
    while (p < text.size() && (text[p] == '\n' || text[p] == '\r'))
        end_line();
    bool quoted = false;
    while (p < text.size()) {
        const char c = text[p];
        if (c == '"')
            quoted = !quoted;
        else if (c == '\n' || c == '\r') {
            end_line();
            if (!quoted)
                return {p, line};
            continue;
        }
        ++p;
    }
    return {p, line};
}

/// Tells rep about the records of CSV text, after its header, that repeat an earlier one (see
/// find_repeated_lines): one notice per repeat for the first `listed`, then, when there are
/// several, one notice with their count. The rows themselves are not touched (the row account
/// does not change).
inline void tell_repeated_lines(validation_report& rep, const std::string& source,
                                std::string_view text, std::size_t listed = 20) {
    const auto [from, from_line] = after_header(text);
    const auto reps = find_repeated_lines(text, from, from_line);
    for (std::size_t i = 0; i < reps.size() && i < listed; ++i)
        rep.tell({source, reps[i].line, 0},
                 "line " + std::to_string(reps[i].line) + " repeats line " +
                     std::to_string(reps[i].earlier) +
                     " in every field: kept, so its figures count twice");
    if (reps.size() > 1)
        rep.tell({source, reps.front().line, 0},
                 std::to_string(reps.size()) +
                     " lines of this file repeat an earlier line in every field; all are kept");
}

} // namespace tally::io
