#pragma once
// The validation report of a bulk reader. Bulk readers never throw per bad row: every input row
// is either used or listed here with its file, line and reason, and the counts add up:
// rows_read == rows_used + rejected.size(). Notices are problems that do not reject a row
// (a code that does not resolve against the loaded geography, a target above PiN, ...).
// CSV readers also count the physical lines of the rows they read (lines_read): a row whose
// quoted field runs over line ends takes several, so the lines of a file are accounted for
// too, not only its records.

#include <cstddef>
#include <string>
#include <tally/core/error.hpp>
#include <vector>

namespace tally::io {

/// One row not used, and why.
struct rejected_row {
    source_position where;
    std::string reason;
    /// The last line of a row refused for the lines it took (a quoted field that ran over the
    /// lines below it); 0 for a row of one line.
    std::size_t through = 0;

    /// "FILE:LINE: rejected: REASON", with " (lines LINE-THROUGH)" for a row of several lines:
    /// the one form every command prints a rejected row in.
    std::string to_string() const {
        std::string s = where.to_string();
        s += ": rejected: ";
        s += reason;
        if (through > where.line) {
            s += " (lines ";
            s += std::to_string(where.line);
            s += '-';
            s += std::to_string(through);
            s += ')';
        }
        return s;
    }
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
    /// The physical lines of the rows read (CSV readers; 0 for inputs without lines). Above
    /// rows_read when quoted fields run over line ends.
    std::size_t lines_read = 0;
    std::vector<rejected_row> rejected;
    std::vector<notice> notices;
    std::vector<read_layout> layouts; ///< one per table read by named columns

    bool clean() const noexcept { return rejected.empty(); }
    /// The invariant every reader keeps.
    bool balanced() const noexcept { return rows_read == rows_used + rejected.size(); }

    void reject(source_position where, std::string reason, std::size_t through = 0) {
        ++rows_read;
        rejected.push_back({std::move(where), std::move(reason), through});
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
        lines_read += o.lines_read;
        rejected.insert(rejected.end(), o.rejected.begin(), o.rejected.end());
        notices.insert(notices.end(), o.notices.begin(), o.notices.end());
        layouts.insert(layouts.end(), o.layouts.begin(), o.layouts.end());
    }
};

} // namespace tally::io
