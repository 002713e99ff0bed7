#include "dedup_azuay.hpp"
#include <doctest/doctest.h>
#include <tally/dedup/states.hpp>

namespace test_dedup_states {

using namespace tally;
using namespace tally::dedup;

using namespace dedup_azuay;

TEST_CASE("member states merge in any order and grouping, with empty as identity") {
    const std::span<const entry> all(azuay);
    auto a = state_of<max_rule>(all.subspan(0, 2));
    auto b = state_of<max_rule>(all.subspan(2, 3));
    auto c = state_of<max_rule>(all.subspan(5));
    auto whole = state_of<max_rule>(all);

    auto ab_c = a;
    ab_c.merge(b);
    ab_c.merge(c);
    auto bc = b;
    bc.merge(c);
    auto a_bc = a;
    a_bc.merge(bc);
    auto cba = c;
    cba.merge(b);
    cba.merge(a);
    CHECK(ab_c.result() == whole.result());
    CHECK(a_bc.result() == whole.result());
    CHECK(cba.result() == whole.result());

    member_state<max_rule> e;
    CHECK(e.empty());
    auto we = whole;
    we.merge(e);
    CHECK(we.serialize() == whole.serialize());
    auto ew = e;
    ew.merge(whole);
    CHECK(ew.serialize() == whole.serialize());
}

TEST_CASE("splitting one member's rows between states gives the whole's maximum") {
    // Sector 1 has 592 in destination, reported as 300 + 292 in two halves: neither half alone
    // beats the other sectors' partial values, the merged state must see 592.
    member_state<max_rule> h1, h2, whole;
    h1.update(1, 0, 300);
    h1.update(2, 0, 400);
    h2.update(1, 0, 292);
    whole.update(1, 0, 300);
    whole.update(1, 0, 292);
    whole.update(2, 0, 400);
    h1.merge(h2);
    CHECK(h1.total() == bounded{592, 992});
    CHECK(h1.total() == whole.total());
}

TEST_CASE("member states serialize and deserialize to the same state") {
    auto s = state_of<max_rule>(azuay);
    const auto bytes = s.serialize();
    auto back = member_state<max_rule>::deserialize(bytes);
    CHECK(back.serialize() == bytes);
    CHECK(back.total() == bounded{1315, 2356});
    CHECK(member_state<max_rule>::deserialize(member_state<max_rule>{}.serialize()).empty());
    CHECK_THROWS_AS(member_state<max_rule>::deserialize("nonsense"), tally::error);
    CHECK_THROWS_AS(member_state<max_rule>::deserialize("tally.member_state.v1\n2\n1 x\n"),
                    tally::error);
}

TEST_CASE("a member state refuses negative values and values above their upper bound") {
    member_state<sum_rule> s;
    CHECK_THROWS_AS(s.update(0, 0, -1), tally::error);
    CHECK_THROWS_AS(s.update(0, 0, bounded{5, 4}), tally::error);
}

TEST_CASE("sum states merge, serialize and keep empty as identity") {
    sum_state a, b, e;
    a.update(3);
    b.update(4);
    auto ab = a;
    ab.merge(b);
    auto ba = b;
    ba.merge(a);
    CHECK(ab.result() == bounded{7, 7});
    CHECK(ba.result() == ab.result());
    auto ae = a;
    ae.merge(e);
    CHECK(ae.result() == a.result());
    CHECK(e.empty());
    CHECK(sum_state::deserialize(ab.serialize()).result() == ab.result());
    CHECK(sum_state::deserialize(e.serialize()).empty());
    sum_state zero;
    zero.update(0);
    CHECK_FALSE(sum_state::deserialize(zero.serialize()).empty());
    CHECK_THROWS_AS(a.update(-2), tally::error);
}

TEST_CASE("distinct counts count a partner once across merged parts") {
    distinct_count_state ecu, per, e;
    ecu.update(1);
    ecu.update(2);
    per.update(2);
    per.update(3);
    per.update(no_code);
    auto all = ecu;
    all.merge(per);
    auto rev = per;
    rev.merge(ecu);
    CHECK(all.result() == partner_count(3));
    CHECK(rev.result() == all.result());
    auto ee = all;
    ee.merge(e);
    CHECK(ee.result() == all.result());
    const auto back = distinct_count_state::deserialize(all.serialize());
    CHECK(back.result() == partner_count(3));
    CHECK(back.serialize() == all.serialize());
    CHECK(e.empty());
}

} // namespace test_dedup_states
