// libFuzzer target: the 5W activity reader.
#include "fuzz_support.hpp"
#include <tally/io/activity_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        const auto account = tally_fuzz::data_rows(text);
        tally::activity_table t;
        // Small slices on several threads: a row must not be lost or read twice at a cut.
        tally::io::activity_read_options o;
        o.threads = 2;
        o.chunk_bytes = 256;
        const auto rep = tally::io::read_activities_text(std::move(text), "fuzz.csv", t, o);
        tally_fuzz::check_report(rep, account.records, true);
        tally_fuzz::check_lines(rep, account.lines);
    });
}
