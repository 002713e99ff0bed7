#pragma once
// The key fields of `tally reach` and `tally plan`: one per key, then `in_transit` when the rows
// come in two parts (`--in-transit separate` on rows that add countries), named and valued by
// dedup::key_columns and dedup::key_values (dedup/query.hpp), as the facade's columns are.

#include "figure_output.hpp"
#include <string>
#include <tally/dedup/query.hpp>
#include <vector>

namespace tally::cli {

/// The key fields of one row of a result.
template <class Result, class Row>
std::vector<field> key_fields(const Result& r, const Row& row) {
    const auto names = dedup::key_columns(r);
    const auto values = dedup::key_values(r, row);
    std::vector<field> fs;
    for (std::size_t i = 0; i < names.size(); ++i)
        fs.push_back(text_field(names[i], values[i]));
    return fs;
}

} // namespace tally::cli
