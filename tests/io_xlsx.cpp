#include <doctest/doctest.h>

#if defined(TALLY_HAVE_XLSX)
#include "cli_support.hpp"
#include "xlsx_support.hpp"
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <string>
#include <tally/io/activity_reader.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/xlsx.hpp>
#include <unistd.h>
#include <utility>
#include <vector>
#include <zip.h>

namespace test_io_xlsx {

using namespace tally;
using namespace tally_test::xlsx;

namespace {

const std::vector<std::string> names = {"country",          "admin1", "month",
                                        "partner",          "sector", "indicator",
                                        "population_group", "ECU",    "Health"};

/// Sheet "5W": a title in row 1, the header in row 3 (shared strings, and an inline header
/// cell with a line break), data in rows 4 and 6; a first sheet "Notes" without a header.
std::string five_w_book() {
    const std::string header =
        row(3, shared_cell("A3", 0) + shared_cell("B3", 1) + shared_cell("C3", 2) +
                   shared_cell("D3", 3) + shared_cell("E3", 4) + shared_cell("F3", 5) +
                   shared_cell("G3", 6) + inline_cell("H3", "new&#10;beneficiaries"));
    auto data = [](int r, const std::string& month, const std::string& fresh) {
        const auto n = std::to_string(r);
        return row(r, shared_cell("A" + n, 7) + inline_cell("B" + n, "EC01") + month +
                          inline_cell("D" + n, "P1") + shared_cell("E" + n, 8) +
                          inline_cell("F" + n, "HE1") + inline_cell("G" + n, "in_destination") +
                          number_cell("H" + n, fresh));
    };
    return workbook({{"Notes", row(1, inline_cell("A1", "about this file"))},
                     {"5W", row(1, inline_cell("A1", "RMRP 5W 2023")) + header +
                                data(4, number_cell("C4", "44927"), "235.0") +
                                data(6, inline_cell("C6", "2023-13"), "7.0000000000000007E-2")}},
                    names);
}

} // namespace

TEST_CASE("an xlsx sheet is read from its header row with shared and inline strings") {
    const auto t = io::read_xlsx(five_w_book(), "book.xlsx");
    CHECK(t.sheet == "5W"); // the first sheet, Notes, has no header tally knows
    CHECK(t.source() == "book.xlsx[5W]");
    CHECK(t.header_row == 3);
    CHECK(t.title_rows == std::vector<std::size_t>{1});
    REQUIRE(t.rows.size() == 3);
    CHECK(t.rows[0].dense() == std::vector<std::string>{"country", "admin1", "month", "partner",
                                                        "sector", "indicator", "population_group",
                                                        "new beneficiaries"});
    CHECK(t.rows[1].number == 4);
    // 44927 days after 1899-12-30 is 2023-01-01; "235.0" is the integer 235.
    CHECK(t.rows[1].dense() == std::vector<std::string>{"ECU", "EC01", "2023-01-01", "P1", "Health",
                                                        "HE1", "in_destination", "235"});
    CHECK(t.rows[2].number == 6);
    CHECK(t.rows[2].at(7) == "0.07");
}

TEST_CASE("xlsx_to_csv puts each sheet row on the CSV line of the same number") {
    const auto csv = io::xlsx_to_csv(io::read_xlsx(five_w_book(), "book.xlsx"));
    CHECK(csv == "\n\ncountry,admin1,month,partner,sector,indicator,population_group,new "
                 "beneficiaries\nECU,EC01,2023-01-01,P1,Health,HE1,in_destination,235\n\n"
                 "ECU,EC01,2023-13,P1,Health,HE1,in_destination,0.07\n");
}

TEST_CASE("activity rows of a workbook are rejected with the sheet name and row number") {
    const auto t = io::read_xlsx(five_w_book(), "book.xlsx");
    activity_table table;
    const auto rep = io::read_activities_text(io::xlsx_to_csv(t), t.source(), table);
    CHECK(rep.rows_read == 2);
    CHECK(rep.rows_used == 1);
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].where.to_string() == "book.xlsx[5W]:6");
}

TEST_CASE("a sheet is chosen by name, and an unknown name lists the sheets") {
    const auto book = five_w_book();
    CHECK(io::xlsx_sheet_names(book, "b.xlsx") == std::vector<std::string>{"Notes", "5W"});
    CHECK(io::read_xlsx(book, "b.xlsx", "5W").header_row == 3);
    try {
        (void)io::read_xlsx(book, "b.xlsx", "Nope");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.code() == errc::not_found);
        CHECK(std::string(e.what()) ==
              "[tally.not_found.108] b.xlsx: no sheet named 'Nope' (sheets: 'Notes', '5W')");
    }
    CHECK_THROWS_WITH_AS(io::read_xlsx(book, "b.xlsx", "Notes"),
                         "[tally.parse.101] b.xlsx[Notes]: no header tally knows in the first 25 "
                         "rows (a country column and the columns of activities, plan, flows or "
                         "requirements)",
                         error);
}

TEST_CASE("numbers in date-formatted cells become ISO dates, other numbers stay numbers") {
    // Styles: 0 General, 1 built-in 14 (m/d/yyyy), 2 custom dd/mm/yyyy hh:mm, 3 custom 0.00%
    // ("d" inside quotes does not make a date), 4 custom [Red]0 (brackets are not a format).
    const std::string styles =
        "<numFmts count=\"3\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy hh:mm\"/>"
        "<numFmt numFmtId=\"165\" formatCode=\"0.00&quot;d&quot;%\"/>"
        "<numFmt numFmtId=\"166\" formatCode=\"[Red]0\"/></numFmts>"
        "<cellXfs count=\"5\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
        "<xf numFmtId=\"165\"/><xf numFmtId=\"166\"/></cellXfs>";
    const auto book = workbook(
        {{"Plan", row(1, inline_cell("A1", "country") + inline_cell("B1", "sector") +
                             inline_cell("C1", "pin") + inline_cell("D1", "as_of") +
                             inline_cell("E1", "stamp") + inline_cell("F1", "share") +
                             inline_cell("G1", "red")) +
                      row(2, inline_cell("A2", "ECU") + inline_cell("B2", "Health") +
                                 number_cell("C2", "1200", 0) + number_cell("D2", "45017", 1) +
                                 number_cell("E2", "45017.5", 2) + number_cell("F2", "0.25", 3) +
                                 number_cell("G2", "45017", 4))}},
        {}, styles);
    const auto t = io::read_xlsx(book, "p.xlsx");
    REQUIRE(t.rows.size() == 2);
    // 45017 = 44927 (2023-01-01) + 90 days (January 31, February 28, March 31): 2023-04-01.
    CHECK(t.rows[1].dense() == std::vector<std::string>{"ECU", "Health", "1200", "2023-04-01",
                                                        "2023-04-01T12:00:00", "0.25", "45017"});
}

TEST_CASE("header cells with line breaks and no-break spaces name the columns") {
    const auto book = workbook(
        {{"S", row(1, inline_cell("A1", " Country\xC2\xA0") + inline_cell("B1", "sector") +
                          inline_cell("C1", "people_x000D__x000A_in\tneed") +
                          inline_cell("D1", "population&#13;&#10;group")) +
                   row(2, inline_cell("A2", "ECU") + inline_cell("B2", "Health") +
                              number_cell("C2", "10") + inline_cell("D2", "in\ntransit"))}});
    const auto t = io::read_xlsx(book, "h.xlsx");
    CHECK(t.rows[0].dense() ==
          std::vector<std::string>{"Country", "sector", "people in need", "population group"});
    CHECK(t.rows[1].at(3) == "in transit"); // a line break in a data cell would shift lines
    plan_table plan;
    const auto rep = io::read_plan_text(io::xlsx_to_csv(t), t.source(), plan);
    CHECK(rep.rows_used == 1);
}

TEST_CASE("corrupt, truncated and incomplete workbooks throw tally::error, never crash") {
    const auto book = five_w_book();
    // Every prefix of the archive: each is refused with a parse error.
    for (std::size_t n = 0; n < book.size(); n += 7) {
        CAPTURE(n);
        CHECK_THROWS_AS(io::read_xlsx(std::string_view(book).substr(0, n), "t.xlsx"), error);
    }
    // A byte flipped inside the compressed data: CRC or inflate error, or a parse error.
    for (std::size_t at = 40; at < book.size(); at += 97) {
        std::string bad = book;
        bad[at] = static_cast<char>(bad[at] ^ 0x5A);
        try {
            (void)io::read_xlsx(bad, "f.xlsx");
        } catch (const error& e) {
            CHECK(e.code() != errc::io); // any tally::error is a clear refusal
        }
    }
    CHECK_THROWS_WITH_AS(io::read_xlsx(zip_of({{"a.txt", "hello"}}), "z.xlsx"),
                         "[tally.parse.101] z.xlsx: not a complete .xlsx workbook: it has no "
                         "xl/workbook.xml",
                         error);
    CHECK_THROWS_WITH_AS(io::read_xlsx("country,sector\n", "c.xlsx"),
                         "[tally.parse.101] c.xlsx: not a readable .xlsx workbook (zip archive): "
                         "Not a zip archive",
                         error);
    const auto bad_index = workbook({{"S", row(1, shared_cell("A1", 3))}}, {"country"});
    CHECK_THROWS_WITH_AS(io::read_xlsx(bad_index, "s.xlsx"),
                         "[tally.parse.101] s.xlsx[S]:1:1: shared string index '3' out of range "
                         "(1 strings)",
                         error);
    const auto out_of_order =
        workbook({{"S", row(3, inline_cell("A3", "country")) + row(2, inline_cell("A2", "x"))}});
    CHECK_THROWS_WITH_AS(io::read_xlsx(out_of_order, "o.xlsx"),
                         "[tally.parse.101] o.xlsx[S]:2: rows out of order (after row 3)", error);
    const auto bad_xml = zip_of({{"xl/workbook.xml", "<workbook><sheets>"}});
    CHECK_THROWS_AS(io::read_xlsx(bad_xml, "x.xlsx"), error);
}

TEST_CASE("tally check and tally reach read a workbook and name its rows") {
    const std::string path = scratch("cli_book.xlsx");
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        const auto book = five_w_book();
        std::fwrite(book.data(), 1, book.size(), f);
        std::fclose(f);
    }
    const auto check = tally_test::run_cli("check " + path);
    CHECK(check.status == 1);
    CHECK(check.err.find(path + "[5W]:6: rejected: month '2023-13' is not YYYY-MM") !=
          std::string::npos);
    CHECK(check.out.find(path + "[5W]: activities: 2 rows read, 1 used, 1 rejected") !=
          std::string::npos);
    CHECK(check.err.find("note: " + path + "[5W]: row 1 above the header (row 3) read as titles") !=
          std::string::npos);
    const auto named = tally_test::run_cli("check '" + path + "[Notes]'");
    CHECK(named.status == 2);
    CHECK(named.err.find(path + "[Notes]: no header tally knows") != std::string::npos);
    const auto reach = tally_test::run_cli("reach '" + path + "[5W]'");
    CHECK(reach.out.find("ECU,Health,235,235,1,1,sector") != std::string::npos);
}

TEST_CASE("a plan sheet with title rows is detected as a plan: blank lines before the header") {
    const auto book = workbook(
        {{"Plan", row(1, inline_cell("A1", "PiN 2024")) +
                      row(3, inline_cell("A3", "country") + inline_cell("B3", "sector") +
                                 inline_cell("C3", "population_group") + inline_cell("D3", "pin")) +
                      row(4, inline_cell("A4", "PER") + inline_cell("B4", "Health") +
                                 inline_cell("C4", "in_destination") + number_cell("D4", "30"))}});
    const auto csv = io::xlsx_to_csv(io::read_xlsx(book, "p.xlsx"));
    CHECK(io::detect_file_kind(csv, "p.xlsx[Plan]") == io::file_kind::plan);
    CHECK(io::header_of(csv, "p.xlsx[Plan]").size() == 4);
}

TEST_CASE("the sample workbook gives the figures of the sample CSV files it was made from") {
    const std::string data = std::string(TALLY_SOURCE_DIR) + "/examples/data/";
    const auto reach_csv = tally_test::run_cli("reach " + data + "sample_5w.csv");
    const auto reach_xlsx = tally_test::run_cli("reach " + data + "sample_workbook.xlsx");
    CHECK(reach_csv.status == reach_xlsx.status);
    CHECK(reach_xlsx.out.find("ECU,") != std::string::npos);
    CHECK(reach_csv.out == reach_xlsx.out);
    // The rejected rows are named by their sheet row: CSV line 16 is row 19 below a header
    // in row 4 (three rows lower than the CSV's header on line 1).
    CHECK(reach_xlsx.err.find("sample_workbook.xlsx[5W]:19: rejected: month '2023-13'") !=
          std::string::npos);
    const auto plan_csv = tally_test::run_cli("plan " + data + "sample_plan.csv");
    const auto plan_xlsx = tally_test::run_cli("plan '" + data + "sample_workbook.xlsx[Plan]'");
    CHECK(plan_xlsx.status == plan_csv.status);
    CHECK(plan_xlsx.out.find("PER,Food Security,3900,4100") != std::string::npos);
    CHECK(plan_csv.out == plan_xlsx.out);
}

namespace {

std::string formula_cell(const std::string& ref, const std::string& formula,
                         const std::string& cached = "<none>") {
    return "<c r=\"" + ref + "\"><f>" + formula + "</f>" +
           (cached == "<none>" ? std::string() : "<v>" + cached + "</v>") + "</c>";
}

/// A workbook whose sheets are (name, relationship id) and whose parts are given as they are:
/// for sheets that point at one part, and parts that point at one another.
std::string raw_workbook(const std::vector<std::pair<std::string, std::string>>& sheets,
                         const std::vector<std::pair<std::string, std::string>>& rels, parts more) {
    std::string wb = "<workbook " + main_ns + " " + rel_ns + "><sheets>";
    for (std::size_t i = 0; i < sheets.size(); ++i)
        wb += "<sheet name=\"" + sheets[i].first + "\" sheetId=\"" + std::to_string(i + 1) +
              "\" r:id=\"" + sheets[i].second + "\"/>";
    std::string r = "<Relationships "
                    "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">";
    for (const auto& [id, target] : rels)
        r += "<Relationship Id=\"" + id +
             "\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/" +
             (id.starts_with("rIdS") ? "styles" : "worksheet") + "\" Target=\"" + target + "\"/>";
    more.emplace_back("xl/workbook.xml", wb + "</sheets></workbook>");
    more.emplace_back("xl/_rels/workbook.xml.rels", r + "</Relationships>");
    return zip_of(more);
}

std::string sheet_xml(const std::string& rows) {
    return "<worksheet " + main_ns + "><sheetData>" + rows + "</sheetData></worksheet>";
}

const std::string plan_header = row(1, inline_cell("A1", "country") + inline_cell("B1", "sector") +
                                           inline_cell("C1", "population_group") +
                                           inline_cell("D1", "pin") + inline_cell("E1", "target"));

} // namespace

TEST_CASE("a formula without a saved result is an error naming the cell, never an empty cell") {
    // Issue 24: formula cells written by scripts without their values were read as empty, so
    // the plan's PiN and target were 0 and `tally check` found nothing.
    const auto book = workbook(
        {{"Plan",
          row(1, inline_cell("A1", "=title")) + row(2, formula_cell("A2", "\"x\"")) +
              row(3, inline_cell("A3", "country") + inline_cell("B3", "sector") +
                         inline_cell("C3", "population_group") + inline_cell("D3", "pin") +
                         inline_cell("E3", "target")) +
              row(4, inline_cell("A4", "PER") + inline_cell("B4", "Health") +
                         inline_cell("C4", "in_destination") +
                         formula_cell("D4", "1000+200", "1200") + number_cell("E4", "300")) +
              row(5, inline_cell("A5", "PER") + inline_cell("B5", "Food Security") +
                         inline_cell("C5", "in_destination") + formula_cell("D5", "SUM(X1:X9)") +
                         formula_cell("E5", "D5/2"))}});
    try {
        (void)io::read_xlsx(book, "p.xlsx");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.code() == errc::parse);
        CHECK(std::string(e.what()) ==
              "[tally.parse.101] p.xlsx[Plan]:5:4: cell D5 holds a formula (=SUM(X1:X9)) without "
              "a saved result: tally reads what Excel shows, and this workbook was written "
              "without it (open and save it in Excel or LibreOffice, or paste the values)");
    }
    // A cached result is the cell's value; a formula without one above the header (row 2, a
    // title) is not read at all.
    const auto good = workbook(
        {{"Plan", row(2, formula_cell("A2", "\"x\"")) +
                      row(3, inline_cell("A3", "country") + inline_cell("B3", "sector") +
                                 inline_cell("C3", "population_group") + inline_cell("D3", "pin")) +
                      row(4, inline_cell("A4", "PER") + inline_cell("B4", "Health") +
                                 inline_cell("C4", "in_destination") +
                                 formula_cell("D4", "1000+200", "1200"))}});
    const auto t = io::read_xlsx(good, "g.xlsx");
    CHECK(t.rows[1].at(3) == "1200");
    // The command: no figure, the cell named, exit 2.
    const std::string path = scratch("formula.xlsx");
    {
        std::FILE* f = std::fopen(path.c_str(), "wb");
        REQUIRE(f);
        std::fwrite(book.data(), 1, book.size(), f);
        std::fclose(f);
    }
    const auto plan = tally_test::run_cli("plan " + path);
    CHECK(plan.status == 2);
    CHECK(plan.out.empty());
    CHECK(plan.err.find(path + "[Plan]:5:4: cell D5 holds a formula (=SUM(X1:X9)) without a "
                               "saved result") != std::string::npos);
    // A sheet that is not read (the first, without a header tally knows) may hold such cells.
    const auto other = workbook({{"Sums", row(1, formula_cell("A1", "B1+1"))},
                                 {"Plan", plan_header + row(2, inline_cell("A2", "PER"))}});
    CHECK(io::read_xlsx(other, "o.xlsx").sheet == "Plan");
}

TEST_CASE("numbers in a month column are dates only when they are dates of the data's years") {
    // Issue 24: 202301 and 2023 in a month column became months 2453-11 and 1905-07; a date with
    // a time of day was refused. Style 1 is a date format (built-in 22, m/d/yyyy h:mm).
    const std::string styles = "<cellXfs count=\"2\"><xf numFmtId=\"0\"/><xf numFmtId=\"22\"/>"
                               "</cellXfs>";
    std::string rows = row(1, inline_cell("A1", "country") + inline_cell("B1", "month") +
                                  inline_cell("C1", "partner") + inline_cell("D1", "sector") +
                                  inline_cell("E1", "indicator") + inline_cell("F1", "reached") +
                                  inline_cell("G1", "population_group"));
    const std::vector<std::pair<std::string, int>> months = {
        {"202301", 0},   {"2023", 0},  {"2023", 1},    {"44927", 0},
        {"44927.75", 1}, {"45000", 1}, {"2958465", 0}, {"-5", 0}};
    for (std::size_t i = 0; i < months.size(); ++i) {
        const auto n = std::to_string(i + 2);
        rows += row(static_cast<int>(i + 2),
                    inline_cell("A" + n, "ECU") +
                        number_cell("B" + n, months[i].first, months[i].second) +
                        inline_cell("C" + n, "P1") + inline_cell("D" + n, "Health") +
                        inline_cell("E" + n, "HE1") + number_cell("F" + n, "5") +
                        inline_cell("G" + n, "in_destination"));
    }
    const auto t = io::read_xlsx(workbook({{"5W", rows}}, {}, styles), "m.xlsx");
    std::vector<std::string> got;
    for (std::size_t i = 1; i < t.rows.size(); ++i)
        got.emplace_back(t.rows[i].at(1));
    // 44927 is 2023-01-01 (a General number of the data's years is taken as a date, as before);
    // 44927.75 in a date format is 2023-01-01 18:00, its time dropped; 45000 is 2023-03-15.
    CHECK(got == std::vector<std::string>{"202301", "2023", "2023", "2023-01-01", "2023-01-01",
                                          "2023-03-15", "2958465", "-5"});
    activity_table table;
    const auto rep = io::read_activities_text(io::xlsx_to_csv(t), t.source(), table);
    CHECK(rep.rows_used == 3);
    REQUIRE(rep.rejected.size() == 5);
    CHECK(rep.rejected[0].where.to_string() == "m.xlsx[5W]:2");
    CHECK(rep.rejected[0].reason == "month '202301' is not YYYY-MM");
    CHECK(rep.rejected[2].reason == "month '2023' is not YYYY-MM"); // date-formatted, not 1905
}

TEST_CASE("a workbook with one cell in the last column of each row reads in time and memory "
          "of its cells") {
    // Issue 24: a 52 KB workbook with one cell in column XFD of each row took 42 s and 5.2 GB
    // (each row was 16,384 strings). Rows are sparse now; the stray cells are extra fields.
    std::string rows = plan_header;
    const int n = 30000;
    for (int r = 2; r <= n; ++r) {
        const auto k = std::to_string(r);
        rows += row(r, inline_cell("A" + k, "PER") + number_cell("XFD" + k, "1"));
    }
    const auto book = workbook({{"Plan", rows}});
    CAPTURE(book.size());
    const auto start = std::chrono::steady_clock::now();
    const auto t = io::read_xlsx(book, "x.xlsx");
    const std::string csv = io::xlsx_to_csv(t);
    const auto seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(seconds < 10); // about 0.2 s in a debug build
    REQUIRE(t.rows.size() == static_cast<std::size_t>(n));
    CHECK(t.rows[1].cells.size() == 2);
    CHECK(t.rows[1].at(16383) == "1");
    REQUIRE(t.beyond_header.size() == static_cast<std::size_t>(n - 1));
    CHECK(t.beyond_header[0] == std::pair<std::size_t, std::size_t>{2, 16383});
    // Each data line: the header's five fields and the stray cell: "PER,,,,,1".
    CHECK(csv.size() < 20 * static_cast<std::size_t>(n));
    CHECK(csv.substr(csv.find('\n') + 1, 10) == "PER,,,,,1\n");
    plan_table plan;
    const auto rep = io::read_plan_text(csv, t.source(), plan);
    CHECK(rep.rows_used == 0);
    CHECK(rep.rejected.size() == static_cast<std::size_t>(n - 1)); // never read as data
}

TEST_CASE("sheets that point at one part read it once, and at most 100 sheets are tried") {
    // Issue 24: 1,000 sheets pointing at one 100 MB part ran for minutes. Here one part of about
    // 2 MB without a header is named by 1,000 sheets; the cap on inflated bytes (3 MB) would
    // stop a reader that inflates it twice.
    std::string junk;
    for (int r = 1; r <= 25000; ++r)
        junk += row(r, inline_cell("A" + std::to_string(r), "nothing to see here"));
    const std::string part = sheet_xml(junk);
    std::vector<std::pair<std::string, std::string>> sheets;
    for (int i = 0; i < 1000; ++i)
        sheets.emplace_back("S" + std::to_string(i), "rId1");
    const auto book = raw_workbook(sheets, {{"rId1", "worksheets/sheet1.xml"}},
                                   {{"xl/worksheets/sheet1.xml", part}});
    io::xlsx_limits limits;
    limits.max_inflated_bytes = part.size() + part.size() / 2;
    const auto start = std::chrono::steady_clock::now();
    CHECK_THROWS_WITH_AS(io::read_xlsx(book, "one.xlsx", {}, limits),
                         doctest::Contains("one.xlsx: no sheet has a header tally knows"), error);
    CHECK(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count() < 10);

    // 150 sheets with parts of their own: the 101st is not read.
    std::vector<std::pair<std::string, std::string>> many, rels;
    parts ps;
    for (int i = 1; i <= 150; ++i) {
        const auto k = std::to_string(i);
        many.emplace_back("S" + k, "rId" + k);
        rels.emplace_back("rId" + k, "worksheets/sheet" + k + ".xml");
        ps.emplace_back("xl/worksheets/sheet" + k + ".xml",
                        sheet_xml(row(1, inline_cell("A1", "notes " + k))));
    }
    CHECK_THROWS_WITH_AS(io::read_xlsx(raw_workbook(many, rels, ps), "many.xlsx"),
                         "[tally.parse.101] many.xlsx: no header tally knows in the first 100 "
                         "sheets read (the cap on sheets tried, xlsx_limits::max_sheets_tried): "
                         "name the sheet, as many.xlsx[SHEET]",
                         error);
}

TEST_CASE("the caps on inflated bytes and on expanded text are errors that name them") {
    const auto book = workbook({{"Plan", plan_header + row(2, inline_cell("A2", "PER"))}});
    io::xlsx_limits small;
    small.max_inflated_bytes = 300;
    CHECK_THROWS_WITH_AS(io::read_xlsx(book, "c.xlsx", {}, small),
                         doctest::Contains("more would pass the cap of 300 bytes inflated per "
                                           "workbook (xlsx_limits::max_inflated_bytes;"),
                         error);
    io::xlsx_limits part;
    part.max_part_bytes = 100;
    CHECK_THROWS_WITH_AS(io::read_xlsx(book, "c.xlsx", {}, part),
                         doctest::Contains("above the cap of 100 bytes per part "
                                           "(xlsx_limits::max_part_bytes)"),
                         error);
    // One shared string of 100 KB referred to by 50 cells: 5 MB of text from a few KB of XML.
    std::string rows = plan_header;
    for (int r = 2; r <= 51; ++r)
        rows += row(r, shared_cell("A" + std::to_string(r), 0));
    const auto bomb = workbook({{"Plan", rows}}, {std::string(100000, 'x')});
    io::xlsx_limits tight;
    tight.expansion_allowance = 1 << 20;
    CHECK_THROWS_WITH_AS(io::read_xlsx(bomb, "b.xlsx", {}, tight),
                         doctest::Contains("the text of the cells passes the cap of"), error);
    CHECK(io::read_xlsx(bomb, "b.xlsx").rows.size() == 51); // within the default allowance
}

TEST_CASE("a part named twice and a cell given twice are refused") {
    // styles.xml is the sheet's own part: each part is inflated once.
    const std::string part = sheet_xml(plan_header + row(2, inline_cell("A2", "PER")));
    const auto twice = raw_workbook(
        {{"Plan", "rId1"}}, {{"rId1", "worksheets/sheet1.xml"}, {"rIdS", "worksheets/sheet1.xml"}},
        {{"xl/worksheets/sheet1.xml", part}});
    CHECK_THROWS_WITH_AS(io::read_xlsx(twice, "t.xlsx"),
                         doctest::Contains("xl/worksheets/sheet1.xml: named a second time by the "
                                           "workbook's parts"),
                         error);
    const auto cell =
        workbook({{"Plan", plan_header + row(2, inline_cell("B2", "x") + inline_cell("A2", "PER") +
                                                    inline_cell("B2", "y"))}});
    CHECK_THROWS_WITH_AS(io::read_xlsx(cell, "d.xlsx"),
                         "[tally.parse.101] d.xlsx[Plan]:2: cell B2 is given twice", error);
}

} // namespace test_io_xlsx

namespace test_io_xlsx {

TEST_CASE("an HNO sheet is found under its title rows by its hashtag row, tags told apart by "
          "their attributes") {
    // OCHA's workbook layout: two title rows, a row of names tally does not know, the hashtag
    // row, and #inneed used twice, for the total and for IDPs (+idp).
    auto text = [](const std::string& r, const std::string& t) { return inline_cell(r, t); };
    const auto book = workbook(
        {{"Notes", row(1, text("A1", "Read me"))},
         {"PIN", row(1, text("A1", "HNO 2024")) + row(2, text("A2", "People in need by province")) +
                     row(3, text("A3", "Province") + text("B3", "Secteur") +
                                text("C3", "PIN total") + text("D3", "PIN déplacés")) +
                     row(4, text("A4", "#adm1+code") + text("B4", "#sector") +
                                text("C4", "#inneed") + text("D4", "#inneed+idp")) +
                     row(5, text("A5", "ML01") + text("B5", "ALL") + number_cell("C5", "1200") +
                                number_cell("D5", "300")) +
                     row(6, text("A6", "ML02") + text("B6", "ALL") + number_cell("C6", "800") +
                                number_cell("D6", "100"))}});
    const auto t = io::read_xlsx(book, "hno.xlsx");
    CHECK(t.source() == "hno.xlsx[PIN]");
    CHECK(t.header_row == 4);
    CHECK(t.title_rows == std::vector<std::size_t>{1, 2, 3});
    const auto csv = io::xlsx_to_csv(t);
    CHECK(io::detect_file_kind(csv, t.source()) == io::file_kind::plan);
    plan_table p;
    io::hno_read_options o;
    o.level = io::hno_level::admin1;
    const auto rep = io::read_hno_text(csv, t.source(), p, o);
    CHECK(rep.rejected.empty());
    REQUIRE(p.size() == 2);
    CHECK(p.countries[p[0].country] == "MLI");
    CHECK(p[0].pin == 1200); // #inneed, not #inneed+idp
    CHECK(p[1].pin == 800);
    bool told = false;
    for (const auto& n : rep.notices)
        told |= n.where.line == 4 && n.message == "column 4 (#inneed+idp) is not used";
    CHECK(told);
}

TEST_CASE("a sheet of the HPC needs table, without a country column, is found by its names") {
    auto cell_of = [](const std::string& r, const std::string& t) { return inline_cell(r, t); };
    std::string header;
    const char* hpc_names[] = {"Admin 1 PCode", "Admin 2 PCode", "Description", "Cluster",
                               "Category",      "In Need",       "Targeted"};
    for (int i = 0; i < 7; ++i)
        header += cell_of(std::string(1, static_cast<char>('A' + i)) + "2", hpc_names[i]);
    const auto book =
        workbook({{"HNO", row(1, cell_of("A1", "Afghanistan HNO 2024")) + row(2, header) +
                              row(3, cell_of("A3", "AF01") + cell_of("D3", "ALL") +
                                         cell_of("E3", "Adult") + number_cell("F3", "300")) +
                              row(4, cell_of("A4", "AF01") + cell_of("D4", "ALL") +
                                         cell_of("E4", "total") + number_cell("F4", "650"))}});
    const auto t = io::read_xlsx(book, "hpc.xlsx");
    CHECK(t.header_row == 2);
    plan_table p;
    io::hno_read_options o;
    o.level = io::hno_level::admin1;
    (void)io::read_hno_text(io::xlsx_to_csv(t), t.source(), p, o);
    REQUIRE(p.size() == 1);
    CHECK(p.countries[p[0].country] == "AFG");
    CHECK(p[0].pin == 650);
}

} // namespace test_io_xlsx

#else
TEST_CASE("xlsx tests skip: tally is built without libzip and pugixml (tally::xlsx)") {
    MESSAGE("skipped: Excel workbooks need libzip and pugixml");
}
#endif
