#pragma once
// The definitions of the requirements readers declared in io/requirements_csv.hpp (the rules are
// told there). Included by tally/io/requirements_csv.hpp in the default header-only mode, where
// every program that uses them compiles them; with TALLY_COMPILED they are compiled once, into the
// library tally::compiled (src/requirements_csv.cpp).

#include <tally/io/requirements_csv.hpp>

#include <algorithm>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/iso3166.hpp>
#include <tally/core/money.hpp>
#include <tally/core/names.hpp>
#include <tally/funding/grouping.hpp>
#include <tally/funding/requirements.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_plans.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>

namespace tally::io {

TALLY_INLINE funding::requirements_table
parse_requirements_table(std::string text, std::string source, validation_report& report,
                         const requirements_read_options& options) {
    tell_decoding(report, decode_in_place(text, source));
    const auto repeats = find_repeated_records(text);
    csv_reader r(std::move(text), source);
    csv_record rec;
    funding::requirements_table out;
    if (!r.next(rec))
        return out;
    const tagged_header th(r, rec, source);
    const auto b = resolve_requirements_header(th, source, options.columns, report);
    const auto c_country = b.find("country"), c_sector = b.find("sector"),
               c_req = b.find("requirements_usd"), c_fund = b.find("funding_usd"),
               c_code = b.find("plan_code"), c_id = b.find("plan_id"), c_name = b.find("plan_name"),
               c_type = b.find("plan_type"), c_year = b.find("year"),
               c_start = b.find("start_date");
    if (!c_country || !c_req) // resolve_columns has made sure of them
        throw error(errc::parse, source_position{source, th.line, 0},
                    "a requirements CSV needs a country and a requirements column");
    // Identical lines are kept, as rows of several plans are: with a notice naming both.
    tell_repeated_lines(report, source, repeats);
    tally::detail::notice_count rounded_requirements, rounded_funding, without_requirement;
    // Records read by next_record: a quoted field that swallows lines looking like rows, or
    // never closes, is a rejected row (tally::detail::read_record).
    for (bool pending = th.pending; pending || tally::detail::next_record(r, rec, report, th.width);
         pending = false) {
        if (pending && tally::detail::reject_swallowing(r, rec, report, th.width))
            continue;
        const source_position where{source, rec.line, 0};
        if (!tally::detail::check_row_width(rec, th.width, report, source))
            continue;
        auto cell = [&](const std::optional<std::size_t>& c) {
            return c ? tally::detail::trim(rec[*c]) : std::string_view{};
        };
        std::string why;
        bool rounded = false, req_rounded = false;
        auto amount = [&](const std::optional<std::size_t>& c,
                          std::string_view what) -> std::optional<usd_amount> {
            const auto t = cell(c);
            if (t.empty())
                return std::nullopt;
            const auto v = detail::parse_int(t, &rounded);
            if (!v || *v < 0) {
                tally::detail::add_reason(why, std::string(what) + " '" + std::string(t) +
                                                   "' is not a non-negative whole number");
                return std::nullopt;
            }
            return usd_amount(*v);
        };
        funding::plan_requirement p;
        p.requirements = amount(c_req, "requirements");
        std::swap(rounded, req_rounded);
        p.funding = amount(c_fund, "funding");
        const auto country = cell(c_country);
        if (country.empty())
            tally::detail::add_reason(why, "missing country");
        if (const auto iso3 = iso3_of_country(country))
            p.country = *iso3;
        else
            p.country = std::string(country);
        p.sector = std::string(cell(c_sector));
        p.plan_code = std::string(cell(c_code));
        p.plan_id = std::string(cell(c_id));
        p.plan_name = std::string(cell(c_name));
        p.plan_type = std::string(cell(c_type));
        if (p.plan_code == funding::not_specified ||
            (p.plan_code.empty() && p.plan_name == funding::not_specified)) {
            p.plan_code = std::string(funding::not_specified);
            p.plan_id.clear();
        }
        detail::requirement_year(cell(c_year), cell(c_start), p.year, why);
        if (!why.empty()) {
            report.reject(where, std::move(why));
            continue;
        }
        p.source = source;
        p.line = rec.line;
        report.use();
        if (req_rounded)
            rounded_requirements.see(rec.line);
        if (rounded)
            rounded_funding.see(rec.line);
        if (!p.requirements)
            without_requirement.see(rec.line);
        out.add(std::move(p));
    }
    detail::tell_rounded(report, source, "requirements", rounded_requirements);
    detail::tell_rounded(report, source, "funding", rounded_funding);
    if (without_requirement.rows)
        report.tell({source, without_requirement.first_line, 0},
                    std::string("no requirements given (money outside a plan, or a plan or "
                                "cluster without requirements): no requirement is read") +
                        tally::detail::rows_suffix(without_requirement.rows));
    return out;
}

TALLY_INLINE funding::group_sums<usd_amount>
parse_requirements_csv(std::string text, std::string source, validation_report& report,
                       const requirements_read_options& options) {
    const auto table =
        parse_requirements_table(std::move(text), std::move(source), report, options);
    std::vector<std::string> notes;
    // The checks of the rule: one year, and one plan per country.
    (void)funding::requirements_by(table, {"country"}, notes);
    funding::group_sums<usd_amount> out({"country", "sector"});
    for (const auto& r : table.rows())
        if (r.requirements)
            out.update({r.country, r.sector}, *r.requirements);
    return out;
}

TALLY_INLINE funding::group_sums<usd_amount>
read_requirements_csv(const std::string& path, validation_report& report,
                      const requirements_read_options& options) {
    return parse_requirements_csv(read_file(path), path, report, options);
}

TALLY_INLINE funding::requirements_table
read_requirements_table(const std::string& path, validation_report& report,
                        const requirements_read_options& options) {
    return parse_requirements_table(read_file(path), path, report, options);
}

TALLY_INLINE void read_requirements_text(std::string text, const std::string& source,
                                         io::file_kind kind, funding::requirements_table& into,
                                         io::validation_report& report,
                                         const io::column_map& columns) {
    into.merge(kind == io::file_kind::fts_plans
                   ? io::parse_fts_plan_overview(text, source, report)
                   : io::parse_requirements_table(std::move(text), source, report, {columns}));
}

TALLY_INLINE void resolve_requirement_countries(funding::requirements_table& table,
                                                const geography& geo,
                                                io::validation_report& report) {
    std::vector<std::pair<std::string, std::string>> told; // value, file
    for (auto& r : table.rows()) {
        if (r.country == funding::multi_country || r.country.empty())
            continue;
        if (const auto id = geo.resolve_country(r.country))
            r.country = geo.country(*id).code;
        else if (const auto iso3 = iso3_of_country(r.country))
            r.country = *iso3;
        else if (std::find(told.begin(), told.end(), std::pair{r.country, r.source}) ==
                 told.end()) {
            told.emplace_back(r.country, r.source);
            report.tell({r.source, r.line, 0},
                        "country '" + r.country +
                            "' is neither a country code nor a country name tally knows: kept "
                            "as written, apart from the same place written otherwise");
        }
    }
}

} // namespace tally::io
