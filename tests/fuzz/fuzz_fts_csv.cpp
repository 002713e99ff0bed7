// libFuzzer target: the HDX FTS flow export reader.
#include "fuzz_support.hpp"
#include <tally/funding/grouping.hpp>
#include <tally/io/fts_csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        const auto account = tally_fuzz::data_rows(text, tally_fuzz::hashtag_row::fts_export);
        tally::funding::flow_set<> s;
        tally::io::validation_report rep;
        tally::io::parse_fts_csv(std::move(text), "fuzz.csv", s, rep);
        tally_fuzz::check_report(rep, account.records, true);
        tally_fuzz::check_lines(rep, account.lines);
        if (s.size() + s.duplicates_dropped() != rep.rows_used)
            tally_fuzz::finding("flows offered != rows used");
        (void)s.result();
        (void)tally::funding::group_funding(s, {tally::funding::group_key::year});
    });
}
