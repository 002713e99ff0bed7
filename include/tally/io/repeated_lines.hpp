#pragma once
// Lines of one file that repeat an earlier line of the same file byte for byte (every field
// identical, quoting included): a copy-paste in a spreadsheet, or an export run twice into one
// file. tally cannot tell such a copy from two real, identical reports (the same partner giving
// the same kit to the same number of people twice in a month), so the rows are kept and counted,
// and the file gets a notice naming both lines, so the person who owns it can decide.
//
// Cost: 16 bytes a record (record_print) and a sort of each of 256 buckets; the activity reader
// takes the fingerprints while it parses.

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/detail/big_pages.hpp>
#include <tally/detail/bytes.hpp>
#include <tally/detail/parallel.hpp>
#include <tally/io/file.hpp>
#include <tally/io/validation.hpp>
#include <type_traits>
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

/// A record's fingerprint in the search for repeated lines: 96 bits of hash of its bytes (two
/// independent chains over every byte, each covering the length) and the line it starts on.
/// Two different records pass for equal with a probability below 1e-15 in a 10M-line file.
struct record_print {
    std::uint64_t h1 = 0;
    std::uint32_t h2 = 0;
    std::uint32_t line = 0;

    friend bool operator<(const record_print& a, const record_print& b) noexcept {
        if (a.h1 != b.h1)
            return a.h1 < b.h1;
        if (a.h2 != b.h2)
            return a.h2 < b.h2;
        return a.line < b.line;
    }
    bool same_bytes(const record_print& o) const noexcept { return h1 == o.h1 && h2 == o.h2; }
};

/// The n < 8 bytes [p, p + n) as the low bytes of a word (the value memcpy into a zeroed word
/// gives on a little-endian machine), in registers (detail/bytes.hpp). When the 8 bytes before
/// p + n are readable (behind_ok), one load of them, shifted.
inline std::uint64_t tail_word(const char* p, std::size_t n, bool behind_ok) noexcept {
    if constexpr (std::endian::native != std::endian::little) {
        std::uint64_t w = 0;
        std::memcpy(&w, p, n);
        return w;
    } else {
        if (behind_ok && n > 0)
            return tally::detail::load8(p + n - 8) >> (8 * (8 - n));
        return tally::detail::low_bytes(p, n);
    }
}

/// The fingerprint of the record bytes [p, p + size) starting on line. Eight bytes at a time,
/// multiply and mix (the finaliser of MurmurHash3 at the end): it runs at memory speed, and
/// inside a parse the bytes are still in cache.
inline record_print fingerprint(const char* p, std::size_t size, std::size_t line) noexcept {
    const std::size_t whole = size;
    std::uint64_t a = 0x9E3779B97F4A7C15ULL ^ size, b = 0xD6E8FEB86659FD93ULL ^ (size << 1);
    for (; size >= 8; p += 8, size -= 8) {
        std::uint64_t w;
        std::memcpy(&w, p, 8);
        a = (a ^ w) * 0xff51afd7ed558ccdULL;
        a ^= a >> 29;
        b = (b ^ w) * 0xc4ceb9fe1a85ec53ULL;
        b ^= b >> 31;
    }
    const std::uint64_t w = tail_word(p, size, whole >= 8);
    auto finish = [](std::uint64_t h, std::uint64_t x, std::uint64_t m1, std::uint64_t m2) {
        h = (h ^ x) * m1;
        h ^= h >> 32;
        h *= m2;
        h ^= h >> 33;
        return h;
    };
    return {finish(a, w, 0xc4ceb9fe1a85ec53ULL, 0xff51afd7ed558ccdULL),
            static_cast<std::uint32_t>(finish(b, w, 0xff51afd7ed558ccdULL, 0x94d049bb133111ebULL) >>
                                       32),
            static_cast<std::uint32_t>(line)};
}

/// The fingerprints of one input, or of one slice of it, kept in 256 buckets by the top byte of
/// h1 as they are taken. Sorting them is then a sort of each bucket on its own, in cache (a
/// bucket of a 5M-line slice is about 300 KiB), instead of a first pass of the whole array
/// through memory; and equal prints, which have equal hashes, are always in the same bucket.
/// The buckets are regions of equal capacity in one block (so that it can be backed by large
/// pages); a bucket that outgrows its region moves to a vector of its own (a file of many equal
/// lines puts them all in one bucket).
class print_set {
  public:
    static constexpr std::size_t bucket_count = 256;

    /// Room for about n prints in all. The hashes are uniform, so a bucket holds n / 256 give
    /// or take a few standard deviations (sqrt(n / 256)): 1/16 more and 64 is ample.
    void reserve(std::size_t n) {
        const std::size_t per_bucket = n / bucket_count + n / (16 * bucket_count) + 64;
        if (per_bucket > capacity_)
            relayout(per_bucket);
    }
    /// Adds r. Prints are staged in a small array and spread over the buckets a few thousand
    /// at a time: written one by one into 256 places among the parse's own data, they would
    /// miss the cache more than the sort saves.
    void add(const record_print& r) {
        staged_[staged_count_++] = r;
        if (staged_count_ == staged_.size())
            spread();
    }

    std::size_t size() const noexcept {
        std::size_t n = staged_count_;
        for (const auto c : count_)
            n += c;
        return n;
    }
    /// The prints whose h1 has top byte b; ordered by record_print::operator< after sort().
    /// (Prints still staged are not in a bucket yet: sort() or shift_lines() spreads them.)
    std::span<const record_print> bucket(std::size_t b) const noexcept {
        return bucket_of(*this, b);
    }

    /// Adds delta to every line (a slice whose first line number becomes known). Order stays.
    void shift_lines(std::int64_t delta) {
        spread();
        for (std::size_t b = 0; b < bucket_count; ++b)
            for (auto& r : bucket_data(b))
                r.line = static_cast<std::uint32_t>(static_cast<std::int64_t>(r.line) + delta);
    }

    /// Sorts every bucket by record_print::operator<: by the next two bytes of h1 (two stable
    /// counting passes through a buffer of one bucket), then every run of equal leading three
    /// bytes (almost always a single print) by std::sort, so a file of equal lines costs
    /// n log n, as any other.
    void sort() {
        spread();
        std::vector<record_print> scratch;
        for (std::size_t bi = 0; bi < bucket_count; ++bi) {
            const std::span<record_print> b = bucket_data(bi);
            if (b.size() < 256) {
                std::sort(b.begin(), b.end());
                continue;
            }
            scratch.resize(b.size());
            record_print* const v = b.data();
            const std::size_t m = b.size();
            for (const unsigned shift : {40u, 48u}) {
                const record_print* from = shift == 40 ? v : scratch.data();
                record_print* to = shift == 40 ? scratch.data() : v;
                std::size_t at[257] = {};
                for (std::size_t i = 0; i < m; ++i)
                    ++at[((from[i].h1 >> shift) & 0xFF) + 1];
                for (std::size_t k = 0; k < 256; ++k)
                    at[k + 1] += at[k];
                for (std::size_t i = 0; i < m; ++i)
                    to[at[(from[i].h1 >> shift) & 0xFF]++] = from[i];
            }
            for (std::size_t i = 0; i < m;) {
                std::size_t j = i + 1;
                while (j < m && (v[j].h1 >> 40) == (v[i].h1 >> 40))
                    ++j;
                if (j - i > 1)
                    std::sort(v + i, v + j);
                i = j;
            }
        }
    }

  private:
    std::span<record_print> bucket_data(std::size_t b) noexcept { return bucket_of(*this, b); }
    /// Bucket b of self: its vector once spilled, else its region of the block.
    template <class Self>
    static std::span<std::conditional_t<std::is_const_v<Self>, const record_print, record_print>>
    bucket_of(Self& self, std::size_t b) noexcept {
        if (!self.spill_[b].empty())
            return self.spill_[b];
        return {self.store_.data() + b * self.capacity_, self.count_[b]};
    }
    void spread() {
        for (std::size_t i = 0; i < staged_count_; ++i) {
            const std::size_t b = staged_[i].h1 >> 56;
            if (count_[b] < capacity_) [[likely]] {
                store_[b * capacity_ + count_[b]++] = staged_[i];
                continue;
            }
            if (spill_[b].empty()) {
                const record_print* region = store_.data() + b * capacity_;
                spill_[b].reserve(std::max<std::size_t>(16, 2 * count_[b]));
                spill_[b].assign(region, region + count_[b]);
            }
            spill_[b].push_back(staged_[i]);
            ++count_[b];
        }
        staged_count_ = 0;
    }
    /// Moves the buckets into regions of `capacity` prints each; a spilled bucket that fits
    /// comes back into the block. So a bucket is spilled only while it holds at least
    /// capacity_ prints, which is what spread() tests.
    void relayout(std::size_t capacity) {
        tally::detail::big_vector<record_print> store(capacity * bucket_count);
        for (std::size_t b = 0; b < bucket_count; ++b) {
            if (count_[b] > capacity)
                continue; // stays in its vector
            const std::span<const record_print> from = bucket(b);
            std::copy(from.begin(), from.end(), store.data() + b * capacity);
            std::vector<record_print>().swap(spill_[b]);
        }
        store_.swap(store);
        capacity_ = capacity;
    }

    tally::detail::big_vector<record_print> store_; ///< bucket b: [b * capacity_, + count_[b])
    std::size_t capacity_ = 0;
    std::array<std::size_t, bucket_count> count_{};
    std::array<std::vector<record_print>, bucket_count> spill_; ///< buckets out of their region
    std::vector<record_print> staged_ = std::vector<record_print>(4096);
    std::size_t staged_count_ = 0;
};

/// The repeats among sorted slices of fingerprints (see repeats_among), appended to out in no
/// particular order.
inline void merge_repeats(const std::vector<std::span<const record_print>>& slices,
                          std::vector<repeated_line>& out) {
    std::vector<std::size_t> at(slices.size(), 0);
    // The smallest print not yet taken, by a linear look over the slices (a handful: one per
    // core) or a heap when there are many (tests cut files into slices of a few bytes).
    using entry = std::pair<record_print, std::size_t>;
    auto later = [](const entry& x, const entry& y) { return y.first < x.first; };
    std::vector<entry> heap;
    const bool use_heap = slices.size() > 4;
    if (use_heap) {
        for (std::size_t k = 0; k < slices.size(); ++k)
            if (!slices[k].empty())
                heap.emplace_back(slices[k][0], k);
        std::make_heap(heap.begin(), heap.end(), later);
    }
    auto next = [&](record_print& r) {
        if (use_heap) {
            if (heap.empty())
                return false;
            std::pop_heap(heap.begin(), heap.end(), later);
            const std::size_t k = heap.back().second;
            r = heap.back().first;
            heap.pop_back();
            if (++at[k] < slices[k].size()) {
                heap.emplace_back(slices[k][at[k]], k);
                std::push_heap(heap.begin(), heap.end(), later);
            }
            return true;
        }
        std::size_t best = slices.size();
        for (std::size_t k = 0; k < slices.size(); ++k)
            if (at[k] < slices[k].size() &&
                (best == slices.size() || slices[k][at[k]] < slices[best][at[best]]))
                best = k;
        if (best == slices.size())
            return false;
        r = slices[best][at[best]++];
        return true;
    };
    record_print first, r;
    bool have = false;
    while (next(r)) {
        if (have && r.same_bytes(first))
            out.push_back({r.line, first.line});
        else
            first = r;
        have = true;
    }
}

/// The repeats among the fingerprints of one input, given in slices that are each sorted
/// (print_set::sort) and whose lines are those of the input: every record whose bytes equal
/// those of a record on an earlier line, with that first line, in order of line. Each bucket is
/// merged across the slices, not copied (no memory beyond the repeats). Above a million prints
/// the buckets are shared among `threads` parts (0: one per core, at most 8), each merged on a
/// thread of its own: equal records have equal hashes, so they meet in the same bucket, and the
/// result does not depend on the number of parts.
inline std::vector<repeated_line> repeats_among(const std::vector<print_set>& slices,
                                                unsigned threads = 0) {
    std::size_t total = 0;
    for (const auto& s : slices)
        total += s.size();
    if (threads == 0)
        threads = static_cast<unsigned>(tally::detail::parts_for(total, std::size_t{1} << 20));
    threads = std::clamp(threads, 1u, static_cast<unsigned>(print_set::bucket_count));
    std::vector<std::vector<repeated_line>> found(threads);
    auto run = [&](std::size_t p) {
        std::vector<std::span<const record_print>> parts(slices.size());
        const std::size_t from = p * print_set::bucket_count / threads,
                          to = (p + 1) * print_set::bucket_count / threads;
        for (std::size_t b = from; b < to; ++b) {
            for (std::size_t k = 0; k < slices.size(); ++k)
                parts[k] = slices[k].bucket(b);
            merge_repeats(parts, found[p]);
        }
    };
    tally::detail::each_task(threads, threads, run);
    std::vector<repeated_line> out = std::move(found[0]);
    for (unsigned p = 1; p < threads; ++p)
        out.insert(out.end(), found[p].begin(), found[p].end());
    std::sort(out.begin(), out.end(),
              [](const repeated_line& x, const repeated_line& y) { return x.line < y.line; });
    return out;
}

/// The records of text[from, end) (see for_each_record) that repeat an earlier record of that
/// range byte for byte, in order.
///
/// Cost: one pass that keeps a 16-byte fingerprint per record, one sort. The activity reader
/// does not call this: it takes the fingerprints while it parses, on every core, and sorts them
/// there (see read_activities_utf8).
inline std::vector<repeated_line> find_repeated_lines(std::string_view text, std::size_t from,
                                                      std::size_t from_line,
                                                      const mapped_file* map = nullptr) {
    std::vector<print_set> prints(1);
    for_each_record(
        text, from, from_line,
        [&](std::size_t start, std::size_t size, std::size_t line) {
            prints[0].add(fingerprint(text.data() + start, size, line));
        },
        map);
    prints[0].sort();
    return repeats_among(prints);
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
