#pragma once
// The flow table: the flows of a plain flow CSV (io/flow_csv.hpp), one entry per used row,
// columnar and dictionary-encoded, so summing per (country, sector) is one pass over two id
// columns into a dense array: the fast path for large files. Each row is taken as it is: there
// is no id to de-duplicate on, and "REGIONAL" / "MULTI" (or any other code) stay their own
// groups.

#include <cstddef>
#include <cstdint>
#include <tally/core/dictionary.hpp>
#include <vector>

namespace tally {

/// Flows of a plain flow CSV, one entry per used row.
struct flow_table {
    dictionary donors;
    dictionary recipients;
    dictionary countries;
    dictionary sectors;
    std::vector<code_id> donor;
    std::vector<code_id> recipient;
    std::vector<code_id> country;
    std::vector<code_id> sector;
    std::vector<std::int64_t> amount_usd;

    std::size_t size() const noexcept { return amount_usd.size(); }
};

} // namespace tally
