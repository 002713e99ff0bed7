#include <doctest/doctest.h>
#include <tally/funding/flow_set.hpp>

namespace test_funding_flow_set {

using namespace tally;
using namespace tally::funding;

namespace {
flow<> make(std::string id, std::int64_t version, std::int64_t amount,
            flow_boundary b = flow_boundary::incoming, flow_status s = flow_status::paid,
            boundary_share on = boundary_share::single) {
    flow<> f;
    f.id = std::move(id);
    f.version = version;
    f.amount = usd_amount(amount);
    f.boundary = b;
    f.status = s;
    f.on_boundary = on;
    return f;
}
std::vector<flow<>> sample() {
    auto parked = make("6", 2, 300, flow_boundary::incoming, flow_status::commitment);
    parked.type = flow_type::parked;
    parked.child_ids = {7};
    auto child = make("7", 1, 4'000'000'000);
    child.parent_id = 6;
    child.flow_date = date(2020, 8, 1);
    child.destinations = {{object_type::location, "900", "Xland", object_behavior::single}};
    return {make("1", 1, 1000),
            make("2", 1, 2000),
            make("2", 2, 2500),
            make("3", 1, 500, flow_boundary::incoming, flow_status::pledge),
            make("4", 1, 700, flow_boundary::internal),
            make("5", 1, 900, flow_boundary::incoming, flow_status::paid, boundary_share::shared),
            make("8", 1, 40, flow_boundary::outgoing),
            parked,
            make("6", 1, 1300, flow_boundary::incoming, flow_status::commitment),
            child};
}
} // namespace

TEST_CASE("boundary totals follow the FTS rules") {
    flow_set<> s;
    for (auto& f : sample())
        s.update(f);
    const auto t = s.result();
    // By hand: 1000 + 2500 (version 2 of id 2) + 300 (parked residual, version 2) + 4e9.
    CHECK(t.funding == usd_amount(4'000'003'800));
    CHECK(t.funding_flows == 4);
    CHECK(t.pledges == usd_amount(500));
    CHECK(t.shared == usd_amount(900));
    CHECK(t.shared_flows == 1);
    CHECK(t.internal == usd_amount(700));
    CHECK(t.outgoing == usd_amount(40));
}

TEST_CASE("merging queries keeps the highest versionId of each id and counts the duplicates") {
    flow_set<> s;
    for (auto& f : sample())
        s.update(f);
    CHECK(s.size() == 8);
    CHECK(s.duplicates_dropped() == 2);
    CHECK(s.flows().at("2").amount == usd_amount(2500));
    CHECK(s.flows().at("6").amount == usd_amount(300));
    CHECK(s.flows().at("6").child_ids == std::vector<std::int64_t>{7});
}

TEST_CASE("flow_set merge: order and grouping do not matter, empty is the identity") {
    auto all = sample();
    flow_set<> whole;
    for (auto& f : all)
        whole.update(f);
    // Split in three parts, merged in several orders and groupings.
    flow_set<> a, b, c;
    for (std::size_t i = 0; i < all.size(); ++i)
        (i % 3 == 0 ? a : i % 3 == 1 ? b : c).update(all[i]);
    flow_set<> ab_c = a;
    ab_c.merge(b);
    ab_c.merge(c);
    flow_set<> c_ba = c;
    flow_set<> ba = b;
    ba.merge(a);
    c_ba.merge(ba);
    CHECK(ab_c == whole);
    CHECK(c_ba == whole);
    CHECK(ab_c.duplicates_dropped() == 2);
    flow_set<> e;
    CHECK(e.empty());
    flow_set<> we = whole;
    we.merge(e);
    CHECK(we == whole);
    e.merge(whole);
    CHECK(e == whole);
    // Reversed update order gives the same set.
    flow_set<> rev;
    for (auto it = all.rbegin(); it != all.rend(); ++it)
        rev.update(*it);
    CHECK(rev == whole);
}

TEST_CASE("two records with the same id and version resolve the same way in any order") {
    auto x = make("9", 3, 10);
    auto y = make("9", 3, 20);
    flow_set<> s1, s2;
    s1.update(x);
    s1.update(y);
    s2.update(y);
    s2.update(x);
    CHECK(s1 == s2);
}

TEST_CASE("flow_set serialize round-trips and bad bytes throw errc::parse") {
    flow_set<> s;
    for (auto& f : sample())
        s.update(f);
    const auto back = flow_set<>::deserialize(s.serialize());
    CHECK(back == s);
    CHECK(back.duplicates_dropped() == 2);
    CHECK(back.flows().at("7").flow_date == date(2020, 8, 1));
    CHECK(flow_set<>::deserialize(flow_set<>{}.serialize()).empty());
    try {
        (void)flow_set<>::deserialize("{not json");
        FAIL("no throw");
    } catch (const error& e) {
        CHECK(e.code() == errc::parse);
    }
}

TEST_CASE("select_as_of keeps flows dated on or before the day and undated ones, counting the "
          "funding flows it leaves out") {
    auto on_day = make("1", 1, 1000);
    on_day.flow_date = date(2020, 5, 1);
    auto after = make("2", 1, 2000);
    after.flow_date = date(2020, 5, 2);
    auto pledge_after = make("3", 1, 500, flow_boundary::incoming, flow_status::pledge);
    pledge_after.flow_date = date(2020, 6, 1);
    auto internal_after = make("4", 1, 700, flow_boundary::internal);
    internal_after.flow_date = date(2020, 6, 1);
    auto undated = make("5", 1, 300);
    auto undated_pledge = make("6", 1, 20, flow_boundary::incoming, flow_status::pledge);
    flow_set<> set;
    for (const auto& f : {on_day, after, pledge_after, internal_after, undated, undated_pledge})
        set.update(f);
    const auto s = select_as_of(set, date(2020, 5, 1));
    // Kept: the flow of the day itself and the two undated ones; every later flow is left out,
    // but only the later funding flow (id 2) is counted: pledges and internal flows are no
    // funding a figure would have included.
    CHECK(s.flows.size() == 3);
    CHECK(s.flows.flows().contains("1"));
    CHECK(s.flows.flows().contains("5"));
    CHECK(s.flows.flows().contains("6"));
    CHECK(s.left_out == 1);
    CHECK(s.undated == 1);
    CHECK(s.flows.result().funding == usd_amount(1300));
    CHECK(s.flows.result().pledges == usd_amount(20));
}

TEST_CASE("select_sector keeps the flows whose named sectors all lie in the scope") {
    auto cluster = [](const char* name) {
        return flow_object{object_type::cluster, "", name, object_behavior::single};
    };
    auto health = make("1", 1, 1000);
    health.destinations = {cluster("Health")};
    auto salud = make("2", 1, 200);
    salud.destinations = {cluster("Salud")};
    // A GlobalCluster counts only when the flow names no plan Cluster.
    auto global = make("3", 1, 30);
    global.destinations = {{object_type::global_cluster, "", "Health", object_behavior::single}};
    auto wash = make("4", 1, 4000);
    wash.destinations = {cluster("WASH")};
    auto both = make("5", 1, 500);
    both.destinations = {cluster("Health"), cluster("WASH")};
    auto none = make("6", 1, 60);
    auto both_pledge = make("7", 1, 7, flow_boundary::incoming, flow_status::pledge);
    both_pledge.destinations = {cluster("Health"), cluster("Education")};
    flow_set<> set;
    for (const auto& f : {health, salud, global, wash, both, none, both_pledge})
        set.update(f);
    const auto s = select_sector(set, sector_scope::of("HEA"));
    CHECK(s.flows.size() == 3);
    CHECK(s.flows.result().funding == usd_amount(1230));
    // Left out but perhaps partly the sector's: the Health and WASH flow and the flow naming no
    // sector (the pledge is no funding), never the WASH flow.
    CHECK(s.unsure == 2);
    CHECK(s.unsure_amount == usd_amount(560));
    CHECK(select_sector(set, sector_scope()).flows.size() == set.size());
}

} // namespace test_funding_flow_set
