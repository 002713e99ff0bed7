#include "sketch_support.hpp"
#include <doctest/doctest.h>
#include <tally/sketch/identifier_sketch.hpp>

namespace test_sketch_identifier_sketch {

using namespace tally;
using namespace tally::sketch;
using tally_test::person;

namespace {
void add(identifier_sketch& s, std::uint64_t trial, std::uint64_t from, std::uint64_t to) {
    for (auto i = from; i < to; ++i)
        s.update(person(trial, i));
}
} // namespace

TEST_CASE("three countries' sketches give the distinct people across them within the interval in "
          "at least 93 of 100 seeded trials") {
    // Colombia [0, 6000), Peru [4000, 9000), Ecuador [8500, 10400) and [0, 300): the sum of the
    // three countries is 13,200, the distinct people 10,400. Default parameters, as the tool
    // uses them (p = 14: 0.81%; at 10,400 < 2^14 people the error is below that, so the interval
    // is conservative: 1,982 of 2,000 trials inside when measured).
    int inside = 0, sum_inside = 0;
    for (std::uint64_t t = 0; t < 100; ++t) {
        identifier_sketch col(7, "COL"), per(7, "PER"), ecu(7, "ECU");
        add(col, 200 + t, 0, 6000);
        add(per, 200 + t, 4000, 9000);
        add(ecu, 200 + t, 8500, 10400);
        add(ecu, 200 + t, 0, 300);
        auto all = col;
        all.merge(per);
        all.merge(ecu);
        const auto e = all.estimate();
        inside += e.lower <= 10400 && 10400 <= e.upper;
        sum_inside += e.lower <= 13200 && 13200 <= e.upper;
        CHECK(all.countries() == std::set<std::string>{"COL", "ECU", "PER"});
    }
    MESSAGE("10,400 inside the interval in " << inside << " of 100 trials");
    CHECK(inside >= 93);
    CHECK(sum_inside == 0); // the interval tells the de-duplicated figure from the plain sum
}

TEST_CASE("identifier sketches of different keys or parameters are refused and left unchanged") {
    identifier_sketch a(1, "COL", 10, 8);
    add(a, 1, 0, 50);
    const auto before = a;
    CHECK_THROWS_WITH_AS(a.merge(identifier_sketch(2, "PER", 10, 8)),
                         "[tally.mismatch.106] cannot merge sketches made with different keys "
                         "(key fingerprints 0000000000000001 and 0000000000000002)",
                         error);
    CHECK_THROWS_AS(a.merge(identifier_sketch(1, "PER", 12, 8)), error);
    CHECK_THROWS_WITH_AS(a.merge(identifier_sketch(1, "PER", 10, 9)),
                         "[tally.mismatch.106] cannot combine theta sketches of lg_k 8 and 9",
                         error);
    CHECK(a == before);
    CHECK_THROWS_WITH_AS(identifier_sketch(1, "Colombia"),
                         "[tally.invalid_argument.103] country must be an ISO3 code (three "
                         "capital letters), not 'Colombia'",
                         error);
}

TEST_CASE("identifier sketch merge laws hold and serialisation round-trips") {
    identifier_sketch a(5, "COL", 8, 6), b(5, "PER", 8, 6), c(5, "ECU", 8, 6);
    add(a, 2, 0, 400);
    add(b, 2, 300, 700);
    add(c, 2, 650, 900);
    auto ab = a, ba = b;
    ab.merge(b);
    ba.merge(a);
    CHECK(ab == ba);
    auto ab_c = ab, bc = b, a_bc = a;
    ab_c.merge(c);
    bc.merge(c);
    a_bc.merge(bc);
    CHECK(ab_c == a_bc);
    auto aa = a;
    aa.merge(a);
    CHECK(aa == a);
    CHECK(identifier_sketch::deserialize(ab_c.serialize()) == ab_c);
}

TEST_CASE("the version-1 identifier sketch golden file stays readable") {
    const auto path = tally_test::sketch_data("identifier_v1.bin");
    const std::uint64_t fp = 0x0123456789abcdefULL;
    const auto make = [&] {
        identifier_sketch s(fp, "COL", 8, 5);
        add(s, 9, 0, 20);
        identifier_sketch p(fp, "PER", 8, 5);
        add(p, 9, 10, 25);
        s.merge(p);
        return s;
    };
    if (tally_test::write_golden_requested())
        tally_test::write_bytes(path, make().serialize());
    const auto bytes = tally_test::read_bytes(path);
    // "TSKB", version 1, fingerprint, 2 countries "COL" "PER" (sorted), then the parts.
    REQUIRE(bytes.size() > 4 + 2 + 8 + 1 + 6);
    CHECK(bytes.substr(0, 6) == std::string("TSKB\x01\x00", 6));
    CHECK(bytes.substr(14, 7) == std::string("\x02"
                                             "COLPER",
                                             7));
    const auto s = identifier_sketch::deserialize(bytes);
    CHECK(s.key_fingerprint() == fp);
    CHECK(s.estimate().exact);
    CHECK(s.estimate().value == 25); // persons 0..24
    CHECK(s.theta().estimate().value == 25);
    CHECK(s == make());
    for (std::size_t len = 0; len < bytes.size(); ++len)
        CHECK_THROWS_AS(identifier_sketch::deserialize(bytes.substr(0, len)), error);
}

} // namespace test_sketch_identifier_sketch
