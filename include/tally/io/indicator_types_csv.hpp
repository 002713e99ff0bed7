#pragma once
// Reading a user's list of indicator types (core/indicator_catalog.hpp) from CSV: columns
// `indicator` and `type` (or `indicator_type`), optionally `sector` and `year` (the plan year the
// entry is for; empty: any). Types are spelt as in 5W files ("Direct Assistance", "Capacity
// Building", "Infrastructure", "Mechanism/Advocacy", "Other", "PiN", ...).

#include <charconv>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/indicator_catalog.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>

namespace tally::io {

/// Parses a list of indicator types. Throws errc::parse naming source and the line for a missing
/// column, an empty indicator, a type that is not known, a year that is not a year, or the same
/// indicator (with the same sector and year) given two types.
inline indicator_types read_indicator_types_text(std::string text, const std::string& source) {
    decode_in_place(text, source);
    csv_reader rd(std::move(text), source);
    csv_record rec;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty file: no header");
    const header_index h(rec);
    h.require_distinct(source, rec.line);
    const auto ci = h.find({"indicator", "indicator_code", "indicator_indicator"});
    const auto ct = h.find({"type", "indicator_type", "indicator_indicator_type"});
    const auto cs = h.find({"sector", "indicator_sector", "subsector"});
    const auto cy = h.find({"year", "plan_year"});
    if (!ci || !ct)
        throw error(errc::parse, source_position{source, rec.line, 0},
                    "not a list of indicator types: it needs the columns indicator and type "
                    "(and may have sector and year)");
    indicator_types out;
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
            s.remove_suffix(1);
        return s;
    };
    while (rd.next(rec)) {
        const source_position at{source, rec.line, 0};
        auto field = [&](std::optional<std::size_t> c) {
            return c && *c < rec.size() ? trim(rec[*c]) : std::string_view{};
        };
        const auto ind = field(ci), ty = field(ct);
        if (ind.empty())
            throw error(errc::parse, at, "an entry without an indicator");
        const auto type = parse_indicator_type(ty);
        if (!type)
            throw error(errc::parse, at,
                        "indicator type '" + std::string(ty) +
                            "' is not known (Direct Assistance, Capacity Building, "
                            "Infrastructure, Mechanism/Advocacy or Other)");
        int year = 0;
        if (const auto y = field(cy); !y.empty()) {
            const auto r = std::from_chars(y.data(), y.data() + y.size(), year);
            if (r.ec != std::errc() || r.ptr != y.data() + y.size() || year < 1900 || year > 2100)
                throw error(errc::parse, at, "year '" + std::string(y) + "' is not a year");
        }
        const std::string sector(field(cs));
        for (const auto& e : out.entries())
            if (tally::detail::indicator_key(e.indicator) == tally::detail::indicator_key(ind) &&
                tally::detail::indicator_key(e.sector) == tally::detail::indicator_key(sector) &&
                e.year == year && e.type != *type)
                throw error(errc::parse, at,
                            "indicator '" + std::string(ind) + "' is given two types (" +
                                std::string(to_string(e.type)) + " and " +
                                std::string(to_string(*type)) + ")");
        out.add({std::string(ind), *type, sector, year});
    }
    return out;
}

/// read_indicator_types_text of the file at path. Throws errc::io when it cannot be read.
inline indicator_types read_indicator_types(const std::string& path) {
    return read_indicator_types_text(read_file(path), path);
}

} // namespace tally::io
