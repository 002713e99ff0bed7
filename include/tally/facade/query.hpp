#pragma once
// The rows of a reach or plan result as a facade result: the key columns (dedup::key_columns:
// one per key, then in_transit when the rows come in parts) with each row's values, and the
// tables every query returns besides its rows (footnotes, rejected rows, notices, row counts).
// facade::reach and facade::plan add their measures between the two. No rule is applied here.
//
// Cost: one vector of key values per row; values are copied once out of the result.

#include <tally/version.hpp>

#include <cstddef>
#include <string>
#include <tally/dedup/query.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/facade/table.hpp>
#include <tally/io/validation.hpp>
#include <utility>
#include <vector>

namespace tally::facade {

/// Adds the key columns of r (reach_result or plan_result) to t as text columns, before any
/// other column; returns how many.
template <class Result>
std::size_t add_key_columns(table& t, const Result& r) {
    const auto keys = dedup::key_columns(r);
    for (const auto& k : keys)
        t.add(k, column_type::text);
    return keys.size();
}

/// Appends the key values of one row of r to the key columns of t (add_key_columns).
template <class Result, class Row>
void add_key_values(table& t, const Result& r, const Row& row) {
    auto values = dedup::key_values(r, row);
    for (std::size_t i = 0; i < values.size(); ++i)
        t.columns[i].text.push_back(std::move(values[i]));
}

} // namespace tally::facade
