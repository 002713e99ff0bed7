#pragma once
// Excel workbooks (.xlsx): one sheet read into rows of UTF-8 cells, then handed to the CSV
// readers as CSV text whose line N is the sheet's row N, so every reader (activities, plan,
// flows, requirements) accepts a workbook and its messages name the sheet's rows.
//
// Optional component tally::xlsx: needs libzip (the zip container) and pugixml (the XML parts);
// TALLY_HAVE_XLSX is defined when it is linked. The rest of tally does not include this header.
//
// What is read, per ECMA-376 (SpreadsheetML):
//  - the sheet named by the caller, or the first sheet (workbook order) with a header tally
//    knows in its first 25 non-empty rows; rows above the header are titles, not data;
//  - cells: shared strings (rich text runs concatenated, phonetic runs left out), inline
//    strings, formula results, booleans (TRUE/FALSE), error values (#N/A, as written). A
//    formula without a saved result (as programs that write formulas leave them until Excel
//    recalculates) is an error naming the cell, when the cell is in the header or a data row:
//    read as empty it would be a silent 0;
//  - numbers as Excel shows them at 15 significant digits, so "7.0000000000000007E-2" is 0.07
//    and "235.0" is 235;
//  - a number in a cell whose format is a date (built-in formats 14-17, 22, 27-36, 50-58, or a
//    custom format with d or y outside quotes and brackets): an ISO date YYYY-MM-DD (1900 or
//    1904 date system; a time of day, when there is one, after a 'T');
//  - in a column named month, reporting_month, report_month or date, a number that is a date
//    of 1950-2099 (date-formatted or not): the date YYYY-MM-DD, its time of day dropped; any
//    other number stays as written, so 202301 or 2023 typed there is refused by the reader as
//    in a CSV file ("month '202301' is not YYYY-MM"), never read as 2453-11 or 1905-07;
//  - the escapes _xHHHH_ of ECMA-376 decoded; in header cells, line breaks, tabs and no-break
//    spaces become one space and the cell is trimmed; in data cells, line breaks become spaces
//    (a line break would shift the CSV lines off the sheet's rows).
// A corrupt, truncated or non-zip file, a missing part, malformed XML, a shared string index
// out of range, a row number out of order or a cell given twice throws errc::parse naming the
// file (and the sheet and row when known); nothing is read past the bounds of the input.
//
// Bounded work (xlsx_limits): rows are kept sparse, so memory follows the cells present, not
// their columns (one cell in column XFD is one cell); cells past the header's last column are
// kept as extra fields at the end of their CSV line (so the reader refuses the row for its
// number of fields) and named in beyond_header. Each zip part is inflated at most once (sheets
// that point at one part are read once), the inflated bytes of a workbook and of each part are
// capped, at most max_sheets_tried sheets are read to look for a header, and the text a sheet
// expands to (shared strings repeated, rows padded to the header) is capped by the size of its
// XML. Passing a cap is errc::parse naming the cap.

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <optional>
#include <pugixml.hpp>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/names.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/file.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/layouts.hpp>
#include <vector>
#include <zip.h>

namespace tally::io {

/// One cell of a row: its column (0-based: A is 0) and its text as Excel shows it.
struct xlsx_cell {
    std::size_t column = 0;
    std::string text;
    friend bool operator==(const xlsx_cell&, const xlsx_cell&) = default;
};

/// One row of a sheet: its row number (1-based, as Excel shows it) and its non-empty cells in
/// column order (sparse: a row with one cell in column XFD holds one cell).
struct xlsx_row {
    std::size_t number = 0;
    std::vector<xlsx_cell> cells;

    /// The text of the cell in column (0-based); empty when the row has none there.
    std::string_view at(std::size_t column) const noexcept {
        const auto it =
            std::lower_bound(cells.begin(), cells.end(), column,
                             [](const xlsx_cell& c, std::size_t col) { return c.column < col; });
        return it != cells.end() && it->column == column ? std::string_view(it->text)
                                                         : std::string_view();
    }
    /// The cells from column A to the last one present, "" where the row has none.
    std::vector<std::string> dense() const {
        std::vector<std::string> out(cells.empty() ? 0 : cells.back().column + 1);
        for (const auto& c : cells)
            out[c.column] = c.text;
        return out;
    }
};

/// The caps on the work one workbook may ask for. Passing one is errc::parse naming it.
struct xlsx_limits {
    /// Inflated bytes of one zip part.
    std::size_t max_part_bytes = std::size_t{1} << 30;
    /// Inflated bytes of all the parts read from one workbook.
    std::size_t max_inflated_bytes = std::size_t{2} << 30;
    /// Sheets read to look for a header when no sheet is named.
    std::size_t max_sheets_tried = 100;
    /// The text a sheet expands to (the cells' text, shared strings repeated, and the CSV
    /// fields of rows padded to the header's width) may be at most expansion_factor times the
    /// sheet's XML plus expansion_allowance bytes.
    std::size_t expansion_factor = 4;
    std::size_t expansion_allowance = std::size_t{64} << 20;
};

/// The rows of one sheet from its header down.
struct xlsx_table {
    std::string file;           ///< the workbook's name in messages (its path)
    std::string sheet;          ///< the sheet's name
    std::size_t header_row = 0; ///< the header's row number
    std::vector<xlsx_row> rows; ///< the header row first, then the data rows, in sheet order
    std::vector<std::size_t> title_rows; ///< the non-empty rows above the header, not read
    /// (row number, 0-based column) of the first cell past the header's last column, for each
    /// data row that has one: the row's CSV line has more fields than the header.
    std::vector<std::pair<std::size_t, std::size_t>> beyond_header;

    /// "FILE[SHEET]": the source name in messages about the sheet's rows.
    std::string source() const { return file + "[" + sheet + "]"; }
};

namespace detail {

/// Excel's limits: 1,048,576 rows and 16,384 columns (XFD).
inline constexpr std::size_t xlsx_max_rows = 1048576, xlsx_max_columns = 16384;

/// "1 GiB", "64 MiB" or "1,234 bytes": a cap in messages.
inline std::string xlsx_bytes_text(std::size_t n) {
    if (n >= (std::size_t{1} << 30) && n % (std::size_t{1} << 30) == 0)
        return std::to_string(n >> 30) + " GiB";
    if (n >= (std::size_t{1} << 20) && n % (std::size_t{1} << 20) == 0)
        return std::to_string(n >> 20) + " MiB";
    std::string digits = std::to_string(n), out;
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i && (digits.size() - i) % 3 == 0)
            out += ',';
        out += digits[i];
    }
    return out + " bytes";
}

/// A zip archive open on bytes that outlive it. Every part is inflated at most once, and the
/// inflated bytes are counted against the limits.
class xlsx_zip {
  public:
    xlsx_zip(std::string_view bytes, std::string file, const xlsx_limits& limits = {})
        : file_(std::move(file)), limits_(limits) {
        zip_error_t ze;
        zip_error_init(&ze);
        zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &ze);
        if (src)
            zip_ = zip_open_from_source(src, ZIP_RDONLY, &ze);
        if (!zip_) {
            std::string why = zip_error_strerror(&ze);
            if (src)
                zip_source_free(src);
            zip_error_fini(&ze);
            throw error(errc::parse, source_position{file_, 0, 0},
                        "not a readable .xlsx workbook (zip archive): " + why);
        }
        zip_error_fini(&ze);
    }
    xlsx_zip(const xlsx_zip&) = delete;
    xlsx_zip& operator=(const xlsx_zip&) = delete;
    ~xlsx_zip() {
        if (zip_)
            zip_discard(zip_);
    }

    bool has(const std::string& name) const {
        return zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE) >= 0;
    }

    /// The index of the entry name (names are compared without regard to case), or -1.
    std::int64_t index_of(const std::string& name) const {
        return zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
    }

    /// The bytes of the entry name. Throws errc::parse when it is absent, was inflated before
    /// (two parts of the workbook name it), passes max_part_bytes or max_inflated_bytes, or
    /// cannot be inflated (a truncated archive, a CRC error).
    std::string read(const std::string& name) {
        const zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
        if (index < 0)
            throw error(errc::parse, source_position{file_, 0, 0},
                        "not a complete .xlsx workbook: it has no " + name);
        if (std::find(inflated_.begin(), inflated_.end(), index) != inflated_.end())
            throw error(errc::parse, source_position{file_, 0, 0},
                        name + ": named a second time by the workbook's parts (each part is "
                               "inflated once)");
        inflated_.push_back(index);
        zip_stat_t st;
        zip_stat_init(&st);
        if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
            !(st.valid & ZIP_STAT_SIZE))
            throw error(errc::parse, source_position{file_, 0, 0}, name + ": size unknown");
        if (st.size > limits_.max_part_bytes)
            throw error(errc::parse, source_position{file_, 0, 0},
                        name + ": " + xlsx_bytes_text(static_cast<std::size_t>(st.size)) +
                            " inflated, above the cap of " +
                            xlsx_bytes_text(limits_.max_part_bytes) +
                            " per part (xlsx_limits::max_part_bytes)");
        if (st.size > limits_.max_inflated_bytes - inflated_bytes_)
            throw error(errc::parse, source_position{file_, 0, 0},
                        name + ": " + xlsx_bytes_text(static_cast<std::size_t>(st.size)) +
                            " more would pass the cap of " +
                            xlsx_bytes_text(limits_.max_inflated_bytes) +
                            " inflated per workbook (xlsx_limits::max_inflated_bytes; " +
                            xlsx_bytes_text(inflated_bytes_) + " inflated before it)");
        inflated_bytes_ += static_cast<std::size_t>(st.size);
        zip_file_t* f = zip_fopen_index(zip_, static_cast<zip_uint64_t>(index), 0);
        if (!f)
            throw error(errc::parse, source_position{file_, 0, 0},
                        name + ": cannot be read: " + zip_strerror(zip_));
        std::string out(static_cast<std::size_t>(st.size), '\0');
        std::size_t got = 0;
        std::string why;
        // Read to the end of the entry (one byte past its size), where libzip checks the CRC.
        for (;;) {
            char extra;
            char* to = got < out.size() ? out.data() + got : &extra;
            const std::size_t want = got < out.size() ? out.size() - got : 1;
            const zip_int64_t n = zip_fread(f, to, want);
            if (n < 0) {
                why = zip_file_strerror(f);
                break;
            }
            if (n == 0)
                break;
            if (got >= out.size()) {
                why = "longer than its declared size";
                break;
            }
            got += static_cast<std::size_t>(n);
        }
        zip_fclose(f);
        if (why.empty() && got != out.size())
            why = "shorter than its declared size";
        if (!why.empty())
            throw error(errc::parse, source_position{file_, 0, 0},
                        name + ": corrupt or truncated: " + why);
        return out;
    }

    const xlsx_limits& limits() const noexcept { return limits_; }

  private:
    std::string file_;
    xlsx_limits limits_;
    zip_t* zip_ = nullptr;
    std::vector<zip_int64_t> inflated_; ///< indices of the entries inflated so far
    std::size_t inflated_bytes_ = 0;
};

/// The name of an XML element without its namespace prefix ("x:row" -> "row").
inline std::string_view xlsx_local(const pugi::xml_node& n) {
    std::string_view s = n.name();
    if (auto p = s.find(':'); p != std::string_view::npos)
        s.remove_prefix(p + 1);
    return s;
}

/// The first child element of n with local name name.
inline pugi::xml_node xlsx_child(const pugi::xml_node& n, std::string_view name) {
    for (auto c : n.children())
        if (c.type() == pugi::node_element && xlsx_local(c) == name)
            return c;
    return {};
}

/// The value of the attribute of n whose local name is name ("" when absent).
inline std::string_view xlsx_attr(const pugi::xml_node& n, std::string_view name) {
    for (auto a : n.attributes()) {
        std::string_view s = a.name();
        if (auto p = s.find(':'); p != std::string_view::npos)
            s.remove_prefix(p + 1);
        if (s == name)
            return a.value();
    }
    return {};
}

inline pugi::xml_document xlsx_parse(const std::string& xml, const std::string& file,
                                     const std::string& part) {
    pugi::xml_document doc;
    const auto r =
        doc.load_buffer(xml.data(), xml.size(), pugi::parse_default | pugi::parse_ws_pcdata);
    if (!r)
        throw error(errc::parse, source_position{file, 0, 0},
                    part + ": malformed XML at byte " + std::to_string(r.offset) + ": " +
                        r.description());
    return doc;
}

inline void xlsx_append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

/// s with the ECMA-376 escapes _xHHHH_ (a UTF-16 code unit, e.g. _x000D_ for CR) decoded.
/// Surrogate halves are left as written.
inline std::string xlsx_unescape(std::string_view s) {
    if (s.find("_x") == std::string_view::npos)
        return std::string(s);
    std::string out;
    for (std::size_t i = 0; i < s.size();) {
        if (s[i] == '_' && i + 7 <= s.size() && s[i + 1] == 'x' && s[i + 6] == '_') {
            std::uint32_t cp = 0;
            const auto hex = s.substr(i + 2, 4);
            const auto r = std::from_chars(hex.data(), hex.data() + 4, cp, 16);
            if (r.ec == std::errc() && r.ptr == hex.data() + 4 && (cp < 0xD800 || cp > 0xDFFF)) {
                xlsx_append_utf8(out, cp);
                i += 7;
                continue;
            }
        }
        out += s[i++];
    }
    return out;
}

/// The text of a string item (<si> or <is>): its <t>, or the <t> of each rich-text run <r>;
/// phonetic runs (<rPh>) are a reading aid, not the text.
inline std::string xlsx_string_item(const pugi::xml_node& si) {
    std::string out;
    for (auto c : si.children()) {
        const auto name = xlsx_local(c);
        if (name == "t")
            out += c.text().get();
        else if (name == "r")
            if (auto t = xlsx_child(c, "t"))
                out += t.text().get();
    }
    return xlsx_unescape(out);
}

/// A built-in number format (ECMA-376 18.8.30) or custom format code shows a date.
inline bool xlsx_date_format(unsigned id, std::string_view code) {
    if ((id >= 14 && id <= 17) || id == 22 || (id >= 27 && id <= 36) || (id >= 50 && id <= 58))
        return true;
    // A custom code is a date when it has a day or year part outside quoted text, [brackets]
    // (colours, locales, elapsed time) and backslash-escaped characters.
    bool quoted = false, bracket = false;
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (quoted) {
            quoted = c != '"';
        } else if (bracket) {
            bracket = c != ']';
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[') {
            bracket = true;
        } else if (c == '\\' || c == '_' || c == '*') {
            ++i;
        } else if (c == 'd' || c == 'D' || c == 'y' || c == 'Y') {
            return true;
        }
    }
    return false;
}

/// A number as Excel shows it in a General cell: 15 significant digits, no trailing zeros,
/// integers without a decimal point.
inline std::string xlsx_number_text(double v) {
    if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 9.0e18)
        return std::to_string(static_cast<long long>(v));
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::general, 15);
    // 15 digits also round a float error away to an integer: 234.99999999999997 is "235".
    return std::string(buf, r.ptr);
}

/// The ISO date (and time of day, when not midnight) of an Excel serial date number.
/// 1900 system: serial 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was
/// (serial 60), so from serial 61 on day 0 is 1899-12-30. 1904 system: serial 0 is 1904-01-01.
inline std::optional<std::string> xlsx_date_text(double serial, bool date1904) {
    if (!std::isfinite(serial) || serial < 0 || serial > 2958466) // up to 9999-12-31
        return std::nullopt;
    using namespace std::chrono;
    double whole = std::floor(serial);
    long seconds = std::lround((serial - whole) * 86400.0);
    if (seconds >= 86400) {
        whole += 1;
        seconds -= 86400;
    }
    const auto day = static_cast<long>(whole);
    sys_days d;
    if (date1904)
        d = sys_days{year{1904} / January / 1} + days{day};
    else if (day >= 61)
        d = sys_days{year{1899} / December / 30} + days{day};
    else if (day == 60 || day == 0)
        return std::nullopt; // 1900-02-29 and 1900-01-00 are not dates
    else
        d = sys_days{year{1899} / December / 31} + days{day};
    const year_month_day ymd{d};
    char buf[40];
    int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                          static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
    if (seconds != 0)
        n += std::snprintf(buf + n, sizeof buf - static_cast<std::size_t>(n), "T%02ld:%02ld:%02ld",
                           seconds / 3600, seconds / 60 % 60, seconds % 60);
    return std::string(buf, static_cast<std::size_t>(n));
}

/// A header cell as a column name: line breaks, tabs and no-break spaces (U+00A0) become
/// spaces, runs of spaces one space, and the ends are trimmed.
inline std::string xlsx_header_text(std::string_view s) {
    std::string out;
    bool space = false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        bool blank = s[i] == ' ' || s[i] == '\n' || s[i] == '\r' || s[i] == '\t';
        if (!blank && s[i] == '\xC2' && i + 1 < s.size() && s[i + 1] == '\xA0') {
            blank = true;
            ++i;
        }
        if (blank) {
            space = !out.empty();
            continue;
        }
        if (space)
            out += ' ';
        space = false;
        out += s[i];
    }
    return out;
}

/// The 0-based column of a cell reference ("B12" -> 1), or nullopt when it has no letters or
/// is past column XFD.
inline std::optional<std::size_t> xlsx_column(std::string_view ref) {
    std::size_t col = 0, i = 0;
    for (; i < ref.size() && ((ref[i] >= 'A' && ref[i] <= 'Z') || (ref[i] >= 'a' && ref[i] <= 'z'));
         ++i) {
        col = col * 26 + static_cast<std::size_t>((ref[i] | 0x20) - 'a' + 1);
        if (col > xlsx_max_columns)
            return std::nullopt;
    }
    if (i == 0)
        return std::nullopt;
    return col - 1;
}

inline std::optional<std::size_t> xlsx_unsigned(std::string_view s) {
    std::size_t v = 0;
    const auto r = std::from_chars(s.data(), s.data() + s.size(), v);
    if (r.ec != std::errc() || r.ptr != s.data() + s.size())
        return std::nullopt;
    return v;
}

/// The part a relationship target names, relative to the folder of the part that refers to it
/// (or absolute with a leading '/').
inline std::string xlsx_resolve(std::string_view folder, std::string_view target) {
    if (!target.empty() && target.front() == '/')
        return std::string(target.substr(1));
    std::string base(folder);
    while (target.substr(0, 3) == "../") {
        target.remove_prefix(3);
        if (!base.empty())
            base.pop_back();
        base.erase(base.rfind('/') == std::string::npos ? 0 : base.rfind('/') + 1);
    }
    return base + std::string(target);
}

/// A row of cells as one CSV line (no line end): fields with a comma, quote or line end quoted,
/// and those with a semicolon or tab too, which the CSV reader would otherwise count when it
/// finds the delimiter of the header line (detect_delimiter).
inline std::string xlsx_csv_line(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i)
            line += ',';
        const auto& c = cells[i];
        if (c.find_first_of(",\"\r\n;\t") == std::string::npos) {
            line += c;
            continue;
        }
        line += '"';
        for (char ch : c) {
            if (ch == '"')
                line += '"';
            line += ch;
        }
        line += '"';
    }
    return line;
}

/// A row is a header tally knows when it is an HXL hashtag row, when it has every column the
/// user's column map names (io/column_map.hpp), when the readers would take it
/// for an FTS flow export, a needs table (HPC, HAPI) or a 3W presence table, or when it names the
/// country and the file-kind rules (io::detect_file_kind) or one of the activity columns say what
/// the rows are.
inline bool xlsx_known_header(const std::vector<std::string>& cells, const std::string& source,
                              const column_map& columns = {}) {
    const std::string line = xlsx_csv_line(cells);
    // An HXL hashtag row says what every column is: a header, whatever the names above it.
    if (is_hxl_row(cells))
        return true;
    // A row with every column the user's column map names is the header the map is for.
    if (!columns.empty()) {
        std::vector<std::string> names;
        for (const auto& c : cells)
            names.push_back(tally::detail::squash_name(c));
        bool all = true;
        for (const auto& e : columns.entries)
            all = all && std::find(names.begin(), names.end(),
                                   tally::detail::squash_name(e.first)) != names.end();
        if (all)
            return true;
    }
    const auto kind = detect_file_kind(line, source);
    if (kind == file_kind::fts_csv || kind == file_kind::fts_json)
        return kind == file_kind::fts_csv;
    // The needs and presence tables of OCHA, read by their names (a country's own file has no
    // country column: its P-codes give the country).
    if (kind == file_kind::presence || is_hno_table(line, source))
        return true;
    const header_index h = header_of(line, source);
    {
        // A header one of the layouts of activities or plans reads (io/layouts.hpp).
        std::vector<std::string> names;
        for (std::size_t i = 0; i < h.size(); ++i)
            names.push_back(h.name(i));
        const auto groups = population_groups::r4v();
        if (kind == file_kind::plan && fitting_layout(names, plan_roles(groups), plan_layouts()))
            return true;
        if (kind == file_kind::activities &&
            fitting_layout(names, activity_roles(groups), activity_layouts()))
            return true;
    }
    if (!h.find(
            {"country", "country_code", "country_iso3", "iso3", "countryCode", "location_code"}))
        return false;
    if (kind != file_kind::activities)
        return true;
    return h
        .find({"sector", "indicator", "indicator_code", "month", "reporting_month",
               "new_beneficiaries", "new_beneficiaries_of_the_month", "reached", "people_reached",
               "partner", "appealing_org", "implementing_org"})
        .has_value();
}

/// Everything in a workbook besides its sheets' cells.
struct xlsx_book {
    struct sheet_ref {
        std::string name, part;
    };
    std::vector<sheet_ref> sheets;
    std::vector<std::string> shared;
    std::vector<bool> date_style; ///< per cell style index (cellXfs): a date format
    bool date1904 = false;
};

inline std::vector<std::pair<std::string, std::string>>
xlsx_relationships(xlsx_zip& zip, const std::string& rels, const std::string& file) {
    std::vector<std::pair<std::string, std::string>> out; // (Id, Target) or (Type, Target)
    if (!zip.has(rels))
        return out;
    const auto doc = xlsx_parse(zip.read(rels), file, rels);
    for (auto r : xlsx_child(doc, "Relationships").children())
        if (xlsx_local(r) == "Relationship") {
            out.emplace_back(std::string(xlsx_attr(r, "Id")), std::string(xlsx_attr(r, "Target")));
            out.emplace_back("type:" + std::string(xlsx_attr(r, "Type")),
                             std::string(xlsx_attr(r, "Target")));
        }
    return out;
}

inline xlsx_book xlsx_read_book(xlsx_zip& zip, const std::string& file) {
    xlsx_book b;
    std::string wb_part = "xl/workbook.xml";
    for (const auto& [key, target] : xlsx_relationships(zip, "_rels/.rels", file))
        if (key.size() > 15 && key.compare(key.size() - 15, 15, "/officeDocument") == 0)
            wb_part = xlsx_resolve("", target);
    const std::string folder = wb_part.substr(0, wb_part.rfind('/') + 1);
    const std::string rels_part =
        folder + "_rels/" + wb_part.substr(wb_part.rfind('/') + 1) + ".rels";
    const auto rels = xlsx_relationships(zip, rels_part, file);
    auto target_of = [&](std::string_view key) -> std::optional<std::string> {
        for (const auto& [k, t] : rels)
            if (k == key)
                return xlsx_resolve(folder, t);
        return std::nullopt;
    };
    auto target_of_type = [&](std::string_view suffix) -> std::optional<std::string> {
        for (const auto& [k, t] : rels)
            if (k.starts_with("type:") && k.ends_with(suffix))
                return xlsx_resolve(folder, t);
        return std::nullopt;
    };

    const auto wb = xlsx_parse(zip.read(wb_part), file, wb_part);
    const auto workbook = xlsx_child(wb, "workbook");
    if (!workbook)
        throw error(errc::parse, source_position{file, 0, 0},
                    wb_part + ": not a SpreadsheetML workbook");
    if (auto pr = xlsx_child(workbook, "workbookPr")) {
        const auto d = xlsx_attr(pr, "date1904");
        b.date1904 = d == "1" || d == "true";
    }
    std::size_t n = 0;
    for (auto s : xlsx_child(workbook, "sheets").children()) {
        if (xlsx_local(s) != "sheet")
            continue;
        ++n;
        auto part = target_of(xlsx_attr(s, "id"));
        if (!part) // a workbook without relationships: the parts have their usual names
            part = folder + "worksheets/sheet" + std::to_string(n) + ".xml";
        b.sheets.push_back({std::string(xlsx_attr(s, "name")), *part});
    }
    if (b.sheets.empty())
        throw error(errc::parse, source_position{file, 0, 0},
                    wb_part + ": the workbook has no sheet");

    const std::string ss_part =
        target_of_type("/sharedStrings").value_or(folder + "sharedStrings.xml");
    if (zip.has(ss_part)) {
        const auto doc = xlsx_parse(zip.read(ss_part), file, ss_part);
        for (auto si : xlsx_child(doc, "sst").children())
            if (xlsx_local(si) == "si")
                b.shared.push_back(xlsx_string_item(si));
    }
    const std::string st_part = target_of_type("/styles").value_or(folder + "styles.xml");
    if (zip.has(st_part)) {
        const auto doc = xlsx_parse(zip.read(st_part), file, st_part);
        const auto sheet = xlsx_child(doc, "styleSheet");
        std::vector<std::pair<unsigned, std::string>> custom;
        for (auto f : xlsx_child(sheet, "numFmts").children())
            if (xlsx_local(f) == "numFmt")
                custom.emplace_back(
                    static_cast<unsigned>(xlsx_unsigned(xlsx_attr(f, "numFmtId")).value_or(0)),
                    std::string(xlsx_attr(f, "formatCode")));
        for (auto xf : xlsx_child(sheet, "cellXfs").children()) {
            if (xlsx_local(xf) != "xf")
                continue;
            const auto id =
                static_cast<unsigned>(xlsx_unsigned(xlsx_attr(xf, "numFmtId")).value_or(0));
            std::string_view code;
            for (const auto& [cid, c] : custom)
                if (cid == id)
                    code = c;
            b.date_style.push_back(xlsx_date_format(id, code));
        }
    }
    return b;
}

/// A formula cell without a saved result: its row, 0-based column and formula.
struct xlsx_uncached {
    std::size_t row = 0, column = 0;
    std::string formula;
};

/// A number of a date-formatted cell, read as a date: the index of its row in the rows read,
/// its column and its serial number.
struct xlsx_dated {
    std::size_t row_index = 0, column = 0;
    double serial = 0;
};

/// The rows of a sheet part (empty rows left out), with its formulas that have no saved
/// result, its date-formatted numbers and the size of its XML.
struct xlsx_sheet_rows {
    std::vector<xlsx_row> rows;
    std::vector<xlsx_uncached> uncached;
    std::vector<xlsx_dated> dated;
    std::size_t xml_bytes = 0;
};

/// "B12": the reference of a cell (0-based column).
inline std::string xlsx_cell_ref(std::size_t row, std::size_t column) {
    std::string letters;
    for (std::size_t c = column + 1; c > 0; c = (c - 1) / 26)
        letters.insert(letters.begin(), static_cast<char>('A' + (c - 1) % 26));
    return letters + std::to_string(row);
}

/// The cap on the text a sheet of xml_bytes of XML may expand to (xlsx_limits::expansion_*).
inline std::size_t xlsx_expansion_cap(const xlsx_limits& l, std::size_t xml_bytes) {
    const std::size_t scaled = xml_bytes > (std::size_t(-1) - l.expansion_allowance) /
                                               std::max<std::size_t>(l.expansion_factor, 1)
                                   ? std::size_t(-1) - l.expansion_allowance
                                   : xml_bytes * l.expansion_factor;
    return scaled + l.expansion_allowance;
}

inline error xlsx_expansion_error(const std::string& where, std::size_t row, const xlsx_limits& l,
                                  std::size_t xml_bytes, const std::string& what) {
    return error(errc::parse, source_position{where, row, 0},
                 what + " passes the cap of " + xlsx_bytes_text(xlsx_expansion_cap(l, xml_bytes)) +
                     " for a sheet of " + xlsx_bytes_text(xml_bytes) + " of XML (" +
                     std::to_string(l.expansion_factor) + " times it, plus " +
                     xlsx_bytes_text(l.expansion_allowance) +
                     "; xlsx_limits::expansion_factor and expansion_allowance)");
}

/// The text of cell c as Excel shows it (see the file comment); uncached is set when the cell
/// holds a formula without a saved result, serial to the number of a date-formatted cell read
/// as a date.
inline std::string xlsx_cell_text(const pugi::xml_node& c, const xlsx_book& book,
                                  const std::string& where, std::size_t number, std::size_t col,
                                  bool& uncached, std::optional<double>& serial) {
    const auto type = xlsx_attr(c, "t");
    const auto v_node = xlsx_child(c, "v");
    const std::string_view v = v_node.text().get();
    uncached = false;
    if (type != "inlineStr" && xlsx_child(c, "f") && (!v_node || (v.empty() && type != "str"))) {
        uncached = true;
        return {};
    }
    if (type == "s") {
        const auto i = xlsx_unsigned(v);
        if (!i || *i >= book.shared.size())
            throw error(errc::parse, source_position{where, number, col + 1},
                        "shared string index '" + std::string(v) + "' out of range (" +
                            std::to_string(book.shared.size()) + " strings)");
        return book.shared[*i];
    }
    if (type == "inlineStr") {
        if (auto is = xlsx_child(c, "is"))
            return xlsx_string_item(is);
        return {};
    }
    if (type == "b")
        return v == "1" ? "TRUE" : v.empty() ? "" : "FALSE";
    if (type == "str" || type == "e" || type == "d")
        return xlsx_unescape(v);
    if (v.empty())
        return {};
    double x = 0;
    const auto res = std::from_chars(v.data(), v.data() + v.size(), x);
    if (res.ec != std::errc() || res.ptr != v.data() + v.size())
        return std::string(v); // not a number: kept as written
    const auto style = xlsx_unsigned(xlsx_attr(c, "s")).value_or(0);
    if (style < book.date_style.size() && book.date_style[style])
        if (auto date = xlsx_date_text(x, book.date1904)) {
            serial = x;
            return *date;
        }
    return xlsx_number_text(x);
}

/// The rows of a sheet part, with empty rows and empty cells left out.
inline xlsx_sheet_rows xlsx_read_rows(xlsx_zip& zip, const xlsx_book& book,
                                      const xlsx_book::sheet_ref& sheet, const std::string& file) {
    const std::string where = file + "[" + sheet.name + "]";
    xlsx_sheet_rows out;
    pugi::xml_document doc;
    {
        const std::string xml = zip.read(sheet.part);
        out.xml_bytes = xml.size();
        doc = xlsx_parse(xml, where, sheet.part);
    }
    const std::size_t cap = xlsx_expansion_cap(zip.limits(), out.xml_bytes);
    std::size_t text_bytes = 0;
    const auto data = xlsx_child(xlsx_child(doc, "worksheet"), "sheetData");
    std::size_t last = 0;
    for (auto r : data.children()) {
        if (xlsx_local(r) != "row")
            continue;
        std::size_t number = last + 1;
        if (auto a = xlsx_attr(r, "r"); !a.empty()) {
            const auto v = xlsx_unsigned(a);
            if (!v || *v == 0 || *v > xlsx_max_rows)
                throw error(errc::parse, source_position{where, 0, 0},
                            "row number '" + std::string(a) + "' out of range");
            number = *v;
        }
        if (number <= last || number > xlsx_max_rows)
            throw error(errc::parse, source_position{where, number, 0},
                        "rows out of order (after row " + std::to_string(last) + ")");
        last = number;
        xlsx_row row{number, {}};
        std::size_t next_col = 0;
        bool sorted = true;
        for (auto c : r.children()) {
            if (xlsx_local(c) != "c")
                continue;
            std::size_t col = next_col;
            if (auto ref = xlsx_attr(c, "r"); !ref.empty()) {
                const auto v = xlsx_column(ref);
                if (!v)
                    throw error(errc::parse, source_position{where, number, 0},
                                "cell reference '" + std::string(ref) + "' out of range");
                col = *v;
            }
            if (col >= xlsx_max_columns)
                throw error(errc::parse, source_position{where, number, 0},
                            "more than 16384 columns");
            next_col = col + 1;
            bool uncached = false;
            std::optional<double> serial;
            std::string text = xlsx_cell_text(c, book, where, number, col, uncached, serial);
            if (uncached) {
                const std::string f = xlsx_child(c, "f").text().get();
                out.uncached.push_back({number, col, f.substr(0, 200)});
                continue;
            }
            if (text.empty())
                continue;
            text_bytes += text.size();
            if (text_bytes > cap)
                throw xlsx_expansion_error(where, number, zip.limits(), out.xml_bytes,
                                           "the text of the cells");
            sorted = sorted && (row.cells.empty() || row.cells.back().column < col);
            if (serial)
                out.dated.push_back({out.rows.size(), col, *serial});
            row.cells.push_back({col, std::move(text)});
        }
        if (!sorted) {
            std::stable_sort(
                row.cells.begin(), row.cells.end(),
                [](const xlsx_cell& a, const xlsx_cell& b) { return a.column < b.column; });
            for (std::size_t k = 1; k < row.cells.size(); ++k)
                if (row.cells[k].column == row.cells[k - 1].column)
                    throw error(errc::parse, source_position{where, number, 0},
                                "cell " + xlsx_cell_ref(number, row.cells[k].column) +
                                    " is given twice");
        }
        if (!row.cells.empty())
            out.rows.push_back(std::move(row));
    }
    return out;
}

/// The index in rows of the header: the first of the first 25 rows that xlsx_known_header
/// takes, or nullopt.
inline std::optional<std::size_t> xlsx_find_header(const std::vector<xlsx_row>& rows,
                                                   const std::string& source,
                                                   const column_map& columns = {}) {
    for (std::size_t i = 0; i < rows.size() && i < 25; ++i) {
        std::vector<std::string> names = rows[i].dense();
        for (auto& c : names)
            c = xlsx_header_text(c);
        if (xlsx_known_header(names, source, columns))
            return i;
    }
    return std::nullopt;
}

/// Serial numbers of the dates a month or date column may hold (1950-01-01 to 2099-12-31, in
/// the 1900 date system; 1462 days less in the 1904 system): a number outside is not a date of
/// this data (2023 would be 1905-07-15, 202301 a day of 2453) and stays as written.
inline bool xlsx_plausible_date(double serial, bool date1904) {
    const double shift = date1904 ? 1462 : 0;
    return serial >= 18264 - shift && serial < 73051 - shift;
}

/// Builds the table: header cells normalised, the date columns (by name) of the data rows as
/// dates without a time of day, line breaks in data cells as spaces, the cells past the
/// header's last column listed. Throws errc::parse naming the first formula without a saved
/// result in the header or a data row, and when the rows padded to the header's width pass the
/// expansion cap.
inline xlsx_table xlsx_make_table(std::string file, std::string sheet, xlsx_sheet_rows read,
                                  std::size_t header, bool date1904, const xlsx_limits& limits) {
    auto& rows = read.rows;
    xlsx_table t{std::move(file), std::move(sheet), rows[header].number, {}, {}, {}};
    const std::string where = t.source();
    for (const auto& u : read.uncached)
        if (u.row >= rows[header].number)
            throw error(errc::parse, source_position{where, u.row, u.column + 1},
                        "cell " + xlsx_cell_ref(u.row, u.column) +
                            " holds a formula (=" + u.formula +
                            ") without a saved result: tally reads what Excel shows, and this "
                            "workbook was written without it (open and save it in Excel or "
                            "LibreOffice, or paste the values)");
    for (std::size_t i = 0; i < header; ++i)
        t.title_rows.push_back(rows[i].number);
    auto& head = rows[header].cells;
    for (auto& c : head)
        c.text = xlsx_header_text(c.text);
    const std::size_t width = rows[header].dense().size();
    std::vector<bool> date_column(width, false);
    for (const auto& c : head) {
        const auto n = normalize_name(c.text);
        date_column[c.column] =
            n == "month" || n == "reporting_month" || n == "report_month" || n == "date";
    }
    // The CSV text of the table: every data row has at least width - 1 delimiters.
    const std::size_t data_rows = rows.size() - header - 1;
    if (width > 1 && data_rows > xlsx_expansion_cap(limits, read.xml_bytes) / width)
        throw xlsx_expansion_error(where, 0, limits, read.xml_bytes,
                                   std::to_string(data_rows) + " rows padded to the header's " +
                                       std::to_string(width) + " columns");
    // Numbers in date columns: a date of the data's years without its time of day, or the
    // number as written. Date-formatted numbers were read as dates: their serials are known.
    auto as_date = [&](std::string& text, double serial) {
        if (xlsx_plausible_date(serial, date1904)) {
            if (auto d = xlsx_date_text(std::floor(serial), date1904))
                text = *d;
        } else {
            text = xlsx_number_text(serial);
        }
    };
    auto& dated = read.dated; // in order of rows; sorted by column within a row below
    std::size_t next_dated = 0;
    for (std::size_t i = header + 1; i < rows.size(); ++i) {
        while (next_dated < dated.size() && dated[next_dated].row_index < i)
            ++next_dated;
        std::size_t row_end = next_dated;
        while (row_end < dated.size() && dated[row_end].row_index == i)
            ++row_end;
        std::sort(dated.begin() + static_cast<std::ptrdiff_t>(next_dated),
                  dated.begin() + static_cast<std::ptrdiff_t>(row_end),
                  [](const xlsx_dated& a, const xlsx_dated& b) { return a.column < b.column; });
        for (auto& [k, c] : rows[i].cells) {
            if (k >= width) {
                t.beyond_header.emplace_back(rows[i].number, k);
                break;
            }
            while (next_dated < row_end && dated[next_dated].column < k)
                ++next_dated;
            if (!date_column[k])
                continue;
            if (next_dated < row_end && dated[next_dated].column == k) {
                as_date(c, dated[next_dated].serial);
                continue;
            }
            double x = 0;
            const auto r = std::from_chars(c.data(), c.data() + c.size(), x);
            if (r.ec == std::errc() && r.ptr == c.data() + c.size())
                as_date(c, x);
        }
        for (auto& [k, c] : rows[i].cells) {
            std::replace(c.begin(), c.end(), '\r', ' ');
            std::replace(c.begin(), c.end(), '\n', ' ');
        }
    }
    t.rows.assign(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(header)),
                  std::make_move_iterator(rows.end()));
    return t;
}

} // namespace detail

/// The names of the sheets of the workbook in bytes, in workbook order. file names the
/// workbook in messages. Throws errc::parse when bytes are not a readable workbook.
inline std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const std::string& file,
                                                 const xlsx_limits& limits = {}) {
    detail::xlsx_zip zip(bytes, file, limits);
    std::vector<std::string> out;
    for (const auto& s : detail::xlsx_read_book(zip, file).sheets)
        out.push_back(s.name);
    return out;
}

/// Reads one sheet of the workbook in bytes: the sheet named sheet, or, when sheet is empty,
/// the first sheet with a header tally knows. The header is the first of the sheet's first 25
/// non-empty rows that names the country and other columns a tally reader reads (or an FTS flow
/// export's amountUSD and boundary, or every column the user's column map names); the non-empty
/// rows above it are titles. Sheets that point
/// at a part already read are not read again; at most limits.max_sheets_tried are read.
/// Throws errc::not_found when no sheet has that name (the message lists the sheets),
/// errc::parse when the workbook cannot be read, no sheet (or not the named one) has such a
/// header, a formula in the table has no saved result, or a cap of limits is passed.
inline xlsx_table read_xlsx(std::string_view bytes, const std::string& file,
                            const std::string& sheet = {}, const xlsx_limits& limits = {},
                            const column_map& columns = {}) {
    detail::xlsx_zip zip(bytes, file, limits);
    const auto book = detail::xlsx_read_book(zip, file);
    std::string names;
    for (const auto& s : book.sheets)
        names += (names.empty() ? "'" : ", '") + s.name + "'";
    std::vector<std::int64_t> tried; // zip entries of the sheets read (without a header)
    for (const auto& s : book.sheets) {
        if (!sheet.empty() && s.name != sheet)
            continue;
        const std::string where = file + "[" + s.name + "]";
        if (const auto index = zip.index_of(s.part); index >= 0) {
            if (std::find(tried.begin(), tried.end(), index) != tried.end())
                continue; // the part of a sheet tried before: no header there either
            if (tried.size() >= limits.max_sheets_tried)
                throw error(errc::parse, source_position{file, 0, 0},
                            "no header tally knows in the first " +
                                std::to_string(limits.max_sheets_tried) +
                                " sheets read (the cap on sheets tried, "
                                "xlsx_limits::max_sheets_tried): name the sheet, as " +
                                file + "[SHEET]");
            tried.push_back(index);
        }
        auto read = detail::xlsx_read_rows(zip, book, s, file);
        if (auto h = detail::xlsx_find_header(read.rows, where, columns))
            return detail::xlsx_make_table(file, s.name, std::move(read), *h, book.date1904,
                                           limits);
        if (!sheet.empty())
            throw error(errc::parse, source_position{where, 0, 0},
                        "no header tally knows in the first 25 rows (a country column and the "
                        "columns of activities, plan, flows or requirements)");
    }
    if (!sheet.empty())
        throw error(errc::not_found, source_position{file, 0, 0},
                    "no sheet named '" + sheet + "' (sheets: " + names + ")");
    throw error(errc::parse, source_position{file, 0, 0},
                "no sheet has a header tally knows in its first 25 rows (sheets: " + names + ")");
}

/// Every sheet of the workbook in bytes with a header tally knows (see read_xlsx), in workbook
/// order: a workbook holds several tables, such as the PiN sheet and the Target sheet of R4V's
/// planning workbook, read together. The names of the sheets without such a header (sheets of
/// shares, notes, lists) are appended to skipped when given. A part that several sheets point at
/// is read once; at most limits.max_sheets_tried parts are read. Throws errc::parse when the
/// workbook cannot be read, no sheet has such a header, a formula in a table has no saved
/// result, or a cap of limits is passed.
inline std::vector<xlsx_table> read_xlsx_sheets(std::string_view bytes, const std::string& file,
                                                std::vector<std::string>* skipped = nullptr,
                                                const xlsx_limits& limits = {},
                                                const column_map& columns = {}) {
    detail::xlsx_zip zip(bytes, file, limits);
    const auto book = detail::xlsx_read_book(zip, file);
    std::vector<xlsx_table> out;
    std::string names;
    std::vector<std::int64_t> tried; // zip entries of the sheets read
    for (const auto& s : book.sheets) {
        names += (names.empty() ? "'" : ", '") + s.name + "'";
        if (const auto index = zip.index_of(s.part); index >= 0) {
            if (std::find(tried.begin(), tried.end(), index) != tried.end())
                continue; // the part of a sheet read before
            if (tried.size() >= limits.max_sheets_tried)
                throw error(errc::parse, source_position{file, 0, 0},
                            "more than " + std::to_string(limits.max_sheets_tried) +
                                " sheets (the cap on sheets read, xlsx_limits::max_sheets_tried): "
                                "name the sheet, as " +
                                file + "[SHEET]");
            tried.push_back(index);
        }
        auto read = detail::xlsx_read_rows(zip, book, s, file);
        if (auto h = detail::xlsx_find_header(read.rows, file + "[" + s.name + "]", columns))
            out.push_back(
                detail::xlsx_make_table(file, s.name, std::move(read), *h, book.date1904, limits));
        else if (skipped)
            skipped->push_back(s.name);
    }
    if (out.empty())
        throw error(errc::parse, source_position{file, 0, 0},
                    "no sheet has a header tally knows in its first 25 rows (sheets: " + names +
                        ")");
    return out;
}

/// The table as CSV text whose line N is the sheet's row N: title and empty rows are blank
/// lines (which the CSV reader skips, counting them), data rows are padded with empty cells to
/// the header's width; the cells past it follow as extra fields, without padding (the reader
/// refuses such a row for its number of fields; beyond_header names the column).
inline std::string xlsx_to_csv(const xlsx_table& t) {
    std::string out;
    std::size_t line = 1;
    const std::size_t width = t.rows.empty() ? 0 : t.rows.front().dense().size();
    std::vector<std::string> cells;
    for (const auto& r : t.rows) {
        out.append(r.number - line, '\n');
        line = r.number;
        cells.assign(width, std::string());
        for (const auto& c : r.cells) {
            if (c.column < width)
                cells[c.column] = c.text;
            else
                cells.push_back(c.text);
        }
        out += detail::xlsx_csv_line(cells);
        out += '\n';
        ++line;
    }
    return out;
}

} // namespace tally::io
