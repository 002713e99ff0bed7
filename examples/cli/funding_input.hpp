#pragma once
// The kinds of funding file `tally funding` and `tally misalign` read, told from the content:
// an FTS API response (JSON), an HDX FTS flow export (CSV with amountUSD and boundary columns)
// or a plain flow CSV (donor,recipient,country,sector,amount_usd).

#include "cli.hpp"
#include <string>
#include <tally/core/error.hpp>
#include <tally/io/input_files.hpp>

namespace tally::cli {

enum class funding_input_kind { fts_json, fts_csv, flow_csv };

/// The kind of a funding file, by the detection every command uses (io::detect_file_kind).
/// Throws errc::parse (naming path) when text is none of the three kinds.
inline funding_input_kind detect_funding_input(const std::string& path, const std::string& text) {
    switch (io::detect_file_kind(text, path)) {
    case io::file_kind::fts_json:
        return funding_input_kind::fts_json;
    case io::file_kind::fts_csv:
        return funding_input_kind::fts_csv;
    case io::file_kind::flow_csv:
        return funding_input_kind::flow_csv;
    default:
        throw error(errc::parse, source_position{path, 1, 0},
                    "not an FTS JSON response, an FTS flow export or a flow CSV "
                    "(donor,recipient,country,sector,amount_usd)");
    }
}

} // namespace tally::cli
