// The table of subcommands. Each subcommand lives in its own cmd_<name>.cpp.

#include "cli.hpp"

namespace tally::cli {

int run_geography(args_t, std::ostream&, std::ostream&);
extern const std::string_view geography_usage;
int run_reach(args_t, std::ostream&, std::ostream&);
extern const std::string_view reach_usage;
int run_plan(args_t, std::ostream&, std::ostream&);
extern const std::string_view plan_usage;
int run_check(args_t, std::ostream&, std::ostream&);
extern const std::string_view check_usage;
int run_funding(args_t, std::ostream&, std::ostream&);
extern const std::string_view funding_usage;
int run_misalign(args_t, std::ostream&, std::ostream&);
extern const std::string_view misalign_usage;
int run_report(args_t, std::ostream&, std::ostream&);
extern const std::string_view report_usage;
int run_presence(args_t, std::ostream&, std::ostream&);
extern const std::string_view presence_usage;
int run_sketch(args_t, std::ostream&, std::ostream&);
extern const std::string_view sketch_usage;
int run_layouts(args_t, std::ostream&, std::ostream&);
extern const std::string_view layouts_usage;
int run_values(args_t, std::ostream&, std::ostream&);
extern const std::string_view values_usage;

std::span<const command> commands() {
    static const command table[] = {
        {"geography", "print the geography (R4V preset, or --geography CSV)", geography_usage,
         run_geography},
        {"reach", "people reached, de-duplicated by the R4V rules", reach_usage, run_reach},
        {"plan", "PiN and targets, with the mosaic intersector rule", plan_usage, run_plan},
        {"check", "validate activity (5W) and plan files, listing every problem", check_usage,
         run_check},
        {"values", "the countries, platforms and sectors the files hold", values_usage, run_values},
        {"layouts", "the file layouts tally recognises, each as a column map", layouts_usage,
         run_layouts},
        {"funding", "funding, pledges, requirements and coverage from FTS flows", funding_usage,
         run_funding},
        {"misalign", "funding against people reached: metrics, flags and likely causes",
         misalign_usage, run_misalign},
        {"report", "the end-year report: reached and funding by platform (HTML, text, JSON)",
         report_usage, run_report},
        {"presence", "distinct organisations from 3W operational presence files", presence_usage,
         run_presence},
        {"sketch",
         "keyed sketches of people in transit: distinct count and overlaps across countries",
         sketch_usage, run_sketch},
    };
    return table;
}

} // namespace tally::cli
