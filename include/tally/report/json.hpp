#pragma once
// The report as JSON for programs. Keys (fixed):
//   region       {reached, target, pin, attainment, funding_usd, requirements_usd, coverage,
//                 appealing_partners, implementing_partners}
//   platforms    [{platform, the same fields, in_transit_reached}]
//   countries    [{country, platform, the same fields, in_transit_reached}]
//   funding_outside_platforms_usd
//   misalignment {summary: {name: value}, flagged: [{country, sector, coverage, attainment,
//                 why, causes, explanation}]}
//   paragraphs   [{heading, text}]: the "Response" and "Funding and reach" sentences
//                (report/prose.hpp), without footnote markers
//   footnotes    [strings]
// plus title, scope and as_of; not_read (first) when inputs could not be read. Missing figures (no
// target, no requirement, and every figure of an input that was not given: people reached and
// partners without activities, funding and coverage without funding) are null. Ratios
// (attainment, coverage) are fractions rounded to four decimals (0.7881, not 78.8), as every
// command prints them (ratio_rounded, report/format.hpp); the statistics of the misalignment
// summary keep full precision. A platform's and the region's `reached` leaves people in transit
// out (in destination); a country's includes them; `in_transit_reached` is shown apart in both.

#include <cmath>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tally/report/format.hpp>
#include <tally/report/model.hpp>
#include <tally/report/prose.hpp>

namespace tally::report {

namespace detail {

inline nlohmann::ordered_json json_ratio(std::optional<double> r) {
    return r ? nlohmann::ordered_json(ratio_rounded(*r)) : nlohmann::ordered_json();
}

inline nlohmann::ordered_json json_figures(const report_model& m, const report_line& l) {
    nlohmann::ordered_json j;
    auto opt = [](const auto& v) {
        return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
    };
    j["reached"] = opt(m.reached_shown(l));
    j["target"] = l.target ? nlohmann::ordered_json(l.target->value()) : nlohmann::ordered_json();
    j["pin"] = l.pin ? nlohmann::ordered_json(l.pin->value()) : nlohmann::ordered_json();
    j["attainment"] = json_ratio(m.attainment_shown(l));
    j["funding_usd"] = opt(m.funding_shown(l));
    j["requirements_usd"] =
        l.requirements ? nlohmann::ordered_json(l.requirements->value()) : nlohmann::ordered_json();
    j["coverage"] = json_ratio(m.coverage_shown(l));
    j["appealing_partners"] = opt(m.appealing_shown(l));
    j["implementing_partners"] = opt(m.implementing_shown(l));
    return j;
}

} // namespace detail

inline nlohmann::ordered_json report_json(const report_model& m) {
    nlohmann::ordered_json j;
    if (!m.not_read.empty()) // a partial report: the inputs it leaves out, first
        j["not_read"] = m.not_read;
    j["title"] = m.title;
    j["scope"] = m.scope;
    j["as_of"] = m.as_of ? nlohmann::ordered_json(m.as_of->to_string()) : nlohmann::ordered_json();
    j["region"] = detail::json_figures(m, m.region);
    auto& ps = j["platforms"] = nlohmann::ordered_json::array();
    for (const auto& p : m.platforms) {
        nlohmann::ordered_json row;
        row["platform"] = p.name;
        row.update(detail::json_figures(m, p));
        row["in_transit_reached"] = m.in_transit_shown(p)
                                        ? nlohmann::ordered_json(p.in_transit.value())
                                        : nlohmann::ordered_json();
        ps.push_back(std::move(row));
    }
    auto& cs = j["countries"] = nlohmann::ordered_json::array();
    for (const auto& c : m.countries) {
        nlohmann::ordered_json row;
        row["country"] = c.code;
        row["platform"] = c.platform;
        row.update(detail::json_figures(m, c));
        row["in_transit_reached"] = m.in_transit_shown(c)
                                        ? nlohmann::ordered_json(c.in_transit.value())
                                        : nlohmann::ordered_json();
        cs.push_back(std::move(row));
    }
    j["funding_outside_platforms_usd"] = m.funding_outside_platforms.value();
    auto& mis = j["misalignment"];
    mis["summary"] = nlohmann::ordered_json::object();
    for (const auto& s : m.misalignment.summary)
        mis["summary"][s.name] = !s.value  ? nlohmann::ordered_json()
                                 : s.whole ? nlohmann::ordered_json(std::llround(*s.value))
                                           : nlohmann::ordered_json(*s.value);
    if (m.misalignment.lowest_coverage) {
        mis["summary"]["lowest_platform_coverage"] =
            detail::json_ratio(m.misalignment.lowest_coverage);
        mis["summary"]["highest_platform_coverage"] =
            detail::json_ratio(m.misalignment.highest_coverage);
    }
    auto& fl = mis["flagged"] = nlohmann::ordered_json::array();
    for (const auto& f : m.misalignment.flagged) {
        nlohmann::ordered_json row;
        row["country"] = f.country;
        row["sector"] = f.sector;
        row["coverage"] = detail::json_ratio(f.coverage);
        row["attainment"] = detail::json_ratio(f.attainment);
        row["why"] = f.why;
        row["causes"] = f.causes;
        row["explanation"] = f.explanation();
        fl.push_back(std::move(row));
    }
    auto& pa = j["paragraphs"] = nlohmann::ordered_json::array();
    for (const auto& p : paragraphs_of(m))
        pa.push_back({{"heading", p.heading}, {"text", p.text()}});
    auto& fn = j["footnotes"] = nlohmann::ordered_json::array();
    for (const auto& f : m.footnotes)
        fn.push_back(f.text);
    return j;
}

/// report_json dumped with an indent of 2 and a final newline.
inline std::string render_json(const report_model& m) {
    // Names from the inputs may hold bytes that are not UTF-8: U+FFFD, never invalid JSON.
    return report_json(m).dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) +
           "\n";
}

} // namespace tally::report
