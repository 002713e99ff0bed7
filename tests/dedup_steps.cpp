#include <doctest/doctest.h>
#include <tally/dedup/steps.hpp>

namespace test_dedup_steps {

using namespace tally;
using namespace tally::dedup;

namespace {
// The Ecuador worked example of docs/rules.md#de-duplication-level-by-level (Azuay, January 2023),
// one member per sector, units = population groups: 0 in destination, 1 host community.
struct entry {
    code_id sector;
    std::uint32_t group;
    std::int64_t v;
};
const entry azuay[] = {
    {0, 0, 1239},             // Protection (General)
    {1, 0, 592},  {1, 1, 76}, // Food Security
    {2, 0, 225},              // Education
    {3, 0, 150},  {3, 1, 50}, // Health
    {4, 0, 24},               // WASH
};

template <class Rule>
member_state<Rule> state_of(std::span<const entry> es, Rule r = Rule{}) {
    member_state<Rule> s(std::move(r));
    for (const auto& e : es)
        s.update(e.sector, e.group, e.v);
    return s;
}
} // namespace

TEST_CASE("max per population group across sectors gives the Ecuador intersector 1,315 of 2,356") {
    auto s = state_of<max_rule>(azuay);
    const auto per_group = s.result();
    REQUIRE(per_group.size() == 2);
    CHECK(per_group[0] == bounded{1239, 1239 + 592 + 225 + 150 + 24});
    CHECK(per_group[1] == bounded{76, 76 + 50});
    CHECK(s.total() == bounded{1315, 2356});
}

TEST_CASE("the sum rule adds sectors and is exact") {
    CHECK(state_of<sum_rule>(azuay).total() == bounded{2356, 2356});
}

TEST_CASE("the whole-sector rule keeps the sector with the highest total") {
    // Protection 1,239 > Food Security 668 > Education 225 > Health 200 > WASH 24.
    CHECK(state_of<max_member_rule>(azuay).total() == bounded{1239, 2356});
    // Ties go to the lowest member id, whatever the order of the updates.
    member_state<max_member_rule> tie;
    tie.update(7, 1, 10);
    tie.update(3, 0, 10);
    const auto r = tie.result();
    CHECK(r[0].value == 10);
    CHECK(r[1].value == 0);
}

TEST_CASE("a composite rule adds a max term, a protection term and a sum term") {
    composite_rule sc;
    const auto basic = sc.term("basic", composite_rule::term_kind::max);
    const auto prot = sc.term("protection", composite_rule::term_kind::max);
    const auto add = sc.term("added", composite_rule::term_kind::sum);
    sc.assign(0, prot);
    sc.assign(1, basic);
    sc.assign(4, basic);
    sc.assign(2, add);
    sc.assign(3, add);
    // destination: max(592, 24) + 1239 + (225 + 150) = 2206; host: 76 + 50 = 126.
    auto s = state_of<composite_rule>(azuay, sc);
    CHECK(s.result()[0] == bounded{2206, 2230});
    CHECK(s.total() == bounded{2332, 2356});
}

TEST_CASE("the southern-cone rule recognises R4V sector spellings") {
    dictionary sectors;
    const auto pro = sectors.intern("Protection (General)");
    const auto food = sectors.intern("food security");
    const auto shelter = sectors.intern("Shelter");
    const auto mpc = sectors.intern("Multipurpose Cash Assistance");
    const auto health = sectors.intern("Health");
    const auto gbv = sectors.intern("Protection (GBV)");
    const auto nut = sectors.intern("Nutrition");
    const auto rule = composite_rule::southern_cone(sectors);
    member_state<composite_rule> s(rule);
    s.update(pro, 0, 100);
    s.update(gbv, 0, 40); // overlaps with Protection (General)
    s.update(food, 0, 70);
    s.update(shelter, 0, 90);
    s.update(nut, 0, 80); // not in the formula: joins the overlapping max term
    s.update(mpc, 0, 30);
    s.update(health, 0, 20);
    // max{90, 70, 80} + max{100, 40} + (30 + 20) = 240
    CHECK(s.total() == bounded{240, 430});
    CHECK(rule.describe().find("Protection (General)") != std::string::npos);
}

TEST_CASE("max per age/gender cell adds the cell-wise maxima") {
    member_state<max_rule> s;
    // Two sectors, destination group: sector 0 has 10 girls, 5 women; sector 1 has 4 girls, 8
    // women. Cell-wise max: 10 + 8 = 18 (max per group would give 15).
    s.update(0, cell_unit(0, 0), 10);
    s.update(0, cell_unit(0, 2), 5);
    s.update(1, cell_unit(0, 0), 4);
    s.update(1, cell_unit(0, 2), 8);
    CHECK(s.total() == bounded{18, 27});
}

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

TEST_CASE("max per cell falls back to the largest group total when cells are not known") {
    // Sector 0 gives cells: 10 girls, 5 women. Sector 1 gives 20 people, cells not known.
    // K = 10 + 5 = 15 < T = max(15, 20) = 20: the better lower bound is 20.
    member_state<max_cell_rule> s;
    s.update(0, cell_unit(0, 0), 10);
    s.update(0, cell_unit(0, 2), 5);
    s.update(1, cell_unit(0, unknown_cell), 20);
    CHECK(s.total() == bounded{20, 35});
    // With every member's cells known it is the plain cell-wise maximum: 10 + 8 = 18.
    member_state<max_cell_rule> k;
    k.update(0, cell_unit(0, 0), 10);
    k.update(0, cell_unit(0, 2), 5);
    k.update(1, cell_unit(0, 0), 4);
    k.update(1, cell_unit(0, 2), 8);
    CHECK(k.total() == bounded{18, 27});
}

} // namespace test_dedup_steps
