#pragma once
// The report as one self-contained HTML page: inline CSS and SVG charts, no script, no font,
// image or style sheet fetched. Headline figures are short (26.2K, US$ 1.3M, 78.8%); tables give
// the exact figures. Footnote markers point at the footnotes generated from the figures'
// provenance, and every footnote is pointed at from where it applies.
//
// The page is five sections (class "page"), each printed on a page of its own (A4 portrait,
// the print stylesheet below; `tally report --format pdf` prints it with Chromium):
//   summary    title, headline figures, the "Response" and "Funding and reach" paragraphs
//              (report/prose.hpp);
//   platforms  reached against target and funded against required per platform, the platform
//              table (people reached in destination: in transit apart, not added);
//   countries  the country table (people reached including in transit, and of which in
//              transit);
//   alignment  coverage against attainment per country, the flagged cells with their likely
//              causes, the misalignment measures (in words; their code in a tooltip);
//   notes      the numbered footnotes.
// A figure whose input was not given is n/a, never 0 (report_model::given).

#include <string>
#include <tally/report/format.hpp>
#include <tally/report/model.hpp>
#include <tally/report/prose.hpp>
#include <tally/report/svg.hpp>
#include <tally/version.hpp>
#include <vector>

namespace tally::report {

/// Reached against target per platform.
inline std::string reach_chart(const report_model& m) {
    std::vector<std::string> names;
    bar_series reached{"People reached in destination", "reached", "#0b6fa4", {}};
    bar_series target{"Target", "target", "#a9c7dd", {}};
    for (const auto& p : m.platforms) {
        names.push_back(p.name);
        reached.values.push_back(m.reached_shown(p));
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
        funded.values.push_back(m.funding_shown(p));
        required.values.push_back(p.requirements ? std::optional(p.requirements->value())
                                                 : std::nullopt);
    }
    return bar_chart("Funding received and required by platform (USD)", names, {funded, required},
                     true);
}

/// Coverage against attainment per country (countries with both a target and a requirement).
inline std::string alignment_chart(const report_model& m) {
    std::vector<scatter_point> pts;
    for (const auto& c : m.countries) {
        const auto cov = m.coverage_shown(c);
        const auto att = m.attainment_shown(c);
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

/// The markers of the rejected-rows footnote for a figure read from these inputs ("" when none
/// of them had rejected rows).
inline std::string rejected_marker(const report_model& m,
                                   std::initializer_list<std::string_view> inputs) {
    for (const auto& in : m.inputs)
        for (auto name : inputs)
            if (in.input == name && in.rows_rejected > 0)
                return marker(m, "rejected");
    return {};
}

inline std::string cell(const std::string& s, bool num = true) {
    return std::string(num ? "<td class=\"n\">" : "<td>") + s + "</td>";
}

inline std::string row_cells(const report_model& m, const report_line& l) {
    std::string o;
    o += cell(exact(m.reached_shown(l)));
    o += cell(exact(m.in_transit_shown(l)));
    o += cell(exact(l.target ? std::optional(l.target->value()) : std::nullopt));
    o += cell(percent(m.attainment_shown(l)));
    o += cell(exact(l.pin ? std::optional(l.pin->value()) : std::nullopt));
    o += cell(exact(m.funding_shown(l)));
    o += cell(exact(l.requirements ? std::optional(l.requirements->value()) : std::nullopt));
    o += cell(percent(m.coverage_shown(l)));
    o += cell(exact(m.appealing_shown(l)));
    o += cell(exact(m.implementing_shown(l)));
    return o;
}

// The two tables' headings differ where their figures do: platform and region rows leave people
// in transit out of people reached, target and PiN (they are "in destination"); country rows
// keep them in ("including in transit").
inline std::string table_head(const report_model& m, const char* first, bool platforms) {
    const std::string transit = marker(m, "in-transit");
    const char* scope = platforms ? "in destination" : "including in transit";
    std::string o = "<thead><tr><th>" + std::string(first) + "</th>";
    o += "<th>People reached, " + std::string(scope) + transit + "</th>";
    o += platforms ? "<th>In transit (not added)" + transit + "</th>"
                   : "<th>of which in transit" + transit + "</th>";
    o += "<th>Target, " + std::string(scope) + "</th><th>Attainment</th><th>PiN, " +
         std::string(scope) + "</th><th>Funding (USD)" + marker(m, "funding-as-of") +
         "</th><th>Requirements (USD)</th><th>Coverage" + marker(m, "negative-funding") +
         "</th><th>Appealing partners" + marker(m, "partners") + "</th><th>Implementing partners" +
         marker(m, "partners") + "</th></tr></thead>";
    return o;
}

inline std::string kpi(const std::string& value, const std::string& label,
                       const std::string& note = {}) {
    return "<div class=\"kpi\"><div class=\"kpi-value\">" + value +
           "</div><div class=\"kpi-label\">" + label + "</div>" +
           (note.empty() ? std::string() : "<div class=\"kpi-note\">" + note + "</div>") + "</div>";
}

inline std::string prose_html(const report_model& m, const paragraph& p) {
    std::string o = "<h2>" + escape_xml(p.heading) + "</h2>\n<p class=\"prose\">";
    for (std::size_t i = 0; i < p.sentences.size(); ++i) {
        if (i)
            o += ' ';
        o += with_marker(escape_xml(p.sentences[i].text),
                         p.sentences[i].note.empty() ? "" : marker(m, p.sentences[i].note));
    }
    return o + "</p>\n";
}

inline constexpr std::string_view page_css = R"(
body{font-family:"DejaVu Sans",Arial,Helvetica,sans-serif;color:#1a1a1a;margin:24px auto;max-width:1100px;padding:0 16px;line-height:1.4}
h1{font-size:24px;margin:0 0 2px;text-transform:uppercase;color:#0b4f79}
h2{font-size:16px;margin:26px 0 8px;text-transform:uppercase;color:#0b4f79;border-bottom:2px solid #0b4f79;padding-bottom:2px}
.subtitle{font-size:13px;color:#555;margin:0 0 16px;text-transform:uppercase;letter-spacing:.03em}
.kpis{display:flex;flex-wrap:wrap;gap:10px;margin:12px 0}
.kpi{flex:1 1 150px;border:1px solid #c9d9e6;border-radius:4px;padding:8px 10px;background:#f4f8fb}
.kpi-value{font-size:22px;white-space:nowrap;font-weight:bold;color:#0b4f79}
.kpi-label{font-size:12px;color:#333}
.kpi-note{font-size:11px;color:#666}
p.prose{font-size:14px;max-width:860px}
.charts{display:flex;flex-wrap:wrap;gap:18px;align-items:flex-start}
.charts svg.bar-chart{flex:1 1 480px;max-width:540px;height:auto}
.charts svg.scatter-chart{flex:1 1 460px;max-width:560px;height:auto}
.charts > div{flex:1 1 300px}
table{border-collapse:collapse;width:100%;font-size:12px;margin:6px 0 4px}
th,td{border-bottom:1px solid #d6d6d6;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#e8f0f6;font-weight:bold}
td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
tr.total td{font-weight:bold;border-top:2px solid #0b4f79}
tr.outside td{font-style:italic;color:#444}
tr.platform td{background:#f4f8fb;font-weight:bold}
table.misalignment td:first-child,table.platforms td:first-child,table.countries td:first-child{white-space:nowrap}
span.code{border-bottom:1px dotted #999;cursor:help}
sup.fn{font-size:55%;font-weight:normal;vertical-align:super}
sup a{text-decoration:none;color:#0b4f79}
ol.footnotes{font-size:12px;color:#333;padding-left:20px}
.flag{margin:6px 0;font-size:13px}
.small{font-size:11px;color:#666}
.partial{border:2px solid #b00020;background:#fdecee;color:#6b0010;padding:8px 12px;margin:0 0 14px;font-size:13px}
@page{size:A4;margin:12mm}
@media print{
body{margin:0;padding:0;max-width:none;font-size:11px;line-height:1.3}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
a{color:inherit}
section.page{break-before:page}
section.page:first-of-type{break-before:auto}
h1{font-size:18px}
h2{font-size:13px;margin:10px 0 6px;break-after:avoid}
.subtitle{font-size:10px;margin-bottom:8px}
.kpi{padding:5px 7px}
.kpi-value{font-size:16px}
.kpi-label,.kpi-note{font-size:9.5px}
p.prose{font-size:11px;max-width:none}
table{font-size:9px}
th,td{padding:2px 4px}
.charts{gap:8px}
.charts svg.bar-chart{flex:1 1 45%;max-width:none}
.charts svg.scatter-chart{flex:0 0 58%;max-width:none}
.charts > div{flex:1 1 36%}
.flag{font-size:9.5px;margin:3px 0}
.small,ol.footnotes{font-size:9.5px}
table,svg,.kpis,.flag,tr,p.prose{break-inside:avoid}
}
)";

inline std::string headline(const report_model& m) {
    const auto& r = m.region;
    std::string reached_note = m.scope.empty() ? "refugees, migrants and host communities"
                                               : "de-duplicated within the scope";
    const auto reached = m.reached_shown(r);
    const auto funding = m.funding_shown(r);
    std::string o = "<div class=\"kpis\">";
    o += kpi((reached ? short_number(*reached) : std::string("n/a")) + marker(m, "in-transit") +
                 rejected_marker(m, {"activities"}),
             "people reached in destination" + marker(m, "deduplication"), reached_note);
    o += kpi(percent(m.attainment_shown(r)),
             "of the target (" + (r.target ? short_number(r.target->value()) : std::string("n/a")) +
                 ")" + rejected_marker(m, {"plan"}));
    o += kpi(r.pin ? short_number(r.pin->value()) : std::string("n/a"), "people in need");
    o += kpi((funding ? short_usd(*funding) : std::string("n/a")) + marker(m, "funding-as-of") +
                 rejected_marker(m, {"funding"}),
             "funding received",
             "all money of the scope, regional included" + marker(m, "outside-platforms") +
                 marker(m, "not-in-scope"));
    o += kpi(percent(m.coverage_shown(r)) +
                 (r.funding.value() < 0 ? marker(m, "negative-funding") : ""),
             "of the requirements (" +
                 (r.requirements ? short_usd(r.requirements->value()) : std::string("n/a")) + ")" +
                 rejected_marker(m, {"requirements"}));
    const auto app = m.appealing_shown(r), impl = m.implementing_shown(r);
    o += kpi((app ? format_thousands(*app) : std::string("n/a")) + " &middot; " +
                 (impl ? format_thousands(*impl) : std::string("n/a")) + marker(m, "partners"),
             "appealing &middot; implementing partners", "quote separately, never add");
    return o + "</div>\n";
}

inline std::string platform_section(const report_model& m) {
    const auto& r = m.region;
    std::string o = "<section class=\"page platforms\">\n<h2>People reached and funding by "
                    "platform</h2>\n<div class=\"charts\">" +
                    reach_chart(m) + funding_chart(m) + "</div>\n";
    o += "<table class=\"platforms\">" + table_head(m, "Platform", true) + "<tbody>";
    for (const auto& p : m.platforms)
        o += "<tr><td>" + escape_xml(p.name) + "</td>" + row_cells(m, p) + "</tr>";
    if (m.funding_outside_platforms.value() != 0)
        o += "<tr class=\"outside\"><td>Regional and multi-country funding" +
             marker(m, "outside-platforms") + "</td><td></td><td></td><td></td><td></td><td></td>" +
             cell(format_thousands(m.funding_outside_platforms.value())) +
             "<td></td><td></td><td></td><td></td></tr>";
    o += "<tr class=\"total\"><td>Region (" + escape_xml(r.code) + ")" +
         marker(m, "deduplication") + "</td>" + row_cells(m, r) + "</tr>";
    o += "</tbody></table>\n<p class=\"small\">Platform and region rows count people in "
         "destination: people in transit are shown apart and not added" +
         marker(m, "in-transit") +
         ". Platform rows are not added to make the region: people reached are de-duplicated at "
         "each level, and partner counts are distinct organisations" +
         marker(m, "partners") + ".</p>\n</section>\n";
    return o;
}

inline std::string country_section(const report_model& m) {
    std::string o = "<section class=\"page countries\">\n<h2>By country</h2>\n<table "
                    "class=\"countries\">" +
                    table_head(m, "Country", false) + "<tbody>";
    std::string current;
    for (const auto& c : m.countries) {
        if (c.platform != current) {
            current = c.platform;
            o += "<tr class=\"platform\"><td colspan=\"11\">" + escape_xml(current) + "</td></tr>";
        }
        o += "<tr><td>" + escape_xml(c.name) + " (" + escape_xml(c.code) + ")</td>" +
             row_cells(m, c) + "</tr>";
    }
    o += "</tbody></table>\n<p class=\"small\">Country rows count people in transit in people "
         "reached, target and PiN (each country counts those it assisted), and show them apart "
         "as well" +
         marker(m, "in-transit") + "; country funding is money attributable to that country only" +
         marker(m, "outside-platforms") + ".</p>\n</section>\n";
    return o;
}

inline std::string alignment_section(const report_model& m) {
    const auto& mis = m.misalignment;
    std::string o = "<section class=\"page alignment\">\n<h2>Funding and reach: where they "
                    "disagree" +
                    marker(m, "misalignment") + "</h2>\n<div class=\"charts\">" +
                    alignment_chart(m) + "<div>";
    if (mis.lowest_coverage && mis.highest_coverage && m.given("funding"))
        o += "<p class=\"flag\">Funding coverage ranges across platforms from " +
             percent(mis.lowest_coverage) + " (" + escape_xml(mis.lowest_platform) + ") to " +
             percent(mis.highest_coverage) + " (" + escape_xml(mis.highest_platform) + ")" +
             marker(m, "funding-as-of") + ".</p>";
    o += "<p class=\"flag\">Points above the diagonal reached more of their target than their "
         "funding covered of their requirements; points below it were funded further than they "
         "reached.</p>";
    for (const auto& f : mis.flagged) {
        // The country by name; the sector only where the page covers several.
        std::string country = f.country;
        for (const auto& c : m.countries)
            if (c.code == f.country)
                country = c.name + " (" + c.code + ")";
        o += "<p class=\"flag\"><b>" + escape_xml(country) +
             (f.sector.empty() || !m.scope.empty() ? std::string()
                                                   : " &middot; " + escape_xml(f.sector)) +
             "</b>: coverage " + percent(f.coverage) + ", attainment " + percent(f.attainment) +
             (f.why.empty() ? std::string() : "; " + escape_xml(f.why)) + ".";
        if (!f.causes.empty())
            o += " " + escape_xml(f.explanation());
        o += "</p>\n";
    }
    o += "</div></div>\n";
    if (!mis.summary.empty()) {
        o += "<table class=\"misalignment\"><thead><tr><th>Measure</th><th>Value</th>"
             "<th>Meaning</th></tr></thead><tbody>";
        for (const auto& s : mis.summary)
            o += "<tr><td><span class=\"code\" title=\"" + escape_xml(s.name) + "\">" +
                 escape_xml(s.label.empty() ? s.name : s.label) + "</span></td>" +
                 cell(s.ratio ? percent(s.value) : decimal(s.value, s.whole)) + "<td>" +
                 escape_xml(s.meaning) + "</td></tr>";
        o += "</tbody></table>";
    }
    return o + "</section>\n";
}

} // namespace detail

/// The whole page.
inline std::string render_html(const report_model& m) {
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
    o += "<section class=\"page summary\">\n<h1>" + escape_xml(m.title) + "</h1>\n";
    o += "<p class=\"subtitle\">" +
         escape_xml(m.scope.empty() ? std::string("Whole response (intersector figures)")
                                    : m.scope) +
         " &middot; people reached and funding by national and sub-regional platform</p>\n";
    o += detail::headline(m);
    for (const auto& p : paragraphs_of(m))
        o += detail::prose_html(m, p);
    o += "</section>\n";
    o += detail::platform_section(m);
    o += detail::country_section(m);
    o += detail::alignment_section(m);
    o += "<section class=\"page notes\">\n<h2>Notes</h2>\n<ol class=\"footnotes\">";
    for (const auto& f : m.footnotes)
        o += "<li id=\"fn-" + f.id + "\">" + escape_xml(f.text) + "</li>";
    o += "</ol>\n<p class=\"small\">Made with tally " TALLY_VERSION_STRING;
    if (m.last_month)
        o += "; activity data up to " + m.last_month->to_string();
    o += ".</p>\n</section>\n</body></html>\n";
    return o;
}

} // namespace tally::report
