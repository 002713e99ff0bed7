#pragma once
// The key columns of `tally reach` and `tally plan`: one per key, then `in_transit` when the rows
// come in two parts (`--in-transit separate` on rows that add countries): "excluded" on the row
// of the groups that add across countries, "only" on the row of people in transit.

#include "figure_output.hpp"
#include <string>
#include <tally/dedup/query.hpp>
#include <vector>

namespace tally::cli {

/// The key column names of a result (reach_result or plan_result).
template <class Result>
std::vector<std::string> key_columns(const Result& r) {
    std::vector<std::string> header;
    for (auto k : r.by)
        header.emplace_back(dedup::to_string(k));
    if (dedup::in_parts(r))
        header.emplace_back("in_transit");
    return header;
}

/// The key fields of one row of a result.
template <class Result, class Row>
std::vector<field> key_fields(const Result& r, const Row& row) {
    std::vector<field> fs;
    for (std::size_t i = 0; i < r.by.size(); ++i)
        fs.push_back(text_field(std::string(dedup::to_string(r.by[i])), row.keys[i]));
    if (dedup::in_parts(r))
        fs.push_back(text_field(
            "in_transit", row.part == dedup::transit_part::per_country ? "only" : "excluded"));
    return fs;
}

} // namespace tally::cli
