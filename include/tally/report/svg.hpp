#pragma once
// Charts drawn as SVG text by the library, so that a report page needs no script, no font or
// image download and prints as it shows:
//   bar_chart      horizontal grouped bars, one group per category (platform), one bar per
//                  series (reached and target; funded and required); a missing value draws no
//                  bar and is labelled n/a;
//   scatter_chart  one point per item (country): x = funding coverage, y = reach attainment,
//                  with the diagonal y = x where funding and reach are aligned. Points beyond
//                  the axes' end are drawn on the edge (class "clipped") and keep their true
//                  values in their labels.
// Every mark carries a class (bar, point, diagonal) and a <title> with its exact figure.

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <tally/detail/utf8.hpp>
#include <tally/report/format.hpp>
#include <utility>
#include <vector>

namespace tally::report {

/// Text escaped for XML and HTML (&, <, >, "). Control characters, which XML does not allow
/// (an inline SVG with one is no longer XML), and bytes that are not UTF-8 become U+FFFD
/// (detail::without_controls; build_report tells of them in a notice).
inline std::string escape_xml(std::string_view text) {
    const std::string s = tally::detail::without_controls(text);
    std::string o;
    o.reserve(s.size());
    for (char c : s) {
        switch (c) {
        case '&':
            o += "&amp;";
            break;
        case '<':
            o += "&lt;";
            break;
        case '>':
            o += "&gt;";
            break;
        case '"':
            o += "&quot;";
            break;
        default:
            o += c;
        }
    }
    return o;
}

namespace detail {
inline std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}
} // namespace detail

struct bar_series {
    std::string label;
    std::string css_class; ///< "reached", "target", "funded", "required"
    std::string color;
    std::vector<std::optional<std::int64_t>> values; ///< one per category
};

/// A horizontal grouped bar chart. money: labels as "US$ 1.3M" instead of "26.2K".
inline std::string bar_chart(std::string_view title, const std::vector<std::string>& categories,
                             const std::vector<bar_series>& series, bool money) {
    const double width = 560, label_w = 170, value_w = 70, bar_h = 13, gap = 12, top = 46;
    const double plot_w = width - label_w - value_w;
    const double group_h = bar_h * static_cast<double>(series.size()) + gap;
    const double height = top + group_h * static_cast<double>(categories.size()) + 8;
    std::int64_t top_value = 0;
    for (const auto& s : series)
        for (const auto& v : s.values)
            if (v)
                top_value = std::max(top_value, *v);
    auto label = [&](std::int64_t v) { return money ? short_usd(v) : short_number(v); };

    std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart bar-chart\" "
                    "viewBox=\"0 0 " +
                    detail::num(width) + " " + detail::num(height) + "\" role=\"img\">";
    o += "<title>" + escape_xml(title) + "</title>";
    o += "<text x=\"0\" y=\"16\" class=\"chart-title\" font-size=\"14\" font-weight=\"bold\">" +
         escape_xml(title) + "</text>";
    double lx = 0;
    for (const auto& s : series) {
        o += "<rect class=\"legend " + s.css_class + "\" x=\"" + detail::num(lx) +
             "\" y=\"26\" width=\"10\" height=\"10\" fill=\"" + s.color + "\"/>";
        o += "<text x=\"" + detail::num(lx + 14) + "\" y=\"35\" font-size=\"11\">" +
             escape_xml(s.label) + "</text>";
        lx += 24 + 6.5 * static_cast<double>(s.label.size());
    }
    for (std::size_t c = 0; c < categories.size(); ++c) {
        const double gy = top + group_h * static_cast<double>(c);
        o += "<text x=\"" + detail::num(label_w - 6) + "\" y=\"" +
             detail::num(gy + bar_h * static_cast<double>(series.size()) / 2 + 4) +
             "\" font-size=\"11\" text-anchor=\"end\">" + escape_xml(categories[c]) + "</text>";
        for (std::size_t s = 0; s < series.size(); ++s) {
            const double y = gy + bar_h * static_cast<double>(s);
            const auto& v = c < series[s].values.size() ? series[s].values[c] : std::nullopt;
            double w = 0;
            if (v && top_value > 0)
                w = plot_w * static_cast<double>(std::max<std::int64_t>(*v, 0)) /
                    static_cast<double>(top_value);
            if (v) {
                o += "<rect class=\"bar " + series[s].css_class + "\" x=\"" + detail::num(label_w) +
                     "\" y=\"" + detail::num(y) + "\" width=\"" + detail::num(std::max(w, 0.5)) +
                     "\" height=\"" + detail::num(bar_h - 2) + "\" fill=\"" + series[s].color +
                     "\"><title>" +
                     escape_xml(categories[c] + ": " + series[s].label + " " +
                                format_thousands(*v) + (money ? " USD" : "")) +
                     "</title></rect>";
            }
            o += "<text x=\"" + detail::num(label_w + w + 4) + "\" y=\"" +
                 detail::num(y + bar_h - 3) + "\" font-size=\"10\" fill=\"#333\">" +
                 (v ? escape_xml(label(*v)) : std::string("n/a")) + "</text>";
        }
    }
    return o + "</svg>";
}

struct scatter_point {
    std::string label; ///< short label drawn by the point (ISO3)
    std::string name;  ///< full name for the tooltip
    double x = 0, y = 0;
};

/// Coverage (x) against attainment (y), with the diagonal. Axes run from 0 to the larger of
/// 100% and the largest value (rounded up to a quarter), but at most 300%.
inline std::string scatter_chart(std::string_view title, const std::vector<scatter_point>& pts,
                                 std::string_view x_label, std::string_view y_label) {
    const double size = 360, left = 52, bottom = 40, top = 30, right = 16;
    const double plot = size - left - right;
    double hi = 1.0;
    for (const auto& p : pts)
        hi = std::max({hi, p.x, p.y});
    hi = std::min(std::ceil(hi * 4.0) / 4.0, 3.0);
    const double height = top + plot + bottom;
    auto px = [&](double x) { return left + plot * std::clamp(x, 0.0, hi) / hi; };
    auto py = [&](double y) { return top + plot - plot * std::clamp(y, 0.0, hi) / hi; };

    std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart scatter-chart\" "
                    "viewBox=\"0 0 " +
                    detail::num(size) + " " + detail::num(height) + "\" role=\"img\">";
    o += "<title>" + escape_xml(title) + "</title>";
    o += "<text x=\"0\" y=\"16\" class=\"chart-title\" font-size=\"14\" font-weight=\"bold\">" +
         escape_xml(title) + "</text>";
    // Grid every 25% (every 50% above 150%), with labels.
    const double step = hi > 1.5 ? 0.5 : 0.25;
    for (double g = 0; g <= hi + 1e-9; g += step) {
        o += "<line class=\"grid\" x1=\"" + detail::num(px(g)) + "\" y1=\"" + detail::num(py(0)) +
             "\" x2=\"" + detail::num(px(g)) + "\" y2=\"" + detail::num(py(hi)) +
             "\" stroke=\"#e3e3e3\"/>";
        o += "<line class=\"grid\" x1=\"" + detail::num(px(0)) + "\" y1=\"" + detail::num(py(g)) +
             "\" x2=\"" + detail::num(px(hi)) + "\" y2=\"" + detail::num(py(g)) +
             "\" stroke=\"#e3e3e3\"/>";
        const auto pct = std::to_string(static_cast<int>(std::lround(g * 100))) + "%";
        o += "<text x=\"" + detail::num(px(g)) + "\" y=\"" + detail::num(py(0) + 14) +
             "\" font-size=\"10\" text-anchor=\"middle\">" + pct + "</text>";
        o += "<text x=\"" + detail::num(left - 4) + "\" y=\"" + detail::num(py(g) + 3) +
             "\" font-size=\"10\" text-anchor=\"end\">" + pct + "</text>";
    }
    o += "<line class=\"diagonal\" x1=\"" + detail::num(px(0)) + "\" y1=\"" + detail::num(py(0)) +
         "\" x2=\"" + detail::num(px(hi)) + "\" y2=\"" + detail::num(py(hi)) +
         "\" stroke=\"#888\" stroke-dasharray=\"4 3\"><title>aligned: attainment equals "
         "coverage</title></line>";
    o += "<text x=\"" + detail::num(left + plot / 2) + "\" y=\"" + detail::num(height - 6) +
         "\" font-size=\"11\" text-anchor=\"middle\">" + escape_xml(x_label) + "</text>";
    o += "<text transform=\"translate(12 " + detail::num(top + plot / 2) +
         ") rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">" + escape_xml(y_label) +
         "</text>";
    std::vector<std::pair<double, double>> placed;
    for (const auto& p : pts) {
        const bool clipped = p.x > hi || p.y > hi || p.x < 0 || p.y < 0;
        o += "<circle class=\"point" + std::string(clipped ? " clipped" : "") + "\" cx=\"" +
             detail::num(px(p.x)) + "\" cy=\"" + detail::num(py(p.y)) +
             "\" r=\"5\" fill=\"#0b6fa4\" fill-opacity=\"0.8\"><title>" +
             escape_xml(p.name + ": coverage " + percent(p.x) + ", attainment " + percent(p.y)) +
             "</title></circle>";
        // The label goes right of the point, else left, above or below; where all four
        // would overlap an earlier label it is left out (the point's tooltip names it).
        const double cx = px(p.x), cy = py(p.y);
        const double lw = 6.2 * static_cast<double>(p.label.size());
        const std::pair<double, double> spots[] = {
            {cx + 7, cy + 4}, {cx - 7 - lw, cy + 4}, {cx - lw / 2, cy - 8}, {cx - lw / 2, cy + 16}};
        for (const auto& spot : spots) {
            const double lx = spot.first, ly = spot.second;
            const bool free = std::none_of(placed.begin(), placed.end(), [&](const auto& q) {
                return std::abs(q.first - lx) < std::max(lw, 18.0) && std::abs(q.second - ly) < 10;
            });
            if (!free)
                continue;
            placed.emplace_back(lx, ly);
            o += "<text x=\"" + detail::num(lx) + "\" y=\"" + detail::num(ly) +
                 "\" font-size=\"10\">" + escape_xml(p.label) + "</text>";
            break;
        }
    }
    return o + "</svg>";
}

} // namespace tally::report
