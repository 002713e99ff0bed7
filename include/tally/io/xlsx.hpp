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
//    strings, formula results, booleans (TRUE/FALSE), error values (#N/A, as written);
//  - numbers as Excel shows them at 15 significant digits, so "7.0000000000000007E-2" is 0.07
//    and "235.0" is 235;
//  - a number in a cell whose format is a date (built-in formats 14-17, 22, 27-36, 50-58, or a
//    custom format with d or y outside quotes and brackets), or in a column named month,
//    reporting_month, report_month or date: an ISO date YYYY-MM-DD (1900 or 1904 date system;
//    a time of day, when there is one, after a 'T');
//  - the escapes _xHHHH_ of ECMA-376 decoded; in header cells, line breaks, tabs and no-break
//    spaces become one space and the cell is trimmed; in data cells, line breaks become spaces
//    (a line break would shift the CSV lines off the sheet's rows).
// A corrupt, truncated or non-zip file, a missing part, malformed XML, a shared string index
// out of range or a row number out of order throws errc::parse naming the file (and the sheet
// and row when known); nothing is read past the bounds of the input.

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
#include <tally/io/csv.hpp>
#include <tally/io/file.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/layouts.hpp>
#include <vector>
#include <zip.h>

namespace tally::io {

/// One row of a sheet: its row number (1-based, as Excel shows it) and its cells from column A
/// (empty strings where the sheet has no cell).
struct xlsx_row {
    std::size_t number = 0;
    std::vector<std::string> cells;
};

/// The rows of one sheet from its header down.
struct xlsx_table {
    std::string file;           ///< the workbook's name in messages (its path)
    std::string sheet;          ///< the sheet's name
    std::size_t header_row = 0; ///< the header's row number
    std::vector<xlsx_row> rows; ///< the header row first, then the data rows, in sheet order
    std::vector<std::size_t> title_rows; ///< the non-empty rows above the header, not read

    /// "FILE[SHEET]": the source name in messages about the sheet's rows.
    std::string source() const { return file + "[" + sheet + "]"; }
};

namespace detail {

/// Excel's limits: 1,048,576 rows and 16,384 columns (XFD).
inline constexpr std::size_t xlsx_max_rows = 1048576, xlsx_max_columns = 16384;

/// A zip archive open on bytes that outlive it.
class xlsx_zip {
  public:
    xlsx_zip(std::string_view bytes, std::string file) : file_(std::move(file)) {
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

    /// The bytes of the entry name. Throws errc::parse when it is absent, larger than 1 GiB
    /// uncompressed, or cannot be inflated (a truncated archive, a CRC error).
    std::string read(const std::string& name) const {
        const zip_int64_t index = zip_name_locate(zip_, name.c_str(), ZIP_FL_NOCASE);
        if (index < 0)
            throw error(errc::parse, source_position{file_, 0, 0},
                        "not a complete .xlsx workbook: it has no " + name);
        zip_stat_t st;
        zip_stat_init(&st);
        constexpr zip_uint64_t limit = zip_uint64_t{1} << 30;
        if (zip_stat_index(zip_, static_cast<zip_uint64_t>(index), 0, &st) != 0 ||
            !(st.valid & ZIP_STAT_SIZE) || st.size > limit)
            throw error(errc::parse, source_position{file_, 0, 0},
                        name + ": size unknown or above 1 GiB");
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

  private:
    std::string file_;
    zip_t* zip_ = nullptr;
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

/// A row of cells as one CSV line (no line end): fields with a comma, quote or line end quoted.
inline std::string xlsx_csv_line(const std::vector<std::string>& cells) {
    std::string line;
    for (std::size_t i = 0; i < cells.size(); ++i) {
        if (i)
            line += ',';
        const auto& c = cells[i];
        if (c.find_first_of(",\"\r\n") == std::string::npos) {
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

/// A row is a header tally knows when the readers would take it for an FTS flow export, or
/// when it names the country and the file-kind rules (io::detect_file_kind) or one of the
/// activity columns say what the rows are.
inline bool xlsx_known_header(const std::vector<std::string>& cells, const std::string& source) {
    const std::string line = xlsx_csv_line(cells);
    const auto kind = detect_file_kind(line, source);
    if (kind == file_kind::fts_csv || kind == file_kind::fts_json)
        return kind == file_kind::fts_csv;
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
    if (!h.find({"country", "country_code", "country_iso3", "iso3", "countryCode"}))
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
xlsx_relationships(const xlsx_zip& zip, const std::string& rels, const std::string& file) {
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

inline xlsx_book xlsx_read_book(const xlsx_zip& zip, const std::string& file) {
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

/// The rows of a sheet part, with empty rows left out.
inline std::vector<xlsx_row> xlsx_read_rows(const xlsx_zip& zip, const xlsx_book& book,
                                            const xlsx_book::sheet_ref& sheet,
                                            const std::string& file) {
    const std::string where = file + "[" + sheet.name + "]";
    const auto doc = xlsx_parse(zip.read(sheet.part), where, sheet.part);
    const auto data = xlsx_child(xlsx_child(doc, "worksheet"), "sheetData");
    std::vector<xlsx_row> rows;
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
            const auto type = xlsx_attr(c, "t");
            const std::string_view v = xlsx_child(c, "v").text().get();
            std::string text;
            if (type == "s") {
                const auto i = xlsx_unsigned(v);
                if (!i || *i >= book.shared.size())
                    throw error(errc::parse, source_position{where, number, col + 1},
                                "shared string index '" + std::string(v) + "' out of range (" +
                                    std::to_string(book.shared.size()) + " strings)");
                text = book.shared[*i];
            } else if (type == "inlineStr") {
                if (auto is = xlsx_child(c, "is"))
                    text = xlsx_string_item(is);
            } else if (type == "b") {
                text = v == "1" ? "TRUE" : v.empty() ? "" : "FALSE";
            } else if (type == "str" || type == "e" || type == "d") {
                text = xlsx_unescape(v);
            } else if (!v.empty()) {
                double x = 0;
                const auto res = std::from_chars(v.data(), v.data() + v.size(), x);
                if (res.ec != std::errc() || res.ptr != v.data() + v.size()) {
                    text = std::string(v); // not a number: kept as written
                } else {
                    const auto style = xlsx_unsigned(xlsx_attr(c, "s")).value_or(0);
                    std::optional<std::string> date;
                    if (style < book.date_style.size() && book.date_style[style])
                        date = xlsx_date_text(x, book.date1904);
                    text = date ? *date : xlsx_number_text(x);
                }
            }
            if (text.empty())
                continue;
            if (row.cells.size() <= col)
                row.cells.resize(col + 1);
            row.cells[col] = std::move(text);
        }
        if (!row.cells.empty())
            rows.push_back(std::move(row));
    }
    return rows;
}

/// The index in rows of the header: the first of the first 25 rows that xlsx_known_header
/// takes, or nullopt.
inline std::optional<std::size_t> xlsx_find_header(const std::vector<xlsx_row>& rows,
                                                   const std::string& source) {
    for (std::size_t i = 0; i < rows.size() && i < 25; ++i) {
        std::vector<std::string> names;
        for (const auto& c : rows[i].cells)
            names.push_back(xlsx_header_text(c));
        if (xlsx_known_header(names, source))
            return i;
    }
    return std::nullopt;
}

/// Builds the table: header cells normalised, the date columns (by name) of the data rows as
/// dates, line breaks in data cells as spaces.
inline xlsx_table xlsx_make_table(std::string file, std::string sheet, std::vector<xlsx_row> rows,
                                  std::size_t header, bool date1904) {
    xlsx_table t{std::move(file), std::move(sheet), rows[header].number, {}, {}};
    for (std::size_t i = 0; i < header; ++i)
        t.title_rows.push_back(rows[i].number);
    auto& head = rows[header].cells;
    std::vector<bool> date_column(head.size(), false);
    for (std::size_t k = 0; k < head.size(); ++k) {
        head[k] = xlsx_header_text(head[k]);
        const auto n = normalize_name(head[k]);
        date_column[k] =
            n == "month" || n == "reporting_month" || n == "report_month" || n == "date";
    }
    for (std::size_t i = header + 1; i < rows.size(); ++i)
        for (std::size_t k = 0; k < rows[i].cells.size(); ++k) {
            auto& c = rows[i].cells[k];
            if (k < date_column.size() && date_column[k]) {
                double x = 0;
                const auto r = std::from_chars(c.data(), c.data() + c.size(), x);
                if (r.ec == std::errc() && r.ptr == c.data() + c.size())
                    if (auto d = xlsx_date_text(x, date1904))
                        c = *d;
            }
            std::replace(c.begin(), c.end(), '\r', ' ');
            std::replace(c.begin(), c.end(), '\n', ' ');
        }
    t.rows.assign(std::make_move_iterator(rows.begin() + static_cast<std::ptrdiff_t>(header)),
                  std::make_move_iterator(rows.end()));
    return t;
}

} // namespace detail

/// The names of the sheets of the workbook in bytes, in workbook order. file names the
/// workbook in messages. Throws errc::parse when bytes are not a readable workbook.
inline std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const std::string& file) {
    const detail::xlsx_zip zip(bytes, file);
    std::vector<std::string> out;
    for (const auto& s : detail::xlsx_read_book(zip, file).sheets)
        out.push_back(s.name);
    return out;
}

/// Reads one sheet of the workbook in bytes: the sheet named sheet, or, when sheet is empty,
/// the first sheet with a header tally knows. The header is the first of the sheet's first 25
/// non-empty rows that names the country and other columns a tally reader reads (or an FTS flow
/// export's amountUSD and boundary); the non-empty rows above it are titles.
/// Throws errc::not_found when no sheet has that name (the message lists the sheets),
/// errc::parse when the workbook cannot be read or no sheet (or not the named one) has such a
/// header.
inline xlsx_table read_xlsx(std::string_view bytes, const std::string& file,
                            const std::string& sheet = {}) {
    const detail::xlsx_zip zip(bytes, file);
    const auto book = detail::xlsx_read_book(zip, file);
    std::string names;
    for (const auto& s : book.sheets)
        names += (names.empty() ? "'" : ", '") + s.name + "'";
    for (const auto& s : book.sheets) {
        if (!sheet.empty() && s.name != sheet)
            continue;
        const std::string where = file + "[" + s.name + "]";
        auto rows = detail::xlsx_read_rows(zip, book, s, file);
        if (auto h = detail::xlsx_find_header(rows, where))
            return detail::xlsx_make_table(file, s.name, std::move(rows), *h, book.date1904);
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
/// shares, notes, lists) are appended to skipped when given. Throws errc::parse when the
/// workbook cannot be read or no sheet has such a header.
inline std::vector<xlsx_table> read_xlsx_sheets(std::string_view bytes, const std::string& file,
                                                std::vector<std::string>* skipped = nullptr) {
    const detail::xlsx_zip zip(bytes, file);
    const auto book = detail::xlsx_read_book(zip, file);
    std::vector<xlsx_table> out;
    std::string names;
    for (const auto& s : book.sheets) {
        names += (names.empty() ? "'" : ", '") + s.name + "'";
        auto rows = detail::xlsx_read_rows(zip, book, s, file);
        if (auto h = detail::xlsx_find_header(rows, file + "[" + s.name + "]"))
            out.push_back(
                detail::xlsx_make_table(file, s.name, std::move(rows), *h, book.date1904));
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
/// the header's width (cells past it are kept when not empty).
inline std::string xlsx_to_csv(const xlsx_table& t) {
    std::string out;
    std::size_t line = 1;
    const std::size_t width = t.rows.empty() ? 0 : t.rows.front().cells.size();
    for (const auto& r : t.rows) {
        out.append(r.number - line, '\n');
        line = r.number;
        auto cells = r.cells;
        while (cells.size() > width && cells.back().empty())
            cells.pop_back();
        if (cells.size() < width)
            cells.resize(width);
        out += detail::xlsx_csv_line(cells);
        out += '\n';
        ++line;
    }
    return out;
}

} // namespace tally::io
