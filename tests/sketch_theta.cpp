#include "sketch_support.hpp"
#include <algorithm>
#include <doctest/doctest.h>
#include <tally/sketch/theta.hpp>
#include <vector>

namespace test_sketch_theta {

using namespace tally;
using namespace tally::sketch;
using tally_test::person;

namespace {
theta_sketch of(int lg_k, std::uint64_t trial, std::uint64_t from, std::uint64_t to,
                std::uint64_t fp = 0) {
    theta_sketch s(lg_k, fp);
    for (auto i = from; i < to; ++i)
        s.update(person(trial, i));
    return s;
}
bool inside(const estimate& e, double truth) {
    return e.lower <= truth && truth <= e.upper;
}
} // namespace

TEST_CASE("below k hashes the sketch and its set operations are exact") {
    const auto a = of(8, 1, 0, 100), b = of(8, 1, 60, 200);
    CHECK(a.estimate().exact);
    CHECK(a.estimate().value == 100);
    CHECK(set_union(a, b).estimate().value == 200);
    CHECK(set_intersection(a, b).estimate().value == 40);
    CHECK(set_difference(a, b).estimate().value == 60);
    const auto j = jaccard(a, b);
    CHECK(j.exact);
    CHECK(j.value == doctest::Approx(40.0 / 200.0));
}

TEST_CASE("a full sketch keeps the k smallest hashes and theta is the (k+1)-th") {
    const auto s = of(4, 2, 0, 1000); // k = 16
    std::vector<std::uint64_t> all;
    for (std::uint64_t i = 0; i < 1000; ++i)
        all.push_back(person(2, i));
    std::sort(all.begin(), all.end());
    CHECK(s.hashes() == std::vector<std::uint64_t>(all.begin(), all.begin() + 16));
    CHECK(s.theta() == all[16]);
    CHECK(s.estimate().value ==
          doctest::Approx(16.0 / std::ldexp(static_cast<double>(all[16]), -64)));
}

TEST_CASE("the interval solves Wilson's score equation for n") {
    // c = 100 retained at theta = 0.1: n = (b -+ sqrt(b^2 - 4 theta^2 c^2)) / (2 theta^2) with
    // b = 2 c theta + z^2 theta (1 - theta), computed by hand in Python:
    // lower 830.546..., upper 1204.027...; the estimate is c / theta = 1000.
    const auto e = theta_sketch::estimate_of(100, 0.1);
    CHECK(e.value == doctest::Approx(1000));
    CHECK(e.lower == doctest::Approx(830.5462243669464));
    CHECK(e.upper == doctest::Approx(1204.0269050193003));
    // Nothing retained still gives an upper end: z^2 (1 - theta) / theta.
    const auto none = theta_sketch::estimate_of(0, 0.5);
    CHECK(none.lower == 0);
    CHECK(none.upper == doctest::Approx(1.959963984540054 * 1.959963984540054));
}

TEST_CASE("intersection, union, difference and Jaccard fall inside their 95% intervals in at "
          "least 93 of 100 seeded trials") {
    // A = [0, n), B = [n/2, 3n/2): |A n B| = |A \ B| = n/2, |A u B| = 3n/2, Jaccard 1/3; k = 256.
    int in_i = 0, in_u = 0, in_d = 0, in_j = 0;
    for (std::uint64_t t = 0; t < 100; ++t) {
        const std::uint64_t n = 2000 + 200 * t;
        const auto a = of(8, 100 + t, 0, n), b = of(8, 100 + t, n / 2, n / 2 + n);
        const double half = static_cast<double>(n / 2);
        in_i += inside(set_intersection(a, b).estimate(), half);
        in_u += inside(set_union(a, b).estimate(), 3 * half);
        in_d += inside(set_difference(a, b).estimate(), half);
        in_j += inside(jaccard(a, b), 1.0 / 3.0);
    }
    MESSAGE("inside: intersection " << in_i << ", union " << in_u << ", difference " << in_d
                                    << ", Jaccard " << in_j << " of 100");
    CHECK(in_i >= 93);
    CHECK(in_u >= 93);
    CHECK(in_d >= 93);
    CHECK(in_j >= 93);
}

TEST_CASE(
    "theta merge is commutative, associative, idempotent, with the empty sketch as identity") {
    for (std::uint64_t n : {5u, 100u, 3000u}) {
        CAPTURE(n);
        const auto a = of(6, 3, 0, n), b = of(6, 3, n / 2, 2 * n), c = of(6, 3, 3 * n, 4 * n);
        auto ab = a, ba = b;
        ab.merge(b);
        ba.merge(a);
        CHECK(ab == ba);
        auto ab_c = ab, bc = b, a_bc = a;
        ab_c.merge(c);
        bc.merge(c);
        a_bc.merge(bc);
        CHECK(ab_c == a_bc);
        auto whole = of(6, 3, 0, 2 * n);
        for (std::uint64_t i = 3 * n; i < 4 * n; ++i)
            whole.update(person(3, i));
        CHECK(ab_c == whole);
        auto aa = a;
        aa.merge(a);
        CHECK(aa == a);
        auto ae = a;
        ae.merge(theta_sketch(6));
        CHECK(ae == a);
    }
}

TEST_CASE("theta sketches of different lg_k or key are refused with a clear error") {
    const auto a = of(6, 4, 0, 10, 1);
    CHECK_THROWS_WITH_AS(set_intersection(a, of(7, 4, 0, 10, 1)),
                         "[tally.mismatch.106] cannot combine theta sketches of lg_k 6 and 7",
                         error);
    CHECK_THROWS_WITH_AS(jaccard(a, of(6, 4, 0, 10, 2)),
                         "[tally.mismatch.106] cannot combine sketches made with different keys "
                         "(key fingerprints 0000000000000001 and 0000000000000002)",
                         error);
    CHECK_THROWS_AS(theta_sketch(3), error);
    CHECK_THROWS_AS(theta_sketch(21), error);
}

TEST_CASE("theta serialisation round-trips and the version-1 golden file stays readable") {
    for (std::uint64_t n : {0u, 30u, 1000u})
        CHECK(theta_sketch::deserialize(of(6, 5, 0, n, 9).serialize()) == of(6, 5, 0, n, 9));
    const auto path = tally_test::sketch_data("theta_v1.bin");
    if (tally_test::write_golden_requested())
        tally_test::write_bytes(path, of(6, 7, 0, 1000, 0x0123456789abcdefULL).serialize());
    const auto bytes = tally_test::read_bytes(path);
    REQUIRE(bytes.size() == 4 + 2 + 1 + 1 + 8 + 8 + 4 + 64 * 8 + 8);
    CHECK(bytes.substr(0, 8) == std::string("TTHE\x01\x00\x06\x00", 8));
    const auto s = theta_sketch::deserialize(bytes);
    std::vector<std::uint64_t> all;
    for (std::uint64_t i = 0; i < 1000; ++i)
        all.push_back(person(7, i));
    std::sort(all.begin(), all.end());
    CHECK(s.hashes() == std::vector<std::uint64_t>(all.begin(), all.begin() + 64));
    CHECK(s.theta() == all[64]);
    CHECK(s.key_fingerprint() == 0x0123456789abcdefULL);
    CHECK(s.serialize() == bytes);
}

TEST_CASE("every truncation and every flipped byte of a theta sketch is an error") {
    const auto bytes = of(4, 6, 0, 100).serialize();
    for (std::size_t len = 0; len < bytes.size(); ++len)
        CHECK_THROWS_AS(theta_sketch::deserialize(bytes.substr(0, len)), error);
    for (std::size_t i = 0; i < bytes.size(); ++i) {
        auto bad = bytes;
        bad[i] = static_cast<char>(bad[i] ^ 0x01);
        CHECK_THROWS_AS(theta_sketch::deserialize(bad), error);
    }
    detail::le_writer w; // a hash at theta, checksum intact
    w.raw("TTHE");
    w.u16(1);
    w.u8(4);
    w.u8(0);
    w.u64(0);
    w.u64(1000);
    w.u32(1);
    w.u64(1000);
    CHECK_THROWS_WITH_AS(theta_sketch::deserialize(std::move(w).finish()),
                         "[tally.parse.101] theta sketch: a hash is not below theta", error);
}

TEST_CASE("a theta below 1 without k hashes is refused: a tiny theta over no hash") {
    // theta = 2^-64 and no hash would estimate 0 people with an upper end of 3.8 * 2^64.
    const auto bytes = [](std::uint64_t theta, std::uint32_t n) {
        detail::le_writer w;
        w.raw("TTHE");
        w.u16(1);
        w.u8(4);
        w.u8(0);
        w.u64(0);
        w.u64(theta);
        w.u32(n);
        for (std::uint32_t i = 0; i < n; ++i)
            w.u64(i);
        return std::move(w).finish();
    };
    CHECK_THROWS_WITH_AS(theta_sketch::deserialize(bytes(1, 0)),
                         "[tally.parse.101] theta sketch: theta 5.42101e-20 below 1 with 0 "
                         "hashes: an update sketch holds k = 16 once theta falls",
                         error);
    CHECK_THROWS_AS(theta_sketch::deserialize(bytes(1000, 15)), error);
    // The smallest theta an update sketch reaches: hashes 0..16 seen, 0..15 kept, theta 16.
    const auto tiny = theta_sketch::deserialize(bytes(16, 16));
    theta_sketch made(4);
    for (std::uint64_t h = 0; h <= 16; ++h)
        made.update(h);
    CHECK(tiny == made);
    // It estimates 2^64 people: n/a, not a count.
    CHECK(tiny.estimate().value == 18446744073709551616.0);
    CHECK_FALSE(whole_count(tiny.estimate().value));
    CHECK_FALSE(whole_count(tiny.estimate().upper, rounding::up));
}

TEST_CASE("the result of an intersection is not serialized: it is no state to merge") {
    const auto a = of(4, 8, 0, 100), b = of(4, 8, 50, 150);
    const auto both = set_intersection(a, b);
    REQUIRE_FALSE(both.is_update_state());
    CHECK_THROWS_AS((void)both.serialize(), error);
    CHECK(set_union(a, b).is_update_state());
    CHECK(theta_sketch::deserialize(set_union(a, b).serialize()) == set_union(a, b));
}

} // namespace test_sketch_theta
