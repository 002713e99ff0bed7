#pragma once
// What `tally funding`, `tally misalign` and `tally report` say about funding inputs that
// --as-of cannot filter: a plain flow CSV has no dates, and an FTS flow may have none. Without a
// word the figures would seem to be as of the date while they are not.

#include <cstddef>
#include <ostream>
#include <string>
#include <tally/funding/flow_set.hpp>
#include <vector>

namespace tally::cli {

using funding::undated_funding;

/// Writes one note per undated source and one for the undated flows, when --as-of was given.
inline void tell_undated(std::ostream& err, const undated_funding& u) {
    for (const auto& p : u.sources)
        err << "note: --as-of does not apply to " << p
            << ": a flow CSV has no dates, all its rows are counted\n";
    if (u.flows)
        err << "note: " << u.flows << " flow(s) have no date and are kept whatever --as-of\n";
}

} // namespace tally::cli
