// libFuzzer target: the 3W presence reader, and the distinct counts computed from what it read.
#include "fuzz_support.hpp"
#include <tally/dedup/presence.hpp>
#include <tally/io/presence_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        const auto records = tally_fuzz::presence_records(text);
        tally::presence_table t;
        const auto rep = tally::io::read_presence_text(std::move(text), "fuzz.csv", t);
        tally_fuzz::check_report(rep, records, true);
        if (t.size() != rep.rows_used)
            tally_fuzz::finding("a used row that is no line of the table");
        (void)tally::dedup::count_presence(
            t, {tally::dedup::presence_key::country, tally::dedup::presence_key::sector});
    });
}
