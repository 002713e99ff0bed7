#pragma once
// Lines of one file that repeat an earlier line of the same file byte for byte (every field
// identical, quoting included): a copy-paste in a spreadsheet, or an export run twice into one
// file. tally cannot tell such a copy from two real, identical reports (the same partner giving
// the same kit to the same number of people twice in a month), so the rows are kept and counted,
// and the file gets a notice naming both lines, so the person who owns it can decide.
//
// Cost: see find_repeated_lines (8 bytes a record, sequential passes).

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>
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

/// Calls f(start, size, line) for every record of text[from, end), in order. A record runs to the
/// first line end (LF, CRLF or CR) outside double quotes; its line is the one it starts on,
/// from_line being the line of offset from. Blank lines are not records. A record without quotes
/// or CR (the common case) is found with memchr.
template <class F>
void for_each_record(std::string_view text, std::size_t from, std::size_t from_line, F&& f) {
    std::size_t p = from, line = from_line;
    const std::size_t n = text.size();
    const char* const base = text.data();
    while (p < n) {
        if (text[p] == '\n' || text[p] == '\r') {
            if (text[p] == '\r' && p + 1 < n && text[p + 1] == '\n')
                ++p;
            ++p;
            ++line;
            continue;
        }
        const std::size_t start = p, start_line = line;
        const void* nl = std::memchr(base + p, '\n', n - p);
        const std::size_t e =
            nl ? static_cast<std::size_t>(static_cast<const char*>(nl) - base) : n;
        if (!std::memchr(base + p, '"', e - p) && !std::memchr(base + p, '\r', e - p)) {
            f(start, e - start, start_line);
            p = e; // the line end is taken by the blank-line step above
            continue;
        }
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
        f(start, p - start, start_line);
    }
}

/// The records of text[from, end) (see for_each_record) that repeat an earlier record of that
/// range byte for byte, in order.
///
/// Cost: memory and time matter here, since every activity file goes through it. The first pass
/// keeps only a 64-bit hash per record, in 256 partitions by its top byte (8 bytes a record); each
/// partition is sorted on its own (it fits the cache) to find the hashes seen more than once.
/// Only when there are such hashes does a second pass compare the bytes of the records that have
/// them, so a hash collision never reports a repeat that is not one.
inline std::vector<repeated_line> find_repeated_lines(std::string_view text, std::size_t from,
                                                      std::size_t from_line) {
    // Eight bytes at a time, multiply and mix (the finaliser of MurmurHash3 at the end): every
    // byte counts, and it runs at memory speed.
    const auto hash_of = [&](std::size_t start, std::size_t size) {
        const char* q = text.data() + start;
        std::uint64_t h = 0x9E3779B97F4A7C15ULL ^ size;
        for (; size >= 8; q += 8, size -= 8) {
            std::uint64_t w;
            std::memcpy(&w, q, 8);
            h = (h ^ w) * 0xff51afd7ed558ccdULL;
            h ^= h >> 29;
        }
        std::uint64_t w = 0;
        std::memcpy(&w, q, size);
        h = (h ^ w) * 0xc4ceb9fe1a85ec53ULL;
        h ^= h >> 32;
        h *= 0xff51afd7ed558ccdULL;
        h ^= h >> 33;
        return h;
    };
    std::vector<std::uint64_t> twice;
    {
        std::vector<std::vector<std::uint64_t>> parts(256);
        // Reserved address space, touched only as records arrive.
        const std::size_t guess = (text.size() - std::min(from, text.size())) / 16 / 256 + 16;
        for (auto& v : parts)
            v.reserve(guess);
        for_each_record(text, from, from_line,
                        [&](std::size_t start, std::size_t size, std::size_t) {
                            const std::uint64_t h = hash_of(start, size);
                            parts[h >> 56].push_back(h);
                        });
        for (auto& v : parts) {
            std::sort(v.begin(), v.end());
            for (std::size_t i = 1; i < v.size(); ++i)
                if (v[i] == v[i - 1] && (twice.empty() || twice.back() != v[i]))
                    twice.push_back(v[i]);
            std::vector<std::uint64_t>().swap(v);
        }
    }
    std::vector<repeated_line> out;
    if (twice.empty())
        return out;
    // The records with those hashes, chained per hash: a bitmap of the hashes' low 23 bits (1 MiB)
    // turns most other records away before the table is probed.
    std::vector<bool> maybe(std::size_t{1} << 23, false);
    tally::detail::flat_hash<std::uint32_t> head(twice.size()); // hash -> index + 1 into kept
    for (const auto h : twice) {
        maybe[h & 0x7FFFFF] = true;
        head[h] = 0;
    }
    std::vector<std::uint64_t>().swap(twice);
    struct seen {
        std::size_t start = 0, size = 0, line = 0;
        std::uint32_t next = 0; ///< index + 1 of the previous record with the same hash
    };
    std::vector<seen> kept;
    for_each_record(text, from, from_line,
                    [&](std::size_t start, std::size_t size, std::size_t line) {
                        const std::uint64_t h = hash_of(start, size);
                        if (!maybe[h & 0x7FFFFF] || !head.find(h))
                            return;
                        std::uint32_t& first = head[h];
                        const std::string_view rec = text.substr(start, size);
                        for (std::uint32_t k = first; k != 0; k = kept[k - 1].next) {
                            const seen& e = kept[k - 1];
                            if (e.size == size && text.substr(e.start, e.size) == rec) {
                                out.push_back({line, e.line});
                                return;
                            }
                        }
                        kept.push_back({start, size, line, first});
                        first = static_cast<std::uint32_t>(kept.size());
                    });
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
                                const std::vector<repeated_line>& reps, std::size_t listed = 20) {
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

/// The records of CSV text, after its header line, that repeat an earlier one.
inline std::vector<repeated_line> find_repeated_records(std::string_view text) {
    const auto [from, from_line] = after_header(text);
    return find_repeated_lines(text, from, from_line);
}

/// tell_repeated_lines for the records of CSV text after its header line.
inline void tell_repeated_lines(validation_report& rep, const std::string& source,
                                std::string_view text, std::size_t listed = 20) {
    tell_repeated_lines(rep, source, find_repeated_records(text), listed);
}

} // namespace tally::io
