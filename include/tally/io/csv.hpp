#pragma once
// An RFC 4180 CSV reader: quoted fields with embedded commas, quotes ("") and newlines, a
// leading UTF-8 byte-order mark, LF or CRLF line ends, blank lines skipped.
//
// The reader owns the text and hands out records whose fields are string_views into it; quoted
// fields are unescaped in place, so no field is copied. A record stays valid until the next call
// to next(). Line numbers are those of the first line of the record (1-based), counting the
// newlines inside quoted fields, so an error can name the line a person sees in an editor.

#include <algorithm>
#include <cctype>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/names.hpp>
#include <tally/io/file.hpp>
#include <vector>

namespace tally::io {

/// One CSV record: its fields and the line it starts on.
struct csv_record {
    std::vector<std::string_view> fields;
    std::size_t line = 0;

    std::size_t size() const noexcept { return fields.size(); }
    std::string_view operator[](std::size_t i) const { return fields[i]; }
};

class csv_reader {
  public:
    /// Reads from text; source names the input in error messages (usually the file path).
    explicit csv_reader(std::string text, std::string source = "<memory>", char delimiter = ',')
        : text_(std::move(text)), source_(std::move(source)), delim_(delimiter) {
        if (text_.size() >= 3 && std::memcmp(text_.data(), "\xEF\xBB\xBF", 3) == 0)
            pos_ = 3;
    }

    /// Opens the file at path. Throws errc::io when it cannot be read.
    static csv_reader open(const std::string& path, char delimiter = ',') {
        return csv_reader(read_file(path), path, delimiter);
    }

    const std::string& source() const noexcept { return source_; }

    /// Reads the next record into rec; false at the end of the input.
    /// Throws errc::parse, naming the line and column of the opening quote, when a quoted field
    /// is never closed (the rest of the file would otherwise be swallowed silently).
    bool next(csv_record& rec) {
        rec.fields.clear();
        char* const base = text_.data();
        const std::size_t n = text_.size();
        // Skip blank lines.
        while (pos_ < n && (base[pos_] == '\n' || base[pos_] == '\r')) {
            if (base[pos_] == '\n')
                ++line_;
            ++pos_;
        }
        if (pos_ >= n)
            return false;
        rec.line = line_;
        for (;;) {
            if (pos_ < n && base[pos_] == '"') {
                // Quoted field: unescape in place.
                const std::size_t open_line = line_;
                const std::size_t open_col = column_of(pos_);
                std::size_t w = ++pos_;
                const std::size_t start = w;
                for (;;) {
                    if (pos_ >= n)
                        throw error(errc::parse, source_position{source_, open_line, open_col},
                                    "quoted field is not closed");
                    char c = base[pos_];
                    if (c == '"') {
                        if (pos_ + 1 < n && base[pos_ + 1] == '"') {
                            base[w++] = '"';
                            pos_ += 2;
                            continue;
                        }
                        ++pos_;
                        break;
                    }
                    if (c == '\n') {
                        ++line_;
                        line_start_ = pos_ + 1;
                    }
                    base[w++] = c;
                    ++pos_;
                }
                // Text after the closing quote, up to the delimiter, is kept (lenient).
                while (pos_ < n && base[pos_] != delim_ && base[pos_] != '\n' &&
                       !(base[pos_] == '\r' && (pos_ + 1 >= n || base[pos_ + 1] == '\n')))
                    base[w++] = base[pos_++];
                rec.fields.emplace_back(base + start, w - start);
            } else {
                const std::size_t start = pos_;
                while (pos_ < n && base[pos_] != delim_ && base[pos_] != '\n')
                    ++pos_;
                std::size_t end = pos_;
                if (end > start && base[end - 1] == '\r' && (pos_ >= n || base[pos_] == '\n'))
                    --end;
                rec.fields.emplace_back(base + start, end - start);
            }
            if (pos_ < n && base[pos_] == delim_) {
                ++pos_;
                continue;
            }
            if (pos_ < n && base[pos_] == '\r')
                ++pos_;
            if (pos_ < n && base[pos_] == '\n') {
                ++pos_;
                ++line_;
                line_start_ = pos_;
            }
            return true;
        }
    }

  private:
    std::size_t column_of(std::size_t p) const { return p - line_start_ + 1; }

    std::string text_;
    std::string source_;
    char delim_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t line_start_ = 0;
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
