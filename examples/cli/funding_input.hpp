#pragma once
// The kind of a funding input, told from its content: shared by `tally funding` and
// `tally report` so that both accept the same files.

#include <string>
#include <tally/core/error.hpp>
#include <tally/io/csv.hpp>

namespace tally::cli {

enum class input_kind { fts_json, fts_csv, flow_csv };

/// FTS API JSON (starts with '{'), an HDX FTS flow export (amountUSD and boundary columns) or
/// a plain flow CSV (amount_usd and country). Throws errc::parse otherwise.
inline input_kind detect(const std::string& path, const std::string& text) {
    for (char c : text) {
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t')
            continue;
        if (c == '{')
            return input_kind::fts_json;
        break;
    }
    io::csv_reader r(text.substr(0, text.find('\n')), path); // the header is enough
    io::csv_record rec;
    if (r.next(rec)) {
        io::header_index h(rec);
        if (h.find("amountUSD") && h.find("boundary"))
            return input_kind::fts_csv;
        if (h.find("amount_usd") && h.find("country"))
            return input_kind::flow_csv;
    }
    throw error(errc::parse, source_position{path, 1, 0},
                "not an FTS JSON response, an FTS flow export or a flow CSV "
                "(donor,recipient,country,sector,amount_usd)");
}

} // namespace tally::cli
