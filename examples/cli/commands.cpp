// The table of subcommands. Each subcommand lives in its own cmd_<name>.cpp.

#include "cli.hpp"

namespace tally::cli {

int run_geography(args_t, std::ostream&, std::ostream&);
extern const std::string_view geography_usage;
int run_funding(args_t, std::ostream&, std::ostream&);
extern const std::string_view funding_usage;

std::span<const command> commands() {
    static const command table[] = {
        {"geography", "print the geography (R4V preset, or --file CSV)", geography_usage,
         run_geography},
        {"funding", "funding, pledges, requirements and coverage from FTS flows", funding_usage,
         run_funding},
    };
    return table;
}

} // namespace tally::cli
