#include <doctest/doctest.h>
#include <tally/dedup/plan.hpp>
#include <tally/dedup/query.hpp>
#include <tally/dedup/reach.hpp>

namespace test_dedup_query {

using namespace tally;
using namespace tally::dedup;

namespace {
// R4V's groups: 0 in destination, 1 in transit (per country only), 2 host community, ...
const population_groups groups = population_groups::r4v();
constexpr std::uint64_t in_destination = 0, in_transit = 1;

// Three countries of the R4V geography by their table ids: 0 ECU, 1 PER, 2 COL.
std::vector<code_id> platforms_of(const geography& geo) {
    std::vector<code_id> p;
    for (const char* c : {"ECU", "PER", "COL"})
        p.push_back(geo.country(*geo.find_country(c)).platform);
    return p;
}

query_frame frame(std::vector<reach_key> by, in_transit_rule rule, bool months = true) {
    static const geography geo = geography::r4v();
    key_space s;
    s.countries = 3;
    s.admin1s = 1;
    s.months = 2;
    s.sectors = 2;
    s.groups = groups.size();
    return query_frame(std::move(by), rule, s, geo, platforms_of(geo), groups, months);
}

// ECU: 100 in destination, 30 in transit; PER: 50 in destination, 20 in transit; COL: 5 in
// transit only. All one sector and month, so the rows differ only by country.
template <std::size_t N = 1>
std::vector<std::pair<std::uint64_t, row_measures<N>>> sums(const query_frame& f) {
    country_sums<N> s(f, 3);
    auto add = [&](std::uint64_t c, std::uint64_t g, std::int64_t v) {
        const detail::cell_ids id{c, 0, 0, 0, g};
        typename country_sums<N>::values vs;
        vs.fill(bounded{v, v});
        s.add(f.key(id, f.transit().per_country(g)), c, g, vs);
    };
    add(0, in_destination, 100);
    add(0, in_transit, 30);
    add(1, in_destination, 50);
    add(1, in_transit, 20);
    add(2, in_transit, 5);
    return s.rows();
}
} // namespace

TEST_CASE("the frame refuses a repeated key, and a month key where months are not kept") {
    CHECK_THROWS_AS(frame({reach_key::country, reach_key::country}, in_transit_rule::exclude),
                    error);
    CHECK_THROWS_AS(frame({reach_key::month}, in_transit_rule::exclude, false), error);
    CHECK_NOTHROW(frame({reach_key::month}, in_transit_rule::exclude, true));
}

TEST_CASE("rows add countries only when neither country nor admin1 is a key") {
    CHECK(frame({reach_key::region}, in_transit_rule::exclude).cross_country());
    CHECK(
        frame({reach_key::platform, reach_key::sector}, in_transit_rule::exclude).cross_country());
    CHECK_FALSE(frame({reach_key::country}, in_transit_rule::exclude).cross_country());
    CHECK_FALSE(frame({reach_key::admin1}, in_transit_rule::exclude).cross_country());
    CHECK(frame({reach_key::sector}, in_transit_rule::exclude).sector_scope());
    CHECK_FALSE(frame({reach_key::platform}, in_transit_rule::exclude).sector_scope());
}

TEST_CASE("the in-transit policy names the per-country groups and what each rule does") {
    const in_transit_policy exclude(in_transit_rule::exclude, true, groups);
    CHECK(exclude.label() == "people in transit");
    CHECK(exclude.per_country(in_transit));
    CHECK_FALSE(exclude.per_country(in_destination));
    CHECK_FALSE(exclude.per_country(groups.size())); // reach's "unspecified" adds
    CHECK(exclude.leaves_out(in_transit));
    CHECK_FALSE(in_transit_policy(in_transit_rule::exclude, false, groups).leaves_out(in_transit));
    CHECK_FALSE(in_transit_policy(in_transit_rule::include, true, groups).leaves_out(in_transit));
    CHECK(in_transit_policy(in_transit_rule::separate, true, groups).separate());
    CHECK_FALSE(in_transit_policy(in_transit_rule::separate, false, groups).separate());
    // The policy and a query's result (in_parts, its key columns) say it by the one rule.
    struct result_like {
        bool cross_country;
        in_transit_rule in_transit;
    };
    for (const auto rule :
         {in_transit_rule::exclude, in_transit_rule::include, in_transit_rule::separate})
        for (const bool cross : {false, true}) {
            const bool parts = rows_in_parts(rule, cross);
            CHECK(parts == (cross && rule == in_transit_rule::separate));
            CHECK(in_transit_policy(rule, cross, groups).separate() == parts);
            CHECK(in_parts(result_like{cross, rule}) == parts);
        }
}

TEST_CASE("a figure carries what it did with people in transit as data and in words") {
    auto described = [](in_transit_rule rule, bool cross, transit_part part, bool people) {
        provenance p;
        in_transit_policy(rule, cross, groups).describe(p, part, people);
        return p;
    };
    const auto left_out = described(in_transit_rule::exclude, true, transit_part::all, false);
    CHECK(left_out.in_transit() == in_transit_treatment::left_out);
    CHECK(left_out.leaves_out_in_transit());
    CHECK(left_out.exclusions() == std::vector<std::string>{"people in transit"});
    const auto apart = described(in_transit_rule::separate, true, transit_part::per_country, true);
    CHECK(apart.in_transit() == in_transit_treatment::apart);
    CHECK_FALSE(apart.leaves_out_in_transit());
    CHECK(apart.notes().size() == 1);
    const auto rest = described(in_transit_rule::separate, true, transit_part::additive, false);
    CHECK(rest.in_transit() == in_transit_treatment::left_out_shown_apart);
    CHECK(rest.leaves_out_in_transit());
    const auto included = described(in_transit_rule::include, true, transit_part::all, true);
    CHECK(included.in_transit() == in_transit_treatment::included);
    CHECK(included.notes().at(0).find("counted once per country") != std::string::npos);
    CHECK(described(in_transit_rule::include, true, transit_part::all, false).notes().empty());
    // A country row adds no countries: nothing to say.
    const auto country = described(in_transit_rule::exclude, false, transit_part::all, true);
    CHECK(country.in_transit() == in_transit_treatment::not_applicable);
    CHECK(country.exclusions().empty());
}

TEST_CASE("a group labelled otherwise is named by its own label") {
    population_groups g;
    g.add("settled", "Settled", cross_country_rule::additive);
    g.add("crossing", "Crossing the border", cross_country_rule::per_country_only);
    provenance p;
    in_transit_policy(in_transit_rule::exclude, true, g).describe(p, transit_part::all, false);
    CHECK(p.exclusions() == std::vector<std::string>{"people crossing the border"});
    CHECK(p.leaves_out_in_transit());
}

TEST_CASE("countries are added under each rule: exclude, include, separate") {
    // One region row: 100 + 50 add; in transit 30 + 20 + 5 = 55 counted once per country.
    const auto ex = sums(frame({reach_key::region}, in_transit_rule::exclude));
    REQUIRE(ex.size() == 1);
    CHECK(ex[0].second.figure[0] == bounded{150, 150});
    CHECK(ex[0].second.additive[0] == bounded{150, 150});
    CHECK(ex[0].second.per_country[0] == bounded{});
    const auto in = sums(frame({reach_key::region}, in_transit_rule::include));
    REQUIRE(in.size() == 1);
    CHECK(in[0].second.figure[0] == bounded{205, 205});
    CHECK(in[0].second.per_country[0] == bounded{55, 55});
    const auto f = frame({reach_key::region}, in_transit_rule::separate);
    const auto sep = sums(f);
    REQUIRE(sep.size() == 2);
    for (const auto& [k, m] : sep)
        CHECK(m.figure[0].value == (f.part(k) == transit_part::per_country ? 55 : 150));
}

TEST_CASE("under exclude a row of people in transit only does not exist") {
    // By platform: ECU (Ecuador), PER (Peru), COL (Colombia) are three platforms; Colombia
    // reported people in transit only.
    const auto f = frame({reach_key::platform}, in_transit_rule::exclude);
    const auto rows = sums(f);
    CHECK(rows.size() == 2);
    const auto in = sums(frame({reach_key::platform}, in_transit_rule::include));
    CHECK(in.size() == 3);
}

TEST_CASE("rows within one country keep people in transit and add all measures alike") {
    const auto rows = sums<2>(frame({reach_key::country}, in_transit_rule::exclude));
    REQUIRE(rows.size() == 3);
    std::int64_t total = 0;
    for (const auto& [k, m] : rows) {
        CHECK(m.figure[0] == m.figure[1]);
        CHECK(m.figure[0].value == m.additive[0].value + m.per_country[0].value);
        total += m.figure[0].value;
    }
    CHECK(total == 205);
}

TEST_CASE("reach and plan say the same of people in transit for the same rule") {
    activity_table acts;
    auto line = [&](const char* country, const char* group, std::int64_t people) {
        activity_line l;
        l.country = acts.countries.intern(country);
        l.when = month::parse("2023-01");
        l.appealing_org = l.implementing_org = acts.orgs.intern("IOM");
        l.sector = acts.sectors.intern("Health");
        l.indicator = acts.indicators.intern("H1");
        l.type = indicator_type::direct_assistance;
        l.new_beneficiaries = people;
        const group_value g{acts.groups().id_of(group), people};
        acts.append(l, std::span<const group_value>(&g, 1));
    };
    line("ECU", "in_destination", 100);
    line("ECU", "in_transit", 30);
    plan_table plan;
    for (const char* group : {"in_destination", "in_transit"}) {
        plan_line l;
        l.country = plan.countries.intern("ECU");
        l.sector = plan.sectors.intern("Health");
        l.group = plan.groups().id_of(group);
        l.pin = 200;
        l.target = 100;
        plan.append(l);
    }
    const reach_pipeline p(acts);
    for (auto rule :
         {in_transit_rule::exclude, in_transit_rule::include, in_transit_rule::separate}) {
        CAPTURE(to_string(rule));
        const auto r = p.query({reach_key::region}, rule);
        plan_query q;
        q.by = {reach_key::region};
        q.in_transit = rule;
        const auto pl = aggregate_plan(plan, q);
        REQUIRE(r.rows.size() == pl.rows.size());
        for (std::size_t i = 0; i < r.rows.size(); ++i) {
            const auto& a = r.rows[i].reached.how();
            const auto& b = pl.rows[i].pin.how();
            CHECK(a.in_transit() == b.in_transit());
            CHECK(a.exclusions() == b.exclusions());
            for (const auto& n : b.notes())
                CHECK(std::find(a.notes().begin(), a.notes().end(), n) != a.notes().end());
        }
        CHECK(in_parts(r) == (rule == in_transit_rule::separate));
        CHECK(in_parts(pl) == in_parts(r));
    }
}

TEST_CASE("an empty table answers every grouping with no rows") {
    const activity_table empty;
    const reach_pipeline p(empty);
    CHECK(p.query({reach_key::month}).rows.empty());
    CHECK(p.query({reach_key::region}, in_transit_rule::separate).rows.empty());
    CHECK(aggregate_plan(plan_table(), plan_query{}).rows.empty());
}

} // namespace test_dedup_query
