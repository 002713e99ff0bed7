#pragma once
// The umbrella header: everything tally offers.

#include <tally/core/count.hpp>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/money.hpp>
#include <tally/core/period.hpp>
#include <tally/core/population_group.hpp>
#include <tally/core/sector.hpp>
#include <tally/funding/allocation.hpp>
#include <tally/funding/coverage.hpp>
#include <tally/funding/flow.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/activity_table.hpp>
#include <tally/table/plan_table.hpp>
#include <tally/version.hpp>
