#pragma once
// How two distributions over the same cells differ (funding against reach, funding against
// need), and summary statistics of one: the vocabulary of the misalignment summary. Inputs are
// final, already de-duplicated values (one per cell), so the statistics that are statistics
// (weighted mean and standard deviation, the covariance behind a rank correlation) go through
// Boost.Accumulators; distances and inequality indices are written out from their definition.
// Every function returns std::nullopt where its value is not defined: never inf or NaN.
//
//   shares(x)             x_i / Σ x                      (n/a when Σ x ≤ 0 or some x_i < 0)
//   total_variation(p, q) ½ Σ |p_i − q_i|                 in [0, 1] for share vectors
//   jensen_shannon(p, q)  ½ KL(p ‖ m) + ½ KL(q ‖ m), m = (p + q)/2, log base 2 (0·log 0 = 0);
//                         in [0, 1], 0 exactly when p = q
//   average_ranks(x)      ranks 1..n, ties share their mean rank
//   spearman(x, y)        Pearson correlation of the average ranks (n/a below 3 values or with
//                         zero variance of either)
//   weighted_gini(x, p)   Σi Σj p_i p_j |x_i − x_j| / (2 P² μ), P = Σ p, μ = Σ p_i x_i / P
//                         (n/a when P ≤ 0 or μ ≤ 0)
//   theil(s, n, group)    T = Σ s_i ln(s_i / n_i) (0·ln 0 = 0) = between + within, where
//                         between = Σ_g S_g ln(S_g / N_g) and within = Σ_g S_g T_g, T_g the
//                         index of the group's own shares (s_i/S_g against n_i/N_g)
//   weighted_mean_sd(x,w) Σ w x / Σ w and √(Σ w (x − mean)² / Σ w) (population, weights w ≥ 0)
//   median(x), mad(x)     exact (sorting; not the approximate p-square estimate), MAD being
//                         the median of |x_i − median(x)|

#include <algorithm>
#include <boost/accumulators/accumulators.hpp>
#include <boost/accumulators/statistics/covariance.hpp>
#include <boost/accumulators/statistics/stats.hpp>
#include <boost/accumulators/statistics/variance.hpp>
#include <boost/accumulators/statistics/variates/covariate.hpp>
#include <boost/accumulators/statistics/weighted_mean.hpp>
#include <boost/accumulators/statistics/weighted_variance.hpp>
#include <cmath>
#include <cstddef>
#include <map>
#include <numeric>
#include <optional>
#include <span>
#include <tally/core/error.hpp>
#include <vector>

namespace tally::metrics {

namespace detail {
inline void same_size(std::size_t a, std::size_t b, const char* what) {
    if (a != b)
        throw error(errc::invalid_argument, std::string(what) + ": vectors of different sizes");
}
} // namespace detail

/// x_i / Σ x. std::nullopt when x is empty, a value is negative, or Σ x ≤ 0.
inline std::optional<std::vector<double>> shares(std::span<const double> x) {
    double total = 0;
    for (double v : x) {
        if (v < 0 || !std::isfinite(v))
            return std::nullopt;
        total += v;
    }
    if (!(total > 0))
        return std::nullopt;
    std::vector<double> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = x[i] / total;
    return out;
}

/// ½ Σ |p_i − q_i|. Throws errc::invalid_argument for vectors of different sizes.
inline double total_variation(std::span<const double> p, std::span<const double> q) {
    detail::same_size(p.size(), q.size(), "total_variation");
    double d = 0;
    for (std::size_t i = 0; i < p.size(); ++i)
        d += std::abs(p[i] - q[i]);
    return d / 2;
}

/// The Jensen–Shannon divergence of two share vectors, base 2. Throws errc::invalid_argument for
/// vectors of different sizes.
inline double jensen_shannon(std::span<const double> p, std::span<const double> q) {
    detail::same_size(p.size(), q.size(), "jensen_shannon");
    double d = 0;
    for (std::size_t i = 0; i < p.size(); ++i) {
        const double m = (p[i] + q[i]) / 2;
        if (p[i] > 0)
            d += p[i] * std::log2(p[i] / m) / 2;
        if (q[i] > 0)
            d += q[i] * std::log2(q[i] / m) / 2;
    }
    // Rounding can leave a value a hair outside [0, 1]; the divergence itself cannot be.
    return std::clamp(d, 0.0, 1.0);
}

/// Ranks 1..n in increasing order of x; tied values share the mean of their ranks.
inline std::vector<double> average_ranks(std::span<const double> x) {
    std::vector<std::size_t> order(x.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](std::size_t a, std::size_t b) { return x[a] < x[b]; });
    std::vector<double> rank(x.size());
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && x[order[j + 1]] == x[order[i]])
            ++j;
        const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2;
        for (std::size_t k = i; k <= j; ++k)
            rank[order[k]] = mean_rank;
        i = j + 1;
    }
    return rank;
}

/// Spearman's rank correlation: the Pearson correlation of the average ranks (covariance and
/// variances through Boost.Accumulators). std::nullopt below 3 values, or when the ranks of x
/// or of y do not vary. Throws errc::invalid_argument for vectors of different sizes.
inline std::optional<double> spearman(std::span<const double> x, std::span<const double> y) {
    namespace acc = boost::accumulators;
    detail::same_size(x.size(), y.size(), "spearman");
    if (x.size() < 3)
        return std::nullopt;
    auto all_equal = [](std::span<const double> v) {
        return std::all_of(v.begin(), v.end(), [&](double e) { return e == v.front(); });
    };
    if (all_equal(x) || all_equal(y))
        return std::nullopt;
    const auto rx = average_ranks(x), ry = average_ranks(y);
    acc::accumulator_set<
        double, acc::stats<acc::tag::variance, acc::tag::covariance<double, acc::tag::covariate1>>>
        ax;
    acc::accumulator_set<double, acc::stats<acc::tag::variance>> ay;
    for (std::size_t i = 0; i < rx.size(); ++i) {
        ax(rx[i], acc::covariate1 = ry[i]);
        ay(ry[i]);
    }
    const double vx = acc::variance(ax), vy = acc::variance(ay);
    if (!(vx > 0) || !(vy > 0))
        return std::nullopt;
    return std::clamp(acc::covariance(ax) / std::sqrt(vx * vy), -1.0, 1.0);
}

/// The weighted Gini index of x with weights p (see the formula at the top). std::nullopt when
/// there are no values, Σ p ≤ 0, or the weighted mean is ≤ 0. Throws errc::invalid_argument for
/// vectors of different sizes or a negative weight.
inline std::optional<double> weighted_gini(std::span<const double> x, std::span<const double> p) {
    detail::same_size(x.size(), p.size(), "weighted_gini");
    double total_p = 0, total_px = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (p[i] < 0)
            throw error(errc::invalid_argument, "weighted_gini: negative weight");
        total_p += p[i];
        total_px += p[i] * x[i];
    }
    if (!(total_p > 0))
        return std::nullopt;
    const double mu = total_px / total_p;
    if (!(mu > 0))
        return std::nullopt;
    double s = 0;
    for (std::size_t i = 0; i < x.size(); ++i)
        for (std::size_t j = 0; j < x.size(); ++j)
            s += p[i] * p[j] * std::abs(x[i] - x[j]);
    return s / (2 * total_p * total_p * mu);
}

/// The Theil index of shares s against reference shares n, and its decomposition by group.
struct theil_index {
    double total = 0;
    double between = 0; ///< Σ_g S_g ln(S_g / N_g)
    double within = 0;  ///< Σ_g S_g T_g
    /// Per group: S_g, N_g and T_g (the index inside the group; 0 when S_g = 0).
    struct group_part {
        double s = 0, n = 0, index = 0;
    };
    std::map<std::size_t, group_part> groups;
};

/// Theil's T of s against n (both share vectors; every n_i > 0), with its between- and
/// within-group parts for the groups group[i]. std::nullopt when empty. Throws
/// errc::invalid_argument for different sizes or an n_i ≤ 0 (the index is not defined there).
inline std::optional<theil_index> theil(std::span<const double> s, std::span<const double> n,
                                        std::span<const std::size_t> group) {
    detail::same_size(s.size(), n.size(), "theil");
    detail::same_size(s.size(), group.size(), "theil");
    if (s.empty())
        return std::nullopt;
    auto term = [](double a, double b) { return a > 0 ? a * std::log(a / b) : 0.0; };
    theil_index t;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (!(n[i] > 0))
            throw error(errc::invalid_argument, "theil: a reference share is not positive");
        t.total += term(s[i], n[i]);
        auto& g = t.groups[group[i]];
        g.s += s[i];
        g.n += n[i];
    }
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto& g = t.groups[group[i]];
        if (g.s > 0)
            g.index += term(s[i] / g.s, n[i] / g.n);
    }
    for (const auto& [id, g] : t.groups) {
        t.between += term(g.s, g.n);
        t.within += g.s * g.index;
    }
    return t;
}

struct mean_sd {
    double mean = 0, sd = 0;
};

/// The weighted mean and weighted (population) standard deviation through Boost.Accumulators.
/// std::nullopt when Σ w ≤ 0. Throws errc::invalid_argument for different sizes or a negative
/// weight.
inline std::optional<mean_sd> weighted_mean_sd(std::span<const double> x,
                                               std::span<const double> w) {
    namespace acc = boost::accumulators;
    detail::same_size(x.size(), w.size(), "weighted_mean_sd");
    acc::accumulator_set<double, acc::stats<acc::tag::weighted_mean, acc::tag::weighted_variance>,
                         double>
        a;
    double total = 0;
    for (std::size_t i = 0; i < x.size(); ++i) {
        if (w[i] < 0)
            throw error(errc::invalid_argument, "weighted_mean_sd: negative weight");
        if (w[i] == 0)
            continue;
        a(x[i], acc::weight = w[i]);
        total += w[i];
    }
    if (!(total > 0))
        return std::nullopt;
    const double var = acc::weighted_variance(a);
    return mean_sd{acc::weighted_mean(a), std::sqrt(std::max(var, 0.0))};
}

/// The exact median (mean of the two middle values for an even count); std::nullopt when empty.
inline std::optional<double> median(std::vector<double> x) {
    if (x.empty())
        return std::nullopt;
    const auto mid = x.size() / 2;
    std::nth_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(mid), x.end());
    const double hi = x[mid];
    if (x.size() % 2)
        return hi;
    const double lo = *std::max_element(x.begin(), x.begin() + static_cast<std::ptrdiff_t>(mid));
    return (lo + hi) / 2;
}

/// The median absolute deviation from the median (unscaled); std::nullopt when empty.
inline std::optional<double> mad(const std::vector<double>& x) {
    const auto m = median(x);
    if (!m)
        return std::nullopt;
    std::vector<double> d(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        d[i] = std::abs(x[i] - *m);
    return median(std::move(d));
}

} // namespace tally::metrics
