// libFuzzer target: the requirements CSV reader.
#include "fuzz_support.hpp"
#include <tally/io/requirements_csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        const auto account = tally_fuzz::data_rows(text, tally_fuzz::hashtag_row::tags);
        tally::io::validation_report rep;
        const auto r = tally::io::parse_requirements_csv(std::move(text), "fuzz.csv", rep);
        tally_fuzz::check_report(rep, account.records, true);
        tally_fuzz::check_lines(rep, account.lines);
        (void)r.total();
    });
}
