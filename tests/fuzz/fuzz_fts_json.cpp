// libFuzzer target: the FTS JSON reader and the totals of the flows it kept.
#include "fuzz_support.hpp"
#include <tally/funding/grouping.hpp>
#include <tally/io/fts_json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        tally::funding::flow_set<> s;
        tally::io::validation_report rep;
        (void)tally::io::parse_fts_json(text, "fuzz.json", s, rep);
        const auto flows = tally_fuzz::fts_json_flows(text);
        if (!flows)
            tally_fuzz::finding("a response read without a data.flows array");
        tally_fuzz::check_report(rep, *flows, false); // flows are named by their index on the page
        (void)s.result();
        (void)tally::funding::group_funding(s, {tally::funding::group_key::country,
                                                tally::funding::group_key::sector,
                                                tally::funding::group_key::year});
    });
}
