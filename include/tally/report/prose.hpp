#pragma once
// The report's sentences, written from its figures as a coordinator writes them by hand in the
// end-year report:
//   "Response"           what was reached, against what target, with what funding, how far the
//                        platforms' attainment differs, and the people in transit apart;
//   "Funding and reach"  how widely funding coverage varied across platforms, the platforms
//                        where funding and reach are furthest apart, and the likely causes of
//                        the flagged cells, grouped by cause.
// Every wording is a template in `wording` below, in one place; a template names its figures in
// braces ({reached}) and fill() puts them in. Figures are written as the seed page
// (docs/rules.md) writes them (26.2K, 78.8%, US$ 1.3M: report/format.hpp). A sentence whose figures
// are missing (no target, no funding input, fewer than two platforms) is left out rather than
// written with a zero.

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <tally/report/format.hpp>
#include <tally/report/model.hpp>
#include <utility>
#include <vector>

namespace tally::report {

/// The templates of every sentence the report writes.
namespace wording {
inline constexpr std::string_view response_heading = "Response";
inline constexpr std::string_view funding_heading = "Funding and reach";

inline constexpr std::string_view when = "In {year}, ";
inline constexpr std::string_view reached =
    "{when}{subject} provided assistance to {reached} refugees and migrants and affected host "
    "community members, reaching {attainment} of {its} target.";
inline constexpr std::string_view reached_no_target =
    "{when}{subject} provided assistance to {reached} refugees and migrants and affected host "
    "community members.";
/// Coverage below `limited_below` is limited funding.
inline constexpr double limited_below = 0.5;
inline constexpr std::string_view funded_limited =
    "This was achieved despite limited funding: {coverage} of {its} requirements were funded "
    "({funding} of {requirements}).";
inline constexpr std::string_view funded =
    "{coverage} of {its} requirements were funded ({funding} of {requirements}).";
inline constexpr std::string_view funded_no_requirements =
    "{Subject} received {funding} of funding; no requirements were given.";
/// Net funding below zero (refunds and corrections above the money reported): no coverage.
inline constexpr std::string_view funded_negative =
    "{Subject} received a net {funding} of funding against requirements of {requirements}: "
    "refunds and corrections exceed the money reported, so no coverage is given.";
inline constexpr std::string_view attainment_spread =
    "Attainment ranged from {low} of the target in {low_place} to {high} in {high_place}.";
inline constexpr std::string_view in_transit =
    "In addition, {transit} refugees and migrants in transit were assisted; they are counted in "
    "each country that assisted them and are not in the regional figure.";

/// Coverage spread across platforms is wide when the highest is at least `wide_ratio` times the
/// lowest, or `wide_points` above it.
inline constexpr double wide_ratio = 3, wide_points = 0.25;
inline constexpr std::string_view funding_varied_widely =
    "Funding levels varied widely across the region: coverage ranged from {low} of requirements "
    "in {low_place} to {high} in {high_place}.";
inline constexpr std::string_view funding_varied =
    "Funding levels varied across the region: coverage ranged from {low} of requirements in "
    "{low_place} to {high} in {high_place}.";
inline constexpr std::string_view both_apart =
    "Compared with the other platforms, funding was furthest ahead of reach in {ahead_place} "
    "({ahead_coverage} of requirements funded, {ahead_attainment} of the target reached) and "
    "furthest behind it in {behind_place} ({behind_attainment} of the target reached, "
    "{behind_coverage} of requirements funded).";
inline constexpr std::string_view funding_ahead_most =
    "Compared with the other platforms, funding was furthest ahead of reach in {ahead_place} "
    "({ahead_coverage} of requirements funded, {ahead_attainment} of the target reached).";
inline constexpr std::string_view funding_behind_most =
    "Compared with the other platforms, funding was furthest behind reach in {behind_place} "
    "({behind_attainment} of the target reached, {behind_coverage} of requirements funded).";
inline constexpr std::string_view causes =
    "Misalignment between funding and people reached may stem from {causes}.";
/// The likely causes of a flagged cell (metrics/misalignment.hpp), as the seed words them, in
/// the order the paragraph names them.
inline constexpr std::pair<std::string_view, std::string_view> cause_words[] = {
    {"non_direct_activities",
     "activities that reach no one countable, such as awareness campaigns and capacity building"},
    {"activities_unreported", "activities that partners did not report"},
    {"funding_unreported", "funding that partners did not report to FTS"},
    {"reporting_lag", "activity reports that stop before the end of the period"},
    {"money_outside_cells", "regional, multi-country or unspecified funding that no country holds"},
};
/// One cause and where it was found, joined by cause_separator / last_cause_separator.
inline constexpr std::string_view cause_at = "{cause} ({places})";
inline constexpr std::string_view cause_separator = ", from ";
inline constexpr std::string_view last_cause_separator = ", and from ";
/// Places named per cause before "and N more".
inline constexpr std::size_t places_per_cause = 3;
inline constexpr std::string_view more_places = "{n} more";
/// A (country, sector) cell of the whole response.
inline constexpr std::string_view cell_place = "{sector} in {country}";
inline constexpr std::string_view no_flags =
    "No country stands out: where both were reported, funding and reach disagree nowhere beyond "
    "the spread of the other countries.";

/// Places written with "the" ("in the Caribbean").
inline constexpr std::string_view with_article[] = {"Caribbean", "Southern Cone",
                                                    "Dominican Republic"};
/// The subject of the sentences: the whole response, a sector, a sub-sector ("Protection (GBV)"
/// is "the GBV Sub-sector"; "Protection (General)" is "the Protection Sector").
inline constexpr std::string_view whole_response_subject = "RMRP partners";
inline constexpr std::string_view sector_subject = "the {name} Sector";
inline constexpr std::string_view subsector_subject = "the {name} Sub-sector";
inline constexpr std::string_view general_subsector = "General";
} // namespace wording

/// A sentence and the footnote it rests on ("" for none).
struct sentence {
    std::string text;
    std::string note;
};

/// A heading and its sentences.
struct paragraph {
    std::string heading;
    std::vector<sentence> sentences;

    /// The sentences joined by spaces, without footnote markers.
    std::string text() const {
        std::string s;
        for (const auto& x : sentences)
            s += (s.empty() ? "" : " ") + x.text;
        return s;
    }
};

/// The sentence with a footnote marker put before its final full stop ("target[1].").
inline std::string with_marker(const std::string& text, const std::string& marker) {
    if (marker.empty())
        return text;
    if (!text.empty() && text.back() == '.')
        return text.substr(0, text.size() - 1) + marker + ".";
    return text + marker;
}

/// The template t with every {name} replaced by its value.
inline std::string fill(std::string_view t,
                        const std::vector<std::pair<std::string_view, std::string>>& values) {
    std::string s(t);
    for (const auto& [name, value] : values) {
        const std::string key = "{" + std::string(name) + "}";
        for (auto p = s.find(key); p != std::string::npos; p = s.find(key, p + value.size()))
            s.replace(p, key.size(), value);
    }
    return s;
}

namespace detail {

inline std::string place_name(const std::string& name) {
    for (auto n : wording::with_article)
        if (name == n)
            return "the " + name;
    return name;
}

inline std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z')
        s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

inline std::string subject_of(const report_model& m) {
    if (m.scope.empty())
        return std::string(wording::whole_response_subject);
    const auto open = m.scope.rfind(" (");
    if (m.scope_is_subsector && open != std::string::npos && m.scope.back() == ')') {
        const auto inner = m.scope.substr(open + 2, m.scope.size() - open - 3);
        if (inner == wording::general_subsector)
            return fill(wording::sector_subject, {{"name", m.scope.substr(0, open)}});
        return fill(wording::subsector_subject, {{"name", inner}});
    }
    return fill(wording::sector_subject, {{"name", m.scope}});
}

inline std::string country_name(const report_model& m, const std::string& code) {
    for (const auto& c : m.countries)
        if (c.code == code)
            return place_name(c.name);
    return code;
}

// Platforms with both ratios, as (name, coverage, attainment).
struct platform_ratios {
    std::string name;
    double coverage, attainment;
};
inline std::vector<platform_ratios> ratios_of(const report_model& m) {
    std::vector<platform_ratios> v;
    for (const auto& p : m.platforms) {
        const auto c = m.given("funding") ? p.coverage() : std::nullopt;
        const auto a = p.attainment();
        if (c && a)
            v.push_back({p.name, *c, *a});
    }
    return v;
}

inline paragraph response_paragraph(const report_model& m) {
    paragraph p{std::string(wording::response_heading), {}};
    const auto& r = m.region;
    const std::string subject = subject_of(m);
    const std::string its = m.scope.empty() ? "the" : "its";
    if (m.given("activities")) {
        const std::string when =
            m.last_month ? fill(wording::when, {{"year", std::to_string(m.last_month->year())}})
                         : std::string();
        const auto att = r.attainment();
        p.sentences.push_back({fill(att ? wording::reached : wording::reached_no_target,
                                    {{"when", when},
                                     {"subject", when.empty() ? capitalised(subject) : subject},
                                     {"reached", short_number(r.reached.value().value())},
                                     {"attainment", percent(att)},
                                     {"its", its}}),
                               "in-transit"});
    }
    if (m.given("funding")) {
        const auto cov = r.coverage();
        if (cov)
            p.sentences.push_back(
                {capitalised(
                     fill(*cov < wording::limited_below ? wording::funded_limited : wording::funded,
                          {{"coverage", percent(cov)},
                           {"its", its},
                           {"funding", short_usd(r.funding.value())},
                           {"requirements", short_usd(r.requirements->value())}})),
                 "funding-as-of"});
        else if (r.funding.value() < 0 && r.requirements)
            p.sentences.push_back({fill(wording::funded_negative,
                                        {{"Subject", capitalised(subject)},
                                         {"funding", short_usd(r.funding.value())},
                                         {"requirements", short_usd(r.requirements->value())}}),
                                   "negative-funding"});
        else
            p.sentences.push_back(
                {fill(wording::funded_no_requirements, {{"Subject", capitalised(subject)},
                                                        {"funding", short_usd(r.funding.value())}}),
                 "funding-as-of"});
    }
    std::optional<std::pair<std::string, double>> lo, hi;
    for (const auto& pl : m.platforms)
        if (const auto a = pl.attainment()) {
            if (!lo || *a < lo->second)
                lo = std::pair(pl.name, *a);
            if (!hi || *a > hi->second)
                hi = std::pair(pl.name, *a);
        }
    if (lo && hi && lo->first != hi->first)
        p.sentences.push_back(
            {fill(wording::attainment_spread, {{"low", percent(lo->second)},
                                               {"low_place", place_name(lo->first)},
                                               {"high", percent(hi->second)},
                                               {"high_place", place_name(hi->first)}}),
             ""});
    if (m.given("activities") && r.in_transit.value() > 0)
        p.sentences.push_back(
            {fill(wording::in_transit, {{"transit", short_number(r.in_transit.value())}}),
             "in-transit"});
    return p;
}

// The flagged cells' causes in the order of wording::cause_words, each with the places it was
// found.
inline std::string causes_sentence(const report_model& m) {
    std::vector<std::pair<std::string_view, std::vector<std::string>>> by_cause;
    for (const auto& [code, words] : wording::cause_words) {
        std::vector<std::string> places;
        for (const auto& f : m.misalignment.flagged)
            if (std::find(f.cause_codes.begin(), f.cause_codes.end(), code) !=
                f.cause_codes.end()) {
                const std::string country = country_name(m, f.country);
                places.push_back(
                    m.scope.empty() && !f.sector.empty()
                        ? fill(wording::cell_place, {{"sector", f.sector}, {"country", country}})
                        : country);
            }
        if (!places.empty())
            by_cause.emplace_back(words, std::move(places));
    }
    if (by_cause.empty())
        return {};
    std::string list;
    for (std::size_t i = 0; i < by_cause.size(); ++i) {
        const auto& [cause, places] = by_cause[i];
        std::vector<std::string> named(
            places.begin(), places.begin() + static_cast<std::ptrdiff_t>(std::min(
                                                 places.size(), wording::places_per_cause)));
        if (places.size() > named.size())
            named.push_back(
                fill(wording::more_places, {{"n", std::to_string(places.size() - named.size())}}));
        if (i > 0)
            list +=
                i + 1 == by_cause.size() ? wording::last_cause_separator : wording::cause_separator;
        list += fill(wording::cause_at,
                     {{"cause", std::string(cause)}, {"places", sentence_list(named)}});
    }
    return fill(wording::causes, {{"causes", list}});
}

inline paragraph funding_paragraph(const report_model& m) {
    paragraph p{std::string(wording::funding_heading), {}};
    const auto v = ratios_of(m);
    const auto& mis = m.misalignment;
    if (m.given("funding") && mis.lowest_coverage && mis.highest_coverage &&
        mis.lowest_platform != mis.highest_platform) {
        const double lo = *mis.lowest_coverage, hi = *mis.highest_coverage;
        const bool wide = hi >= wording::wide_ratio * lo || hi - lo >= wording::wide_points;
        p.sentences.push_back({fill(wide ? wording::funding_varied_widely : wording::funding_varied,
                                    {{"low", percent(lo)},
                                     {"low_place", place_name(mis.lowest_platform)},
                                     {"high", percent(hi)},
                                     {"high_place", place_name(mis.highest_platform)}}),
                               "funding-as-of"});
    }
    if (v.size() >= 3) { // "furthest" among three platforms or more
        // How far apart: ln(coverage / attainment), both floored at 0.1% so that a platform
        // funded with no one reached (or the reverse) still ranks, furthest of all.
        auto score = [](const platform_ratios& x) {
            return std::log(std::max(x.coverage, 0.001) / std::max(x.attainment, 0.001));
        };
        std::vector<double> scores;
        for (const auto& x : v)
            scores.push_back(score(x));
        std::vector<double> sorted = scores;
        std::sort(sorted.begin(), sorted.end());
        const double median = sorted.size() % 2
                                  ? sorted[sorted.size() / 2]
                                  : (sorted[sorted.size() / 2 - 1] + sorted[sorted.size() / 2]) / 2;
        const auto hi = static_cast<std::size_t>(std::max_element(scores.begin(), scores.end()) -
                                                 scores.begin());
        const auto lo = static_cast<std::size_t>(std::min_element(scores.begin(), scores.end()) -
                                                 scores.begin());
        const bool ahead = scores[hi] > median, behind = scores[lo] < median;
        if (ahead || behind)
            p.sentences.push_back({fill(ahead && behind ? wording::both_apart
                                        : ahead         ? wording::funding_ahead_most
                                                        : wording::funding_behind_most,
                                        {{"ahead_place", place_name(v[hi].name)},
                                         {"ahead_coverage", percent(v[hi].coverage)},
                                         {"ahead_attainment", percent(v[hi].attainment)},
                                         {"behind_place", place_name(v[lo].name)},
                                         {"behind_coverage", percent(v[lo].coverage)},
                                         {"behind_attainment", percent(v[lo].attainment)}}),
                                   ""});
    }
    if (auto s = causes_sentence(m); !s.empty())
        p.sentences.push_back({std::move(s), ""});
    else if (!mis.summary.empty() && m.given("funding") && m.given("activities"))
        p.sentences.push_back({std::string(wording::no_flags), ""});
    return p;
}

} // namespace detail

/// The report's paragraphs: "Response", then "Funding and reach". A paragraph with no sentence
/// (no input it could speak of) is left out.
inline std::vector<paragraph> paragraphs_of(const report_model& m) {
    std::vector<paragraph> out;
    for (auto p : {detail::response_paragraph(m), detail::funding_paragraph(m)})
        if (!p.sentences.empty())
            out.push_back(std::move(p));
    return out;
}

} // namespace tally::report
