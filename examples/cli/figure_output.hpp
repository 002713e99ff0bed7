#pragma once
// Output shared by `tally reach` and `tally plan`: CSV (RFC 4180 quoting) or JSON, one record per
// figure, with its provenance; rejected rows and notices on the error stream.

#include "cli.hpp"
#include <ostream>
#include <string>
#include <tally/core/figure.hpp>
#include <tally/detail/utf8.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::cli {

inline std::string csv_field(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos)
        return s;
    std::string q = "\"";
    for (char c : s)
        q += c == '"' ? std::string("\"\"") : std::string(1, c);
    return q + "\"";
}

/// s as a JSON string; bytes that are not valid UTF-8 (a Latin-1 input file) become U+FFFD, so
/// the output is always valid JSON.
inline std::string json_string(const std::string& text) {
    const std::string s = tally::detail::valid_utf8(text);
    std::string o = "\"";
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            o += "\\\"";
            break;
        case '\\':
            o += "\\\\";
            break;
        case '\n':
            o += "\\n";
            break;
        case '\r':
            o += "\\r";
            break;
        case '\t':
            o += "\\t";
            break;
        default:
            if (c < 0x20) {
                static const char* hex = "0123456789abcdef";
                o += "\\u00";
                o += hex[c >> 4];
                o += hex[c & 15];
            } else {
                o += static_cast<char>(c);
            }
        }
    }
    return o + "\"";
}

inline std::string json_list(const std::vector<std::string>& v) {
    std::string o = "[";
    for (std::size_t i = 0; i < v.size(); ++i) {
        o += i ? ", " : "";
        o += json_string(v[i]);
    }
    return o + "]";
}

/// {"steps": [...], "exclusions": [...], "notes": [...]}
inline std::string json_provenance(const provenance& p) {
    return "{\"steps\": " + json_list(p.steps()) +
           ", \"exclusions\": " + json_list(p.exclusions()) +
           ", \"notes\": " + json_list(p.notes()) + "}";
}

/// One output field: a name, and its value as CSV text and as JSON text.
struct field {
    std::string name;
    std::string text;
    std::string json;
};
inline field text_field(std::string name, const std::string& v) {
    return {std::move(name), v, json_string(v)};
}
inline field number_field(std::string name, std::int64_t v) {
    return {std::move(name), std::to_string(v), std::to_string(v)};
}
inline field bool_field(std::string name, bool v) {
    return {std::move(name), v ? "true" : "false", v ? "true" : "false"};
}

/// Writes records as CSV (header from the first record's names; a header alone when there are
/// none, from header) or as a JSON array of objects. json_only fields are left out of CSV.
/// A partial output (not_read: the inputs that could not be read, under --keep-going) says so
/// first: CSV lines "# not read (--keep-going): ..." above the header; JSON
/// {"not_read": [...], "rows": [...]} instead of the array.
class record_writer {
  public:
    record_writer(std::ostream& out, bool json, std::vector<std::string> header,
                  std::vector<std::string> not_read = {})
        : out_(out), json_(json), header_(std::move(header)), not_read_(std::move(not_read)) {
        if (!not_read_.empty() && json_) {
            out_ << "{\"not_read\": " << json_list(not_read_) << ", \"rows\": ";
        } else {
            for (const auto& n : not_read_)
                out_ << "# not read (--keep-going): " << n << "\n";
        }
    }

    void write(const std::vector<field>& csv_fields, const std::vector<field>& json_only = {}) {
        if (json_) {
            out_ << (count_ ? ",\n  {" : "[\n  {");
            bool first = true;
            for (const auto* fs : {&csv_fields, &json_only})
                for (const auto& f : *fs) {
                    out_ << (first ? "" : ", ") << json_string(f.name) << ": " << f.json;
                    first = false;
                }
            out_ << "}";
        } else {
            if (count_ == 0)
                write_header();
            for (std::size_t i = 0; i < csv_fields.size(); ++i)
                out_ << (i ? "," : "") << csv_field(csv_fields[i].text);
            out_ << "\n";
        }
        ++count_;
    }
    void finish() {
        if (json_)
            out_ << (count_ ? "\n]" : "[]") << (not_read_.empty() ? "\n" : "}\n");
        else if (count_ == 0)
            write_header();
    }

  private:
    void write_header() {
        for (std::size_t i = 0; i < header_.size(); ++i)
            out_ << (i ? "," : "") << csv_field(header_[i]);
        out_ << "\n";
    }
    std::ostream& out_;
    bool json_;
    std::vector<std::string> header_;
    std::vector<std::string> not_read_;
    std::size_t count_ = 0;
};

/// "N rows read" of a report, with " from M lines" when its rows take more lines than one
/// each (quoted fields over line ends: io::validation_report::lines_read).
inline std::string rows_read_text(const io::validation_report& rep) {
    std::string s = std::to_string(rep.rows_read) + (rep.rows_read == 1 ? " row" : " rows");
    s += " read";
    if (rep.lines_read > rep.rows_read)
        s += " from " + std::to_string(rep.lines_read) + " lines";
    return s;
}

/// Lists rejected rows (io::rejected_row::to_string, "FILE:LINE: rejected: reason", the one form
/// of every command) and notices on err, then a one-line summary.
inline void report_problems(const io::validation_report& rep, const std::vector<std::string>& more,
                            std::ostream& err) {
    for (const auto& r : rep.rejected)
        err << r.to_string() << "\n";
    for (const auto& n : rep.notices)
        err << n.where.to_string() << ": notice: " << n.message << "\n";
    for (const auto& n : more)
        err << "notice: " << n << "\n";
    if (!rep.rejected.empty())
        err << rows_read_text(rep) << ", " << rep.rows_used << " used, " << rep.rejected.size()
            << " rejected\n";
}

} // namespace tally::cli
