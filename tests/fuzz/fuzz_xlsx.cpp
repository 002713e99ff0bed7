// libFuzzer target: the workbook reader (io/xlsx.hpp, libzip and pugixml). A workbook is refused
// with tally::error or read into a table whose CSV text puts each sheet row on the line of its
// number; when that text is a 5W file, the activity reader accounts for every row of it. Caps
// below the defaults keep a run under the fuzzer's memory limit (a cap passed is a tally::error).
#include "fuzz_support.hpp"
#include <tally/io/activity_reader.hpp>
#include <tally/io/xlsx.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string bytes) {
        tally::io::xlsx_limits limits;
        limits.max_part_bytes = std::size_t{64} << 20;
        limits.max_inflated_bytes = std::size_t{128} << 20;
        limits.expansion_allowance = std::size_t{16} << 20;
        const auto t = tally::io::read_xlsx(bytes, "fuzz.xlsx", {}, limits);
        if (t.rows.empty() || t.rows.front().number != t.header_row)
            tally_fuzz::finding("a table that does not start at its header row");
        for (std::size_t i = 1; i < t.rows.size(); ++i)
            if (t.rows[i].number <= t.rows[i - 1].number)
                tally_fuzz::finding("table rows out of order");
        const std::string csv = tally::io::xlsx_to_csv(t);
        // Line N of the text is row N: every record starts on the line of its row.
        tally::io::csv_reader rd(csv, t.source());
        tally::io::csv_record rec;
        std::size_t k = 0;
        while (rd.next(rec)) {
            if (k >= t.rows.size() || rec.line != t.rows[k].number)
                tally_fuzz::finding("a CSV record off its sheet row");
            k += rec.lines(); // a cell's line breaks are spaces: one line per row
        }
        if (k != t.rows.size())
            tally_fuzz::finding("CSV records do not match the sheet rows");
        if (tally::io::detect_file_kind(csv, t.source()) == tally::io::file_kind::activities) {
            const auto records = tally_fuzz::data_records(csv);
            tally::activity_table table;
            const auto rep = tally::io::read_activities_text(csv, t.source(), table);
            tally_fuzz::check_report(rep, records, true);
        }
    });
}
