#pragma once
// The validation report of a bulk reader. Bulk readers never throw per bad row: every input row
// is either used or listed here with its file, line and reason, and the counts add up:
// rows_read == rows_used + rejected.size(). Notices are problems that do not reject a row
// (a code that does not resolve against the loaded geography, a target above PiN, ...).

#include <cstddef>
#include <string>
#include <tally/core/error.hpp>
#include <vector>

namespace tally::io {

/// One row not used, and why.
struct rejected_row {
    source_position where;
    std::string reason;
};

/// A problem worth telling that did not reject the row.
struct notice {
    source_position where;
    std::string message;
};

/// How the columns of one input were read (io/column_map.hpp): the layout recognised, and the
/// binding as a column map a user can copy.
struct read_layout {
    std::string source;
    std::string layout;
    std::string map;
};

struct validation_report {
    std::size_t rows_read = 0;
    std::size_t rows_used = 0;
    std::vector<rejected_row> rejected;
    std::vector<notice> notices;
    std::vector<read_layout> layouts; ///< one per table read by named columns

    bool clean() const noexcept { return rejected.empty(); }
    /// The invariant every reader keeps.
    bool balanced() const noexcept { return rows_read == rows_used + rejected.size(); }

    void reject(source_position where, std::string reason) {
        ++rows_read;
        rejected.push_back({std::move(where), std::move(reason)});
    }
    void use() {
        ++rows_read;
        ++rows_used;
    }
    void tell(source_position where, std::string message) {
        notices.push_back({std::move(where), std::move(message)});
    }
    /// Adds another report (for example of the next file).
    void merge(const validation_report& o) {
        rows_read += o.rows_read;
        rows_used += o.rows_used;
        rejected.insert(rejected.end(), o.rejected.begin(), o.rejected.end());
        notices.insert(notices.end(), o.notices.begin(), o.notices.end());
        layouts.insert(layouts.end(), o.layouts.begin(), o.layouts.end());
    }
};

} // namespace tally::io
