#include "sketch_support.hpp"
#include <doctest/doctest.h>
#include <set>
#include <tally/sketch/identifier_sketch.hpp>
#include <vector>

namespace test_sketch_identifier_sketch {

using namespace tally;
using namespace tally::sketch;
using tally_test::person;

using tally_test::test_auth;

namespace {
void add(identifier_sketch& s, std::uint64_t trial, std::uint64_t from, std::uint64_t to) {
    for (auto i = from; i < to; ++i)
        s.update(person(trial, i));
}

/// A sketch file of any parts (version 2 unless told), tagged by auth: sketches the API would
/// never make.
std::string sketch_file(const test_auth& auth, const std::string& hll, const std::string& theta,
                        std::uint16_t version = 2,
                        const std::vector<std::string>& countries = {"COL"}) {
    detail::le_writer w;
    w.raw("TSKB");
    w.u16(version);
    w.u64(auth.fingerprint);
    w.u8(static_cast<std::uint8_t>(countries.size()));
    for (const auto& c : countries)
        w.raw(c);
    w.u32(static_cast<std::uint32_t>(hll.size()));
    w.raw(hll);
    w.u32(static_cast<std::uint32_t>(theta.size()));
    w.raw(theta);
    const auto tag = auth.tag(w.bytes());
    w.raw(std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
    return std::move(w).finish();
}

/// bytes with the checksum made again after a change, so that what is refused is the change.
std::string rechecksummed(const std::string& bytes) {
    detail::le_writer w;
    w.raw(std::string_view(bytes).substr(0, bytes.size() - 8));
    return std::move(w).finish();
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
    const test_auth auth{5};
    CHECK(identifier_sketch::deserialize(ab_c.serialize(auth), auth) == ab_c);
}

TEST_CASE("the version-1 golden file, which has no tag, is refused with a message to rebuild it") {
    // identifier_v1.bin: a sketch of COL and PER, 25 people, key fingerprint 0123456789abcdef,
    // written by format 1 (checksum only: any program could write one).
    const auto bytes = tally_test::read_bytes(tally_test::sketch_data("identifier_v1.bin"));
    REQUIRE(bytes.substr(0, 6) == std::string("TSKB\x01\x00", 6));
    CHECK_THROWS_WITH_AS(identifier_sketch::deserialize(bytes, test_auth{0x0123456789abcdefULL}),
                         "[tally.parse.101] sketch: format version 1 carries no authentication "
                         "tag and is no longer read: rebuild the sketch with tally sketch build "
                         "(format version 2)",
                         error);
}

TEST_CASE("only a holder of the key makes a sketch that is read: tag, key and damage") {
    const test_auth auth;
    identifier_sketch s(auth.fingerprint, "COL", 8, 5);
    add(s, 9, 0, 20);
    const auto bytes = s.serialize(auth);
    CHECK(identifier_sketch::deserialize(bytes, auth) == s);
    // The same bytes under another authentication key of the same fingerprint: not authentic.
    CHECK_THROWS_WITH_AS(identifier_sketch::deserialize(bytes, test_auth{7, 43}),
                         "[tally.parse.101] sketch: authentication tag does not match: the sketch "
                         "was altered, or made by someone who does not hold the key",
                         error);
    // A sketch of another key is named as such.
    CHECK_THROWS_WITH_AS(identifier_sketch::deserialize(bytes, test_auth{8}),
                         "[tally.mismatch.106] sketch made with another key (key fingerprint "
                         "0000000000000007; the key given has 0000000000000008)",
                         error);
    CHECK_THROWS_AS((void)s.serialize(test_auth{8}), error);
    // Every byte changed before the tag, the checksum made again (as a forger would): the tag
    // refuses it (a changed fingerprint is refused as another key).
    for (std::size_t i = 0; i + 8 + 32 < bytes.size(); ++i) {
        auto bad = bytes;
        bad[i] = static_cast<char>(bad[i] ^ 0x21);
        CHECK_THROWS_AS(identifier_sketch::deserialize(rechecksummed(bad), auth), error);
    }
    auto forged = bytes;
    forged[30] = static_cast<char>(forged[30] ^ 0x21);
    CHECK_THROWS_WITH_AS(identifier_sketch::deserialize(rechecksummed(forged), auth),
                         "[tally.parse.101] sketch: authentication tag does not match: the sketch "
                         "was altered, or made by someone who does not hold the key",
                         error);
    // A damaged byte without a new checksum is damage, told as such.
    CHECK_THROWS_WITH_AS(identifier_sketch::deserialize(forged, auth),
                         "[tally.parse.101] sketch: corrupt (checksum mismatch)", error);
    for (std::size_t len = 0; len < bytes.size(); ++len)
        CHECK_THROWS_AS(identifier_sketch::deserialize(bytes.substr(0, len), auth), error);
}

TEST_CASE("a sketch whose HyperLogLog and theta parts disagree is refused") {
    const test_auth auth;
    const auto part = [&](int p, int lg_k, std::uint64_t trial, std::uint64_t n) {
        identifier_sketch s(auth.fingerprint, "COL", p, lg_k);
        add(s, trial, 0, n);
        return s;
    };
    const auto agree = [&](const identifier_sketch& h, const identifier_sketch& t) {
        return identifier_sketch::deserialize(
            sketch_file(auth, h.hll().serialize(), t.theta().serialize()), auth);
    };
    // Both exact: 50 people in one part, 50 others in the other.
    {
        const auto a = part(8, 8, 1, 20), b = part(8, 8, 2, 20);
        CHECK(agree(a, a) == a);
        CHECK_THROWS_WITH_AS(agree(a, b),
                             "[tally.parse.101] sketch: its HyperLogLog and theta parts "
                             "disagree: the theta part holds all 20 hashes, and the HyperLogLog "
                             "part is not the one they make",
                             error);
    }
    // An exact HyperLogLog (p 14: up to 2,048 hashes) beside a theta of k = 16 of other people.
    {
        const auto a = part(14, 4, 3, 100), b = part(14, 4, 4, 100);
        CHECK(agree(a, a) == a);
        CHECK_THROWS_WITH_AS(agree(a, b),
                             "[tally.parse.101] sketch: its HyperLogLog and theta parts "
                             "disagree: the HyperLogLog part holds all 100 hashes, and the theta "
                             "part is not the one they make",
                             error);
    }
    // Both estimating (p 10, k = 256, 5,000 people): the theta part of other people retains
    // hashes the registers never saw.
    {
        const auto a = part(10, 8, 5, 5000), b = part(10, 8, 6, 5000);
        CHECK(agree(a, a) == a);
        CHECK_THROWS_WITH_AS(agree(a, b),
                             "[tally.parse.101] sketch: its HyperLogLog and theta parts "
                             "disagree: the theta part retains a hash the HyperLogLog part has "
                             "not seen",
                             error);
    }
    // Merged sketches keep their parts in agreement.
    auto m = part(10, 8, 5, 3000);
    m.merge(part(10, 8, 7, 3000));
    CHECK(identifier_sketch::parts_disagree(m.hll(), m.theta()).empty());
}

TEST_CASE("a sketch file names its countries once each, in order, as serialize writes them") {
    const test_auth auth;
    identifier_sketch s(auth.fingerprint, "COL", 8, 5);
    add(s, 11, 0, 20);
    const auto h = s.hll().serialize(), t = s.theta().serialize();
    const auto read =
        identifier_sketch::deserialize(sketch_file(auth, h, t, 2, {"COL", "PER"}), auth);
    CHECK(read.countries() == std::set<std::string>{"COL", "PER"});
    CHECK(sketch_file(auth, h, t, 2, {"COL", "PER"}) == read.serialize(auth));
    // A country twice would read as once and serialize to other bytes; out of order likewise.
    for (const std::vector<std::string>& bad :
         {std::vector<std::string>{"PER", "PER"}, std::vector<std::string>{"PER", "COL"}})
        CHECK_THROWS_WITH_AS(identifier_sketch::deserialize(sketch_file(auth, h, t, 2, bad), auth),
                             "[tally.parse.101] sketch: country codes repeated or out of order "
                             "in sketch",
                             error);
}

} // namespace test_sketch_identifier_sketch
