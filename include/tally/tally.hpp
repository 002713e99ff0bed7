#pragma once
// The umbrella header: the vocabulary, the tables, de-duplication, funding, the readers and the
// joined table, which is what an analysis program uses. Left out, because every program would
// pay for them on each compile: the misalignment statistics (<tally/metrics/misalignment.hpp>,
// distribution.hpp, outliers.hpp: Boost.Accumulators, a third of the umbrella's compile time
// before), the report (<tally/report/*.hpp>) and the identifier sketches (<tally/sketch/*.hpp>),
// each in its own headers; <tally/all.hpp> includes everything. The compile time and memory of
// including it: docs/speed.md ("Compile time").
// The optional components are never included here
// (<tally/sketch/keyed_hash.hpp> needs libsodium: link tally::sodium; <tally/io/xlsx.hpp> needs
// libzip and pugixml: link tally::xlsx).

#include <tally/core/count.hpp>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/indicator_catalog.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/core/money.hpp>
#include <tally/core/names.hpp>
#include <tally/core/period.hpp>
#include <tally/core/population_group.hpp>
#include <tally/core/resolve.hpp>
#include <tally/core/sector.hpp>
#include <tally/dedup/plan.hpp>
#include <tally/dedup/presence.hpp>
#include <tally/dedup/reach.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/dedup/scope.hpp>
#include <tally/dedup/states.hpp>
#include <tally/dedup/steps.hpp>
#include <tally/funding/allocation.hpp>
#include <tally/funding/coverage.hpp>
#include <tally/funding/flow.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/fts_plans.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/indicator_types_csv.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/presence_reader.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/io/validation.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/metrics/ratio.hpp>
#include <tally/table/activity_table.hpp>
#include <tally/table/flow_table.hpp>
#include <tally/table/plan_table.hpp>
#include <tally/table/presence_table.hpp>
#include <tally/table/sector_scope.hpp>
#include <tally/version.hpp>
