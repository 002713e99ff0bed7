// libFuzzer target: the FTS plan overview reader, and the requirements summed from what it read.
#include "fuzz_support.hpp"
#include <tally/funding/requirements.hpp>
#include <tally/io/fts_plans.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        tally::io::validation_report rep;
        const auto t = tally::io::parse_fts_plan_overview(text, "fuzz.json", rep);
        const auto j = nlohmann::json::parse(text, nullptr, false);
        if (j.is_discarded())
            tally_fuzz::finding("a document read that is no JSON");
        tally_fuzz::check_report(rep, j["data"]["plans"].size(), false);
        std::vector<std::string> notes;
        (void)tally::funding::requirements_by(t, {"plan", "year"}, notes);
    });
}
