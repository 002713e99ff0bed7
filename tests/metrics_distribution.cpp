#include <doctest/doctest.h>
#include <tally/metrics/distribution.hpp>

namespace test_metrics_distribution {

using namespace tally;
using namespace tally::metrics;
using doctest::Approx;
using v = std::vector<double>;

TEST_CASE("shares divide by the total and are n/a for a zero total or a negative value") {
    const auto s = shares(v{1, 3});
    REQUIRE(s);
    CHECK((*s)[0] == 0.25);
    CHECK((*s)[1] == 0.75);
    CHECK_FALSE(shares(v{0, 0}));
    CHECK_FALSE(shares(v{}));
    CHECK_FALSE(shares(v{2, -1}));
}

TEST_CASE("total variation is half the sum of absolute differences") {
    // ½ (|0.5 − 0.25| + |0.5 − 0.75|) = 0.25
    CHECK(total_variation(v{0.5, 0.5}, v{0.25, 0.75}) == Approx(0.25));
    CHECK(total_variation(v{1, 0}, v{0, 1}) == 1.0);
    CHECK(total_variation(v{0.2, 0.8}, v{0.2, 0.8}) == 0.0);
    CHECK_THROWS_AS(total_variation(v{1}, v{0.5, 0.5}), error);
}

TEST_CASE("Jensen-Shannon divergence is 0 for equal shares, 1 for disjoint ones, base 2") {
    CHECK(jensen_shannon(v{0.3, 0.7}, v{0.3, 0.7}) == 0.0);
    CHECK(jensen_shannon(v{1, 0}, v{0, 1}) == 1.0); // 0·log 0 = 0
    // p = (1, 0), q = (½, ½): m = (¾, ¼); ½·1·log2(4/3) + ½(½ log2(⅔) + ½ log2 2)
    const double expect = 0.5 * std::log2(4.0 / 3) + 0.25 * std::log2(2.0 / 3) + 0.25;
    CHECK(jensen_shannon(v{1, 0}, v{0.5, 0.5}) == Approx(expect));
    CHECK(expect == Approx(0.311278).epsilon(1e-5));
}

TEST_CASE("average ranks give ties their mean rank") {
    CHECK(average_ranks(v{500, 400, 800, 500, 1000, 900}) == v{2.5, 1, 4, 2.5, 6, 5});
    CHECK(average_ranks(v{7, 7, 7}) == v{2, 2, 2});
}

TEST_CASE("Spearman correlation is the Pearson correlation of the average ranks") {
    // ranks x (2.5, 1, 4, 2.5, 6, 5), y (3.5, 5, 2, 3.5, 6, 1), both of mean 3.5:
    // Σ dx dy = 0 − 3.75 − 0.75 + 0 + 6.25 − 3.75 = −2; Σ dx² = Σ dy² = 17 → −2/17.
    const auto r = spearman(v{500, 400, 800, 500, 1000, 900}, v{50, 80, 40, 50, 100, 1});
    REQUIRE(r);
    CHECK(*r == Approx(-2.0 / 17));
    CHECK(*spearman(v{1, 2, 3}, v{10, 20, 30}) == Approx(1));
    CHECK(*spearman(v{1, 2, 3}, v{30, 20, 10}) == Approx(-1));
}

TEST_CASE("Spearman correlation is n/a below 3 values or without variance") {
    CHECK_FALSE(spearman(v{1, 2}, v{2, 1}));
    CHECK_FALSE(spearman(v{5, 5, 5}, v{1, 2, 3}));
    CHECK_FALSE(spearman(v{1, 2, 3}, v{0, 0, 0}));
}

TEST_CASE("the weighted Gini index follows its double-sum definition") {
    // x = (1, 3), p = (1, 1): P = 2, μ = 2; Σ Σ p p |x − x| = 2·2 = 4; 4 / (2·4·2) = 0.25.
    CHECK(*weighted_gini(v{1, 3}, v{1, 1}) == Approx(0.25));
    // x = (1, 3), p = (3, 1): P = 4, μ = 6/4 = 1.5; 2·3·1·2 = 12; 12 / (2·16·1.5) = 0.25.
    CHECK(*weighted_gini(v{1, 3}, v{3, 1}) == Approx(0.25));
    // x = (0, 4), p = (1, 3): P = 4, μ = 3; 2·1·3·4 = 24; 24 / (2·16·3) = 0.25.
    CHECK(*weighted_gini(v{0, 4}, v{1, 3}) == Approx(0.25));
    CHECK(*weighted_gini(v{2, 2, 2}, v{1, 5, 9}) == 0.0);
    CHECK_FALSE(weighted_gini(v{0, 0}, v{1, 1}));
    CHECK_FALSE(weighted_gini(v{}, v{}));
    CHECK_THROWS_AS(weighted_gini(v{1}, v{-1}), error);
}

TEST_CASE("the Theil index splits exactly into between- and within-group parts") {
    // s = (0.5, 0.25, 0.25), n = (0.25, 0.25, 0.5), groups {0, 1} and {2}.
    const std::vector<std::size_t> g{0, 0, 1};
    const auto t = theil(v{0.5, 0.25, 0.25}, v{0.25, 0.25, 0.5}, g);
    REQUIRE(t);
    // T = 0.5 ln 2 + 0 + 0.25 ln 0.5 = 0.25 ln 2
    CHECK(t->total == Approx(0.25 * std::log(2.0)));
    // S = (0.75, 0.25), N = (0.5, 0.5): between = 0.75 ln 1.5 + 0.25 ln 0.5
    CHECK(t->between == Approx(0.75 * std::log(1.5) + 0.25 * std::log(0.5)));
    CHECK(t->between + t->within == Approx(t->total));
    // within group 0: shares (⅔, ⅓) against (½, ½)
    CHECK(t->groups.at(0).index ==
          Approx(2.0 / 3 * std::log(4.0 / 3) + 1.0 / 3 * std::log(2.0 / 3)));
    CHECK(theil(v{0.3, 0.7}, v{0.3, 0.7}, std::vector<std::size_t>{0, 1})->total == 0.0);
    CHECK_THROWS_AS(theil(v{1}, v{0}, std::vector<std::size_t>{0}), error);
}

TEST_CASE("the weighted mean and standard deviation come from Boost.Accumulators") {
    // x = (1, 3), w = (3, 1): mean 1.5; variance (3·0.25 + 1·2.25)/4 = 0.75.
    const auto m = weighted_mean_sd(v{1, 3}, v{3, 1});
    REQUIRE(m);
    CHECK(m->mean == Approx(1.5));
    CHECK(m->sd == Approx(std::sqrt(0.75)));
    CHECK_FALSE(weighted_mean_sd(v{1}, v{0}));
    CHECK(weighted_mean_sd(v{4}, v{2})->sd == 0.0);
}

TEST_CASE("median and MAD are exact") {
    CHECK(*median(v{3, 1, 2}) == 2);
    CHECK(*median(v{4, 1, 3, 2}) == 2.5);
    // deviations from 0: (0, 0.69, 0.69, 0, 0, 4.5) → median of (0, 0, 0, 0.69, 0.69, 4.5)
    CHECK(*mad(v{0, -0.69, 0.69, 0, 0, 4.5}) == Approx(0.345));
    CHECK(*mad(v{1, 1, 1, 7}) == 0.0);
    CHECK_FALSE(median(v{}));
    CHECK_FALSE(mad(v{}));
}

TEST_CASE("total variation and Jensen-Shannon stay in [0, 1] for any share vectors") {
    // A fixed pseudo-random sequence (no seed from the clock: the test is reproducible).
    unsigned state = 12345;
    auto next = [&] {
        state = state * 1103515245u + 12345u;
        return static_cast<double>((state >> 8) % 1000);
    };
    for (int round = 0; round < 200; ++round) {
        const std::size_t n = 1 + static_cast<std::size_t>(round % 7);
        v a(n), b(n);
        for (std::size_t i = 0; i < n; ++i) {
            a[i] = next();
            b[i] = next();
        }
        a[0] += 1;
        b[0] += 1;
        const auto p = *shares(a), q = *shares(b);
        const double tv = total_variation(p, q), js = jensen_shannon(p, q);
        CHECK(tv >= 0);
        CHECK(tv <= 1);
        CHECK(js >= 0);
        CHECK(js <= 1);
        CHECK(total_variation(p, p) == 0.0);
        CHECK(jensen_shannon(p, p) == 0.0);
    }
}

} // namespace test_metrics_distribution
