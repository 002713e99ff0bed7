#pragma once
// Excel workbooks as command inputs: `FILE.xlsx` (the first sheet with a header tally knows) or
// `FILE.xlsx[SHEET]`. The sheet is turned into CSV text whose line N is the sheet's row N and
// read by the same readers as a CSV file, under the source name `FILE.xlsx[SHEET]`, so
// messages read `FILE.xlsx[SHEET]:12: ...`.

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/file.hpp>
#include <utility>
#include <vector>
#ifdef TALLY_HAVE_XLSX
#include <tally/io/xlsx.hpp>
#endif

namespace tally::cli {

/// An input as named on the command line: a file, and the sheet when the name is FILE[SHEET]
/// (a path that exists as given is a file, brackets and all).
struct input_name {
    std::string file;
    std::string sheet; ///< empty: the first sheet with a known header
};

inline input_name parse_input_name(const std::string& arg) {
    std::error_code ec;
    if (arg.size() > 2 && arg.back() == ']' && !std::filesystem::exists(arg, ec))
        if (const auto open = arg.rfind('['); open != std::string::npos && open > 0)
            return {arg.substr(0, open), arg.substr(open + 1, arg.size() - open - 2)};
    return {arg, {}};
}

/// When bytes (the content of name.file) are a zip archive, as an .xlsx workbook is: sets csv
/// to the sheet as CSV text and source to FILE[SHEET], notes on notes (when given) the rows
/// above the header that were skipped as titles, and returns true. The header is one tally
/// knows, or a row with every column of the user's column map columns. Returns false for any
/// other file. Throws errc::parse when a sheet is named but the file is not a workbook, or
/// the workbook cannot be read (see io::read_xlsx), and errc::usage when this tally is built
/// without the Excel component.
inline bool workbook_as_csv(std::string_view bytes, const input_name& name, std::string& csv,
                            std::string& source, std::ostream* notes,
                            const io::column_map& columns = {}) {
    const bool zip = bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
    if (!zip) {
        if (!name.sheet.empty())
            throw error(errc::parse, source_position{name.file, 0, 0},
                        "not an Excel workbook, so it has no sheet '" + name.sheet + "'");
        return false;
    }
#ifdef TALLY_HAVE_XLSX
    const auto t = io::read_xlsx(bytes, name.file, name.sheet, {}, columns);
    source = t.source();
    csv = io::xlsx_to_csv(t);
    if (notes && !t.title_rows.empty()) {
        *notes << "note: " << source << ": row" << (t.title_rows.size() == 1 ? " " : "s ");
        for (std::size_t i = 0; i < t.title_rows.size(); ++i)
            *notes << (i ? ", " : "") << t.title_rows[i];
        *notes << " above the header (row " << t.header_row << ") read as titles, not data\n";
    }
    if (notes && !t.beyond_header.empty()) {
        // The rows are refused by their reader for their number of fields: say where the
        // stray cells are, which the CSV line no longer shows.
        const std::size_t width = t.rows.front().dense().size();
        *notes << "note: " << source << ": " << t.beyond_header.size() << " row"
               << (t.beyond_header.size() == 1 ? " has a cell" : "s have cells")
               << " past the header's last column ("
               << io::detail::xlsx_cell_ref(t.header_row, width - 1) << "): ";
        for (std::size_t i = 0; i < t.beyond_header.size() && i < 5; ++i)
            *notes << (i ? ", " : "")
                   << io::detail::xlsx_cell_ref(t.beyond_header[i].first,
                                                t.beyond_header[i].second);
        *notes << (t.beyond_header.size() > 5 ? ", ..." : "") << "\n";
    }
    return true;
#else
    (void)csv;
    (void)source;
    (void)notes;
    (void)columns;
    throw error(errc::usage, source_position{name.file, 0, 0},
                "a zip archive (an Excel workbook?): this tally is built without Excel support "
                "(libzip and pugixml, tally::xlsx)");
#endif
}

/// Every sheet of a workbook that has a header tally knows (or every column of the user's column
/// map columns), as (FILE[SHEET], CSV text), when
/// bytes are a workbook and no sheet is named (R4V's planning workbook: its PiN and Target
/// sheets together); the sheets skipped are noted on notes. An empty result: bytes are not a
/// workbook, or a sheet is named (then workbook_as_csv reads it). Throws as workbook_as_csv.
inline std::vector<std::pair<std::string, std::string>>
workbook_sheets_as_csv(std::string_view bytes, const input_name& name, std::ostream* notes,
                       const io::column_map& columns = {}) {
    std::vector<std::pair<std::string, std::string>> out;
    const bool zip = bytes.size() >= 4 && bytes.substr(0, 4) == std::string_view("PK\x03\x04", 4);
    if (!zip || !name.sheet.empty())
        return out;
#ifdef TALLY_HAVE_XLSX
    std::vector<std::string> skipped;
    for (const auto& t : io::read_xlsx_sheets(bytes, name.file, &skipped, {}, columns)) {
        if (notes && !t.title_rows.empty()) {
            *notes << "note: " << t.source() << ": row" << (t.title_rows.size() == 1 ? " " : "s ");
            for (std::size_t i = 0; i < t.title_rows.size(); ++i)
                *notes << (i ? ", " : "") << t.title_rows[i];
            *notes << " above the header (row " << t.header_row << ") read as titles, not data\n";
        }
        out.emplace_back(t.source(), io::xlsx_to_csv(t));
    }
    if (notes && !skipped.empty() && out.size() > 0) {
        *notes << "note: " << name.file << ": sheet" << (skipped.size() == 1 ? " " : "s ");
        for (std::size_t i = 0; i < skipped.size(); ++i)
            *notes << (i ? ", '" : "'") << skipped[i] << "'";
        *notes << (skipped.size() == 1 ? " has" : " have") << " no header tally knows: not read\n";
    }
#else
    (void)notes;
    (void)columns;
    throw error(errc::usage, source_position{name.file, 0, 0},
                "a zip archive (an Excel workbook?): this tally is built without Excel support "
                "(libzip and pugixml, tally::xlsx)");
#endif
    return out;
}

/// The text tally reads for the input named arg: the file's content, or the sheet of a
/// workbook as CSV (then source becomes FILE[SHEET]). Throws errc::io when the file cannot be
/// read, and as workbook_as_csv.
inline std::string input_text_of(const std::string& arg, std::string& source,
                                 std::ostream* notes = nullptr) {
    const auto name = parse_input_name(arg);
    source = arg;
    std::string text = io::read_file(name.file);
    std::string csv;
    if (workbook_as_csv(text, name, csv, source, notes))
        return csv;
    return text;
}

} // namespace tally::cli
