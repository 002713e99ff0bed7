#pragma once
// The report as one self-contained HTML page: inline CSS and SVG charts, no script, no font,
// image or style sheet fetched, readable when printed (A4, black on white, tables kept whole
// where they fit). Headline figures are short (26.2K, US$ 1.3M, 78.8%); tables give the exact
// figures. Footnote markers point at the footnotes generated from the figures' provenance.

#include <string>
#include <tally/report/format.hpp>
#include <tally/report/model.hpp>
#include <tally/report/svg.hpp>
#include <tally/version.hpp>
#include <vector>

namespace tally::report {

/// Reached against target per platform.
inline std::string reach_chart(const report_model& m) {
    std::vector<std::string> names;
    bar_series reached{"People reached", "reached", "#0b6fa4", {}};
    bar_series target{"Target", "target", "#a9c7dd", {}};
    for (const auto& p : m.platforms) {
        names.push_back(p.name);
        reached.values.emplace_back(p.reached.value().value());
        target.values.push_back(p.target ? std::optional(p.target->value()) : std::nullopt);
    }
    return bar_chart("People reached and target by platform", names, {reached, target}, false);
}

/// Funded against required per platform.
inline std::string funding_chart(const report_model& m) {
    std::vector<std::string> names;
    bar_series funded{"Funding received", "funded", "#2e8b57", {}};
    bar_series required{"Requirements", "required", "#b5dcc4", {}};
    for (const auto& p : m.platforms) {
        names.push_back(p.name);
        funded.values.emplace_back(p.funding.units());
        required.values.push_back(p.requirements ? std::optional(p.requirements->units())
                                                 : std::nullopt);
    }
    return bar_chart("Funding received and required by platform (USD)", names, {funded, required},
                     true);
}

/// Coverage against attainment per country (countries with both a target and a requirement).
inline std::string alignment_chart(const report_model& m) {
    std::vector<scatter_point> pts;
    for (const auto& c : m.countries) {
        const auto cov = c.coverage();
        const auto att = c.attainment();
        if (cov && att)
            pts.push_back({c.code, c.name, *cov, *att});
    }
    return scatter_chart("Coverage against attainment, by country", pts,
                         "funding coverage (funding / requirements)",
                         "attainment (reached / target)");
}

namespace detail {

inline std::string marker(const report_model& m, std::string_view id) {
    const auto n = m.footnote_number(id);
    if (n == 0)
        return {};
    // In brackets, so that a marked figure does not read as a power (170[1], not 170 to the 1).
    return "<sup class=\"fn\"><a href=\"#fn-" + std::string(id) + "\">[" + std::to_string(n) +
           "]</a></sup>";
}

inline std::string cell(const std::string& s, bool num = true) {
    return std::string(num ? "<td class=\"n\">" : "<td>") + s + "</td>";
}

inline std::string row_cells(const report_line& l, bool with_transit) {
    std::string o;
    o += cell(format_thousands(l.reached.value().value()));
    if (with_transit)
        o += cell(format_thousands(l.in_transit.value()));
    o += cell(exact(l.target ? std::optional(l.target->value()) : std::nullopt));
    o += cell(percent(l.attainment()));
    o += cell(exact(l.pin ? std::optional(l.pin->value()) : std::nullopt));
    o += cell(format_thousands(l.funding.units()));
    o += cell(exact(l.requirements ? std::optional(l.requirements->units()) : std::nullopt));
    o += cell(percent(l.coverage()));
    o += cell(format_thousands(l.appealing.value()));
    o += cell(format_thousands(l.implementing.value()));
    return o;
}

inline std::string table_head(const report_model& m, const char* first, bool with_transit) {
    std::string o = "<thead><tr><th>" + std::string(first) + "</th><th>People reached</th>";
    if (with_transit)
        o += "<th>In transit reached" + marker(m, "in-transit") + "</th>";
    o += "<th>Target</th><th>Attainment</th><th>PiN</th><th>Funding (USD)" +
         marker(m, "funding-as-of") +
         "</th><th>Requirements (USD)</th><th>Coverage</th><th>Appealing partners" +
         marker(m, "partners") + "</th><th>Implementing partners" + marker(m, "partners") +
         "</th></tr></thead>";
    return o;
}

inline std::string kpi(const std::string& value, const std::string& label,
                       const std::string& note = {}) {
    return "<div class=\"kpi\"><div class=\"kpi-value\">" + value +
           "</div><div class=\"kpi-label\">" + label + "</div>" +
           (note.empty() ? std::string() : "<div class=\"kpi-note\">" + note + "</div>") + "</div>";
}

inline constexpr std::string_view page_css = R"(
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#1a1a1a;margin:24px auto;max-width:1100px;padding:0 16px;line-height:1.4}
h1{font-size:24px;margin:0 0 2px;text-transform:uppercase;color:#0b4f79}
h2{font-size:16px;margin:26px 0 8px;text-transform:uppercase;color:#0b4f79;border-bottom:2px solid #0b4f79;padding-bottom:2px}
.subtitle{font-size:13px;color:#555;margin:0 0 16px;text-transform:uppercase;letter-spacing:.03em}
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.kpi{flex:1 1 165px;border:1px solid #c9d9e6;border-radius:4px;padding:8px 10px;background:#f4f8fb}
.kpi-value{font-size:22px;white-space:nowrap;font-weight:bold;color:#0b4f79}
.kpi-label{font-size:12px;color:#333}
.kpi-note{font-size:11px;color:#666}
.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.charts svg{flex:1 1 480px;max-width:560px;height:auto}
.charts svg.scatter-chart{flex:0 1 360px;max-width:380px}
table{border-collapse:collapse;width:100%;font-size:12px;margin:6px 0 4px}
th,td{border-bottom:1px solid #d6d6d6;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#e8f0f6;font-weight:bold}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:bold;border-top:2px solid #0b4f79}
tr.outside td{font-style:italic;color:#444}
tr.platform td{background:#f4f8fb;font-weight:bold}
sup.fn{font-size:55%;font-weight:normal;vertical-align:super}
sup a{text-decoration:none;color:#0b4f79}
.charts > div{flex:1 1 300px}
ol.footnotes{font-size:12px;color:#333;padding-left:20px}
.flag{margin:6px 0;font-size:13px}
.small{font-size:11px;color:#666}
.partial{border:2px solid #b00020;background:#fdecee;color:#6b0010;padding:8px 12px;margin:0 0 14px;font-size:13px}
@media print{body{margin:0;max-width:none}a{color:inherit}.kpi{background:none}
h2{break-after:avoid}table,svg,.kpis{break-inside:avoid}}
@page{size:A4;margin:14mm}
)";

} // namespace detail

/// The whole page.
inline std::string render_html(const report_model& m) {
    using detail::marker;
    const auto& r = m.region;
    std::string o = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
                    "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
                    "<title>" +
                    escape_xml(m.title) + "</title><style>" + std::string(detail::page_css) +
                    "</style></head><body>\n";
    if (!m.not_read.empty()) {
        o += "<div class=\"partial\"><b>Partial report: " + std::to_string(m.not_read.size()) +
             (m.not_read.size() == 1 ? " input was" : " inputs were") +
             " not read</b>, and every figure below leaves " +
             (m.not_read.size() == 1 ? "it" : "them") + " out:<ul>";
        for (const auto& n : m.not_read)
            o += "<li>" + escape_xml(n) + "</li>";
        o += "</ul></div>\n";
    }
    o += "<h1>" + escape_xml(m.title) + "</h1>\n";
    o += "<p class=\"subtitle\">" +
         escape_xml(m.scope.empty() ? std::string("Whole response (intersector figures)")
                                    : m.scope) +
         " &middot; people reached and funding by national and sub-regional platform</p>\n";

    // Headline.
    std::string reached_note = m.scope.empty() ? "refugees, migrants and host communities"
                                               : "de-duplicated within the scope";
    o += "<div class=\"kpis\">";
    o += detail::kpi(short_number(r.reached.value().value()) + marker(m, "in-transit"),
                     "people reached", reached_note);
    o += detail::kpi(percent(r.attainment()),
                     "of the target (" +
                         (r.target ? short_number(r.target->value()) : std::string("n/a")) + ")");
    o += detail::kpi(r.pin ? short_number(r.pin->value()) : std::string("n/a"), "people in need");
    o += detail::kpi(short_usd(r.funding.units()) + marker(m, "funding-as-of"), "funding received",
                     "all money of the scope, regional included");
    o += detail::kpi(
        percent(r.coverage()),
        "of the requirements (" +
            (r.requirements ? short_usd(r.requirements->units()) : std::string("n/a")) + ")");
    o += detail::kpi(format_thousands(r.appealing.value()) + " &middot; " +
                         format_thousands(r.implementing.value()) + marker(m, "partners"),
                     "appealing &middot; implementing partners", "quote separately, never add");
    o += "</div>\n";

    o += "<h2>People reached and funding by platform</h2>\n<div class=\"charts\">" +
         reach_chart(m) + funding_chart(m) + "</div>\n";

    // Platform table.
    o += "<table class=\"platforms\">" + detail::table_head(m, "Platform", true) + "<tbody>";
    for (const auto& p : m.platforms)
        o += "<tr><td>" + escape_xml(p.name) + "</td>" + detail::row_cells(p, true) + "</tr>";
    if (m.funding_outside_platforms.units() != 0)
        o += "<tr class=\"outside\"><td>Regional and multi-country funding" +
             marker(m, "outside-platforms") + "</td><td></td><td></td><td></td><td></td><td></td>" +
             detail::cell(format_thousands(m.funding_outside_platforms.units())) +
             "<td></td><td></td><td></td><td></td></tr>";
    o += "<tr class=\"total\"><td>Region (" + escape_xml(r.code) + ")" + "</td>" +
         detail::row_cells(r, true) + "</tr>";
    o += "</tbody></table>\n<p class=\"small\">Platform rows are not added to make the region: "
         "people reached are de-duplicated at each level, and partner counts are distinct "
         "organisations.</p>\n";

    // Countries.
    o += "<h2>By country</h2>\n<table class=\"countries\">" +
         detail::table_head(m, "Country", true) + "<tbody>";
    std::string current;
    for (const auto& c : m.countries) {
        if (c.platform != current) {
            current = c.platform;
            o += "<tr class=\"platform\"><td colspan=\"11\">" + escape_xml(current) + "</td></tr>";
        }
        o += "<tr><td>" + escape_xml(c.name) + " (" + escape_xml(c.code) + ")</td>" +
             detail::row_cells(c, true) + "</tr>";
    }
    o += "</tbody></table>\n<p class=\"small\">Country figures include people in transit, also "
         "shown apart; country funding is money attributable to that country only.</p>\n";

    // Misalignment.
    const auto& mis = m.misalignment;
    o += "<h2>Funding and reach: where they disagree</h2>\n<div class=\"charts\">" +
         alignment_chart(m) + "<div>";
    if (mis.lowest_coverage && mis.highest_coverage)
        o += "<p>Funding coverage ranges across platforms from " + percent(mis.lowest_coverage) +
             " (" + escape_xml(mis.lowest_platform) + ") to " + percent(mis.highest_coverage) +
             " (" + escape_xml(mis.highest_platform) + ").</p>";
    o += "<p>Points above the diagonal reached more of their target than their funding covered "
         "of their requirements; points below it were funded further than they reached.</p>";
    if (!mis.summary.empty()) {
        o += "<table class=\"misalignment\"><thead><tr><th>Measure</th><th>Value</th>"
             "<th>Meaning</th></tr></thead><tbody>";
        for (const auto& s : mis.summary) {
            o += "<tr><td>" + escape_xml(s.name) + "</td>" +
                 detail::cell(decimal(s.value, s.whole)) + "<td>" + escape_xml(s.meaning) +
                 "</td></tr>";
        }
        o += "</tbody></table>";
    }
    o += "</div></div>\n";
    for (const auto& f : mis.flagged) {
        o += "<p class=\"flag\"><b>" + escape_xml(f.country) +
             (f.sector.empty() ? std::string() : " &middot; " + escape_xml(f.sector)) +
             "</b>: coverage " + percent(f.coverage) + ", attainment " + percent(f.attainment) +
             (f.why.empty() ? std::string() : "; " + escape_xml(f.why)) + ".";
        if (!f.causes.empty())
            o += " " + escape_xml(f.explanation());
        o += "</p>\n";
    }
    for (const auto& n : mis.notes)
        o += "<p class=\"small\">" + escape_xml(n) + "</p>\n";

    o += "<h2>Notes</h2>\n<ol class=\"footnotes\">";
    for (const auto& f : m.footnotes)
        o += "<li id=\"fn-" + f.id + "\">" + escape_xml(f.text) + "</li>";
    o += "</ol>\n<p class=\"small\">Made with tally " TALLY_VERSION_STRING;
    if (m.last_month)
        o += "; activity data up to " + m.last_month->to_string();
    o += ".</p>\n</body></html>\n";
    return o;
}

} // namespace tally::report
