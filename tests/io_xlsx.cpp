#include <doctest/doctest.h>

#if defined(TALLY_HAVE_XLSX)
#include "cli_support.hpp"
#include "xlsx_support.hpp"
#include <cstdio>
#include <filesystem>
#include <string>
#include <tally/io/activity_reader.hpp>
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
    CHECK(t.rows[0].cells == std::vector<std::string>{"country", "admin1", "month", "partner",
                                                      "sector", "indicator", "population_group",
                                                      "new beneficiaries"});
    CHECK(t.rows[1].number == 4);
    // 44927 days after 1899-12-30 is 2023-01-01; "235.0" is the integer 235.
    CHECK(t.rows[1].cells == std::vector<std::string>{"ECU", "EC01", "2023-01-01", "P1", "Health",
                                                      "HE1", "in_destination", "235"});
    CHECK(t.rows[2].number == 6);
    CHECK(t.rows[2].cells[7] == "0.07");
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
    CHECK(t.rows[1].cells == std::vector<std::string>{"ECU", "Health", "1200", "2023-04-01",
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
    CHECK(t.rows[0].cells ==
          std::vector<std::string>{"Country", "sector", "people in need", "population group"});
    CHECK(t.rows[1].cells[3] == "in transit"); // a line break in a data cell would shift lines
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
    CHECK(check.out.find(path + "[5W]:6: rejected: month '2023-13' is not YYYY-MM") !=
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

} // namespace test_io_xlsx

#else
TEST_CASE("xlsx tests skip: tally is built without libzip and pugixml (tally::xlsx)") {
    MESSAGE("skipped: Excel workbooks need libzip and pugixml");
}
#endif
