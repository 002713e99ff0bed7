#include <cstdint>
#include <doctest/doctest.h>
#include <tally/funding/grouping.hpp>
#include <type_traits>
#include <utility>

namespace test_funding_grouping {

using namespace tally;
using namespace tally::funding;

namespace {
flow<> with(std::string id, std::int64_t amount, std::vector<flow_object> dst) {
    flow<> f;
    f.id = std::move(id);
    f.amount = usd_amount(amount);
    f.destinations = std::move(dst);
    return f;
}
flow_object loc(std::string n) {
    return {object_type::location, "", std::move(n), object_behavior::single};
}
flow_object cl(std::string n) {
    return {object_type::cluster, "", std::move(n), object_behavior::single};
}
flow_object gc(std::string n) {
    return {object_type::global_cluster, "", std::move(n), object_behavior::single};
}
flow_object org(std::string n) {
    return {object_type::organization, "", std::move(n), object_behavior::single};
}
flow_object yr(std::string n) {
    return {object_type::usage_year, "", std::move(n), object_behavior::shared};
}
} // namespace

TEST_CASE("a flow goes to exactly one group per key, with unattributed money in its own bucket") {
    auto f = with("1", 5, {loc("Xland"), cl("Health"), gc("Health GC"), org("A"), yr("2020")});
    CHECK(funding::group_value(f, group_key::country) == "Xland");
    CHECK(funding::group_value(f, group_key::sector) == "Health"); // plan cluster first
    CHECK(funding::group_value(f, group_key::organisation) == "A");
    CHECK(funding::group_value(f, group_key::year) == "2020");
    auto g =
        with("2", 5, {loc("Xland"), loc("Yland"), gc("Food"), gc("WASH"), yr("2020"), yr("2021")});
    CHECK(funding::group_value(g, group_key::country) == multi_country);
    CHECK(funding::group_value(g, group_key::sector) == multi_sector);
    CHECK(funding::group_value(g, group_key::year) == multi_year);
    CHECK(funding::group_value(g, group_key::organisation) == not_specified);
    auto h = with("3", 5, {gc("Food")});
    CHECK(funding::group_value(h, group_key::sector) == "Food");
    CHECK(funding::group_value(h, group_key::country) == not_specified);
}

TEST_CASE("grouped funding adds up to the boundary total and leaves out pledges, shared and "
          "internal flows") {
    flow_set<> s;
    s.update(with("1", 100, {loc("Xland"), cl("Health")}));
    s.update(with("2", 200, {loc("Xland"), cl("Health"), cl("WASH")}));
    s.update(with("3", 40, {cl("Food")}));
    auto p = with("4", 7, {loc("Xland"), cl("Health")});
    p.status = flow_status::pledge;
    s.update(p);
    auto sh = with("5", 1000, {loc("Xland"), cl("Health")});
    sh.on_boundary = boundary_share::shared;
    s.update(sh);
    auto in = with("6", 2000, {loc("Xland"), cl("Health")});
    in.boundary = flow_boundary::internal;
    s.update(in);
    const auto g = group_funding(s, {group_key::country, group_key::sector});
    CHECK(g.funding.key_names() == std::vector<std::string>{"country", "sector"});
    CHECK(g.funding.result().size() == 3);
    CHECK(g.funding.at({"Xland", "Health"}) == usd_amount(100));
    CHECK(g.funding.at({"Xland", "Multi-sector"}) == usd_amount(200));
    CHECK(g.funding.at({"Not specified", "Food"}) == usd_amount(40));
    CHECK(g.pledges.at({"Xland", "Health"}) == usd_amount(7));
    CHECK(g.funding.total() == s.result().funding);
    const auto one = group_funding(s, {});
    CHECK(one.funding.at({}) == usd_amount(340));
}

TEST_CASE("group_sums merge: order and grouping do not matter, empty is the identity, split equals "
          "whole") {
    using gs = group_sums<>;
    const std::vector<std::pair<gs::key_type, std::int64_t>> rows = {
        {{"A", "x"}, 1}, {{"B", "x"}, 2}, {{"A", "x"}, 3}, {{"A", "y"}, 4}, {{"B", "y"}, 5}};
    gs whole({"country", "sector"});
    for (auto& [k, v] : rows)
        whole.update(k, usd_amount(v));
    CHECK(whole.at({"A", "x"}) == usd_amount(4));
    gs a({"country", "sector"}), b({"country", "sector"}), c({"country", "sector"});
    for (std::size_t i = 0; i < rows.size(); ++i)
        (i < 2 ? a : i < 4 ? b : c).update(rows[i].first, usd_amount(rows[i].second));
    gs x = a;
    x.merge(b);
    x.merge(c);
    gs bc = b;
    bc.merge(c);
    gs y = a;
    y.merge(bc);
    gs z = c;
    z.merge(b);
    z.merge(a);
    CHECK(z == whole);
    CHECK(x == whole);
    CHECK(y == whole);
    gs e({"country", "sector"});
    CHECK(e.empty());
    e.merge(whole);
    CHECK(e == whole);
    CHECK(gs::deserialize(whole.serialize()) == whole);
    CHECK_THROWS_AS(whole.merge(gs({"sector"})), error);
    CHECK_THROWS_AS(whole.update({"A"}, usd_amount(1)), error);
}

TEST_CASE("the sums of a temporary are its own map, safe to loop over in one statement") {
    using gs = group_sums<>;
    const auto made = [] {
        gs s({"country"});
        s.update({"COL"}, usd_amount(5));
        s.update({"PER"}, usd_amount(7));
        return s;
    };
    static_assert(!std::is_reference_v<decltype(made().result())>);
    static_assert(std::is_reference_v<decltype(std::declval<const gs&>().result())>);
    std::int64_t total = 0;
    std::size_t groups = 0;
    for (const auto& [key, amount] : made().result()) {
        total += amount.value();
        groups += key.size();
    }
    CHECK(total == 12);
    CHECK(groups == 2);
}

TEST_CASE("grouping keys parse by name and unknown keys are rejected") {
    CHECK(parse_group_key("organization") == group_key::organisation);
    CHECK(parse_group_key("year") == group_key::year);
    CHECK_THROWS_AS(parse_group_key("donor"), error);
}

TEST_CASE("grouped funding as of a date leaves out the flows select_as_of leaves out") {
    flow_set<> s;
    auto early = with("1", 100, {loc("Xland"), cl("Health")});
    early.flow_date = date(2024, 3, 1);
    auto on_the_day = with("2", 20, {loc("Xland"), cl("Health")});
    on_the_day.flow_date = date(2024, 4, 1);
    auto late = with("3", 5000, {loc("Xland"), cl("Health")});
    late.flow_date = date(2024, 4, 2);
    auto late_pledge = with("4", 9, {loc("Yland"), cl("Food")});
    late_pledge.status = flow_status::pledge;
    late_pledge.flow_date = date(2024, 5, 1);
    const auto undated = with("5", 3, {loc("Yland"), cl("Food")});
    for (const auto& f : {early, on_the_day, late, late_pledge, undated})
        s.update(f);
    const std::vector<group_key> keys{group_key::country, group_key::sector};
    const auto as_of = group_funding(s, keys, date(2024, 4, 1));
    // The day itself counts, the day after does not, an undated flow is kept, a pledge dated
    // after the day is left out like any flow.
    CHECK(as_of.funding.at({"Xland", "Health"}) == usd_amount(120));
    CHECK(as_of.funding.at({"Yland", "Food"}) == usd_amount(3));
    CHECK(as_of.pledges.result().empty());
    // One rule: the same sums as grouping the selection of select_as_of.
    const auto selected = group_funding(select_as_of(s, date(2024, 4, 1)).flows, keys);
    CHECK(as_of.funding == selected.funding);
    CHECK(as_of.pledges == selected.pledges);
    // Without a date every flow counts.
    const auto all = group_funding(s, keys);
    CHECK(all.funding.at({"Xland", "Health"}) == usd_amount(5120));
    CHECK(all.pledges.at({"Yland", "Food"}) == usd_amount(9));
}

} // namespace test_funding_grouping
