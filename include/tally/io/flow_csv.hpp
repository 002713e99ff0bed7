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
inline flow_table parse_flow_csv(std::string text, std::string source, validation_report& report,
                                 const flow_csv_options& options = {}) {
    // One row per line, give or take the header and blank lines: reserve once.
    const auto lines = static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n')) + 1;
    tell_decoding(report, decode_in_place(text, source));
    // Identical lines are two flows: kept and summed, as every row is, with a notice naming both.
    const auto repeats = find_repeated_records(text);
    csv_reader r(std::move(text), source);
    csv_record rec;
    flow_table t;
    if (!r.next(rec))
        return t;
    const tagged_header th(r, rec, source);
    // Resolved once, here: the row loop below reads the columns by index.
    const auto b = resolve_flow_header(th, source, options.columns, report);
    const auto c_country = b.find("country"), c_sector = b.find("sector"),
               c_amount = b.find("amount_usd");
    const auto c_donor = b.find("donor"), c_recipient = b.find("recipient");
    if (!c_country || !c_sector || !c_amount) // resolve_columns has made sure of them
        throw error(errc::parse, source_position{source, th.line, 0},
                    "a flow CSV needs the columns country, sector and amount_usd");
    // Every column found is one of the header's, so a row of the header's width has them all.
    tell_repeated_lines(report, source, repeats);
    for (auto* v : {&t.donor, &t.recipient, &t.country, &t.sector})
        v->reserve(lines);
    t.amount_usd.reserve(lines);
    const code_id none_donor = t.donors.intern(""), none_recipient = t.recipients.intern("");
    tally::detail::intern_cache countries(t.countries), sectors(t.sectors), donors(t.donors),
        recipients(t.recipients);
    // The fields are views into the reader's text (or its buffer of unescaped fields).
    const char* const text_begin = r.input().data();
    const char* const text_end = text_begin + r.input().size();
    auto id = [&](tally::detail::intern_cache& c, std::string_view s) {
        return c.intern(s, text_begin, text_end);
    };
    // Records read by next_record: a quoted field that swallows lines looking like rows, or
    // never closes, is a rejected row (tally::detail::read_record).
    for (bool pending = th.pending; pending || tally::detail::next_record(r, rec, report, th.width);
         pending = false) {
        if (pending && tally::detail::reject_swallowing(r, rec, report, th.width))
            continue;
        if (!tally::detail::check_row_width(rec, th.width, report, source))
            continue;
        const auto a = rec[*c_amount];
        std::int64_t v = 0;
        auto [p, ec] = std::from_chars(a.data(), a.data() + a.size(), v);
        if (a.empty() || ec != std::errc() || p != a.data() + a.size()) {
            report.reject({source, rec.line, 0},
                          "amount_usd '" + std::string(a) + "' is not a whole number");
            continue;
        }
        if (v < 0) {
            report.reject({source, rec.line, 0}, "amount_usd " + std::string(a) +
                                                     " is negative (a flow CSV has no refunds)");
            continue;
        }
        if (rec[*c_country].empty() || rec[*c_sector].empty()) {
            report.reject({source, rec.line, 0}, "empty country or sector");
            continue;
        }
        t.country.push_back(id(countries, rec[*c_country]));
        t.sector.push_back(id(sectors, rec[*c_sector]));
        t.donor.push_back(c_donor ? id(donors, rec[*c_donor]) : none_donor);
        t.recipient.push_back(c_recipient ? id(recipients, rec[*c_recipient]) : none_recipient);
        t.amount_usd.push_back(v);
        report.use();
    }
    return t;
}

/// Reads the plain flow CSV at path. Throws errc::io when it cannot be read, errc::parse as
/// parse_flow_csv does.
inline flow_table read_flow_csv(const std::string& path, validation_report& report,
                                const flow_csv_options& options = {}) {
    return parse_flow_csv(read_file(path), path, report, options);
}

} // namespace tally::io
