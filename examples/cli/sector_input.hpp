#pragma once
// `--sector NAME`, as every command reads it: the one sector filter of the library
// (table/sector_scope.hpp), an unknown name refused as a usage error that lists the catalog's
// sectors. Under a filter, reach and plan give sector rows only (`sector` is added to --by when
// it is missing), each figure saying that it is one sector's: sector figures are never summed
// into an intersector figure.

#include "cli.hpp"
#include <algorithm>
#include <string>
#include <tally/core/error.hpp>
#include <tally/dedup/query.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/table/sector_scope.hpp>
#include <vector>

namespace tally::cli {

using dedup::add_sector_key;
using dedup::note_sector;

/// The scope --sector names (every sector when it is not given). Throws errc::usage for a name
/// the R4V catalog does not know, the message listing the sectors it knows.
inline sector_scope sector_input(const options& opt) {
    try {
        return sector_scope::of(opt.value_or("sector", ""));
    } catch (const error& e) {
        throw error(errc::usage, "--sector: " + e.detail());
    }
}

} // namespace tally::cli
