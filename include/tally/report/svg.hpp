#pragma once
// Charts drawn as SVG text by the library, so that a report page needs no script, no font or
// image download and prints as it shows:
//   bar_chart      horizontal grouped bars, one group per category (platform), one bar per
//                  series (reached and target; funded and required); a missing value draws no
//                  bar and is labelled n/a;
//   scatter_chart  one point per item (country): x = funding coverage, y = reach attainment,
//                  with the diagonal y = x where funding and reach are aligned; axes fitted to
//                  the data; labels placed where they overlap nothing (with a leader line when
//                  away from their point). Points beyond 300% are drawn on the edge (class
//                  "clipped") and keep their true values in their tooltips.
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

namespace detail {

/// A rectangle in SVG user units (y down).
struct box {
    double x = 0, y = 0, w = 0, h = 0;
    bool overlaps(const box& o, double gap = 0) const {
        return x < o.x + o.w + gap && o.x < x + w + gap && y < o.y + o.h + gap && o.y < y + h + gap;
    }
    bool inside(const box& o) const {
        return x >= o.x && y >= o.y && x + w <= o.x + o.w && y + h <= o.y + o.h;
    }
};

/// Whether the segment (x1, y1)-(x2, y2) crosses the box (Liang-Barsky clipping).
inline bool crosses(double x1, double y1, double x2, double y2, const box& b) {
    double t0 = 0, t1 = 1;
    const double dx = x2 - x1, dy = y2 - y1;
    const double p[] = {-dx, dx, -dy, dy};
    const double q[] = {x1 - b.x, b.x + b.w - x1, y1 - b.y, b.y + b.h - y1};
    for (int i = 0; i < 4; ++i) {
        if (p[i] == 0) {
            if (q[i] < 0)
                return false;
            continue;
        }
        const double t = q[i] / p[i];
        if (p[i] < 0)
            t0 = std::max(t0, t);
        else
            t1 = std::min(t1, t);
        if (t0 > t1)
            return false;
    }
    return true;
}

/// Whether the segments a-b and c-d cross (touching ends do not count).
inline bool segments_cross(double ax, double ay, double bx, double by, double cx, double cy,
                           double dx, double dy) {
    auto side = [](double px, double py, double qx, double qy, double rx, double ry) {
        const double v = (qx - px) * (ry - py) - (qy - py) * (rx - px);
        return v > 1e-9 ? 1 : v < -1e-9 ? -1 : 0;
    };
    const int d1 = side(cx, cy, dx, dy, ax, ay), d2 = side(cx, cy, dx, dy, bx, by),
              d3 = side(ax, ay, bx, by, cx, cy), d4 = side(ax, ay, bx, by, dx, dy);
    return d1 * d2 < 0 && d3 * d4 < 0;
}

/// The width of a text in DejaVu Sans (the page's first font) at `size` units: the font's
/// advance widths for capitals, 0.64 em for digits, 0.62 em for other letters, 0.35 em for
/// spaces and punctuation. Other sans fonts (Arial, Helvetica) are narrower, so this is a bound
/// a label's box can be sized by.
inline double text_width(std::string_view s, double size) {
    // A..Z in DejaVu Sans, thousandths of an em.
    static constexpr int caps[26] = {684, 686, 698, 770, 632, 575, 775, 752, 295,
                                     295, 656, 557, 863, 748, 787, 603, 787, 695,
                                     635, 611, 732, 684, 989, 685, 611, 685};
    double em = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if ((c & 0xC0) == 0x80)
            continue; // a continuation byte: the code point was counted at its first byte
        if (c >= 'A' && c <= 'Z')
            em += caps[c - 'A'] / 1000.0;
        else if (c >= '0' && c <= '9')
            em += 0.64;
        else if ((c >= 'a' && c <= 'z') || c >= 0x80)
            em += 0.62;
        else
            em += 0.35;
    }
    return em * size;
}

/// Where a point's label goes: its box, and the leader line from the point when the box is not
/// next to it (leader false: no line).
struct label_place {
    box at;
    bool leader = false;
    bool placed = false;
};

/// Places one label per point (points in SVG units, each a circle of radius r) without any two
/// boxes overlapping, any box covering a point or another label's leader line, or any box
/// leaving `bounds`, and, where another spot avoids it, no label nearer another point than its
/// own and no leader line crossing another or running through another point; `obstacles` are
/// boxes to keep clear of too (other text). Labels
/// of points with the most neighbours are placed first, at the first free spot of: eight positions
/// around the point; then rings of 16 positions at growing distances, joined to the point by a
/// leader line; then anywhere in bounds, nearest first (a leader line again). A label that finds no
/// room at all is left unplaced (placed false): the caller lists it apart.
/// A leader line, from a point to its label.
struct leader_segment {
    double x1, y1, x2, y2;
};

/// The end of a leader line: the point on the box nearest the point.
inline std::pair<double, double> leader_end(double px, double py, const box& b) {
    return std::pair(std::clamp(px, b.x, b.x + b.w), std::clamp(py, b.y, b.y + b.h));
}

/// What place_labels_in keeps while it places labels: the boxes taken (the obstacles, then one
/// per point, then the labels placed) and the leader lines drawn.
struct label_room {
    const std::vector<std::pair<double, double>>& pts;
    double r;
    const box& bounds;
    std::size_t obstacles = 0; ///< the obstacle boxes at the front of blocked
    std::vector<box> blocked;
    std::size_t first_label = 0; ///< the first label box of blocked
    std::vector<leader_segment> leaders;

    /// Whether the label of point i may take box b (joined to it by a leader line or not).
    /// Strict: also no label nearer another point than its own and no leader line crossing
    /// another or running through another point; otherwise only what must hold always (no
    /// overlap, no line through a label).
    bool fits(std::size_t i, const box& b, bool leader, bool strict) const {
        if (!b.inside(bounds))
            return false;
        for (const auto& o : blocked)
            if (b.overlaps(o, 1))
                return false;
        for (const auto& s : leaders)
            if (crosses(s.x1, s.y1, s.x2, s.y2, b))
                return false;
        if (!strict)
            return !leader || clear_line(i, b, first_label, blocked.size(), blocked.size());
        // A label next to its point is nearer it than any other point; a label on a leader line
        // keeps 8 units clear of every other point (so that neither seems to name another point).
        auto gap_to = [&](std::size_t k) {
            const double dx = std::max({b.x - pts[k].first, 0.0, pts[k].first - b.x - b.w});
            const double dy = std::max({b.y - pts[k].second, 0.0, pts[k].second - b.y - b.h});
            return std::hypot(dx, dy);
        };
        const double own = gap_to(i);
        for (std::size_t k = 0; k < pts.size(); ++k)
            if (k != i && gap_to(k) < (leader ? r + 8 : own))
                return false;
        if (!leader)
            return true;
        // The line runs through no label, no other point and crosses no other line.
        if (!clear_line(i, b, obstacles, blocked.size(), obstacles + i))
            return false;
        const auto [ex, ey] = leader_end(pts[i].first, pts[i].second, b);
        for (const auto& s : leaders)
            if (segments_cross(pts[i].first, pts[i].second, ex, ey, s.x1, s.y1, s.x2, s.y2))
                return false;
        return true;
    }

    /// Whether the leader line from point i to box b runs through none of blocked[from, to)
    /// but blocked[skip].
    bool clear_line(std::size_t i, const box& b, std::size_t from, std::size_t to,
                    std::size_t skip) const {
        const auto [ex, ey] = leader_end(pts[i].first, pts[i].second, b);
        for (std::size_t k = from; k < to; ++k)
            if (k != skip && crosses(pts[i].first, pts[i].second, ex, ey, blocked[k]))
                return false;
        return true;
    }
};

/// The spots tried first for a label of w by h at the point (px, py) drawn with radius r: eight
/// positions around the point, then rings of 16 positions at growing distances, joined to the
/// point by a leader line (true).
inline std::vector<std::pair<box, bool>> near_spots(double px, double py, double w, double h,
                                                    double r) {
    const double d = r + 2, dd = d * 0.7;
    std::vector<std::pair<box, bool>> spots = {
        {{px + d, py - h / 2, w, h}, false},     {{px - d - w, py - h / 2, w, h}, false},
        {{px - w / 2, py - d - h, w, h}, false}, {{px - w / 2, py + d, w, h}, false},
        {{px + dd, py - dd - h, w, h}, false},   {{px - dd - w, py - dd - h, w, h}, false},
        {{px + dd, py + dd, w, h}, false},       {{px - dd - w, py + dd, w, h}, false}};
    for (const double dist : {18.0, 28.0, 40.0, 54.0, 70.0})
        for (int a = 0; a < 16; ++a) {
            const double t = 3.14159265358979 * 2 * a / 16;
            const double cx = px + (dist + w / 2) * std::cos(t),
                         cy = py + (dist + h / 2) * std::sin(t);
            spots.push_back({{cx - w / 2, cy - h / 2, w, h}, true});
        }
    return spots;
}

/// Every spot of a 6-unit grid in bounds for a label of w by h, nearest the point (px, py)
/// first, with its distance.
inline std::vector<std::pair<double, box>> grid_spots(const box& bounds, double px, double py,
                                                      double w, double h) {
    std::vector<std::pair<double, box>> anywhere;
    for (double y = bounds.y; y + h <= bounds.y + bounds.h; y += 6)
        for (double x = bounds.x; x + w <= bounds.x + bounds.w; x += 6)
            anywhere.push_back({std::hypot(x + w / 2 - px, y + h / 2 - py), box{x, y, w, h}});
    std::sort(anywhere.begin(), anywhere.end(),
              [](const auto& a, const auto& b) { return a.first < b.first; });
    return anywhere;
}

/// Places the labels in the given order (see place_labels).
inline std::vector<label_place> place_labels_in(const std::vector<std::size_t>& order,
                                                const std::vector<std::pair<double, double>>& pts,
                                                const std::vector<std::pair<double, double>>& sizes,
                                                double r, const box& bounds,
                                                const std::vector<box>& obstacles) {
    std::vector<label_place> out(pts.size());
    label_room room{pts, r, bounds, obstacles.size(), obstacles, 0, {}};
    for (const auto& [px, py] : pts)
        room.blocked.push_back({px - r, py - r, 2 * r, 2 * r});
    room.first_label = room.blocked.size();
    for (const auto i : order) {
        const auto [px, py] = pts[i];
        const auto [w, h] = sizes[i];
        const auto spots = near_spots(px, py, w, h, r);
        std::vector<std::pair<double, box>> anywhere;
        // Near the point, then anywhere in bounds (nearest first); the second time round only
        // what must hold always (no overlap, no line through a label).
        for (bool strict = true; !out[i].placed; strict = false) {
            for (const auto& [b, leader] : spots)
                if (room.fits(i, b, leader, strict)) {
                    out[i] = {b, leader, true};
                    break;
                }
            if (!out[i].placed) {
                if (anywhere.empty())
                    anywhere = grid_spots(bounds, px, py, w, h);
                for (const auto& [dist, b] : anywhere)
                    if (room.fits(i, b, true, strict)) {
                        out[i] = {b, true, true};
                        break;
                    }
            }
            if (!strict)
                break;
        }
        if (!out[i].placed)
            continue;
        room.blocked.push_back(out[i].at);
        if (out[i].leader) {
            const auto [ex, ey] = leader_end(px, py, out[i].at);
            room.leaders.push_back({px, py, ex, ey});
        }
    }
    return out;
}

/// Places one label per point (points in SVG units, each a circle of radius r) so that no two
/// boxes overlap, no box covers a point or a leader line, no box leaves `bounds` and no leader
/// line runs through a label; `obstacles` are boxes to keep clear of too (other text). Where a
/// spot allows it, a label next to its point is nearer it than any other point, and a leader
/// line crosses no other and runs through no other point. A label goes at the first spot that
/// fits of: eight positions around the point; rings of 16 positions at growing distances,
/// joined to the point by a leader line; anywhere in bounds, nearest first. Points with the most
/// neighbours go first; when one to three labels find no room, the placement is tried again with
/// those first (five tries at most), and the try with the fewest unplaced labels, then the
/// fewest leader lines, is kept. A label left unplaced (placed false) is for the caller to list
/// apart.
inline std::vector<label_place> place_labels(const std::vector<std::pair<double, double>>& pts,
                                             const std::vector<std::pair<double, double>>& sizes,
                                             double r, const box& bounds,
                                             const std::vector<box>& obstacles) {
    const std::size_t n = pts.size();
    std::vector<std::size_t> order(n);
    std::vector<int> neighbours(n, 0);
    for (std::size_t i = 0; i < n; ++i) {
        order[i] = i;
        for (std::size_t j = 0; j < n; ++j)
            if (j != i &&
                std::hypot(pts[i].first - pts[j].first, pts[i].second - pts[j].second) < 40)
                ++neighbours[i];
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return neighbours[a] > neighbours[b]; });
    auto cost = [](const std::vector<label_place>& v) {
        std::pair<std::size_t, std::size_t> c{0, 0};
        for (const auto& l : v) {
            c.first += l.placed ? 0 : 1;
            c.second += l.leader ? 1 : 0;
        }
        return c;
    };
    auto best = place_labels_in(order, pts, sizes, r, bounds, obstacles);
    auto current = best;
    // Another order helps when a few labels were left out; when many were, the plot is full.
    for (int attempt = 1; attempt < 5 && cost(current).first > 0 && cost(current).first <= 3;
         ++attempt) {
        std::stable_partition(order.begin(), order.end(),
                              [&](std::size_t i) { return !current[i].placed; });
        current = place_labels_in(order, pts, sizes, r, bounds, obstacles);
        if (cost(current) < cost(best))
            best = current;
    }
    return best;
}

/// The end of an axis that holds v: a round step (1%, 2%, 2.5%, 5%, 10%, 20%, 25%, 50% or
/// 100%) giving at most six steps, and v plus 5% headroom rounded up to a whole step.
inline std::pair<double, double> axis_end(double v) {
    if (!(v > 0))
        return {1.0, 0.25};
    const double want = v * 1.05;
    double step = 1.0;
    for (const double s : {0.01, 0.02, 0.025, 0.05, 0.1, 0.2, 0.25, 0.5, 1.0})
        if (want / s <= 6) {
            step = s;
            break;
        }
    return {std::ceil(want / step - 1e-9) * step, step};
}

inline std::string percent_tick(double v, double step) {
    char buf[32];
    const double pct = v * 100;
    if (std::abs(step * 100 - std::round(step * 100)) < 1e-9)
        std::snprintf(buf, sizeof buf, "%.0f%%", pct);
    else
        std::snprintf(buf, sizeof buf, "%.1f%%", pct);
    return buf;
}

/// The plot area of scatter_chart: where ratios x and y (clamped to [0, hi_x] and [0, hi_y])
/// are drawn.
struct scatter_plot {
    double left, top, plot_w, plot_h, hi_x, hi_y;
    double px(double x) const { return left + plot_w * std::clamp(x, 0.0, hi_x) / hi_x; }
    double py(double y) const { return top + plot_h - plot_h * std::clamp(y, 0.0, hi_y) / hi_y; }
};

/// The grid of a scatter plot, with a tick every step_x and step_y, and its diagonal (the
/// points where attainment equals coverage).
inline std::string scatter_grid(const scatter_plot& f, double step_x, double step_y) {
    std::string o;
    for (double g = 0; g <= f.hi_x + 1e-9; g += step_x) {
        o += "<line class=\"grid\" x1=\"" + num(f.px(g)) + "\" y1=\"" + num(f.py(0)) + "\" x2=\"" +
             num(f.px(g)) + "\" y2=\"" + num(f.top) + "\" stroke=\"#e3e3e3\"/>";
        o += "<text class=\"tick\" x=\"" + num(f.px(g)) + "\" y=\"" + num(f.py(0) + 14) +
             "\" font-size=\"10\" text-anchor=\"middle\">" + percent_tick(g, step_x) + "</text>";
    }
    for (double g = 0; g <= f.hi_y + 1e-9; g += step_y) {
        o += "<line class=\"grid\" x1=\"" + num(f.left) + "\" y1=\"" + num(f.py(g)) + "\" x2=\"" +
             num(f.left + f.plot_w) + "\" y2=\"" + num(f.py(g)) + "\" stroke=\"#e3e3e3\"/>";
        o += "<text class=\"tick\" x=\"" + num(f.left - 4) + "\" y=\"" + num(f.py(g) + 3) +
             "\" font-size=\"10\" text-anchor=\"end\">" + percent_tick(g, step_y) + "</text>";
    }
    const double m = std::min(f.hi_x, f.hi_y);
    o += "<line class=\"diagonal\" x1=\"" + num(f.px(0)) + "\" y1=\"" + num(f.py(0)) + "\" x2=\"" +
         num(f.px(m)) + "\" y2=\"" + num(f.py(m)) +
         "\" stroke=\"#888\" stroke-dasharray=\"4 3\"><title>aligned: attainment equals "
         "coverage</title></line>";
    return o;
}

/// The points of a scatter plot drawn on one spot (within a unit), which share one label
/// ("CRI, URY"): the group of each point, and each group's spot and label.
struct point_groups {
    std::vector<std::size_t> group_of;
    std::vector<std::pair<double, double>> spot;
    std::vector<std::string> label;
};

/// The groups of pts, drawn at `at`.
inline point_groups group_points(const std::vector<scatter_point>& pts,
                                 const std::vector<std::pair<double, double>>& at) {
    point_groups out;
    out.group_of.resize(pts.size());
    for (std::size_t i = 0; i < pts.size(); ++i) {
        std::size_t g = 0;
        while (g < out.spot.size() &&
               std::hypot(out.spot[g].first - at[i].first, out.spot[g].second - at[i].second) > 1)
            ++g;
        if (g == out.spot.size()) {
            out.spot.push_back(at[i]);
            out.label.push_back(pts[i].label);
        } else {
            out.label[g] += ", " + pts[i].label;
        }
        out.group_of[i] = g;
    }
    return out;
}

} // namespace detail

/// Coverage (x) against attainment (y), with the diagonal y = x. Each axis is fitted to the
/// data: from 0 to the largest value plus 5% headroom, rounded up to a round step (at most six
/// steps; 100% when there is no positive value), but at most 300%: points beyond are drawn on
/// the edge (class "point clipped") and keep their true values in their tooltips. Every point
/// is labelled (class "label": a box "label-box" and its text) where its box overlaps no other
/// label, point or leader line (detail::place_labels; points drawn on one spot share a label,
/// "CRI, URY"); labels away from their point are joined
/// to it by a leader line (class "leader") that crosses no other. Labels that find no room are
/// listed under the chart (class "unplaced").
inline std::string scatter_chart(std::string_view title, const std::vector<scatter_point>& pts,
                                 std::string_view x_label, std::string_view y_label) {
    using detail::box;
    const double width = 520, left = 58, right = 14, top = 30, plot_h = 320, bottom = 46;
    const double plot_w = width - left - right, r = 4.5, font = 10, label_h = 13;
    double max_x = 0, max_y = 0;
    for (const auto& p : pts) {
        max_x = std::max(max_x, p.x);
        max_y = std::max(max_y, p.y);
    }
    const auto end_x = detail::axis_end(max_x), end_y = detail::axis_end(max_y);
    const double hi_x = std::min(end_x.first, 3.0), hi_y = std::min(end_y.first, 3.0);
    const double step_x = end_x.second, step_y = end_y.second;
    const detail::scatter_plot plot{left, top, plot_w, plot_h, hi_x, hi_y};
    auto px = [&plot](double x) { return plot.px(x); };
    auto py = [&plot](double y) { return plot.py(y); };
    // Which side of the diagonal means what, in two corners that are kept free.
    const std::string above = "reach ahead of funding", below = "funding ahead of reach";
    const box above_box{left + 6, top + 4, detail::text_width(above, 10), 12};
    const box below_box{left + plot_w - 6 - detail::text_width(below, 10), py(0) - 16,
                        detail::text_width(below, 10), 12};
    std::vector<std::pair<double, double>> at;
    for (const auto& p : pts)
        at.emplace_back(px(p.x), py(p.y));
    const auto [group_of, spot, group_label] = detail::group_points(pts, at);
    std::vector<std::pair<double, double>> sizes;
    for (const auto& l : group_label)
        sizes.emplace_back(detail::text_width(l, font) + 4, label_h);
    const box bounds{left + 1, top + 1, plot_w - 2, plot_h - 2};
    const auto places = detail::place_labels(spot, sizes, r, bounds, {above_box, below_box});
    const bool all_placed = std::all_of(places.begin(), places.end(),
                                        [](const detail::label_place& l) { return l.placed; });
    const double height = top + plot_h + bottom + (all_placed ? 0 : 14);

    std::string o = "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart scatter-chart\" "
                    "viewBox=\"0 0 " +
                    detail::num(width) + " " + detail::num(height) + "\" role=\"img\">";
    o += "<title>" + escape_xml(title) + "</title>";
    o += "<text x=\"0\" y=\"16\" class=\"chart-title\" font-size=\"14\" font-weight=\"bold\">" +
         escape_xml(title) + "</text>";
    o += detail::scatter_grid(plot, step_x, step_y);
    o += "<text class=\"region-note\" x=\"" + detail::num(above_box.x) + "\" y=\"" +
         detail::num(above_box.y + 10) + "\" font-size=\"10\" fill=\"#777\">" + above + "</text>";
    o += "<text class=\"region-note\" x=\"" + detail::num(below_box.x) + "\" y=\"" +
         detail::num(below_box.y + 10) + "\" font-size=\"10\" fill=\"#777\">" + below + "</text>";
    o += "<text x=\"" + detail::num(left + plot_w / 2) + "\" y=\"" +
         detail::num(top + plot_h + 32) + "\" font-size=\"11\" text-anchor=\"middle\">" +
         escape_xml(x_label) + "</text>";
    o += "<text transform=\"translate(12 " + detail::num(top + plot_h / 2) +
         ") rotate(-90)\" font-size=\"11\" text-anchor=\"middle\">" + escape_xml(y_label) +
         "</text>";

    std::string points, labels, leaders, unplaced;
    for (std::size_t i = 0; i < pts.size(); ++i) {
        const auto& p = pts[i];
        const bool clipped = p.x > hi_x || p.y > hi_y || p.x < 0 || p.y < 0;
        const std::string tip =
            escape_xml(p.name + ": coverage " + percent(p.x) + ", attainment " + percent(p.y));
        points += "<circle class=\"point" + std::string(clipped ? " clipped" : "") + "\" cx=\"" +
                  detail::num(at[i].first) + "\" cy=\"" + detail::num(at[i].second) + "\" r=\"" +
                  detail::num(r) + "\" fill=\"#0b6fa4\" fill-opacity=\"0.8\"><title>" + tip +
                  "</title></circle>";
        const std::size_t g = group_of[i];
        const auto& pl = places[g];
        if (!pl.placed) {
            unplaced += (unplaced.empty() ? "" : ", ") + escape_xml(p.label) + " (" + percent(p.x) +
                        ", " + percent(p.y) + ")";
            continue;
        }
        if (std::find(group_of.begin(), group_of.begin() + static_cast<std::ptrdiff_t>(i), g) !=
            group_of.begin() + static_cast<std::ptrdiff_t>(i))
            continue; // a shared label is drawn once, with the spot's first point
        if (pl.leader) {
            const double ex = std::clamp(at[i].first, pl.at.x, pl.at.x + pl.at.w),
                         ey = std::clamp(at[i].second, pl.at.y, pl.at.y + pl.at.h);
            leaders += "<line class=\"leader\" x1=\"" + detail::num(at[i].first) + "\" y1=\"" +
                       detail::num(at[i].second) + "\" x2=\"" + detail::num(ex) + "\" y2=\"" +
                       detail::num(ey) + "\" stroke=\"#666\" stroke-width=\"0.7\"/>";
        }
        std::string tips;
        for (std::size_t k = i; k < pts.size(); ++k)
            if (group_of[k] == g)
                tips += (tips.empty() ? "" : "; ") + pts[k].name + ": coverage " +
                        percent(pts[k].x) + ", attainment " + percent(pts[k].y);
        labels += "<g class=\"label\"><title>" + escape_xml(tips) +
                  "</title><rect class=\"label-box\" x=\"" + detail::num(pl.at.x) + "\" y=\"" +
                  detail::num(pl.at.y) + "\" width=\"" + detail::num(pl.at.w) + "\" height=\"" +
                  detail::num(pl.at.h) + "\" fill=\"#fff\" fill-opacity=\"0.85\"/><text x=\"" +
                  detail::num(pl.at.x + 2) + "\" y=\"" + detail::num(pl.at.y + pl.at.h - 3) +
                  "\" font-size=\"10\">" + escape_xml(group_label[g]) + "</text></g>";
    }
    o += leaders + points + labels;
    if (!unplaced.empty())
        o += "<text class=\"unplaced\" x=\"0\" y=\"" + detail::num(height - 4) +
             "\" font-size=\"10\">Not labelled: " + unplaced + "</text>";
    return o + "</svg>";
}

} // namespace tally::report
