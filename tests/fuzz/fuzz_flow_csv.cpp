// libFuzzer target: the plain flow CSV reader and its per (country, sector) sums.
#include "fuzz_support.hpp"
#include <tally/io/flow_csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        const auto account = tally_fuzz::data_rows(text, tally_fuzz::hashtag_row::tags);
        tally::io::validation_report rep;
        const auto t = tally::io::parse_flow_csv(std::move(text), "fuzz.csv", rep);
        tally_fuzz::check_report(rep, account.records, true);
        tally_fuzz::check_lines(rep, account.lines);
        if (t.size() != rep.rows_used)
            tally_fuzz::finding("flows stored != rows used");
        (void)t.funding_by_country_sector();
    });
}
