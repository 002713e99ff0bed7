#pragma once
// Reading plan tables — people in need (PiN) and targets — from CSV (RFC 4180) into a
// plan_table, with validation.
//
// Columns (header names match without regard to case, blanks, spaces or hyphens):
//   country, admin1 (optional; empty = country level), sector, population_group, pin, target,
//   and optionally the age/gender cells of each: pin_girls, pin_boys, pin_women, pin_men,
//   pin_other_under_18, pin_other_above_18, and the same six with the prefix target_.
// At least one of pin and target is required; an absent column or an empty cell counts as 0.
// A sector value "Intersector" (tally::is_intersector_label) marks a precomputed all-sector row:
// it is stored with intersector = true and sector = no_code, and is never added to sector rows.
//
// Validation: a bad row is not used and is listed with its file, line and reasons (joined by
// "; "); rows_read == rows_used + rejected. A row is rejected for a wrong number of fields, a
// missing country, sector or population_group, an unknown population group, a number cell that
// is not a whole non-negative number, age/gender cells that do not add up to their total (when
// any of the twelve cells is given, both sets are checked: give both or neither; empty cells
// count as 0), or a repeated key (same country, admin1, sector and population group as an
// earlier row of the table: a plan has one figure per cell, and two could neither be added nor
// chosen between).
// Notices (row still used): target above PiN; columns that match no field; with options.geo,
// country and admin1 codes that do not resolve (once per code, at its first line).
//
// Cost to the includer: this header declares the readers; their definitions (the header
// resolution, the row reader) are in io/plan_reader-inl.hpp, included below in the default
// header-only mode and compiled once into the library tally::compiled when TALLY_COMPILED is
// defined (docs/packaging.md).

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/sector.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/plan_table.hpp>
#include <tally/version.hpp>
#include <unordered_map>
#include <vector>

namespace tally::io {

struct plan_read_options {
    /// When set: country/admin1 codes that do not resolve are reported as notices.
    const geography* geo = nullptr;
    /// For an HNO table (io/hno.hpp) without a country column: its country (ISO3).
    std::string country;
    /// For an HNO table: the geographic level of the total rows read.
    hno_level level = hno_level::national;
    /// For an HNO table: its breakdowns by category or group as population groups too.
    bool breakdowns_as_groups = false;
    /// The user's column map (io/column_map.hpp), applied before the built-in layouts; for a
    /// needs table (io/hno.hpp), its map (hno_read_options::columns).
    column_map columns;
};

} // namespace tally::io

namespace tally::io {

/// Reads plan rows from CSV text into `into` (appending) and returns the validation report.
/// A needs table (is_hno_table: HNO with HXL, HPC, HDX HAPI) is read by read_hno_text. Throws
/// errc::parse when the text is empty or the header lacks country, sector, population_group, or
/// both pin and target; never for a bad row.
TALLY_INLINE validation_report read_plan_text(std::string text, std::string source,
                                              plan_table& into,
                                              const plan_read_options& options = {});

/// Reads the plan file at path into `into`. Throws errc::io when the file cannot be read,
/// errc::parse when it is empty or its header is not that of a plan file.
TALLY_INLINE validation_report read_plan(const std::string& path, plan_table& into,
                                         const plan_read_options& options = {});

} // namespace tally::io

#ifndef TALLY_COMPILED
#include <tally/io/plan_reader-inl.hpp>
#endif
