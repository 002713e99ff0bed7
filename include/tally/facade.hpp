#pragma once
// The facade for bindings (bindings/python, bindings/r): the commands of the tool as functions
// that take files or in-memory tables and return tables of plain columns (text, 64-bit integers,
// doubles, with NA), footnotes and rejected rows as tables too. Each entry point calls what the
// tool calls, with the tool's options; no rule is applied here (docs/python.md, docs/r.md).
//
// Cost: including it compiles the readers, the reach and plan pipelines, the join and the
// report; include one of tally/facade/*.hpp for less.

#include <tally/version.hpp>

#include <tally/facade/check.hpp>
#include <tally/facade/funding.hpp>
#include <tally/facade/geography.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/facade/join_inputs.hpp>
#include <tally/facade/misalign.hpp>
#include <tally/facade/plan.hpp>
#include <tally/facade/query.hpp>
#include <tally/facade/reach.hpp>
#include <tally/facade/report.hpp>
#include <tally/facade/table.hpp>
