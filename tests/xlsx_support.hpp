#pragma once
// Workbooks written in tests: a zip of the parts of an .xlsx file, made with libzip, with
// sheets of inline strings, shared strings and numbers. Only with the tally::xlsx component.

#include <cstdio>
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <tally/io/file.hpp>
#include <unistd.h>
#include <utility>
#include <vector>
#include <zip.h>

namespace tally_test::xlsx {

using namespace tally;

using parts = std::vector<std::pair<std::string, std::string>>;

/// A scratch directory of this process (tests run in parallel).
inline std::string scratch(const std::string& name) {
    const auto dir =
        std::filesystem::temp_directory_path() / ("tally_xlsx_test_" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    return (dir / name).string();
}

/// Writes a zip archive of the given parts (name, content) with libzip and returns its bytes.
inline std::string zip_of(const parts& ps, const std::string& name = "book.xlsx") {
    const std::string path = scratch(name);
    int err = 0;
    zip_t* z = zip_open(path.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
    REQUIRE(z);
    for (const auto& [part, content] : ps) {
        zip_source_t* s = zip_source_buffer(z, content.data(), content.size(), 0);
        REQUIRE(s);
        REQUIRE(zip_file_add(z, part.c_str(), s, ZIP_FL_ENC_UTF_8) >= 0);
    }
    REQUIRE(zip_close(z) == 0);
    return io::read_file(path);
}

const std::string main_ns = "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"";
const std::string rel_ns =
    "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"";

/// A workbook with the sheets (name, sheetData content), shared strings and styles.
inline std::string workbook(const std::vector<std::pair<std::string, std::string>>& sheets,
                            const std::vector<std::string>& shared = {},
                            const std::string& styles = {}) {
    std::string wb = "<workbook " + main_ns + " " + rel_ns + "><sheets>";
    std::string rels = "<Relationships "
                       "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    parts ps;
    ps.emplace_back("[Content_Types].xml",
                    "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                    "content-types\"><Default Extension=\"xml\" "
                    "ContentType=\"application/xml\"/></Types>");
    for (std::size_t i = 0; i < sheets.size(); ++i) {
        const auto n = std::to_string(i + 1);
        wb +=
            "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + n + "\" r:id=\"rId" + n + "\"/>";
        rels += "<Relationship Id=\"rId" + n +
                "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
                "worksheet\" Target=\"worksheets/sheet" +
                n + ".xml\"/>";
        ps.emplace_back("xl/worksheets/sheet" + n + ".xml", "<worksheet " + main_ns +
                                                                "><sheetData>" + sheets[i].second +
                                                                "</sheetData></worksheet>");
    }
    ps.emplace_back("xl/workbook.xml", wb + "</sheets></workbook>");
    ps.emplace_back("xl/_rels/workbook.xml.rels", rels + "</Relationships>");
    if (!shared.empty()) {
        std::string sst = "<sst " + main_ns + ">";
        for (const auto& s : shared)
            sst += "<si><t xml:space=\"preserve\">" + s + "</t></si>";
        ps.emplace_back("xl/sharedStrings.xml", sst + "</sst>");
    }
    if (!styles.empty())
        ps.emplace_back("xl/styles.xml", "<styleSheet " + main_ns + ">" + styles + "</styleSheet>");
    return zip_of(ps);
}

inline std::string inline_cell(const std::string& ref, const std::string& text) {
    return "<c r=\"" + ref + "\" t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
}
inline std::string shared_cell(const std::string& ref, int index) {
    return "<c r=\"" + ref + "\" t=\"s\"><v>" + std::to_string(index) + "</v></c>";
}
inline std::string number_cell(const std::string& ref, const std::string& v, int style = -1) {
    return "<c r=\"" + ref + "\"" + (style >= 0 ? " s=\"" + std::to_string(style) + "\"" : "") +
           "><v>" + v + "</v></c>";
}
inline std::string row(int r, const std::string& cells) {
    return "<row r=\"" + std::to_string(r) + "\">" + cells + "</row>";
}

/// A row of inline-string and number cells from the fields of a CSV line: a field that is a
/// number is a number cell, any other non-empty field an inline string; columns A, B, ...
inline std::string row_of(int r, const std::vector<std::string>& fields) {
    std::string cells;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        if (fields[i].empty())
            continue;
        std::string col;
        for (std::size_t n = i + 1; n > 0; n = (n - 1) / 26)
            col.insert(col.begin(), static_cast<char>('A' + (n - 1) % 26));
        const auto ref = col + std::to_string(r);
        const bool number = fields[i].find_first_not_of("0123456789.") == std::string::npos;
        cells += number ? number_cell(ref, fields[i]) : inline_cell(ref, fields[i]);
    }
    return row(r, cells);
}

/// Writes bytes to a scratch file and returns its path.
inline std::string write_scratch(const std::string& name, const std::string& bytes) {
    const std::string path = scratch(name);
    std::FILE* f = std::fopen(path.c_str(), "wb");
    REQUIRE(f);
    std::fwrite(bytes.data(), 1, bytes.size(), f);
    std::fclose(f);
    return path;
}

} // namespace tally_test::xlsx
