#pragma once
// Readers of funding requirements, keyed by (country, sector):
//  - plain `country, sector, requirements_usd`;
//  - FTS's requirements exports on HDX (hxl_fts_requirements_funding_<iso3>.csv, per plan:
//    countryCode, ..., requirements; hxl_fts_requirements_funding_cluster_<iso3>.csv, per plan
//    cluster: countryCode, ..., cluster, requirements), with or without their HXL row;
//  - a file tagged with HXL only, or with names tally does not know above its hashtag row:
//    #country (+code), #sector (+code), #value+required+usd.
// Names are looked up first, tags for the columns no name gives.
// A per-plan file has no sector: its rows get the sector "" (all sectors). An empty
// requirements cell (a plan or cluster without requirements) is skipped with a notice, not
// read as 0, so its coverage stays n/a. Rows of several plans for one country and sector add up.
// Requirements with cents are rounded to whole dollars (half away from zero), with a notice.

#include <algorithm>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/detail/row_reading.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>

namespace tally::io {

/// Parses requirements (either layout, told apart by the header). Throws errc::parse when the
/// header has no country column or no requirements column. A line identical to an earlier one
/// is kept (rows of one country and sector add up), with a notice naming both.
inline funding::group_sums<usd_amount> parse_requirements_csv(std::string text, std::string source,
                                                              validation_report& report) {
    tell_decoding(report, decode_in_place(text, source));
    const auto repeats = find_repeated_records(text);
    csv_reader r(std::move(text), source);
    csv_record rec;
    funding::group_sums<usd_amount> out({"country", "sector"});
    if (!r.next(rec))
        return out;
    const tagged_header th(r, rec, source);
    const auto c_country = th.find({"country", "countryCode"},
                                   {"#country+code", "#country+iso3", "#country"}),
               c_sector = th.find({"sector", "cluster"}, {"#sector+code", "#sector"}),
               c_req = th.find({"requirements_usd", "requirements"}, {"#value+required+usd"});
    if (!c_country || !c_req)
        throw error(errc::parse, source_position{source, th.line, 0},
                    "a requirements CSV needs a country (or countryCode) and a requirements_usd "
                    "(or requirements) column (HXL: #country, #value+required+usd)");
    // Identical lines add up, as rows of several plans do: kept, with a notice naming both.
    tell_repeated_lines(report, source, repeats);
    tally::detail::notice_count rounded_rows;
    // Records read by next_record: a quoted field that swallows lines looking like rows, or
    // never closes, is a rejected row (tally::detail::read_record).
    for (bool pending = th.pending; pending || tally::detail::next_record(r, rec, report, th.width);
         pending = false) {
        if (pending && tally::detail::reject_swallowing(r, rec, report, th.width))
            continue;
        const source_position where{source, rec.line, 0};
        const std::size_t need = std::max(*c_country, std::max(*c_req, c_sector.value_or(0)));
        if (rec.size() != th.width || rec.size() <= need) {
            report.reject(where, "row has " + std::to_string(rec.size()) + " fields, expected " +
                                     std::to_string(th.width));
            continue;
        }
        if (rec[*c_req].empty()) {
            report.use();
            report.tell(where, "no requirements given: row skipped");
            continue;
        }
        bool rounded = false;
        auto v = detail::parse_int(rec[*c_req], &rounded);
        if (!v || *v < 0) {
            report.reject(where, "requirements '" + std::string(rec[*c_req]) +
                                     "' is not a non-negative whole number");
            continue;
        }
        out.update(
            {std::string(rec[*c_country]), c_sector ? std::string(rec[*c_sector]) : std::string()},
            usd_amount(*v));
        report.use();
        if (rounded)
            rounded_rows.see(rec.line);
    }
    detail::tell_rounded(report, source, "requirements", rounded_rows);
    return out;
}

/// Reads requirements from the file at path. Throws errc::io when it cannot be read.
inline funding::group_sums<usd_amount> read_requirements_csv(const std::string& path,
                                                             validation_report& report) {
    return parse_requirements_csv(read_file(path), path, report);
}

} // namespace tally::io
