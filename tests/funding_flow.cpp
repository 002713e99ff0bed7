#include <doctest/doctest.h>
#include <tally/funding/flow.hpp>
#include <tally/funding/flow_set.hpp>

namespace test_funding_flow {

using namespace tally;
using namespace tally::funding;

TEST_CASE("FTS spellings of statuses, types, boundaries and objects parse and print back") {
    for (auto s : {flow_status::paid, flow_status::commitment, flow_status::pledge})
        CHECK(parse_flow_status(name_of(s)) == s);
    for (auto t :
         {flow_type::standard, flow_type::parked, flow_type::pass_through, flow_type::carryover})
        CHECK(parse_flow_type(name_of(t)) == t);
    for (auto b : {flow_boundary::incoming, flow_boundary::internal, flow_boundary::outgoing})
        CHECK(parse_flow_boundary(name_of(b)) == b);
    for (auto b : {object_behavior::single, object_behavior::shared, object_behavior::overlap})
        CHECK(parse_object_behavior(name_of(b)) == b);
    CHECK(parse_flow_type("Pass through") == flow_type::pass_through);
    CHECK(parse_object_type("GlobalCluster") == object_type::global_cluster);
    CHECK(parse_object_type("UsageYear") == object_type::usage_year);
    CHECK_FALSE(parse_flow_status("Paid"));
    CHECK_FALSE(parse_object_type("Governing entity"));
}

TEST_CASE("only incoming, single, non-pledged flows count as funding") {
    flow<> f;
    f.amount = usd_amount(10);
    CHECK(f.counts_as_funding());
    f.status = flow_status::commitment;
    CHECK(f.counts_as_funding());
    f.status = flow_status::pledge;
    CHECK_FALSE(f.counts_as_funding());
    CHECK(f.counts_as_pledge());
    f.status = flow_status::paid;
    f.on_boundary = boundary_share::shared;
    CHECK_FALSE(f.counts_as_funding());
    CHECK_FALSE(f.counts_as_pledge());
    f.on_boundary = boundary_share::single;
    f.boundary = flow_boundary::internal;
    CHECK_FALSE(f.counts_as_funding());
    f.boundary = flow_boundary::outgoing;
    CHECK_FALSE(f.counts_as_funding());
}

TEST_CASE("destinations_of returns the destination objects of one type in input order") {
    flow<> f;
    f.destinations = {{object_type::cluster, "1", "Health", object_behavior::shared},
                      {object_type::location, "9", "Xland", object_behavior::single},
                      {object_type::cluster, "2", "WASH", object_behavior::shared}};
    auto c = f.destinations_of(object_type::cluster);
    REQUIRE(c.size() == 2);
    CHECK(c[0]->name == "Health");
    CHECK(c[1]->name == "WASH");
    CHECK(f.destinations_of(object_type::plan).empty());
}

TEST_CASE("flows are parameterised on the amount type and keep their currency") {
    flow<money<eur>> f;
    f.id = "e1";
    f.amount = money<eur>(70);
    flow_set<money<eur>> s;
    s.update(f);
    static_assert(std::is_same_v<decltype(s.result().funding), money<eur>>);
    CHECK(s.result().funding == money<eur>(70));
}

} // namespace test_funding_flow
