#include "dedup_azuay.hpp"
#include <doctest/doctest.h>
#include <tally/dedup/states.hpp>
#include <tally/dedup/steps.hpp>

namespace test_dedup_steps {

using namespace tally;
using namespace tally::dedup;

using namespace dedup_azuay;

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
