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
#include <tally/dedup/plan.hpp>
#include <tally/dedup/reach.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/dedup/scope.hpp>
#include <tally/dedup/steps.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/file.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/activity_table.hpp>
#include <tally/table/plan_table.hpp>
#include <tally/version.hpp>
