// libFuzzer target: the plan reader, and the plan figures computed from what it read.
#include "fuzz_support.hpp"
#include <tally/dedup/plan.hpp>
#include <tally/io/plan_reader.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    return tally_fuzz::run(data, size, [](std::string text) {
        const auto records = tally_fuzz::plan_records(text);
        tally::plan_table t;
        const auto rep = tally::io::read_plan_text(std::move(text), "fuzz.csv", t);
        tally_fuzz::check_report(rep, records, true);
        (void)tally::dedup::aggregate_plan(t, tally::dedup::plan_query{});
    });
}
