// libFuzzer target: the CSV reader. Every record has a line at or after the previous one.
#include "fuzz_support.hpp"
#include <tally/io/csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        tally::io::csv_reader r(std::move(text), "fuzz.csv");
        tally::io::csv_record rec;
        std::size_t last = 0;
        while (r.next(rec)) {
            if (rec.line < last || rec.line == 0)
                tally_fuzz::finding("record lines go backwards");
            last = rec.line;
            const tally::io::header_index h(rec);
            (void)h.find({"country", "sector"});
        }
    });
}
