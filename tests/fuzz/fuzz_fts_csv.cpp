// libFuzzer target: the HDX FTS flow export reader.
#include "fuzz_support.hpp"
#include <tally/funding/grouping.hpp>
#include <tally/io/fts_csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        tally::funding::flow_set<> s;
        tally::io::validation_report rep;
        tally::io::parse_fts_csv(std::move(text), "fuzz.csv", s, rep);
        tally_fuzz::check_report(rep, true);
        (void)s.result();
        (void)tally::funding::group_funding(s, {tally::funding::group_key::year});
    });
}
