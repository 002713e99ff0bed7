#pragma once
// Shared by the libFuzzer targets: an input may make a reader throw tally::error (a whole file
// refused, with its code), and nothing else. Any other exception, a crash, a hang, a sanitizer
// report or a broken row account is a finding.

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <tally/core/error.hpp>
#include <tally/io/validation.hpp>

#include "record_count.hpp"

namespace tally_fuzz {

[[noreturn]] inline void finding(const char* what) {
    std::fprintf(stderr, "fuzz finding: %s\n", what);
    std::abort();
}

/// The promise of every bulk reader: rows read = used + rejected = records (the rows of the
/// input counted apart from the reader, record_count.hpp; balanced() alone cannot fail), every
/// rejected row named by its file (and, with_lines, its line).
inline void check_report(const tally::io::validation_report& rep, std::size_t records,
                         bool with_lines) {
    if (rep.rows_read != records)
        finding("rows read != records of the input");
    if (!rep.balanced())
        finding("rows read != used + rejected");
    for (const auto& r : rep.rejected) {
        if (r.where.file.empty())
            finding("a rejected row without its file");
        if (with_lines && r.where.line == 0)
            finding("a rejected row without its line");
        if (r.reason.empty())
            finding("a rejected row without a reason");
    }
}

/// The lines of the rows read (validation_report::lines_read) against the lines counted apart
/// (data_rows in record_count.hpp): a stray quote must not take lines out of the account.
inline void check_lines(const tally::io::validation_report& rep, std::size_t lines) {
    if (rep.lines_read != lines)
        finding("lines of the rows read != lines of the records of the input");
}

/// Runs body on the input as text; tally::error is an allowed outcome and must carry its code.
template <class Body>
int run(const std::uint8_t* data, std::size_t size, Body body) {
    std::string text(reinterpret_cast<const char*>(data), size);
    try {
        body(std::move(text));
    } catch (const tally::error& e) {
        if (std::string(e.what()).rfind("[tally.", 0) != 0)
            finding("an error without its [tally.] code");
    } catch (const std::exception& e) {
        std::fprintf(stderr, "uncaught: %s\n", e.what());
        finding("an exception other than tally::error");
    }
    return 0;
}

} // namespace tally_fuzz
