#pragma once
// Reading 5W activity reports (CSV, RFC 4180) into an activity_table, with validation.
//
// Two layouts are read, told apart by the header:
// - wide: one column per population group (any code, label or alias of the table's
//   population_groups registry, e.g. `in_destination` or the R4V export's `IN_DESTINATION`,
//   `Host_Communities`, `PENDULARS`), plus `new_beneficiaries` and optionally `total_monthly`;
// - long: a `population_group` column and a `reached` column (one row per group); reached is the
//   row's new beneficiaries, and total_monthly is "not reported" (-1) when the column is absent.
// Header names are matched without regard to case, blanks, spaces or hyphens, and the R4V 5W
// export names map to the canonical columns (see the alias lists below). The organisation may be
// given as `appealing_org` and/or `implementing_org`, or as one `partner` column (the benchmark
// files), which then fills both roles.
//
// Validation: a bad row is not used; it is listed in the report with its file, the line its
// record starts on, and every reason found (joined by "; "). rows_read == rows_used + rejected.
// A row is rejected for
//   - a wrong number of fields;
//   - a missing key: country, month, sector, indicator, organisation (long form: also
//     population_group);
//   - a month that is not YYYY-MM (YYYY-MM-DD is accepted and keeps the month);
//   - an indicator type that is not known (an empty cell or no column means direct assistance);
//   - an unknown population group (long form);
//   - a number cell that is not a whole number, is negative or does not fit in 64 bits;
//   - population-group cells (wide form, when the header has group columns) that do not add up
//     to new beneficiaries;
//   - age/gender cells that do not add up to new beneficiaries, when any of them is given;
//   - new beneficiaries above total monthly, when total monthly is given.
// Empty number cells: a group or age/gender cell counts as 0; new beneficiaries counts as 0
// (activities of other indicator types often leave it blank); total monthly is "not reported"
// (-1) and then is not compared. In the wide form without a new_beneficiaries column, new
// beneficiaries are the sum of the group cells.
// Notices (the row is still used): beneficiaries on an indicator that is not direct assistance
// (they never count as reached; told once per indicator), an unreadable CVA flag (kept as
// unknown), columns that match no field, and, when options.geo is set, country and admin1 codes
// that do not resolve against it (told once per code, at its first line, with the row count).
//
// Cost to the includer: this header declares the readers; their definitions (the parser, the
// parallel read) are in io/activity_reader-inl.hpp, included below in the default header-only
// mode and compiled once into the library tally::compiled when TALLY_COMPILED is defined
// (docs/packaging.md).

#include <cstddef>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/indicator_catalog.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/activity_table.hpp>
#include <tally/version.hpp>

namespace tally::io {

struct activity_read_options {
    /// When set: country/admin1 codes that do not resolve are reported as notices (row still
    /// used).
    const geography* geo = nullptr;
    /// Threads that parse at once; 0: one per core. The result does not depend on it.
    unsigned threads = 0;
    /// Bytes per slice of the input; 0: the input split evenly among the threads, in slices of
    /// at least 4 MiB (so small inputs are read by one thread). Small values are for tests.
    std::size_t chunk_bytes = 0;
    /// Show progress on stderr (megabytes read, rows per second) while reading an input of
    /// 64 MiB or more on several threads, and only when stderr is a terminal.
    bool progress = false;
    /// The user's column map (io/column_map.hpp), applied before the built-in layouts.
    column_map columns;
    /// The user's list of indicator types (core/indicator_catalog.hpp), which takes precedence
    /// over the file's type column and over tally's typing of indicators; nullptr: none.
    const indicator_types* types = nullptr;
};

} // namespace tally::io

namespace tally::io {

/// Reads activity rows from the CSV text[0, size) into `into` (appending; its dictionaries grow)
/// and returns the validation report; map, when given, is the mapping text lives in (its pages
/// are given back as they are read). source names the input in the report. Parallel for large
/// inputs, with the result of a reading from start to end (see the definition).
TALLY_INLINE validation_report read_activities_utf8(const char* text, std::size_t size,
                                                    std::string source, activity_table& into,
                                                    const activity_read_options& options,
                                                    const mapped_file* map,
                                                    const decoded_input* decoded = nullptr,
                                                    std::string_view original = {});

/// Reads the activity rows of the bytes [text, text + size) (see read_activities_utf8): UTF-8 is
/// read in place; other encodings are first decoded to UTF-8 (io/encoding.hpp), with notices.
TALLY_INLINE validation_report read_activities_span(const char* text, std::size_t size,
                                                    std::string source, activity_table& into,
                                                    const activity_read_options& options = {},
                                                    const mapped_file* map = nullptr);

/// Reads activity rows from CSV text into `into` (appending; its dictionaries grow) and returns
/// the validation report. source names the input in the report (usually the file path).
/// Throws errc::parse when the text is empty or the header is not that of an activity file (see
/// the file comment); never for a bad row.
TALLY_INLINE validation_report read_activities_text(std::string text, std::string source,
                                                    activity_table& into,
                                                    const activity_read_options& options = {});

/// Reads the activity file at path into `into`, from a memory map of it when it is a regular
/// file (no copy; pages are given back as they are read). Throws errc::io when the file cannot
/// be read, errc::parse when it is empty or its header is not that of an activity file.
TALLY_INLINE validation_report read_activities(const std::string& path, activity_table& into,
                                               const activity_read_options& options = {});

} // namespace tally::io

#ifndef TALLY_COMPILED
#include <tally/io/activity_reader-inl.hpp>
#endif
