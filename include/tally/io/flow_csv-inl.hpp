#pragma once
// The definitions of the flow CSV reader declared in io/flow_csv.hpp (the rules are told
// there). Included by io/flow_csv.hpp in the default header-only mode, where every program
// that uses them compiles them; with TALLY_COMPILED they are compiled once, into the library
// tally::compiled (src/flow_csv.cpp).

#include <tally/io/flow_csv.hpp>

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

TALLY_INLINE flow_table parse_flow_csv(std::string text, std::string source,
                                       validation_report& report, const flow_csv_options& options) {
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

TALLY_INLINE flow_table read_flow_csv(const std::string& path, validation_report& report,
                                      const flow_csv_options& options) {
    return parse_flow_csv(read_file(path), path, report, options);
}

} // namespace tally::io
