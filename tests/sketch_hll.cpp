#include "sketch_support.hpp"
#include <doctest/doctest.h>
#include <tally/sketch/hll.hpp>
#include <vector>

namespace test_sketch_hll {

using namespace tally;
using namespace tally::sketch;
using tally_test::person;

namespace {
hll_sketch of(int p, std::uint64_t trial, std::uint64_t from, std::uint64_t to,
              std::uint64_t fp = 0) {
    hll_sketch s(p, fp);
    for (auto i = from; i < to; ++i)
        s.update(person(trial, i));
    return s;
}
} // namespace

TEST_CASE("a small set is counted exactly, duplicates once") {
    hll_sketch s(10);
    CHECK(s.empty());
    for (int round = 0; round < 3; ++round)
        for (std::uint64_t i = 0; i < 100; ++i)
            s.update(person(1, i));
    CHECK(s.is_sparse());
    const auto e = s.estimate();
    CHECK(e.exact);
    CHECK(e.value == 100);
    CHECK(e.lower == 100);
    CHECK(e.upper == 100);
}

TEST_CASE("past m/8 hashes the sketch turns into registers of rank 1 + leading zeros") {
    hll_sketch s(4);                 // m = 16 registers, exact up to 2 hashes, ranks up to 61
    s.update(0x8000000000000000ULL); // register 8, remaining 60 bits all zero: rank 61
    s.update(0x1800000000000000ULL); // register 1, remaining bits start with 1: rank 1
    CHECK(s.is_sparse());
    s.update(0x0040000000000000ULL); // register 0, remaining bits 0000 01...: rank 6
    REQUIRE_FALSE(s.is_sparse());
    const auto bytes = s.serialize();
    REQUIRE(bytes.size() == 16 + 16 + 8);
    std::vector<int> regs(16, 0);
    regs[0] = 6;
    regs[1] = 1;
    regs[8] = 61;
    for (std::size_t j = 0; j < 16; ++j)
        CHECK(static_cast<unsigned char>(bytes[16 + j]) == regs[j]);
    // Ertl's estimator on C_0 = 13, C_1 = 1, C_6 = 1, C_61 = 1 (q = 60), computed by hand in
    // Python: 3.3495975678695107; interval half-width 1.96 * 1.04 / 4 * E; lower end floored at
    // the 3 hashes a dense p = 4 sketch has seen.
    const auto e = s.estimate();
    CHECK_FALSE(e.exact);
    CHECK(e.value == doctest::Approx(3.3495975678695107).epsilon(1e-12));
    CHECK(e.lower == 3);
    CHECK(e.upper == doctest::Approx(3.3495975678695107 * (1 + 1.959963984540054 * 0.26)));
}

TEST_CASE("the estimate falls inside its 95% interval in at least 93 of 100 seeded trials") {
    // p = 10 (relative standard error 3.25%), n from 200 to about 50,000 over the trials: the
    // small range (most registers empty), the middle and the large range.
    int inside = 0;
    double n = 200;
    for (std::uint64_t t = 0; t < 100; ++t, n *= 1.057) {
        const auto count = static_cast<std::uint64_t>(n);
        const auto e = of(10, 1000 + t, 0, count).estimate();
        const auto truth = static_cast<double>(count);
        if (e.lower <= truth && truth <= e.upper)
            ++inside;
    }
    MESSAGE("inside the interval: " << inside << " of 100");
    CHECK(inside >= 93);
}

TEST_CASE("merge is commutative, associative, idempotent, with the empty sketch as identity") {
    // Sizes on both sides of the exact limit (32 at p = 8) and well past it.
    for (std::uint64_t n : {10u, 30u, 500u}) {
        CAPTURE(n);
        const auto a = of(8, 2, 0, n), b = of(8, 2, n / 2, 2 * n), c = of(8, 2, 3 * n, 4 * n);
        const auto whole = [&] {
            hll_sketch w(8);
            for (std::uint64_t i = 0; i < 2 * n; ++i)
                w.update(person(2, i));
            for (std::uint64_t i = 3 * n; i < 4 * n; ++i)
                w.update(person(2, i));
            return w;
        }();
        auto ab = a, ba = b;
        ab.merge(b);
        ba.merge(a);
        CHECK(ab == ba);
        auto ab_c = ab, bc = b, a_bc = a;
        ab_c.merge(c);
        bc.merge(c);
        a_bc.merge(bc);
        CHECK(ab_c == a_bc);
        CHECK(ab_c == whole); // split input = whole input
        auto aa = a;
        aa.merge(a);
        CHECK(aa == a);
        auto ae = a;
        ae.merge(hll_sketch(8));
        CHECK(ae == a);
        hll_sketch ea(8);
        ea.merge(a);
        CHECK(ea == a);
    }
}

TEST_CASE("sketches of different precision or key are refused with a clear error") {
    auto a = of(10, 3, 0, 10, 0x11);
    CHECK_THROWS_WITH_AS(a.merge(of(12, 3, 0, 10, 0x11)),
                         "[tally.mismatch.106] cannot merge HyperLogLog sketches of precision 10 "
                         "and 12",
                         error);
    CHECK_THROWS_WITH_AS(a.merge(of(10, 3, 0, 10, 0x22)),
                         "[tally.mismatch.106] cannot merge sketches made with different keys "
                         "(key fingerprints 0000000000000011 and 0000000000000022)",
                         error);
    CHECK(a == of(10, 3, 0, 10, 0x11)); // unchanged by the refused merges
    CHECK_THROWS_AS(hll_sketch(3), error);
    CHECK_THROWS_AS(hll_sketch(19), error);
}

TEST_CASE("serialisation round-trips in both modes") {
    for (std::uint64_t n : {0u, 50u, 5000u}) {
        const auto s = of(10, 4, 0, n, 0xfeed);
        CHECK(hll_sketch::deserialize(s.serialize()) == s);
    }
}

TEST_CASE("the version-1 golden files stay readable") {
    const std::uint64_t fp = 0x0123456789abcdefULL;
    const auto sparse_path = tally_test::sketch_data("hll_v1_sparse.bin");
    const auto dense_path = tally_test::sketch_data("hll_v1_dense.bin");
    if (tally_test::write_golden_requested()) {
        tally_test::write_bytes(sparse_path, of(12, 7, 0, 100, fp).serialize());
        tally_test::write_bytes(dense_path, of(12, 7, 0, 5000, fp).serialize());
    }
    const auto sparse_bytes = tally_test::read_bytes(sparse_path);
    const auto dense_bytes = tally_test::read_bytes(dense_path);
    // Layout by hand: "THLL", version 1, p 12, mode 0, fingerprint, n = 100, 100 hashes, checksum.
    REQUIRE(sparse_bytes.size() == 4 + 2 + 1 + 1 + 8 + 4 + 100 * 8 + 8);
    CHECK(sparse_bytes.substr(0, 8) == std::string("THLL\x01\x00\x0c\x00", 8));
    CHECK(sparse_bytes.substr(8, 8) == std::string("\xef\xcd\xab\x89\x67\x45\x23\x01", 8));
    const auto sparse = hll_sketch::deserialize(sparse_bytes);
    CHECK(sparse.precision() == 12);
    CHECK(sparse.key_fingerprint() == fp);
    CHECK(sparse.estimate().value == 100);
    CHECK(sparse == of(12, 7, 0, 100, fp));

    REQUIRE(dense_bytes.size() == 4 + 2 + 1 + 1 + 8 + 4096 + 8);
    const auto dense = hll_sketch::deserialize(dense_bytes);
    CHECK_FALSE(dense.is_sparse());
    CHECK(dense == of(12, 7, 0, 5000, fp));
    const auto e = dense.estimate();
    CHECK(e.lower <= 5000);
    CHECK(5000 <= e.upper);
    CHECK(dense.serialize() == dense_bytes);
}

TEST_CASE("every truncation and every flipped byte of a sketch is an error, never a crash") {
    for (std::uint64_t n : {20u, 300u}) {
        const auto bytes = of(8, 5, 0, n).serialize();
        for (std::size_t len = 0; len < bytes.size(); ++len)
            CHECK_THROWS_AS(hll_sketch::deserialize(bytes.substr(0, len)), error);
        for (std::size_t i = 0; i < bytes.size(); ++i) {
            auto bad = bytes;
            bad[i] = static_cast<char>(bad[i] ^ 0x5a);
            CHECK_THROWS_AS(hll_sketch::deserialize(bad), error);
        }
    }
}

TEST_CASE("well-checksummed but impossible contents are refused") {
    const auto build = [](std::uint8_t p, std::uint8_t mode, auto body) {
        detail::le_writer w;
        w.raw("THLL");
        w.u16(1);
        w.u8(p);
        w.u8(mode);
        w.u64(0);
        body(w);
        return std::move(w).finish();
    };
    CHECK_THROWS_WITH_AS(hll_sketch::deserialize(build(4, 1,
                                                       [](auto& w) {
                                                           for (int j = 0; j < 16; ++j)
                                                               w.u8(j == 3 ? 62 : 1);
                                                       })),
                         "[tally.parse.101] HyperLogLog sketch: register value 62 above 65 - p",
                         error);
    CHECK_THROWS_WITH_AS(hll_sketch::deserialize(build(4, 0,
                                                       [](auto& w) {
                                                           w.u32(2);
                                                           w.u64(9);
                                                           w.u64(9);
                                                       })),
                         "[tally.parse.101] HyperLogLog sketch: sparse hashes not strictly "
                         "increasing",
                         error);
    CHECK_THROWS_WITH_AS(hll_sketch::deserialize(build(30, 0, [](auto& w) { w.u32(0); })),
                         "[tally.parse.101] HyperLogLog sketch: precision 30 outside 4..18", error);
    CHECK_THROWS_WITH_AS(hll_sketch::deserialize(build(4, 0,
                                                       [](auto& w) {
                                                           w.u32(0);
                                                           w.u8(0);
                                                       })),
                         "[tally.parse.101] HyperLogLog sketch: 1 unexpected bytes at the end",
                         error);
    auto wrong_version = build(4, 0, [](auto& w) { w.u32(0); });
    wrong_version[4] = 2;
    // Re-checksummed so that the version, not the checksum, is what is refused.
    detail::le_writer w2;
    w2.raw(std::string_view(wrong_version).substr(0, wrong_version.size() - 8));
    CHECK_THROWS_WITH_AS(hll_sketch::deserialize(std::move(w2).finish()),
                         "[tally.parse.101] HyperLogLog sketch: unsupported format version 2",
                         error);
}

TEST_CASE("every register at its maximum estimates infinity, which is n/a, never a wrapped "
          "integer") {
    // Hashes j << 60 (p = 4): register j, and nothing left of the hash, so rank 65 - p = 61, the
    // largest a register holds. Such a sketch (about 2^64 people) reads, and its estimate is not
    // a count.
    hll_sketch s(4);
    for (std::uint64_t j = 0; j < 16; ++j)
        s.update(j << 60);
    REQUIRE_FALSE(s.is_sparse());
    const auto e = s.estimate();
    CHECK(std::isinf(e.value));
    CHECK(std::isinf(e.upper));
    CHECK(e.lower == 3); // the sparse limit 2 + 1
    CHECK_FALSE(whole_count(e.value));
    CHECK(hll_sketch::deserialize(s.serialize()) == s);
    // One register short of the maximum: finite, and far more than a count can hold.
    hll_sketch t(4);
    for (std::uint64_t j = 0; j < 16; ++j)
        t.update((j << 60) | (j == 0 ? 1 : 0));
    CHECK(std::isfinite(t.estimate().value));
    CHECK_FALSE(whole_count(t.estimate().value));
    CHECK(t.may_contain(std::uint64_t{5} << 60));
    CHECK_FALSE(hll_sketch(4).may_contain(1));
}

} // namespace test_sketch_hll
