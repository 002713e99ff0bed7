// libFuzzer target: the 5W activity reader.
#include "fuzz_support.hpp"
#include <tally/io/activity_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        tally::activity_table t;
        const auto rep = tally::io::read_activities_text(std::move(text), "fuzz.csv", t);
        tally_fuzz::check_report(rep, true);
    });
}
