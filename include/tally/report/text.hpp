#pragma once
// The report as plain text for a terminal: the headline in short numbers, then the platform
// and country tables with exact figures, the misalignment section and the numbered footnotes.
// The layout depends only on the model (fixed column widths), so the output is stable.

#include <algorithm>
#include <string>
#include <tally/detail/utf8.hpp>
#include <tally/report/format.hpp>
#include <tally/report/model.hpp>
#include <vector>

namespace tally::report {

namespace detail {

inline std::string pad_left(const std::string& s, std::size_t w) {
    return s.size() >= w ? s : std::string(w - s.size(), ' ') + s;
}
inline std::string pad_right(const std::string& s, std::size_t w) {
    // Width in code points, so that "Curaçao" lines up.
    std::size_t n = 0;
    for (char c : s)
        n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
    return n >= w ? s : s + std::string(w - n, ' ');
}

inline std::string text_row(const std::string& name, const report_line& l, std::size_t name_w) {
    std::string o = pad_right(name, name_w);
    o += pad_left(format_thousands(l.reached.value().value()), 12);
    o += pad_left(format_thousands(l.in_transit.value()), 11);
    o += pad_left(exact(l.target ? std::optional(l.target->value()) : std::nullopt), 12);
    o += pad_left(percent(l.attainment()), 8);
    o += pad_left(exact(l.pin ? std::optional(l.pin->value()) : std::nullopt), 12);
    o += pad_left(format_thousands(l.funding.units()), 15);
    o +=
        pad_left(exact(l.requirements ? std::optional(l.requirements->units()) : std::nullopt), 15);
    o += pad_left(percent(l.coverage()), 8);
    o += pad_left(format_thousands(l.appealing.value()), 6);
    o += pad_left(format_thousands(l.implementing.value()), 6);
    return o + "\n";
}

inline std::string text_head(const char* first, std::size_t name_w) {
    std::string o = pad_right(first, name_w);
    o += pad_left("reached", 12) + pad_left("transit", 11) + pad_left("target", 12) +
         pad_left("attain", 8) + pad_left("PiN", 12) + pad_left("funding USD", 15) +
         pad_left("required USD", 15) + pad_left("cover", 8) + pad_left("app", 6) +
         pad_left("impl", 6);
    return o + "\n";
}

} // namespace detail

inline std::string render_text(const report_model& m) {
    const auto& r = m.region;
    auto mark = [&](std::string_view id) {
        const auto n = m.footnote_number(id);
        return n ? "[" + std::to_string(n) + "]" : std::string();
    };
    std::string o;
    if (!m.not_read.empty()) {
        o += "PARTIAL REPORT: " + std::to_string(m.not_read.size()) +
             (m.not_read.size() == 1 ? " input was" : " inputs were") +
             " not read, and every figure below leaves " +
             (m.not_read.size() == 1 ? "it" : "them") + " out:\n";
        for (const auto& n : m.not_read)
            o += "  not read: " + n + "\n";
        o += "\n";
    }
    o += m.title + "\n";
    o += std::string(m.title.size(), '=') + "\n";
    o += (m.scope.empty() ? std::string("Whole response (intersector figures)") : m.scope) +
         ": people reached and funding by national and sub-regional platform\n\n";
    o += "People reached      " + short_number(r.reached.value().value()) + mark("in-transit") +
         ", " + percent(r.attainment()) + " of the target of " +
         (r.target ? short_number(r.target->value()) : std::string("n/a")) + "\n";
    o +=
        "People in need      " + (r.pin ? short_number(r.pin->value()) : std::string("n/a")) + "\n";
    o += "Funding received    " + short_usd(r.funding.units()) + mark("funding-as-of") + ", " +
         percent(r.coverage()) + " of the requirements of " +
         (r.requirements ? short_usd(r.requirements->units()) : std::string("n/a")) + "\n";
    o += "Partners            " + format_thousands(r.appealing.value()) + " appealing, " +
         format_thousands(r.implementing.value()) + " implementing" + mark("partners") + "\n\n";

    std::size_t w = 28;
    for (const auto& c : m.countries)
        w = std::max(w, c.name.size() + c.code.size() + 6);
    o += detail::text_head("platform", w);
    for (const auto& p : m.platforms)
        o += detail::text_row(p.name, p, w);
    if (m.funding_outside_platforms.units() != 0)
        o += detail::pad_right("regional, multi-country" + mark("outside-platforms"), w) +
             std::string(12 + 11 + 12 + 8 + 12, ' ') +
             detail::pad_left(format_thousands(m.funding_outside_platforms.units()), 15) + "\n";
    o += detail::text_row("region " + r.code, r, w) + "\n";

    o += detail::text_head("country", w);
    for (const auto& c : m.countries)
        o += detail::text_row("  " + c.name + " (" + c.code + ")", c, w);
    o += "\n";

    const auto& mis = m.misalignment;
    if (mis.lowest_coverage && mis.highest_coverage)
        o += "Coverage across platforms: " + percent(mis.lowest_coverage) + " (" +
             mis.lowest_platform + ") to " + percent(mis.highest_coverage) + " (" +
             mis.highest_platform + ")\n";
    for (const auto& s : mis.summary) {
        o += "  " + s.name + ": " + decimal(s.value, s.whole) + " (" + s.meaning + ")\n";
    }
    for (const auto& f : mis.flagged) {
        o += "  flagged " + f.country + (f.sector.empty() ? std::string() : " / " + f.sector) +
             ": coverage " + percent(f.coverage) + ", attainment " + percent(f.attainment) +
             (f.why.empty() ? std::string() : "; " + f.why) + ".";
        if (!f.causes.empty())
            o += " " + f.explanation();
        o += "\n";
    }
    for (const auto& n : mis.notes)
        o += "  " + n + "\n";
    o += "\nNotes\n";
    for (std::size_t i = 0; i < m.footnotes.size(); ++i)
        o += "[" + std::to_string(i + 1) + "] " + m.footnotes[i].text + "\n";
    // Names from the inputs may hold control characters (an escape sequence would drive the
    // terminal): they are shown as U+FFFD, and build_report tells of them in a notice.
    return tally::detail::without_controls(o);
}

} // namespace tally::report
