#pragma once
// Where and how every command writes its table or report (docs/cli.md): `-o/--output FILE`
// instead of standard output, and ratios (coverage, attainment, shares) printed one way.
//
// The rule: a command writes its output into memory and to FILE only once it has succeeded (or
// --keep-going asked for the figures of the inputs read), so a command that refuses leaves no
// file behind; the cost is one copy of the output in memory. FILE is replaced whole
// (io::write_file): a write that fails leaves the earlier FILE as it was. A ratio is a fraction
// with four decimals in CSV and JSON (0.3350; n/a, or JSON null, without a denominator) and a
// percentage with one decimal in text (33.5%).

#include <cmath>
#include <cstdio>
#include <optional>
#include <ostream>
#include <sstream>
#include <string>
#include <tally/core/error.hpp>
#include <tally/io/file.hpp>
#include <tally/report/format.hpp>

#include "cli.hpp"

namespace tally::cli {

/// The help line of -o/--output (a macro, to join the string literals of each usage).
#define TALLY_CLI_OUTPUT_HELP                                                                      \
    "  -o, --output FILE  write the output to FILE instead of standard output (nothing is\n"       \
    "                     written when the command fails).\n"

/// Standard output, or the file of -o/--output: stream() while writing, commit() when done.
class output_target {
  public:
    output_target(const options& opt, std::ostream& out) : path_(opt.value("output")), out_(out) {}
    output_target(const output_target&) = delete;
    output_target& operator=(const output_target&) = delete;

    std::ostream& stream() { return path_ ? buffer_ : out_; }
    const std::optional<std::string>& path() const noexcept { return path_; }
    /// Writes what was written to stream() into the file, when there is one. Throws errc::io
    /// naming the file and the option when it cannot be written.
    void commit() {
        if (!path_)
            return;
        try {
            io::write_file(*path_, buffer_.view());
        } catch (const error& e) {
            throw error(errc::io, source_position{*path_, 0, 0},
                        e.detail() + " (given to --output)");
        }
    }

  private:
    std::optional<std::string> path_;
    std::ostream& out_;
    std::ostringstream buffer_;
};

/// A ratio rounded to the four decimals every command prints: report::ratio_rounded, the
/// report's own.
using report::ratio_rounded;

/// A ratio in CSV: "0.3350", or "n/a" without one.
inline std::string ratio_csv(std::optional<double> r) {
    if (!r)
        return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.4f", ratio_rounded(*r));
    return std::string(buf) == "-0.0000" ? "0.0000" : buf;
}

/// A ratio in text: "33.5%", or "n/a" without one: report::percent, the report's own.
using report::percent;

/// A ratio in JSON (J: nlohmann::json or ordered_json): the number with four decimals, or null
/// without one.
template <class J>
J ratio_json(std::optional<double> r) {
    return r ? J(ratio_rounded(*r)) : J();
}

} // namespace tally::cli
