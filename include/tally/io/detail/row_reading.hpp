#pragma once
// Pieces shared by the bulk row readers (activities, plan, flows, requirements, HNO, presence,
// FTS): whole-number cells, memoised resolution of spellings, the geography check that turns
// unresolved codes into notices, and the reading of records with the one row-width check.
//
// Everything here is on the hot path of reading tens of millions of rows, so nothing allocates
// per field: cells are string_views into the CSV text, numbers are parsed with std::from_chars,
// and slow resolvers (which normalise spellings into new strings) run once per distinct
// spelling.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/dictionary.hpp>
#include <tally/core/geography.hpp>
#include <tally/detail/bytes.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::detail {

inline constexpr std::size_t absent_column = static_cast<std::size_t>(-1);

/// s without surrounding blanks (spaces and tabs).
inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

enum class number_status { ok, empty, not_a_number, negative, too_large };

/// Parses a whole, non-negative number of people. Blanks around it are ignored; signs other
/// than a leading '-', decimals and thousands separators are not numbers.
/// Almost every cell of a 5W file is a plain run of at most 18 digits, which cannot overflow: it
/// is read here in one loop the compiler keeps inline in the readers' hot loops; anything else
/// (a sign, a letter, 19 digits or more) goes to std::from_chars, which decides as before.
inline number_status parse_count(std::string_view s, std::int64_t& out) noexcept {
    s = trim(s);
    if (s.empty())
        return number_status::empty;
    if (s.size() <= 18) {
        std::int64_t v = 0;
        std::size_t i = 0;
        for (; i < s.size(); ++i) {
            const auto d = static_cast<unsigned>(static_cast<unsigned char>(s[i]) - '0');
            if (d > 9)
                break;
            v = v * 10 + static_cast<std::int64_t>(d);
        }
        if (i == s.size()) {
            out = v;
            return number_status::ok;
        }
    }
    const char* b = s.data();
    const char* e = b + s.size();
    auto [p, ec] = std::from_chars(b, e, out);
    if (ec == std::errc::result_out_of_range)
        return number_status::too_large;
    if (ec != std::errc{} || p != e)
        return number_status::not_a_number;
    if (out < 0)
        return number_status::negative;
    return number_status::ok;
}

/// The reason a number cell is refused, naming the column as written in the header.
inline std::string number_problem(number_status st, std::string_view column,
                                  std::string_view value) {
    std::string r(column);
    switch (st) {
    case number_status::not_a_number:
        return r + " '" + std::string(trim(value)) + "' is not a whole number";
    case number_status::negative:
        return r + " is negative (" + std::string(trim(value)) + ")";
    case number_status::too_large:
        return r + " '" + std::string(trim(value)) + "' is too large";
    default:
        return r + " is missing";
    }
}

/// Appends a reason to a list of reasons separated by "; ".
inline void add_reason(std::string& reasons, std::string_view why) {
    if (!reasons.empty())
        reasons += "; ";
    reasons += why;
}

/// A front for a dictionary's intern(): an open-addressing table that keeps the first 16 bytes of
/// each key inline and hashes every byte of it, in front of the dictionary's std::unordered_map.
/// Reading spends most of its time looking up short, repeated codes (countries, sectors, partners);
/// this keeps that to one probe and one memcmp. The dictionary stays the owner of the strings (its
/// strings never move), so the cache holds views into them. Ids are the dictionary's.
class intern_cache {
  public:
    explicit intern_cache(dictionary& d) : dict_(&d), slots_(64) {}

    /// The id of s. [buffer, buffer_end), when given, is a buffer s may lie in (the text being
    /// read; an unescaped field lies elsewhere): when s lies in it with at least 16 bytes
    /// readable from s.data(), its head is read with two loads and masked (the same words as
    /// head() assembles, without a branch on the length).
    code_id intern(std::string_view s, const char* buffer = nullptr,
                   const char* buffer_end = nullptr) {
        std::uint64_t w0, w1;
        const auto at = reinterpret_cast<std::uintptr_t>(s.data());
        if (s.size() <= 16 && at >= reinterpret_cast<std::uintptr_t>(buffer) &&
            at + 16 <= reinterpret_cast<std::uintptr_t>(buffer_end))
            masked_head(s, w0, w1);
        else
            head(s, w0, w1);
        std::size_t i = static_cast<std::size_t>(hash(s, w0, w1)) & mask_;
        const auto size = static_cast<std::uint32_t>(s.size());
        for (;; i = (i + 1) & mask_) {
            const slot& e = slots_[i];
            if (e.id == no_code)
                break;
            if (e.w0 == w0 && e.w1 == w1 && e.size == size &&
                (size <= 16 || std::memcmp(e.key, s.data(), size) == 0))
                return e.id;
        }
        const code_id id = dict_->intern(s);
        slots_[i] = {w0, w1, (*dict_)[id].data(), size, id};
        if (++used_ * 2 > slots_.size())
            grow();
        return id;
    }

  private:
    /// A slot: 32 bytes, two to a cache line.
    struct slot {
        std::uint64_t w0 = 0, w1 = 0; ///< the first 16 bytes, zero-padded
        const char* key = nullptr;    ///< the dictionary's string (read for keys above 16 bytes)
        std::uint32_t size = 0;
        code_id id = no_code;
    };

    /// The hash of s, whose head() is w0, w1: every byte counts.
    static std::uint64_t hash(std::string_view s, std::uint64_t w0, std::uint64_t w1) noexcept {
        std::uint64_t h =
            (w0 ^ (static_cast<std::uint64_t>(s.size()) << 56)) * 0xff51afd7ed558ccdull;
        h = (h ^ (h >> 31) ^ w1) * 0xc4ceb9fe1a85ec53ull;
        for (std::size_t k = 16; k + 8 <= s.size(); k += 8) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + k, 8);
            h = (h ^ w) * 0xff51afd7ed558ccdull;
        }
        // The last 8 bytes (overlapping the words above) cover a tail shorter than a word, so
        // names that differ only there do not all fall into one probe chain.
        if (s.size() > 16 && (s.size() - 16) % 8 != 0) {
            std::uint64_t w;
            std::memcpy(&w, s.data() + s.size() - 8, 8);
            h = (h ^ w) * 0xc4ceb9fe1a85ec53ull;
        }
        // Multiplication carries only upwards, so bytes high in a word reach only the high bits:
        // fold them down (the MurmurHash3 finaliser) before taking the low bits as the slot.
        h ^= h >> 33;
        h *= 0xff51afd7ed558ccdull;
        h ^= h >> 33;
        return h;
    }

    /// head() of an s of at most 16 bytes followed by enough readable bytes to make 16.
    static void masked_head(std::string_view s, std::uint64_t& w0, std::uint64_t& w1) noexcept {
        const std::size_t n = s.size();
        const auto mask = [](std::size_t k) {
            return k >= 8 ? ~std::uint64_t{0} : (std::uint64_t{1} << (8 * k)) - 1;
        };
        w0 = load8(s.data()) & mask(n);
        w1 = load8(s.data() + 8) & mask(n > 8 ? n - 8 : 0);
    }

    /// The first 16 bytes of s, zero-padded (the tail of a longer s is hashed separately and
    /// compared with memcmp).
    static void head(std::string_view s, std::uint64_t& w0, std::uint64_t& w1) noexcept {
        if (s.size() >= 16) {
            std::memcpy(&w0, s.data(), 8);
            std::memcpy(&w1, s.data() + 8, 8);
            return;
        }
        // Assembled in registers from loads inside s (detail/bytes.hpp).
        const std::size_t n = s.size();
        const char* p = s.data();
        w1 = 0;
        if (n >= 8) {
            w0 = load8(p);
            if (n > 8)
                w1 = load8(p + n - 8) >> (8 * (16 - n));
        } else {
            w0 = low_bytes(p, n);
        }
    }

    void grow() {
        std::vector<slot> old(slots_.size() * 2);
        old.swap(slots_);
        mask_ = slots_.size() - 1;
        for (const auto& e : old) {
            if (e.id == no_code)
                continue;
            const std::string_view key(e.key, e.size);
            std::size_t i = static_cast<std::size_t>(hash(key, e.w0, e.w1)) & mask_;
            while (slots_[i].id != no_code)
                i = (i + 1) & (mask_);
            slots_[i] = e;
        }
    }

    dictionary* dict_;
    std::vector<slot> slots_;
    std::size_t mask_ = 63; // slots_.size() - 1, a power of two minus one
    std::size_t used_ = 0;
};

/// Remembers what a slow resolver said about each raw spelling, so that it runs once per
/// distinct spelling instead of once per row.
template <class Value>
class spelling_cache {
  public:
    template <class Resolve>
    Value get(std::string_view s, Resolve&& resolve) {
        const code_id id = ids_.intern(s);
        if (id == values_.size())
            values_.push_back(resolve(s));
        return values_[id];
    }
    /// The id of a spelling already resolved by get() (dense, in order of first sight).
    code_id id_of(std::string_view s) const { return seen_.at(s); }
    const std::string& spelling(code_id id) const { return seen_[id]; }

  private:
    dictionary seen_;
    intern_cache ids_{seen_};
    std::vector<Value> values_;
};

/// First line and number of rows of one kind of notice, emitted once per distinct value.
struct notice_count {
    std::size_t first_line = 0;
    std::size_t rows = 0;

    void see(std::size_t line) {
        if (rows++ == 0)
            first_line = line;
    }
};

/// "" for one row, " (N rows, first shown)" otherwise.
inline std::string rows_suffix(std::size_t rows) {
    return rows > 1 ? " (" + std::to_string(rows) + " rows; the first is shown)" : std::string();
}

/// Checks country and admin1 codes against a geography, once per distinct code of the table's
/// dictionaries, and reports each unresolved code once: at its first line, with its row count.
/// A geography without any admin1 area checks countries only (the R4V preset has none).
class geography_check {
  public:
    explicit geography_check(const geography* geo) : geo_(geo) {}

    bool active() const noexcept { return geo_ != nullptr; }

    /// Records one row; country and admin1 are table ids (admin1 may be no_code).
    void row(const dictionary& countries, code_id country, const dictionary& admin1s,
             code_id admin1, std::size_t line) {
        if (!geo_)
            return;
        const auto gc = country_of(countries, country);
        if (gc == unresolved) {
            country_notes_[country].see(line);
            return;
        }
        if (admin1 == no_code || geo_->admin1_count() == 0)
            return;
        const auto ga = admin1_of(admin1s, admin1);
        if (ga == unresolved) {
            admin1_notes_[admin1].see(line);
            return;
        }
        if (geo_->admin1(ga).country != gc) {
            auto it = std::find_if(misplaced_.begin(), misplaced_.end(), [&](const auto& m) {
                return m.country == country && m.admin1 == admin1;
            });
            if (it == misplaced_.end())
                it = misplaced_.insert(misplaced_.end(), {country, admin1, {}});
            it->count.see(line);
        }
    }

    /// Adds the notices to the report.
    void finish(io::validation_report& rep, const std::string& source, const dictionary& countries,
                const dictionary& admin1s) const {
        if (!geo_)
            return;
        for (code_id c = 0; c < country_notes_.size(); ++c)
            if (const auto& n = country_notes_[c]; n.rows)
                rep.tell({source, n.first_line, 0}, "country '" + countries[c] +
                                                        "' is not in the geography" +
                                                        rows_suffix(n.rows));
        for (code_id a = 0; a < admin1_notes_.size(); ++a)
            if (const auto& n = admin1_notes_[a]; n.rows)
                rep.tell({source, n.first_line, 0}, "admin1 '" + admin1s[a] +
                                                        "' is not in the geography" +
                                                        rows_suffix(n.rows));
        for (const auto& m : misplaced_) {
            const auto ga = *geo_->find_admin1(admin1s[m.admin1]);
            rep.tell({source, m.count.first_line, 0},
                     "admin1 '" + admin1s[m.admin1] + "' belongs to " +
                         geo_->country(geo_->admin1(ga).country).code + ", not " +
                         countries[m.country] + rows_suffix(m.count.rows));
        }
    }

  private:
    static constexpr code_id unresolved = no_code - 1;
    static constexpr code_id unknown = no_code;

    code_id country_of(const dictionary& d, code_id id) {
        if (id >= country_geo_.size()) {
            country_geo_.resize(id + 1, unknown);
            country_notes_.resize(id + 1);
        }
        if (country_geo_[id] == unknown)
            country_geo_[id] = geo_->find_country(d[id]).value_or(unresolved);
        return country_geo_[id];
    }
    code_id admin1_of(const dictionary& d, code_id id) {
        if (id >= admin1_geo_.size()) {
            admin1_geo_.resize(id + 1, unknown);
            admin1_notes_.resize(id + 1);
        }
        if (admin1_geo_[id] == unknown)
            admin1_geo_[id] = geo_->find_admin1(d[id]).value_or(unresolved);
        return admin1_geo_[id];
    }

    struct misplaced {
        code_id country;
        code_id admin1;
        notice_count count;
    };

    const geography* geo_;
    std::vector<code_id> country_geo_, admin1_geo_; // table id -> geography id
    std::vector<notice_count> country_notes_, admin1_notes_;
    std::vector<misplaced> misplaced_;
};

/// What read_record found.
enum class record_read {
    end,      ///< the end of the input (or an unclosed quote, rejected: it took the rest)
    row,      ///< a record for the reader
    rejected, ///< a record already rejected: a quoted field took lines that look like records
};

/// Accounts for the record rd just read into rec: adds its physical lines to rep.lines_read
/// and, when a quoted field of it ran over line ends and took lines that look like records of
/// width fields (io::csv_reader::swallowed), rejects it into rep, naming where the quoted field
/// opens and the lines it took, and returns true. A stray quote would otherwise make one row
/// (or none, when the row has a wrong number of fields) of many, and the lines it took would be
/// listed nowhere.
inline bool reject_swallowing(const io::csv_reader& rd, const io::csv_record& rec,
                              io::validation_report& rep, std::size_t width);

/// The part of reject_swallowing for a record of several lines (rare: out of the row loop).
inline bool reject_swallowing_lines(const io::csv_reader& rd, const io::csv_record& rec,
                                    io::validation_report& rep, std::size_t width) {
    const auto s = rd.swallowed(width);
    if (!s)
        return false;
    rep.reject({rd.source(), rec.line, 0}, io::swallowed_reason(*s, rec.line, width),
               rec.last_line);
    return true;
}

inline bool reject_swallowing(const io::csv_reader& rd, const io::csv_record& rec,
                              io::validation_report& rep, std::size_t width) {
    if (rec.last_line == rec.line) [[likely]] {
        ++rep.lines_read;
        return false;
    }
    rep.lines_read += rec.lines();
    return reject_swallowing_lines(rd, rec, rep, width);
}

/// An unclosed quote met by read_record: the record takes every line from its first to the
/// end of the input, and is rejected.
inline void reject_unclosed(const io::csv_reader& rd, const io::csv_record& rec,
                            io::validation_report& rep, const error& e) {
    const std::string_view rest = rd.input().substr(rd.record_start());
    std::size_t lines = 0;
    for (std::size_t i = 0; i < rest.size(); ++i)
        lines +=
            rest[i] == '\n' || (rest[i] == '\r' && (i + 1 == rest.size() || rest[i + 1] != '\n'));
    if (!rest.empty() && rest.back() != '\n' && rest.back() != '\r')
        ++lines;
    lines = std::max<std::size_t>(lines, 1);
    rep.lines_read += lines;
    rep.reject(e.where(), e.detail() + " (the rest of the file is this one record)",
               lines > 1 ? rec.line + lines - 1 : 0);
}

/// Reads the next record of rd into rec for a reader whose records have width fields (its
/// header's). An unclosed quote, which swallows the rest of the input into one record, is a
/// rejected row instead of an exception, so the rows before it are kept and the count still
/// adds up; a record whose quoted field took lines that look like records is rejected
/// (reject_swallowing). Every record's physical lines are added to rep.lines_read.
inline record_read read_record(io::csv_reader& rd, io::csv_record& rec, io::validation_report& rep,
                               std::size_t width) {
    try {
        if (!rd.next(rec))
            return record_read::end;
    } catch (const error& e) {
        if (e.code() != errc::parse)
            throw;
        reject_unclosed(rd, rec, rep, e);
        return record_read::end;
    }
    return reject_swallowing(rd, rec, rep, width) ? record_read::rejected : record_read::row;
}

/// Reads the next record for the reader (read_record), passing over the records it rejects.
/// Returns false at the end of the input.
inline bool next_record(io::csv_reader& rd, io::csv_record& rec, io::validation_report& rep,
                        std::size_t width) {
    for (;;)
        switch (read_record(rd, rec, rep, width)) {
        case record_read::end:
            return false;
        case record_read::row:
            return true;
        case record_read::rejected:
            break;
        }
}

/// The reason a row is refused for its number of fields: one wording for every reader.
inline std::string width_problem(std::size_t found, std::size_t expected) {
    return "expected " + std::to_string(expected) + " fields, found " + std::to_string(found);
}

/// The row-width check every CSV reader makes: true when rec has width fields (its header's);
/// otherwise rejects it into rep at its line of source (width_problem) and returns false. A row
/// with more fields than the header is as wrong as one with fewer: an unquoted "1,000,000"
/// would otherwise be read as 1. The comparison is inline; the message is built only for a
/// row that is refused.
inline bool check_row_width(const io::csv_record& rec, std::size_t width,
                            io::validation_report& rep, const std::string& source) {
    if (rec.size() == width) [[likely]]
        return true;
    rep.reject({source, rec.line, 0}, width_problem(rec.size(), width));
    return false;
}

/// Marks the columns that matched a field as used; the others are reported once as ignored.
inline void tell_ignored_columns(io::validation_report& rep, const std::string& source,
                                 const io::csv_record& header, const std::vector<bool>& used) {
    for (std::size_t i = 0; i < header.size(); ++i)
        if (!used[i] && !trim(header[i]).empty())
            rep.tell({source, header.line, 0},
                     "column '" + std::string(trim(header[i])) + "' is not used");
}

} // namespace tally::detail
