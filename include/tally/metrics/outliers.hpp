#pragma once
// Activity lines whose people are extreme for their indicator: a data-quality check (a typing
// error of one extra zero makes a line ten times its peers, and inflates reach).
//
// Statistic: Tukey's far-out fences on the log scale. For each indicator, one streaming pass
// over the log of (1 + new beneficiaries) of its accepted lines estimates the first and third
// quartiles Q1 and Q3 with Boost.Accumulators' P² (p-square) algorithm, which keeps five
// markers instead of the values: the quartiles are approximate (exact only for a handful of
// lines; close for the thousands of a real indicator). A line is an outlier when its log value
// lies outside [Q1 − k·IQR, Q3 + k·IQR], IQR = max(Q3 − Q1, ln 2) (k = 3 by default: "far
// out"). The log scale makes the fences multiplicative: with k = 3, a line more than (Q3/Q1)³
// times the third quartile (and at least 2³ = 8 times: the floor of the IQR keeps an indicator
// whose lines are all alike from flagging 101 against 100) is flagged, whatever the
// indicator's size. Indicators with fewer than min_lines lines are not judged.

#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/count.hpp>
#include <boost/accumulators/statistics/p_square_quantile.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <cmath>
#include <cstdint>
#include <string>
#include <tally/core/dictionary.hpp>
#include <tally/table/activity_table.hpp>
#include <vector>

namespace tally::metrics {

struct outlier_options {
    /// Fence distance in interquartile ranges (of log people).
    double k = 3.0;
    /// The smallest IQR used, in log units (ln 2: quartiles a factor 2 apart).
    double min_iqr = 0.6931471805599453;
    /// Fewest lines an indicator needs to be judged.
    std::size_t min_lines = 8;
};

/// The fences of one indicator, converted back to people (exp(fence) − 1).
struct indicator_fences {
    code_id indicator = no_code;
    std::size_t lines = 0;
    /// Approximate quartiles of new beneficiaries per line (P² estimates, back from the log).
    double q1 = 0, q3 = 0;
    double low = 0, high = 0;
};

struct activity_outlier {
    /// The line's index in the table, its file and line.
    std::size_t line = 0;
    code_id file = no_code;
    std::uint32_t source_line = 0;
    code_id indicator = no_code;
    std::int64_t people = 0;
    /// True above the high fence, false below the low one.
    bool high = true;
    /// The fence it crossed, in people.
    double fence = 0;
};

struct outlier_result {
    std::vector<indicator_fences> indicators; ///< the judged indicators, by id
    std::vector<activity_outlier> outliers;   ///< in table order
};

/// Finds the lines of t whose new beneficiaries are far out for their indicator (see the top).
inline outlier_result find_outliers(const activity_table& t, const outlier_options& o = {}) {
    namespace acc = boost::accumulators;
    using quantile_acc = acc::accumulator_set<double, acc::stats<acc::tag::p_square_quantile>>;
    struct per_indicator {
        quantile_acc q1{acc::quantile_probability = 0.25};
        quantile_acc q3{acc::quantile_probability = 0.75};
        std::size_t n = 0;
    };
    const auto ind = t.indicator();
    const auto people = t.new_beneficiaries();
    std::vector<per_indicator> stats(t.indicators.size() + 1); // + lines without an indicator
    auto slot = [&](std::size_t i) -> per_indicator& {
        return stats[ind[i] == no_code ? t.indicators.size() : ind[i]];
    };
    for (std::size_t i = 0; i < t.size(); ++i) {
        auto& s = slot(i);
        const double v = std::log1p(static_cast<double>(people[i]));
        s.q1(v);
        s.q3(v);
        ++s.n;
    }
    outlier_result r;
    std::vector<double> lo(stats.size()), hi(stats.size());
    std::vector<char> judged(stats.size(), 0);
    for (std::size_t k = 0; k < stats.size(); ++k) {
        auto& s = stats[k];
        if (s.n < o.min_lines || k == t.indicators.size())
            continue;
        const double q1 = acc::p_square_quantile(s.q1), q3 = acc::p_square_quantile(s.q3);
        const double iqr = std::max(q3 - q1, o.min_iqr);
        lo[k] = q1 - o.k * iqr;
        hi[k] = q3 + o.k * iqr;
        judged[k] = 1;
        r.indicators.push_back({static_cast<code_id>(k), s.n, std::expm1(q1), std::expm1(q3),
                                std::max(std::expm1(lo[k]), 0.0), std::expm1(hi[k])});
    }
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (ind[i] == no_code || !judged[ind[i]])
            continue;
        const double v = std::log1p(static_cast<double>(people[i]));
        const bool above = v > hi[ind[i]], below = v < lo[ind[i]];
        if (!above && !below)
            continue;
        r.outliers.push_back({i, t.file()[i], t.source_line()[i], ind[i], people[i], above,
                              std::expm1(above ? hi[ind[i]] : lo[ind[i]])});
    }
    return r;
}

} // namespace tally::metrics
