#pragma once
// The end-year report model: the page "people reached and funding by national and sub-regional
// platform" of the RMRP end-year report, for the whole response (intersector figures) or for one
// sector or sub-sector, with its footnotes generated from the figures' provenance.
//
// Every figure comes from the joined table of metrics/joined.hpp (which takes each from the
// module that owns its rule: the reach pipeline, the plan roll-up, the FTS boundary rule and the
// requirements); nothing is recomputed here. Three groupings of one join give the three levels:
//   region     people reached without people in transit (their sum over countries is shown
//              apart and never added), target and PiN without in transit, funding of every flow
//              of the scope that names countries of the geography or none (regional and
//              multi-country money included), partners distinct over the region;
//   platform   one row per platform, in the geography's order (national platforms, then
//              sub-regional); funding is the money attributable to the platform's countries
//              only; what names no country or countries of several platforms is the report's
//              funding_outside_platforms;
//   country    one row per country with data, in the geography's order: people reached include
//              people in transit (country level keeps them), shown apart as well.
// Attainment = reached / target, coverage = funding / requirements (n/a without a denominator).
// Partner counts are distinct organisations per row: every organisation with an accepted line in
// the row's countries, whatever population group it served (people in transit leave the platform
// and regional people figures, not their partners), so a platform of one country has that
// country's counts; they are never summed across rows.
//
// No I/O: renderers (report/html.hpp, text.hpp, json.hpp) take the model.

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <tally/core/count.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/money.hpp>
#include <tally/core/period.hpp>
#include <tally/core/sector.hpp>
#include <tally/detail/utf8.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/metrics/misalignment.hpp>
#include <tally/report/format.hpp>
#include <utility>
#include <vector>

namespace tally::report {

/// reached / target, or std::nullopt without a positive target.
inline std::optional<double> attainment_of(std::int64_t reached, std::optional<std::int64_t> tgt) {
    if (!tgt || *tgt <= 0)
        return std::nullopt;
    return static_cast<double>(reached) / static_cast<double>(*tgt);
}
/// funding / requirements, or std::nullopt without a positive requirement, or when the net
/// funding is below zero (refunds exceed funding: a negative coverage means nothing; the report
/// says so in its "negative-funding" footnote).
inline std::optional<double> coverage_of(std::int64_t funding, std::optional<std::int64_t> req) {
    if (!req || *req <= 0 || funding < 0)
        return std::nullopt;
    return static_cast<double>(funding) / static_cast<double>(*req);
}

/// The figures of one line of the report (the region, a platform or a country).
struct report_line {
    /// Platform name or country name ("Colombia"); the region's name for the headline.
    std::string name;
    /// ISO3 for a country, the platform code for a platform, the region code for the region.
    std::string code;
    /// The platform's name, for a country row.
    std::string platform;
    /// People reached, with its de-duplication provenance and upper bound.
    figure<reached_count<>> reached;
    /// People in transit reached. For a country they are part of `reached`; for a platform and
    /// the region they are not, and this is their sum over countries (a person assisted in two
    /// countries counts twice): a figure to quote apart, never to add.
    reached_count<> in_transit;
    std::optional<target_count<>> target;
    std::optional<pin_count<>> pin;
    usd_amount funding;
    std::optional<usd_amount> requirements;
    partner_count appealing, implementing;

    std::optional<double> attainment() const {
        return attainment_of(reached.value().value(),
                             target ? std::optional(target->value()) : std::nullopt);
    }
    std::optional<double> coverage() const {
        return coverage_of(funding.value(),
                           requirements ? std::optional(requirements->value()) : std::nullopt);
    }
};

/// One metric of the misalignment summary: a name (a JSON key, the code a page shows in a
/// tooltip), its value, what it is called in words, what it means.
struct misalignment_metric {
    std::string name;
    std::optional<double> value;
    std::string meaning;
    bool whole = false; ///< a count of cells or dollars: printed without decimals
    std::string label;  ///< the measure in words ("Jensen–Shannon divergence")
    bool ratio = false; ///< a share: printed as a percentage (JSON keeps the fraction)
};

/// A country (and sector) whose funding and reach disagree, with its likely causes, written out
/// by explanation() as one sentence ("This may stem from ...").
struct flagged_cell {
    std::string country; ///< ISO3
    std::string sector;  ///< "" for an intersector cell
    std::optional<double> coverage, attainment;
    std::string why; ///< what the flag says (e.g. "people reached, but no funding reported")
    /// The likely causes the data supports, as phrases ("funding that partners did not report
    /// to FTS").
    std::vector<std::string> causes;
    /// The same causes as codes (metrics::to_string: "non_direct_activities", ...).
    std::vector<std::string> cause_codes;

    /// "This may stem from A, or from B." ("" without causes).
    std::string explanation() const {
        std::string s;
        for (std::size_t i = 0; i < causes.size(); ++i) {
            s += i == 0 ? "This may stem from " : ", or from ";
            s += causes[i];
        }
        return s.empty() ? s : s + ".";
    }
};

struct misalignment_section {
    std::vector<misalignment_metric> summary;
    /// Coverage across platforms with a requirement: lowest and highest, and which platforms.
    std::optional<double> lowest_coverage, highest_coverage;
    std::string lowest_platform, highest_platform;
    std::vector<flagged_cell> flagged;
    /// Where the metrics came from, or why the section is empty.
    std::vector<std::string> notes;
};

/// The rows read and rejected per input, for the report's last footnote.
struct input_count {
    std::string input; ///< "activities", "plan", "funding", "requirements"
    std::size_t rows_read = 0, rows_rejected = 0;
};

/// A footnote and the marker the page uses to point at it.
struct footnote {
    std::string id; ///< "in-transit", "funding-as-of", "outside-platforms", "partners",
                    ///< "misalignment", ...
    std::string text;
};

struct report_model {
    std::string title;
    /// "" for the whole response, else the sector or sub-sector's catalog name.
    std::string scope;
    std::optional<date> as_of;
    std::optional<month> last_month;
    report_line region;
    std::vector<report_line> platforms, countries;
    /// Funding of the scope in no platform row: regional money (no country named) and money
    /// naming countries of several platforms. region.funding == Σ platforms + this.
    usd_amount funding_outside_platforms;
    /// Money that names no country of the geography, or sectors only partly in the scope, or no
    /// sector under a scope: not part of region.funding. Stated in a footnote.
    usd_amount funding_not_in_scope;
    misalignment_section misalignment;
    std::vector<footnote> footnotes;
    std::vector<input_count> inputs;
    std::vector<std::string> notices;
    /// The scope is a sub-sector (its sector is another entry of the catalog).
    bool scope_is_subsector = false;

    /// Whether an input ("activities", "plan", "funding", "requirements") was given: a figure
    /// that comes from an input not given is not known (n/a), not 0.
    bool given(std::string_view input) const {
        return std::any_of(inputs.begin(), inputs.end(),
                           [&](const input_count& c) { return c.input == input; });
    }
    /// A line's figures as a page shows them: std::nullopt (n/a) when the input they come from
    /// was not given (people reached and partners: activities; funding and coverage: funding).
    std::optional<std::int64_t> reached_shown(const report_line& l) const {
        return given("activities") ? std::optional(l.reached.value().value()) : std::nullopt;
    }
    std::optional<std::int64_t> in_transit_shown(const report_line& l) const {
        return given("activities") ? std::optional(l.in_transit.value()) : std::nullopt;
    }
    std::optional<double> attainment_shown(const report_line& l) const {
        return given("activities") ? l.attainment() : std::nullopt;
    }
    std::optional<std::int64_t> funding_shown(const report_line& l) const {
        return given("funding") ? std::optional(l.funding.value()) : std::nullopt;
    }
    std::optional<double> coverage_shown(const report_line& l) const {
        return given("funding") ? l.coverage() : std::nullopt;
    }
    std::optional<std::int64_t> appealing_shown(const report_line& l) const {
        return given("activities") ? std::optional(l.appealing.value()) : std::nullopt;
    }
    std::optional<std::int64_t> implementing_shown(const report_line& l) const {
        return given("activities") ? std::optional(l.implementing.value()) : std::nullopt;
    }
    /// The inputs that could not be read (report_options::not_read): a partial report.
    std::vector<std::string> not_read;

    /// The footnote with this id, or nullptr.
    const footnote* find_footnote(std::string_view id) const {
        for (const auto& f : footnotes)
            if (f.id == id)
                return &f;
        return nullptr;
    }
    /// 1-based number of a footnote in the page (0 when absent).
    std::size_t footnote_number(std::string_view id) const {
        for (std::size_t i = 0; i < footnotes.size(); ++i)
            if (footnotes[i].id == id)
                return i + 1;
        return 0;
    }
};

struct report_options {
    std::string title; ///< "" -> "End-year report: <scope or Whole response>"
    /// "" for the whole response, else a sector or sub-sector name (or code) of the catalog.
    std::string scope;
    /// The reach pipeline's options; its geo and catalog (nullptr: the R4V presets) are used.
    dedup::reach_options reach;
    /// The date the funding is as of (the caller leaves later flows out; see money_entries).
    std::optional<date> as_of;
    /// FTS flows left out because they are dated after as_of (for the footnote).
    std::size_t flows_after_as_of = 0;
    /// The misalignment metrics' options (flag threshold); their geo is the report's.
    metrics::misalignment_options misalignment;
    /// The inputs that could not be read, when the report is made of the others all the same
    /// (the command's --keep-going): each renderer says so first.
    std::vector<std::string> not_read;
};

namespace detail {

/// Adds a notice when texts of the model (names from a geography file, sectors from the
/// inputs, the title) hold control characters or bytes that are not UTF-8: the renderers show
/// them as U+FFFD (tally::detail::without_controls), and the notice says so.
inline void tell_controls(report_model& m) {
    std::size_t n = 0;
    auto see = [&](const std::string& s) { n += tally::detail::has_controls(s) ? 1 : 0; };
    see(m.title);
    see(m.scope);
    for (const auto* lines : {&m.platforms, &m.countries})
        for (const auto& l : *lines) {
            see(l.name);
            see(l.code);
            see(l.platform);
        }
    for (const auto& f : m.misalignment.flagged) {
        see(f.country);
        see(f.sector);
        see(f.why);
        for (const auto& c : f.causes)
            see(c);
    }
    for (const auto& f : m.footnotes)
        see(f.text);
    for (const auto& s : m.misalignment.notes)
        see(s);
    for (const auto& s : m.not_read)
        see(s);
    if (n)
        m.notices.push_back(std::to_string(n) + (n == 1 ? " text" : " texts") +
                            " of the report (names, title or notes) hold control characters or "
                            "bytes that are not UTF-8: they are shown as U+FFFD");
}

template <Amount A>
report_line line_of(const metrics::joined_cell<A>& c) {
    report_line l;
    l.reached = c.reached;
    l.in_transit = c.in_transit;
    if (c.target)
        l.target = c.target->value();
    if (c.pin)
        l.pin = c.pin->value();
    l.funding = usd_amount(c.funding.value().value());
    if (c.requirements)
        l.requirements = usd_amount(c.requirements->value().value());
    l.appealing = c.appealing;
    l.implementing = c.implementing;
    return l;
}

inline std::string sentence_list(const std::vector<std::string>& parts) {
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i)
            s += i + 1 == parts.size() ? " and " : ", ";
        s += parts[i];
    }
    return s;
}

inline std::string plural(std::size_t n, const char* one, const char* many) {
    std::string s = std::to_string(n);
    s += ' ';
    s += n == 1 ? one : many;
    return s;
}

// The footnotes of the page, one function each; std::nullopt when a footnote has nothing to say.

inline std::optional<footnote> in_transit_footnote(const report_model& m, bool transit_excluded) {
    if (!transit_excluded)
        return std::nullopt;
    std::string t = "The regional and platform figures of people reached do not include "
                    "refugees and migrants in transit. People in transit pass through several "
                    "countries and may be assisted in more than one, so a regional total would "
                    "count them several times; they are counted per country only, and should "
                    "be quoted apart from the people in destination (as are the corresponding "
                    "PiN and targets).";
    if (m.region.in_transit.value() > 0) {
        t += " People in transit reached, summed over countries (a person assisted in two "
             "countries counts twice): ";
        t += format_thousands(m.region.in_transit.value());
        t += '.';
    }
    return footnote{"in-transit", t};
}

inline footnote funding_as_of_footnote(const report_model& m, const report_options& o) {
    std::string t = "Funding as reported to the Financial Tracking Service (FTS)";
    if (m.as_of) {
        t += " as of ";
        t += m.as_of->to_long_string();
    }
    t += ". This data rests on partners' voluntary reporting of contributions and may not "
         "represent all funds of the response; unearmarked funds may not be reported with a "
         "sector or country when they are received.";
    if (o.flows_after_as_of > 0) {
        t += ' ';
        t += plural(o.flows_after_as_of, "flow", "flows");
        t += " dated after that day ";
        t += o.flows_after_as_of == 1 ? "is" : "are";
        t += " left out.";
    }
    return {"funding-as-of", t};
}

inline std::optional<footnote> outside_platforms_footnote(const report_model& m) {
    if (m.funding_outside_platforms.value() == 0)
        return std::nullopt;
    std::string t = "Funding reported for activities at regional, sub-regional or "
                    "multi-country level (";
    t += format_thousands(m.funding_outside_platforms.value());
    t += " USD) is in the regional total but not in the platform and country rows, which "
         "hold only the money attributable to their countries.";
    return footnote{"outside-platforms", t};
}

inline std::optional<footnote> not_in_scope_footnote(const report_model& m) {
    if (m.funding_not_in_scope.value() == 0)
        return std::nullopt;
    std::string t = format_thousands(m.funding_not_in_scope.value());
    t += " USD of funding ";
    // Under a scope this is money with no sector, or several sectors of which not all are the
    // scope's: part of it may be the scope's, but FTS does not say how much.
    t += m.scope.empty() ? "names countries outside the geography"
                         : "names no sector, several sectors (not all of them this one) or "
                           "countries outside the geography";
    t += ", so it cannot be attributed to ";
    t += m.scope.empty() ? "the response" : m.scope;
    t += " and is not in these figures.";
    return footnote{"not-in-scope", t};
}

inline std::optional<footnote> negative_funding_footnote(const report_model& m) {
    std::vector<std::string> negative;
    auto add = [&](const report_line& l) {
        // A national platform and its country are one mention.
        std::string s = l.name + " (" + format_thousands(l.funding.value()) + " USD)";
        if (l.funding.value() < 0 &&
            std::find(negative.begin(), negative.end(), s) == negative.end())
            negative.push_back(std::move(s));
    };
    add(m.region);
    for (const auto& l : m.platforms)
        add(l);
    for (const auto& l : m.countries)
        add(l);
    if (negative.empty())
        return std::nullopt;
    return footnote{"negative-funding",
                    "Net funding is below zero, as refunds or corrections exceed the funding "
                    "reported, for " +
                        sentence_list(negative) +
                        ": coverage is not shown for these lines (n/a), and they are left out of "
                        "the coverage range across platforms."};
}

inline footnote partners_footnote() {
    return {"partners",
            "Partner counts are distinct organisations: they include appealing partners that "
            "also implement activities, and implementing partners that are not appealing "
            "partners. Quote appealing and implementing partners separately and do not sum "
            "partner counts (across roles, countries or platforms), as that would count the "
            "same organisation more than once."};
}

inline std::optional<footnote> deduplication_footnote(const report_model& m,
                                                      const std::vector<std::string>& steps) {
    if (steps.empty())
        return std::nullopt;
    std::string t = "People reached are de-duplicated: ";
    for (std::size_t i = 0; i < steps.size(); ++i) {
        if (i)
            t += "; ";
        t += steps[i];
    }
    t += ". Only direct-assistance indicators count towards people reached";
    const auto& r = m.region.reached;
    if (r.upper().value() != r.value().value()) {
        t += "; without de-duplication the regional figure would be ";
        t += format_thousands(r.upper().value());
    }
    t += '.';
    return footnote{"deduplication", t};
}

inline std::optional<footnote> rejected_footnote(const report_model& m) {
    std::vector<std::string> rejected;
    for (const auto& in : m.inputs)
        if (in.rows_rejected) {
            std::string s = plural(in.rows_rejected, "row", "rows");
            s += " of ";
            s += format_thousands(static_cast<std::int64_t>(in.rows_read));
            s += " in the ";
            s += in.input;
            rejected.push_back(std::move(s));
        }
    if (rejected.empty())
        return std::nullopt;
    return footnote{"rejected", "Rejected input rows (listed with their reasons when the report "
                                "is made) are not counted: " +
                                    sentence_list(rejected) + "."};
}

// The footnotes, in the order the page refers to them.
inline std::vector<footnote> footnotes_of(const report_model& m, const report_options& o,
                                          const std::vector<std::string>& dedup_steps,
                                          bool transit_excluded) {
    std::vector<footnote> f;
    for (auto n :
         {in_transit_footnote(m, transit_excluded), std::optional(funding_as_of_footnote(m, o)),
          outside_platforms_footnote(m), not_in_scope_footnote(m), negative_funding_footnote(m),
          std::optional(partners_footnote()), deduplication_footnote(m, dedup_steps),
          rejected_footnote(m)})
        if (n)
            f.push_back(std::move(*n));
    return f;
}

// The coverage spread across platforms with a requirement.
inline void coverage_spread(report_model& m) {
    auto& s = m.misalignment;
    for (const auto& p : m.platforms) {
        const auto c = p.coverage();
        if (!c)
            continue;
        if (!s.lowest_coverage || *c < *s.lowest_coverage) {
            s.lowest_coverage = c;
            s.lowest_platform = p.name;
        }
        if (!s.highest_coverage || *c > *s.highest_coverage) {
            s.highest_coverage = c;
            s.highest_platform = p.name;
        }
    }
}

inline std::string flag_words(metrics::misalignment_flag f) {
    switch (f) {
    case metrics::misalignment_flag::funded_no_reach:
        return "funded, but no one reached was reported";
    case metrics::misalignment_flag::reach_no_funding:
        return "people reached, but no funding was reported";
    case metrics::misalignment_flag::funding_ahead:
        return "funding well ahead of reach compared with the other cells";
    case metrics::misalignment_flag::reach_ahead:
        return "reach well ahead of funding compared with the other cells";
    case metrics::misalignment_flag::negative_funding:
        return "net funding below zero: refunds exceed the funding reported";
    case metrics::misalignment_flag::none:
        break;
    }
    return {};
}

// The misalignment section from metrics::measure over (country, sector) cells of the scope:
// the summary metrics with their meaning, and every flagged cell with its causes as sentences.
template <Amount A>
misalignment_section misalignment_of(const metrics::joined_table<A>& t,
                                     const metrics::misalignment<A>& mm) {
    misalignment_section sec;
    const auto& s = mm.summary;
    enum kind { number, whole, ratio };
    auto add = [&](const char* name, const char* label, std::optional<double> v,
                   const char* meaning, kind k = number) {
        sec.summary.push_back({name, v, meaning, k == whole, label, k == ratio});
    };
    add("comparable_cells", "Comparable cells", static_cast<double>(s.comparable_cells),
        "country and sector cells with a target and a requirement", whole);
    add("coverage_weighted_mean", "Mean coverage",
        s.coverage_weighted ? std::optional(s.coverage_weighted->mean) : std::nullopt,
        "funding coverage, weighted by requirements", ratio);
    add("attainment_weighted_mean", "Mean attainment",
        s.attainment_weighted ? std::optional(s.attainment_weighted->mean) : std::nullopt,
        "reach attainment, weighted by targets", ratio);
    add("total_variation", "Funding out of step with reach", s.total_variation,
        "share of funding that would have to move for funding shares to match reach shares "
        "(total variation; 0 aligned, 1 disjoint)");
    add("jensen_shannon", "Jensen-Shannon divergence", s.jensen_shannon,
        "divergence of funding shares from reach shares (0 aligned, 1 disjoint)");
    add("spearman", "Rank correlation", s.spearman,
        "Spearman rank correlation of funding and people reached");
    add("gini_funding_per_pin", "Inequality of funding per person in need", s.gini_funding_per_pin,
        "Gini index of funding per person in need (0 equal)");
    add("need_total_variation", "Funding out of step with need", s.need_total_variation,
        "share of funding that would have to move for funding shares to match shares of people "
        "in need (total variation; 0 aligned with need)");
    add("theil_funding_per_pin", "Theil index against need",
        s.theil_funding_per_pin ? std::optional(s.theil_funding_per_pin->total) : std::nullopt,
        "Theil index of funding shares against shares of people in need (0 aligned with need)");
    add("median_log_ratio", "Median log ratio", s.median_log_ratio,
        "median of ln(coverage / attainment): above 0, money runs ahead of reach");
    add("mad_log_ratio", "Spread of the log ratio", s.mad_log_ratio,
        "median absolute deviation of ln(coverage / attainment): the spread the z-scores use");
    add("funding_outside_cells_usd", "Funding in no cell (USD)",
        static_cast<double>(s.funding_outside_cells.value()),
        "money in no country and sector cell (regional, multi-country, multi-sector or "
        "unspecified)",
        whole);
    add("flagged", "Cells flagged", static_cast<double>(s.flagged),
        "cells flagged, each listed with its likely causes", whole);
    const auto& by = t.by;
    for (std::size_t i = 0; i < t.cells.size(); ++i) {
        const auto& c = mm.cells[i];
        if (c.flag == metrics::misalignment_flag::none)
            continue;
        flagged_cell f;
        for (std::size_t k = 0; k < by.size(); ++k) {
            if (by[k] == dedup::reach_key::country)
                f.country = t.cells[i].keys[k];
            else if (by[k] == dedup::reach_key::sector)
                f.sector = t.cells[i].keys[k];
        }
        // A negative coverage (refunds exceed funding) is not shown: the flag says why.
        if (c.coverage && c.flag != metrics::misalignment_flag::negative_funding)
            f.coverage = c.coverage->value();
        if (c.attainment)
            f.attainment = c.attainment->value();
        f.why = flag_words(c.flag);
        for (auto cause : c.causes) {
            f.causes.emplace_back(metrics::describe(cause));
            f.cause_codes.emplace_back(metrics::to_string(cause));
        }
        sec.flagged.push_back(std::move(f));
    }
    sec.notes.push_back(
        "Misalignment metrics over country and sector cells (as tally misalign --by "
        "country,sector computes them); a cell is flagged when money or reach is reported "
        "without the other, or when its robust z-score of ln(coverage / attainment) exceeds " +
        [&] {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", mm.options.threshold);
            return std::string(buf);
        }() +
        " in absolute value (with at least " + std::to_string(mm.options.min_z_cells) +
        " comparable cells).");
    sec.notes.insert(sec.notes.end(), mm.summary.notes.begin(), mm.summary.notes.end());
    return sec;
}

} // namespace detail

/// Assembles the report from the four inputs. Throws what metrics::join throws (an unknown
/// scope, errc::invalid_argument; overflow, errc::overflow).
template <Amount A>
report_model build_report(const metrics::join_inputs<A>& in, const report_options& o) {
    using dedup::reach_key;
    const geography own_geo = o.reach.geo ? geography() : geography::r4v();
    const geography& geo = o.reach.geo ? *o.reach.geo : own_geo;
    const sector_catalog own_cat = o.reach.catalog ? sector_catalog() : sector_catalog::r4v();
    const sector_catalog& cat = o.reach.catalog ? *o.reach.catalog : own_cat;

    // One joiner for every view: the reach pipeline's pass over the activity lines is made once.
    metrics::join_options jo;
    jo.scope = o.scope;
    jo.reach = o.reach;
    jo.reach.geo = &geo;
    jo.reach.catalog = &cat;
    jo.as_of = o.as_of;
    const metrics::joiner<A> joined(in, jo);
    const auto by_region = joined.join({reach_key::region});
    const auto by_platform = joined.join({reach_key::platform});
    const auto by_country = joined.join({reach_key::platform, reach_key::country});

    report_model m;
    m.scope = o.scope.empty() ? std::string() : cat.info(*cat.find(o.scope)).name;
    m.scope_is_subsector = !o.scope.empty() && cat.info(*cat.find(o.scope)).parent != no_code;
    m.title = !o.title.empty()  ? o.title
              : m.scope.empty() ? "End-year report: whole response"
                                : "End-year report: " + m.scope;
    m.as_of = o.as_of;
    m.not_read = o.not_read;
    m.last_month = by_region.last_month;
    m.notices = by_country.notices;

    if (const auto* c = by_region.find({geo.region_code()}))
        m.region = detail::line_of(*c);
    else
        m.region.reached = figure<reached_count<>>(reached_count<>(), provenance());
    m.region.name = geo.region_code();
    m.region.code = geo.region_code();

    // Platforms and countries in the geography's order; those outside it, "(unknown)", last.
    usd_amount in_platforms;
    for (code_id p = 0; p < geo.platform_count(); ++p) {
        const auto& info = geo.platform(p);
        const auto* c = by_platform.find({info.name});
        if (!c)
            continue;
        auto l = detail::line_of(*c);
        l.name = info.name;
        l.code = info.code;
        in_platforms += l.funding;
        m.platforms.push_back(std::move(l));
        for (auto cid : geo.countries_of(p)) {
            const auto& ci = geo.country(cid);
            if (const auto* cc = by_country.find({info.name, ci.code})) {
                auto cl = detail::line_of(*cc);
                cl.name = ci.name;
                cl.code = ci.code;
                cl.platform = info.name;
                m.countries.push_back(std::move(cl));
            }
        }
    }
    for (const auto& c : by_platform.cells)
        if (!geo.find_platform(c.keys[0]) && c.keys[0] == "(unknown)") {
            auto l = detail::line_of(c);
            l.name = l.code = c.keys[0];
            in_platforms += l.funding;
            m.platforms.push_back(std::move(l));
        }
    for (const auto& c : by_country.cells)
        if (c.keys[0] == "(unknown)") {
            auto l = detail::line_of(c);
            l.name = l.code = c.keys[1];
            l.platform = c.keys[0];
            m.countries.push_back(std::move(l));
        }
    m.funding_outside_platforms = m.region.funding - in_platforms;
    m.funding_not_in_scope = usd_amount(by_region.outside.total.value());

    const auto add_input = [&](const char* name, const io::validation_report& r, bool given) {
        if (given)
            m.inputs.push_back({name, r.rows_read, r.rejected.size()});
    };
    add_input("activities", in.reports.activities, in.activities.has_value());
    add_input("plan", in.reports.plan, in.plan.has_value());
    add_input("funding", in.reports.funding,
              !in.funding.empty() || in.reports.funding.rows_read > 0);
    add_input("requirements", in.reports.requirements, in.requirements.has_value());

    const auto& how = m.region.reached.how();
    m.footnotes = detail::footnotes_of(m, o, how.steps(), how.leaves_out_in_transit());
    const auto cells = joined.join({reach_key::country, reach_key::sector});
    auto mo = o.misalignment;
    mo.geo = &geo;
    m.misalignment = detail::misalignment_of(cells, metrics::measure(cells, mo));
    detail::coverage_spread(m);
    // How cells are flagged: a footnote of the misalignment section.
    for (const auto& n : m.misalignment.notes)
        m.footnotes.push_back({"misalignment", n});
    detail::tell_controls(m);
    return m;
}

} // namespace tally::report
