#pragma once
// The report as plain text for a terminal: the headline in short numbers, the "Response" and
// "Funding and reach" paragraphs (report/prose.hpp), then the platform and country tables with
// exact figures (people reached, target and PiN in destination for platforms, including in
// transit for countries: their headings say which), the misalignment section (measures in words,
// their code in brackets) and the numbered footnotes. A figure whose input was not given is n/a.
// The layout depends only on the model (fixed column widths), so the output is stable.

#include <algorithm>
#include <string>
#include <tally/detail/utf8.hpp>
#include <tally/report/format.hpp>
#include <tally/report/model.hpp>
#include <tally/report/prose.hpp>
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

inline std::string text_row(const report_model& m, const std::string& name, const report_line& l,
                            std::size_t name_w) {
    std::string o = pad_right(name, name_w);
    o += pad_left(exact(m.reached_shown(l)), 12);
    o += pad_left(exact(m.in_transit_shown(l)), 12);
    o += pad_left(exact(l.target ? std::optional(l.target->value()) : std::nullopt), 12);
    o += pad_left(percent(m.attainment_shown(l)), 8);
    o += pad_left(exact(l.pin ? std::optional(l.pin->value()) : std::nullopt), 12);
    o += pad_left(exact(m.funding_shown(l)), 15);
    o +=
        pad_left(exact(l.requirements ? std::optional(l.requirements->value()) : std::nullopt), 15);
    o += pad_left(percent(m.coverage_shown(l)), 8);
    o += pad_left(exact(m.appealing_shown(l)), 6);
    o += pad_left(exact(m.implementing_shown(l)), 6);
    return o + "\n";
}

// The platform table's people reached, target and PiN are in destination ("(d)"), people in
// transit apart ("(a)"); the country table's include people in transit ("(+t)").
inline std::string text_head(const char* first, std::size_t name_w, bool platforms) {
    std::string o = pad_right(first, name_w);
    if (platforms)
        o += pad_left("reached(d)", 12) + pad_left("transit(a)", 12) + pad_left("target(d)", 12) +
             pad_left("attain", 8) + pad_left("PiN(d)", 12);
    else
        o += pad_left("reached(+t)", 12) + pad_left("of which t", 12) + pad_left("target(+t)", 12) +
             pad_left("attain", 8) + pad_left("PiN(+t)", 12);
    o += pad_left("funding USD", 15) + pad_left("required USD", 15) + pad_left("cover", 8) +
         pad_left("app", 6) + pad_left("impl", 6);
    return o + "\n";
}

/// Text broken into lines of at most `width` code points at spaces (a longer word keeps its
/// line), each line ending in a newline.
inline std::string wrap(const std::string& text, std::size_t width) {
    std::string out, line;
    std::size_t line_n = 0, pos = 0;
    auto points = [](std::string_view w) {
        std::size_t n = 0;
        for (char c : w)
            n += (static_cast<unsigned char>(c) & 0xC0) != 0x80 ? 1 : 0;
        return n;
    };
    while (pos < text.size()) {
        auto end = text.find(' ', pos);
        if (end == std::string::npos)
            end = text.size();
        const std::string_view word(text.data() + pos, end - pos);
        const std::size_t n = points(word);
        if (line_n > 0 && line_n + 1 + n > width) {
            out += line + "\n";
            line.clear();
            line_n = 0;
        }
        if (line_n > 0) {
            line += ' ';
            ++line_n;
        }
        line += word;
        line_n += n;
        pos = end + 1;
    }
    return out + line + "\n";
}

} // namespace detail

inline std::string render_text(const report_model& m) {
    const auto& r = m.region;
    auto mark = [&](std::string_view id) {
        const auto n = m.footnote_number(id);
        return n ? "[" + std::to_string(n) + "]" : std::string();
    };
    // The rejected-rows footnote, for a figure read from an input with rejected rows.
    auto rejected = [&](std::string_view input) {
        for (const auto& in : m.inputs)
            if (in.input == input && in.rows_rejected > 0)
                return mark("rejected");
        return std::string();
    };
    auto or_na = [](const std::optional<std::int64_t>& v, auto f) {
        return v ? f(*v) : std::string("n/a");
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
    o += "People reached      " + or_na(m.reached_shown(r), short_number) + " in destination" +
         mark("in-transit") + mark("deduplication") + rejected("activities") + ", " +
         percent(m.attainment_shown(r)) + " of the target of " +
         (r.target ? short_number(r.target->value()) : std::string("n/a")) + rejected("plan") +
         "\n";
    o +=
        "People in need      " + (r.pin ? short_number(r.pin->value()) : std::string("n/a")) + "\n";
    o += "Funding received    " + or_na(m.funding_shown(r), short_usd) + mark("funding-as-of") +
         mark("not-in-scope") + rejected("funding") + ", " + percent(m.coverage_shown(r)) +
         (r.funding.value() < 0 ? mark("negative-funding") : "") + " of the requirements of " +
         (r.requirements ? short_usd(r.requirements->value()) : std::string("n/a")) +
         rejected("requirements") + "\n";
    o += "Partners            " + or_na(m.appealing_shown(r), format_thousands) + " appealing, " +
         or_na(m.implementing_shown(r), format_thousands) + " implementing" + mark("partners") +
         "\n\n";
    for (const auto& p : paragraphs_of(m)) {
        o += p.heading + "\n";
        std::string line;
        for (const auto& x : p.sentences)
            line +=
                (line.empty() ? "" : " ") + with_marker(x.text, x.note.empty() ? "" : mark(x.note));
        o += detail::wrap(line, 100) + "\n";
    }

    std::size_t w = 28;
    for (const auto& c : m.countries)
        w = std::max(w, c.name.size() + c.code.size() + 6);
    o += detail::text_head("platform", w, true);
    for (const auto& p : m.platforms)
        o += detail::text_row(m, p.name, p, w);
    if (m.funding_outside_platforms.value() != 0)
        o += detail::pad_right("regional, multi-country" + mark("outside-platforms"), w) +
             std::string(12 + 12 + 12 + 8 + 12, ' ') +
             detail::pad_left(format_thousands(m.funding_outside_platforms.value()), 15) + "\n";
    o += detail::text_row(m, "region " + r.code, r, w) + "\n";

    o += detail::text_head("country", w, false);
    for (const auto& c : m.countries)
        o += detail::text_row(m, "  " + c.name + " (" + c.code + ")", c, w);
    o += "(d) in destination: people in transit left out, shown apart (a) and not added" +
         mark("in-transit") + "; (+t) including people in transit.\n\n";

    const auto& mis = m.misalignment;
    o += "Funding and reach: where they disagree" + mark("misalignment") + "\n";
    if (mis.lowest_coverage && mis.highest_coverage && m.given("funding"))
        o += "Coverage across platforms: " + percent(mis.lowest_coverage) + " (" +
             mis.lowest_platform + ") to " + percent(mis.highest_coverage) + " (" +
             mis.highest_platform + ")\n";
    for (const auto& s : mis.summary)
        o += "  " + (s.label.empty() ? s.name : s.label) + ": " +
             (s.ratio ? percent(s.value) : decimal(s.value, s.whole)) + " (" + s.meaning + ") [" +
             s.name + "]\n";
    for (const auto& f : mis.flagged) {
        o += "  flagged " + f.country + (f.sector.empty() ? std::string() : " / " + f.sector) +
             ": coverage " + percent(f.coverage) + ", attainment " + percent(f.attainment) +
             (f.why.empty() ? std::string() : "; " + f.why) + ".";
        if (!f.causes.empty())
            o += " " + f.explanation();
        o += "\n";
    }
    o += "\nNotes\n";
    for (std::size_t i = 0; i < m.footnotes.size(); ++i)
        o += "[" + std::to_string(i + 1) + "] " + m.footnotes[i].text + "\n";
    // Names from the inputs may hold control characters (an escape sequence would drive the
    // terminal): they are shown as U+FFFD, and build_report tells of them in a notice.
    return tally::detail::without_controls(o);
}

} // namespace tally::report
