#pragma once
// Reader of plain flow CSV files: `donor, recipient, country, sector, amount_usd` (the funding
// file of the peer benchmark, one row per flow, whole US dollars). Columns are found by name in
// the header, in any order, or, for a column no name gives, by the HXL hashtag row (the first
// row, or the row under the names): #country (+code), #sector (+code), #value+funding+usd (not
// +required), #org+funder, #org+impl. Other columns are ignored. Each row is taken as it is: there
// is no id to de-duplicate on, and "REGIONAL" / "MULTI" (or any other code) stay their own groups.
//
// The table is columnar and dictionary-encoded, so summing per (country, sector) is one pass
// over two id columns into a dense array: the fast path for large files.

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <string>
#include <string_view>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/money.hpp>
#include <tally/detail/checked.hpp>
#include <tally/detail/row_reading.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::io {

/// Flows of a plain flow CSV, one entry per used row.
struct flow_table {
    dictionary donors;
    dictionary recipients;
    dictionary countries;
    dictionary sectors;
    std::vector<code_id> donor;
    std::vector<code_id> recipient;
    std::vector<code_id> country;
    std::vector<code_id> sector;
    std::vector<std::int64_t> amount_usd;

    std::size_t size() const noexcept { return amount_usd.size(); }

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

/// Parses a plain flow CSV. Throws errc::parse when the header lacks country, sector or
/// amount_usd (donor and recipient are optional). A row with more or fewer fields than the
/// header, or an amount that is not a whole non-negative number, is rejected into report. A line
/// identical to an earlier one is kept, with a notice naming both (io::tell_repeated_lines).
inline flow_table parse_flow_csv(std::string text, std::string source, validation_report& report) {
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
    const auto c_country = th.find({"country"}, {"#country+code", "#country+iso3", "#country"}),
               c_sector = th.find({"sector", "cluster"}, {"#sector+code", "#sector"}),
               c_amount = th.find({"amount_usd", "amountUSD", "funding_usd"},
                                  {"#value+funding+usd"}, {"required"});
    const auto c_donor = th.find({"donor", "source"}, {"#org+funder"}),
               c_recipient = th.find({"recipient", "destination"}, {"#org+impl"});
    if (!c_country || !c_sector || !c_amount)
        throw error(errc::parse, source_position{source, th.line, 0},
                    "a flow CSV needs the columns country, sector and amount_usd (HXL: "
                    "#country, #sector, #value+funding+usd)");
    std::size_t need = std::max({*c_country, *c_sector, *c_amount});
    if (c_donor)
        need = std::max(need, *c_donor);
    if (c_recipient)
        need = std::max(need, *c_recipient);
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
        // A row with more fields than the header is as wrong as one with fewer: an unquoted
        // "1,000,000" would otherwise be read as 1 USD.
        if (rec.size() != th.width || rec.size() <= need) {
            report.reject({source, rec.line, 0}, "row has " + std::to_string(rec.size()) +
                                                     " fields, expected " +
                                                     std::to_string(th.width));
            continue;
        }
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
inline flow_table read_flow_csv(const std::string& path, validation_report& report) {
    return parse_flow_csv(read_file(path), path, report);
}

} // namespace tally::io
