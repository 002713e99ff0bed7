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
#include <tally/io/file.hpp>
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
/// When map is given, text is its bytes, and the pages already read are given back every 32 MiB
/// (mapped_file::release), so that a pass over a large file does not keep it all resident.
template <class F>
void for_each_record(std::string_view text, std::size_t from, std::size_t from_line, F&& f,
                     const mapped_file* map = nullptr) {
    std::size_t p = from, line = from_line;
    const std::size_t n = text.size();
    const char* const base = text.data();
    constexpr std::size_t release_every = std::size_t{32} << 20;
    std::size_t released = 0;
    while (p < n) {
        if (map && p - released >= release_every) {
            // From the start: comparing a record with an earlier one reads pages behind p again.
            map->release(0, p);
            released = p;
        }
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
/// Only when there are such hashes does a second pass look at the records that have them and
/// compare a second, independent 64-bit hash of their bytes (not the bytes themselves: reading
/// earlier records at random would bring a mapped file's pages back, tens of kilobytes a read).
/// A repeat is thus two records equal in 128 bits of hash (each covers the length); two records
/// that differ pass for equal in a 10M-line file with a probability below 1e-24.
inline std::vector<repeated_line> find_repeated_lines(std::string_view text, std::size_t from,
                                                      std::size_t from_line,
                                                      const mapped_file* map = nullptr) {
    // Eight bytes at a time, multiply and mix (the finaliser of MurmurHash3 at the end): every
    // byte counts, and it runs at memory speed.
    const auto hash_of = [&](std::size_t start, std::size_t size, std::uint64_t seed) {
        const char* q = text.data() + start;
        std::uint64_t h = seed ^ size;
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
    // Two independent hashes of every byte: the first finds candidates, the second confirms.
    constexpr std::uint64_t first_seed = 0x9E3779B97F4A7C15ULL, second_seed = 0xD6E8FEB86659FD93ULL;
    std::vector<std::uint64_t> twice;
    {
        // Grown as records arrive (no reservation: with transparent huge pages, touching the start
        // of 256 large reservations would make each a 2 MiB page).
        std::vector<std::vector<std::uint64_t>> parts(256);
        for_each_record(
            text, from, from_line,
            [&](std::size_t start, std::size_t size, std::size_t) {
                const std::uint64_t h = hash_of(start, size, first_seed);
                parts[h >> 56].push_back(h);
            },
            map);
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
        std::size_t line = 0;
        std::uint64_t second = 0; ///< the second hash
        std::uint32_t next = 0;   ///< index + 1 of the previous record with the same first hash
    };
    std::vector<seen> kept;
    for_each_record(
        text, from, from_line,
        [&](std::size_t start, std::size_t size, std::size_t line) {
            const std::uint64_t h = hash_of(start, size, first_seed);
            if (!maybe[h & 0x7FFFFF] || !head.find(h))
                return;
            std::uint32_t& first = head[h];
            const std::uint64_t h2 = hash_of(start, size, second_seed);
            for (std::uint32_t k = first; k != 0; k = kept[k - 1].next)
                if (kept[k - 1].second == h2) {
                    out.push_back({line, kept[k - 1].line});
                    return;
                }
            kept.push_back({line, h2, first});
            first = static_cast<std::uint32_t>(kept.size());
        },
        map);
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
inline std::vector<repeated_line> find_repeated_records(std::string_view text,
                                                        const mapped_file* map = nullptr) {
    const auto [from, from_line] = after_header(text);
    return find_repeated_lines(text, from, from_line, map);
}

/// tell_repeated_lines for the records of CSV text after its header line.
inline void tell_repeated_lines(validation_report& rep, const std::string& source,
                                std::string_view text, std::size_t listed = 20) {
    tell_repeated_lines(rep, source, find_repeated_records(text), listed);
}

} // namespace tally::io
