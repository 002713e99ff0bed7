#include <doctest/doctest.h>
#include <optional>
#include <tally/funding/coverage.hpp>

namespace test_funding_coverage {

using namespace tally;
using namespace tally::funding;

namespace {
group_sums<> requirements() {
    group_sums<> r({"country", "sector"});
    r.update({"COL", "HEALTH"}, usd_amount(3000));
    r.update({"COL", "FOOD"}, usd_amount(1000));
    r.update({"PER", "FOOD"}, usd_amount(0));
    r.update({"PER", ""}, usd_amount(500)); // a per-plan requirement without a sector
    return r;
}
grouped_funding<> funded(std::vector<std::string> names) {
    return {group_sums<>(names), group_sums<>(names)};
}
} // namespace

TEST_CASE("coverage is funding over requirements, unmet the shortfall, n/a without a requirement") {
    auto g = funded({"country", "sector"});
    g.funding.update({"COL", "HEALTH"}, usd_amount(1500));
    g.funding.update({"COL", "MULTI"}, usd_amount(300));
    g.funding.update({"PER", "FOOD"}, usd_amount(10));
    g.pledges.update({"COL", "HEALTH"}, usd_amount(5));
    const auto req = requirements();
    const auto rows = coverage(g, req);
    REQUIRE(rows.size() == 4);
    CHECK(rows[0].key == std::vector<std::string>{"COL", "FOOD"});
    CHECK(rows[0].funding == usd_amount(0));
    CHECK(rows[0].coverage == 0.0);
    CHECK(rows[0].unmet == usd_amount(1000));
    CHECK(rows[1].key == std::vector<std::string>{"COL", "HEALTH"});
    CHECK(rows[1].coverage == 0.5);
    CHECK(rows[1].unmet == usd_amount(1500));
    CHECK(rows[1].pledges == usd_amount(5));
    CHECK(rows[2].key == std::vector<std::string>{"COL", "MULTI"});
    CHECK_FALSE(rows[2].requirements);
    CHECK_FALSE(rows[2].coverage);
    CHECK_FALSE(rows[2].unmet);
    // A zero requirement: unmet 0, coverage n/a (no division by zero).
    CHECK(rows[3].requirements == usd_amount(0));
    CHECK(rows[3].unmet == usd_amount(0));
    CHECK_FALSE(rows[3].coverage);
}

TEST_CASE("requirements are summed over the key parts funding is not grouped by") {
    auto g = funded({"country"});
    g.funding.update({"COL"}, usd_amount(5000));
    const auto req = requirements();
    const auto rows = coverage(g, req);
    REQUIRE(rows.size() == 2);
    CHECK(rows[0].requirements == usd_amount(4000));
    CHECK(rows[0].coverage == 1.25);
    CHECK(rows[0].unmet == usd_amount(0));
    CHECK(rows[1].key == std::vector<std::string>{"PER"});
    CHECK(rows[1].requirements == usd_amount(500));
    auto total = funded({});
    total.funding.update({}, usd_amount(900));
    const auto t = coverage(total, req);
    REQUIRE(t.size() == 1);
    CHECK(t[0].requirements == usd_amount(4500));
    CHECK(t[0].coverage == 0.2);
    // Grouping by year: no requirement applies.
    auto y = funded({"year"});
    y.funding.update({"2020"}, usd_amount(1));
    CHECK_FALSE(coverage(y, req)[0].requirements);
    CHECK_FALSE(coverage(y)[0].coverage);
}

TEST_CASE("requirements go in by reference or std::optional, and the pointer form still works") {
    auto g = funded({"country"});
    g.funding.update({"COL"}, usd_amount(1000));
    const auto req = requirements();
    const auto by_ref = coverage(g, req);
    REQUIRE(by_ref.size() == 2);
    CHECK(by_ref[0].coverage == 0.25); // 1000 of COL's 3000 + 1000
    const std::optional<group_sums<>> given = req, none;
    const auto by_optional = coverage(g, given);
    REQUIRE(by_optional.size() == 2);
    CHECK(by_optional[0].coverage == by_ref[0].coverage);
    CHECK(by_optional[1].requirements == by_ref[1].requirements);
    // Without requirements: only the funded group, every requirement column n/a.
    for (const auto& rows : {coverage(g, none), coverage(g)}) {
        REQUIRE(rows.size() == 1);
        CHECK(rows[0].funding == usd_amount(1000));
        CHECK_FALSE(rows[0].requirements);
        CHECK_FALSE(rows[0].unmet);
        CHECK_FALSE(rows[0].coverage);
    }
#if defined(__GNUC__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
#endif
    const auto by_pointer = coverage(g, &req);
    const auto by_null = coverage<usd_amount>(g, nullptr);
#if defined(__GNUC__)
#pragma GCC diagnostic pop
#endif
    REQUIRE(by_pointer.size() == 2);
    CHECK(by_pointer[0].coverage == by_ref[0].coverage);
    REQUIRE(by_null.size() == 1);
    CHECK_FALSE(by_null[0].coverage);
}

} // namespace test_funding_coverage
