#pragma once
// Reader of plain flow CSV files: `donor, recipient, country, sector, amount_usd` (the funding
// file of the peer benchmark, one row per flow, whole US dollars). Columns are found once, at the
// header, by io::resolve_columns (io/column_map.hpp): the user's column map
// (flow_csv_options::columns), then the layout `flow CSV` (names in any order, and their usual
// spellings: amountUSD, funding_usd, cluster, source, destination), then, for a role no name
// gives, the layout `HXL flows` read from the HXL hashtag row (the first row, or the row under
// the names): #country (+code), #sector (+code), #value+funding+usd (not +required), #org+funder,
// #org+impl (io/layouts.hpp). A column not read whose name is close to one the layouts read
// (`amountUS`, `recipent`) stops the file; other columns are told as not used. Each row is taken
// as it is: there is no id to de-duplicate on, and "REGIONAL" / "MULTI" (or any other code) stay
// their own groups. The flows are read into a flow table (table/flow_table.hpp).

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <tally/core/checked.hpp>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/flow_table.hpp>
#include <tally/version.hpp>
#include <vector>

namespace tally::io {

/// A flow table as the reader gives it (table/flow_table.hpp), with its funding per (country,
/// sector).
struct flow_table : tally::flow_table {
    /// Σ amount_usd per (country, sector), keys "country","sector" in byte order. Only pairs
    /// that occur in the table appear. Throws errc::overflow when a sum exceeds 64 bits.
    funding::group_sums<usd_amount> funding_by_country_sector() const {
        const std::size_t ns = sectors.size();
        std::vector<std::int64_t> sum(countries.size() * ns, 0);
        std::vector<std::uint8_t> seen(sum.size(), 0);
        for (std::size_t i = 0, n = size(); i < n; ++i) {
            const std::size_t cell = std::size_t{country[i]} * ns + sector[i];
            sum[cell] = tally::detail::checked_add(sum[cell], amount_usd[i]);
            seen[cell] = 1;
        }
        funding::group_sums<usd_amount> out({"country", "sector"});
        for (std::size_t c = 0; c < countries.size(); ++c)
            for (std::size_t s = 0; s < ns; ++s)
                if (seen[c * ns + s])
                    out.update(
                        {countries[static_cast<code_id>(c)], sectors[static_cast<code_id>(s)]},
                        usd_amount(sum[c * ns + s]));
        return out;
    }
};

/// How a flow CSV is read.
struct flow_csv_options {
    /// The user's column map (io/column_map.hpp), applied before the built-in layouts.
    column_map columns;
};

/// The columns of a flow CSV whose header is th (io::resolve_columns with the flow layouts),
/// the columns not read told in report. Throws errc::parse naming source and the header line as
/// io::resolve_columns does.
inline resolved_columns resolve_flow_header(const tagged_header& th, const std::string& source,
                                            const column_map& columns, validation_report& report) {
    auto b = resolve_columns(th.cells, flow_roles(), flow_layouts(), columns, source, th.line,
                             th.tag_cells);
    tell_columns(report, source, th.line, b);
    return b;
}

/// Parses a plain flow CSV. Throws errc::parse when the header lacks country, sector or
/// amount_usd (donor and recipient are optional), and as io::resolve_columns does (a column of
/// the map not in the file, a role mapped twice, a column close to a role's name and not read).
/// A row with more or fewer fields than the header, or an amount that is not a whole
/// non-negative number, is rejected into report. A line identical to an earlier one is kept,
/// with a notice naming both (io::tell_repeated_lines).
TALLY_INLINE flow_table parse_flow_csv(std::string text, std::string source,
                                       validation_report& report,
                                       const flow_csv_options& options = {});

/// Reads the plain flow CSV at path. Throws errc::io when it cannot be read, errc::parse as
/// parse_flow_csv does.
TALLY_INLINE flow_table read_flow_csv(const std::string& path, validation_report& report,
                                      const flow_csv_options& options = {});

} // namespace tally::io

#ifndef TALLY_COMPILED
#include <tally/io/flow_csv-inl.hpp>
#endif
