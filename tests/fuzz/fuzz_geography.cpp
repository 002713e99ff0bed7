// libFuzzer target: the geography loader.
#include "fuzz_support.hpp"
#include <tally/core/geography.hpp>
#include <tally/io/geography_csv.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        const auto records = tally_fuzz::geography_entry_records(text);
        const auto g = tally::io::read_geography_csv_text(std::move(text), "fuzz.csv");
        // The loader refuses a file with any bad row: read through, every row is an entry.
        if (tally_fuzz::geography_entries(g) != records)
            tally_fuzz::finding("geography entries != rows of the file");
        for (std::size_t i = 0; i < g.country_count(); ++i)
            if (g.country(static_cast<tally::code_id>(i)).platform >= g.platform_count())
                tally_fuzz::finding("a country under an undefined platform");
    });
}
