#pragma once
// The kinds of funding file `tally funding` and `tally misalign` read, told from the content:
// an FTS API response (JSON), an HDX FTS flow export (CSV with amountUSD and boundary columns)
// or a plain flow CSV (donor,recipient,country,sector,amount_usd).

#include "cli.hpp"
#include <string>
#include <tally/core/error.hpp>
#include <tally/io/csv.hpp>

namespace tally::cli {

enum class funding_input_kind { fts_json, fts_csv, flow_csv };

/// Throws errc::parse (naming path) when text is none of the three kinds.
inline funding_input_kind detect_funding_input(const std::string& path, const std::string& text) {
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '{')
            return funding_input_kind::fts_json;
        break;
    }
    io::csv_reader r(text.substr(0, text.find('\n')), path); // the header is enough
    io::csv_record rec;
    if (r.next(rec)) {
        io::header_index h(rec);
        if (h.find("amountUSD") && h.find("boundary"))
            return funding_input_kind::fts_csv;
        if (h.find("amount_usd") && h.find("country"))
            return funding_input_kind::flow_csv;
    }
    throw error(errc::parse, source_position{path, 1, 0},
                "not an FTS JSON response, an FTS flow export or a flow CSV "
                "(donor,recipient,country,sector,amount_usd)");
}

} // namespace tally::cli
