// Links tally::xlsx: reads the 5W sheet of a workbook (argv[1], examples/data/sample_workbook.xlsx)
// through the activity reader, as docs/readers.md shows it.
#include <iostream>
#include <string>
#include <tally/io/activity_reader.hpp>
#include <tally/io/file.hpp>
#include <tally/io/xlsx.hpp>

#if !defined(TALLY_HAVE_XLSX)
#error "tally::xlsx (or tally-xlsx.pc) must define TALLY_HAVE_XLSX"
#endif

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: consumer_xlsx BOOK.xlsx\n";
        return 2;
    }
    const std::string bytes = tally::io::read_file(argv[1]);
    const auto sheet = tally::io::read_xlsx(bytes, "sample_workbook.xlsx", "5W");
    tally::activity_table acts;
    const auto rep =
        tally::io::read_activities_text(tally::io::xlsx_to_csv(sheet), sheet.source(), acts);
    std::cout << sheet.source() << ": header on row " << sheet.header_row << ", " << rep.rows_read
              << " rows read, " << rep.rows_used << " used, " << rep.rejected.size()
              << " rejected\n";
    // The sample's 5W sheet: 20 rows, three refused (see docs/readers.md).
    return rep.rows_read == 20 && rep.rows_used == 17 && sheet.header_row == 4 ? 0 : 1;
}
