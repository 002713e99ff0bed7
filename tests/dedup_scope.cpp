#include <array>
#include <doctest/doctest.h>
#include <tally/dedup/reach.hpp>
#include <tally/dedup/scope.hpp>

namespace test_dedup_scope {

using namespace tally;
using namespace tally::dedup;

namespace {
template <class A, class B>
concept addable = requires(A a, B b) {
    a + b;
};
} // namespace

static_assert(addable<scoped_reach<sector_scope>, scoped_reach<sector_scope>>);
static_assert(!addable<scoped_reach<sector_scope>, scoped_reach<intersector_scope>>);
static_assert(!addable<country_reach<sector_scope>, country_reach<sector_scope>>);
static_assert(!addable<per_country_reach<sector_scope>, per_country_reach<sector_scope>>);
static_assert(!addable<partner_count, partner_count>);

TEST_CASE("figures of one scope over disjoint places add") {
    scoped_reach<intersector_scope> azuay(bounded{1315, 2356}), pichincha(bounded{100, 150});
    CHECK((azuay + pichincha).bounds() == bounded{1415, 2506});
    CHECK_THROWS_AS(scoped_reach<sector_scope>(bounded{5, 4}), tally::error);
}

TEST_CASE("countries add only through an explicit in-transit rule") {
    const std::array<country_reach<intersector_scope>, 2> cs{
        country_reach<intersector_scope>(bounded{100, 120}, bounded{30, 40}),
        country_reach<intersector_scope>(bounded{50, 50}, bounded{20, 25})};
    const std::span<const country_reach<intersector_scope>> span(cs);
    CHECK(sum_countries(exclude_in_transit{}, span).bounds() == bounded{150, 170});
    CHECK(sum_countries(include_in_transit{}, span).bounds() == bounded{200, 235});
    const auto sep = sum_countries(separate_in_transit{}, span);
    CHECK(sep.additive.bounds() == bounded{150, 170});
    CHECK(sep.per_country_only.bounds() == bounded{50, 65});
    CHECK(cs[0].total().value() == 130);
}

TEST_CASE("pipeline rows convert to typed figures of their own scope only") {
    reach_row row;
    row.intersector = true;
    row.additive = {100, 200};
    row.per_country_only = {30, 30};
    CHECK(country_figure<intersector_scope>(row).total().value() == 130);
    CHECK_THROWS_AS(country_figure<sector_scope>(row), tally::error);
    // It contains people in transit: it cannot become an addable figure.
    CHECK_THROWS_AS(scoped_figure<intersector_scope>(row), tally::error);
    row.per_country_only = {};
    CHECK(scoped_figure<intersector_scope>(row).value() == 100);
}

} // namespace test_dedup_scope
