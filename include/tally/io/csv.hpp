#pragma once
// An RFC 4180 CSV reader: a comma, semicolon or tab delimiter found from the header line (see
// detect_delimiter), quoted fields with embedded commas, quotes ("") and newlines, a
// leading UTF-8 byte-order mark, LF, CRLF or lone CR line ends (classic Mac spreadsheets write
// CR alone), blank lines skipped.
//
// The reader never writes to its input, so it can read a read-only memory map of a file or one
// slice of it. Fields are string_views into the input; a quoted field with an escaped quote ("")
// or text after its closing quote is unescaped into a buffer of the reader instead. A record
// stays valid until the next call to next(). Line numbers are those of the first line of the
// record (1-based), counting the line ends inside quoted fields, so an error can name the line a
// person sees in an editor; a record also knows its last line.
//
// A quoted field may run over line ends (a cell with a line break), but a stray opening quote
// makes one record of every line up to the next quote. swallowed() tells the two apart for a
// reader that knows how many fields its records have: when a quoted field ran over line ends,
// the lines wholly inside it are split on their own, and those with the record's number of
// fields look like records of their own; so does the line of its closing quote when text
// follows that quote (a quote that closes nothing legal: most often the next stray quote).
// The line of a proper closing quote is not counted: it holds the rest of the record, and with
// commas in the cell's last line it can have the record's number of fields by chance
// (detail::next_record rejects a record that swallowed lines, naming them).

#include <algorithm>
#include <bit>
#include <cctype>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/names.hpp>
#include <tally/io/file.hpp>
#include <utility>
#include <vector>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace tally::io {

/// The delimiter argument that asks the reader to find it from the header line.
inline constexpr char delimiter_from_header = '\0';

/// The delimiter of CSV text: of ',', ';' and tab, the one that occurs most often outside quotes
/// in the first line (after a byte order mark); ',' when none occurs or on a tie with ','.
/// Excel writes ';' where the decimal separator is a comma (most of Latin America and Europe),
/// and tab in "Unicode text".
inline char detect_delimiter(std::string_view text) noexcept {
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::size_t comma = 0, semicolon = 0, tab = 0;
    bool quoted = false;
    for (char c : text) {
        if (c == '"')
            quoted = !quoted;
        else if (quoted)
            continue;
        else if (c == '\n' || c == '\r')
            break;
        else if (c == ',')
            ++comma;
        else if (c == ';')
            ++semicolon;
        else if (c == '\t')
            ++tab;
    }
    if (semicolon > comma && semicolon >= tab)
        return ';';
    if (tab > comma && tab > semicolon)
        return '\t';
    return ',';
}

/// One CSV record: its fields and the lines it starts and ends on.
struct csv_record {
    std::vector<std::string_view> fields;
    std::size_t line = 0;
    /// The line the record ends on: line, unless a quoted field runs over line ends.
    std::size_t last_line = 0;

    /// The physical lines the record takes.
    std::size_t lines() const noexcept { return last_line >= line ? last_line - line + 1 : 1; }

    std::size_t size() const noexcept { return fields.size(); }
    std::string_view operator[](std::size_t i) const { return fields[i]; }
};

/// The fields of one physical line read on its own: fields split at the delimiter, a quote at
/// the start of a field opening a quoted field only when it closes on the line (else it is
/// text). How a line that a quoted field took would read without the quote.
inline std::size_t fields_on_line(std::string_view line, char delimiter) noexcept {
    std::size_t fields = 1, i = 0;
    for (;;) {
        if (i < line.size() && line[i] == '"') {
            std::size_t j = i + 1;
            for (; j < line.size(); ++j)
                if (line[j] == '"') {
                    if (j + 1 < line.size() && line[j + 1] == '"')
                        ++j;
                    else
                        break;
                }
            if (j < line.size())
                i = j + 1; // closed: the field goes on to the delimiter after the quote
        }
        const auto d = line.find(delimiter, i);
        if (d == std::string_view::npos)
            return fields;
        ++fields;
        i = d + 1;
    }
}

/// Lines that a quoted field ran over and that look like records of their own.
struct swallowed_lines {
    std::size_t open_line = 0, open_column = 0; ///< where the quoted field opens
    std::size_t first = 0, last = 0; ///< the lines after it that the field takes, to its close
    std::size_t like_records = 0;    ///< of those, lines that look like records (see above)
};

/// Why a record whose quoted field took the lines s is refused, for a reader whose records
/// have width fields: the line numbers relative to the record, which starts on line
/// record_line (its position names the line; the lines taken follow it).
inline std::string swallowed_reason(const swallowed_lines& s, std::size_t record_line,
                                    std::size_t width) {
    const std::size_t taken = s.last - s.first + 1;
    std::string why = "a quoted field opened ";
    if (s.open_line == record_line)
        why += "here (column " + std::to_string(s.open_column) + ")";
    else
        why += "on line " + std::to_string(s.open_line - record_line + 1) + " of this row";
    why += " takes the ";
    why += taken == 1 ? std::string("next line") : std::to_string(taken) + " lines below it";
    why += s.like_records == taken ? (taken == 1 ? ", which looks" : ", which all look")
                                   : ", " + std::to_string(s.like_records) + " of which look";
    why += " like rows of " + std::to_string(width) +
           " fields: a stray quote? The row and the lines it takes are not used";
    return why;
}

class csv_reader {
  public:
    /// Reads from text; source names the input in error messages (usually the file path).
    /// delimiter_from_header (the default) takes the delimiter of the first line.
    explicit csv_reader(std::string text, std::string source = "<memory>",
                        char delimiter = delimiter_from_header)
        : text_(std::move(text)), source_(std::move(source)), delim_(delimiter) {
        size_ = text_.size();
        skip_bom();
        if (delim_ == delimiter_from_header)
            delim_ = detect_delimiter(text_);
    }

    /// Reads the bytes [data, data + size), which must outlive the reader, as if they were a
    /// file of their own whose first line is numbered first_line. A slice that starts at
    /// offset 0 of a file (first_line 1) has its byte-order mark skipped. A slice that starts
    /// later must be given the delimiter of its file (delimiter() of the reader of its header).
    csv_reader(const char* data, std::size_t size, std::string source,
               char delimiter = delimiter_from_header, std::size_t first_line = 1)
        : source_(std::move(source)), delim_(delimiter), ext_(data), size_(size),
          line_(first_line) {
        if (first_line == 1)
            skip_bom();
        if (delim_ == delimiter_from_header)
            delim_ = detect_delimiter(std::string_view(data, size));
    }

    /// Opens the file at path. Throws errc::io when it cannot be read.
    static csv_reader open(const std::string& path, char delimiter = delimiter_from_header) {
        return csv_reader(read_file(path), path, delimiter);
    }

    const std::string& source() const noexcept { return source_; }
    /// The whole input (after the reader took it; fields read are views into it, or into the
    /// reader's buffer when unescaped).
    std::string_view input() const noexcept { return {data(), size_}; }
    char delimiter() const noexcept { return delim_; }
    /// The offset of the next byte to read, and the line it is on.
    std::size_t position() const noexcept { return pos_; }
    std::size_t line() const noexcept { return line_; }
    /// The offset just after the last byte of the record read last, before its line end.
    std::size_t record_end() const noexcept { return rec_end_; }
    /// The offset of the first byte of the record read last.
    std::size_t record_start() const noexcept { return rec_start_; }

    /// For the record read last: when a quoted field of it ran over a line end, the lines
    /// after the one it opened on up to the one it closes on, and how many of them look like
    /// records of width fields (read on their own, fields_on_line): the lines wholly inside the
    /// field, and the closing line when text follows the closing quote (see the file comment).
    /// std::nullopt when no quoted field ran over a line end, when no line looks like a record,
    /// or when width is below 2 (every line would).
    std::optional<swallowed_lines> swallowed(std::size_t width) const {
        if (spill_line_ == 0 || width < 2)
            return std::nullopt;
        const char* const base = data();
        swallowed_lines s{spill_line_, spill_column_, spill_line_ + 1, spill_close_line_, 0};
        std::size_t p = spill_at_, line = spill_line_;
        while (p < rec_end_ && line < spill_close_line_) {
            // Past the line end at or after p (the first one is inside the quoted field).
            while (p < rec_end_ && base[p] != '\n' && base[p] != '\r')
                ++p;
            if (p >= rec_end_)
                break;
            p += base[p] == '\r' && p + 1 < rec_end_ && base[p + 1] == '\n' ? 2 : 1;
            ++line;
            if (line == spill_close_line_ && !spill_bad_close_)
                break; // a proper closing quote: the line holds the rest of the record
            std::size_t e = p;
            while (e < rec_end_ && base[e] != '\n' && base[e] != '\r')
                ++e;
            if (fields_on_line(std::string_view(base + p, e - p), delim_) == width)
                ++s.like_records;
        }
        if (s.like_records == 0)
            return std::nullopt;
        return s;
    }

    /// Skips blank lines; returns the offset where the next record starts (size() at the end).
    std::size_t skip_blank_lines() noexcept {
        const char* const base = data();
        while (pos_ < size_ && (base[pos_] == '\n' || base[pos_] == '\r'))
            end_line(base);
        return pos_;
    }

    /// Reads the next record into rec; false at the end of the input.
    /// Throws errc::parse, naming the line and column of the opening quote, when a quoted field
    /// is never closed (the rest of the file would otherwise be swallowed silently).
    bool next(csv_record& rec) {
        rec.fields.clear();
        scratch_.clear();
        escaped_.clear();
        const char* const base = data();
        const std::size_t n = size_;
        skip_blank_lines();
        if (pos_ >= n)
            return false;
        rec.line = line_;
        rec_start_ = pos_;
        spill_line_ = spill_close_line_ = 0;
        if (plain_record(base, rec))
            return true;
        for (;;) {
            if (pos_ < n && base[pos_] == '"')
                quoted_field(base, rec);
            else {
                const std::size_t start = pos_;
                pos_ = field_end(base, pos_, n);
                rec.fields.emplace_back(base + start, pos_ - start);
            }
            if (pos_ < n && base[pos_] == delim_) {
                ++pos_;
                continue;
            }
            rec_end_ = pos_;
            rec.last_line = line_;
            if (pos_ < n)
                end_line(base);
            break;
        }
        // Escaped fields live in scratch_, which no longer grows: point their views there.
        for (const auto& [field, span] : escaped_)
            rec.fields[field] = std::string_view(scratch_.data() + span.first, span.second);
        return true;
    }

  private:
    const char* data() const noexcept { return ext_ ? ext_ : text_.data(); }

    /// The common record, read 16 bytes at a time: one without any quote that ends in a line
    /// end at least 16 bytes before the end of the input. Every delimiter, line end and quote
    /// of a block is found at once (a bit per byte), and the fields are the spans between them.
    /// Returns false, with the reader and rec as they were, when it meets a quote or comes near
    /// the end of the input: next() then reads the record byte by byte, to the same result.
    bool plain_record(const char* base, csv_record& rec) {
#if defined(__SSE2__)
        const std::size_t n = size_;
        std::size_t field = pos_;
        const __m128i d = _mm_set1_epi8(delim_), lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                      quote = _mm_set1_epi8('"');
        for (std::size_t p = pos_; p + 16 <= n; p += 16) {
            const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(base + p));
            const __m128i hit =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(b, d), _mm_cmpeq_epi8(b, lf)),
                             _mm_or_si128(_mm_cmpeq_epi8(b, cr), _mm_cmpeq_epi8(b, quote)));
            for (auto mask = static_cast<unsigned>(_mm_movemask_epi8(hit)); mask != 0;
                 mask &= mask - 1) {
                const std::size_t at = p + static_cast<std::size_t>(std::countr_zero(mask));
                const char c = base[at];
                if (c == '"') {
                    rec.fields.clear();
                    return false;
                }
                rec.fields.emplace_back(base + field, at - field);
                if (c == delim_) {
                    field = at + 1;
                    continue;
                }
                rec_end_ = pos_ = at;
                rec.last_line = line_;
                end_line(base);
                return true;
            }
        }
        rec.fields.clear();
#else
        (void)base;
        (void)rec;
#endif
        return false;
    }

    /// The first delimiter, LF or CR at or after p (n when there is none). Eight bytes at a
    /// time where the machine is little-endian: a byte equal to c makes (w ^ c) have a zero
    /// byte, which the classic (x - 0x01..) & ~x & 0x80.. test finds; its lowest set bit is
    /// exact (only bytes above the first zero can be false hits).
    std::size_t field_end(const char* base, std::size_t p, std::size_t n) const noexcept {
        if constexpr (std::endian::native == std::endian::little) {
            constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
            const std::uint64_t d = ones * static_cast<unsigned char>(delim_);
            constexpr std::uint64_t lf = ones * '\n', cr = ones * '\r';
            auto zero = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
            for (; p + 8 <= n; p += 8) {
                std::uint64_t w;
                std::memcpy(&w, base + p, 8);
                const std::uint64_t hit = zero(w ^ d) | zero(w ^ lf) | zero(w ^ cr);
                if (hit)
                    return p + static_cast<std::size_t>(std::countr_zero(hit) / 8);
            }
        }
        while (p < n && base[p] != delim_ && base[p] != '\n' && base[p] != '\r')
            ++p;
        return p;
    }

    void skip_bom() noexcept {
        if (size_ >= 3 && std::memcmp(data(), "\xEF\xBB\xBF", 3) == 0)
            pos_ = 3;
    }

    /// Steps over the line end at pos_: LF, CRLF or a lone CR.
    void end_line(const char* base) noexcept {
        if (base[pos_] == '\r' && pos_ + 1 < size_ && base[pos_ + 1] == '\n')
            ++pos_;
        ++pos_;
        ++line_;
        line_start_ = pos_;
    }

    void quoted_field(const char* base, csv_record& rec) {
        const std::size_t n = size_;
        const std::size_t open_line = line_;
        const std::size_t open_col = column_of(pos_);
        const std::size_t start = ++pos_;
        // Without an escaped quote or trailing text the field is the bytes between the quotes.
        bool copy = false;
        std::size_t from = 0; // with copy: offset of the field in scratch_
        for (;;) {
            if (pos_ >= n)
                throw error(errc::parse, source_position{source_, open_line, open_col},
                            "quoted field is not closed");
            const char c = base[pos_];
            if (c == '"') {
                if (pos_ + 1 < n && base[pos_ + 1] == '"') {
                    if (!copy) {
                        copy = true;
                        from = scratch_.size();
                        scratch_.append(base + start, pos_ - start);
                    }
                    scratch_ += '"';
                    pos_ += 2;
                    continue;
                }
                ++pos_;
                break;
            }
            if (c == '\n' || (c == '\r' && !(pos_ + 1 < n && base[pos_ + 1] == '\n'))) {
                if (spill_line_ == 0) {
                    spill_line_ = open_line;
                    spill_column_ = open_col;
                    spill_at_ = start - 1;
                }
                ++line_;
                line_start_ = pos_ + 1;
            }
            if (copy)
                scratch_ += c;
            ++pos_;
        }
        const std::size_t close = pos_ - 1; // the closing quote
        const bool text_after =
            pos_ < n && base[pos_] != delim_ && base[pos_] != '\n' && base[pos_] != '\r';
        if (spill_line_ == open_line && spill_close_line_ == 0) { // the field that ran over
            spill_close_line_ = line_;
            spill_bad_close_ = text_after;
        }
        // Text after the closing quote, up to the delimiter or line end, is kept (lenient).
        if (text_after) {
            if (!copy) {
                copy = true;
                from = scratch_.size();
                scratch_.append(base + start, close - start);
            }
            while (pos_ < n && base[pos_] != delim_ && base[pos_] != '\n' && base[pos_] != '\r')
                scratch_ += base[pos_++];
        }
        if (copy) {
            escaped_.push_back({rec.fields.size(), {from, scratch_.size() - from}});
            rec.fields.emplace_back();
        } else {
            rec.fields.emplace_back(base + start, close - start);
        }
    }

    std::size_t column_of(std::size_t p) const {
        return p - line_start_ + 1;
    }

    std::string text_;
    std::string source_;
    char delim_;
    const char* ext_ = nullptr; ///< the input when it is not owned (text_ is then empty)
    std::size_t size_ = 0;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
    std::size_t rec_end_ = 0;
    std::size_t rec_start_ = 0;
    /// The first quoted field of the record read last that ran over a line end: its line (0:
    /// none), column and offset of its opening quote, the line of its closing quote, and
    /// whether text follows that quote.
    std::size_t spill_line_ = 0, spill_column_ = 0, spill_at_ = 0, spill_close_line_ = 0;
    bool spill_bad_close_ = false;
    std::string scratch_; ///< unescaped fields of the current record
    std::vector<std::pair<std::size_t, std::pair<std::size_t, std::size_t>>> escaped_;
};

using tally::normalize_name; // defined in core, where the vocabularies use it too

/// Column lookup in a header record by normalized name.
class header_index {
  public:
    header_index() = default;
    explicit header_index(const csv_record& header) {
        names_.reserve(header.size());
        for (auto f : header.fields)
            names_.push_back(normalize_name(f));
    }

    /// The index of the first column whose normalized name is one of names, or std::nullopt.
    std::optional<std::size_t> find(std::initializer_list<std::string_view> names) const {
        for (auto want : names) {
            const auto w = normalize_name(want);
            auto it = std::find(names_.begin(), names_.end(), w);
            if (it != names_.end())
                return static_cast<std::size_t>(it - names_.begin());
        }
        return std::nullopt;
    }
    std::optional<std::size_t> find(std::string_view name) const { return find({name}); }

    std::size_t size() const noexcept { return names_.size(); }
    const std::string& name(std::size_t i) const { return names_.at(i); }

    /// Throws errc::parse naming source and line when two columns have the same normalized
    /// name: find() would silently take the first and ignore the second. Empty names (the
    /// trailing blank columns spreadsheets write) may repeat.
    void require_distinct(const std::string& source, std::size_t line) const {
        for (std::size_t i = 0; i < names_.size(); ++i)
            for (std::size_t j = i + 1; j < names_.size(); ++j)
                if (!names_[i].empty() && names_[i] == names_[j])
                    throw error(errc::parse, source_position{source, line, 0},
                                "column '" + names_[i] + "' appears twice (columns " +
                                    std::to_string(i + 1) + " and " + std::to_string(j + 1) + ")");
    }

  private:
    std::vector<std::string> names_;
};

} // namespace tally::io
