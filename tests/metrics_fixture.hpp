#pragma once
// A small joined input computed by hand in the metrics tests (the numbers are in their comments).
//
// activities (new beneficiaries)              plan (in destination)   requirements
//   COL Health   2023-01 200 in destination     COL Health  PiN 1000 target 400   COL Health 2000
//   COL Health   2023-02 100 in transit         COL Food    PiN 2000 target 600   COL Food   6000
//   COL Health   2023-02 capacity building 40   PER Health  PiN  500 target 100   PER Health 1000
//   COL Food     2023-03 300 in destination                                        ECU Educ.   500
//   PER Health   2023-01  50 in destination
//   ECU Education 2023-02 awareness 80
// funding: COL Health 1000; "Colombia" Food Security 3000; "Perú" Health 500; regional Health
// 700; COL+PER Health 200; COL no sector 300; "Jordan" Health 50; COL Health+Food Security 400.

#include <tally/metrics/joined.hpp>

namespace metrics_fixture {
using namespace tally;

inline void add_line(activity_table& t, const char* country, const char* mon, const char* sector,
                     const char* org, const char* group, std::int64_t people,
                     indicator_type type = indicator_type::direct_assistance) {
    activity_line l;
    l.country = t.countries.intern(country);
    l.when = month::parse(mon);
    l.appealing_org = t.orgs.intern(org);
    l.implementing_org = l.appealing_org;
    l.sector = t.sectors.intern(sector);
    l.indicator = t.indicators.intern(std::string(sector) + "-01");
    l.type = type;
    l.new_beneficiaries = people;
    const group_value g{t.groups().id_of(group), people};
    t.append(l, std::span<const group_value>(&g, 1));
}

inline activity_table activities() {
    activity_table t;
    add_line(t, "COL", "2023-01", "Health", "UNHCR", "in_destination", 200);
    add_line(t, "COL", "2023-02", "Health", "IOM", "in_transit", 100);
    add_line(t, "COL", "2023-02", "Health", "IOM", "in_destination", 40,
             indicator_type::capacity_building);
    add_line(t, "COL", "2023-03", "Food Security", "WFP", "in_destination", 300);
    add_line(t, "PER", "2023-01", "Health", "PAHO", "in_destination", 50);
    add_line(t, "ECU", "2023-02", "Education", "UNICEF", "in_destination", 80,
             indicator_type::mechanism_advocacy);
    return t;
}

inline plan_table plan() {
    plan_table t;
    auto add = [&](const char* country, const char* sector, std::int64_t pin, std::int64_t target) {
        plan_line l;
        l.country = t.countries.intern(country);
        l.sector = t.sectors.intern(sector);
        l.group = t.groups().id_of("in_destination");
        l.pin = pin;
        l.target = target;
        t.append(l);
    };
    add("COL", "Health", 1000, 400);
    add("COL", "Food Security", 2000, 600);
    add("PER", "Health", 500, 100);
    return t;
}

inline std::vector<metrics::money_entry<>> funding() {
    using e = metrics::money_entry<>;
    auto m = [](std::vector<std::string> c, std::vector<std::string> s, std::int64_t a) {
        e x;
        x.countries = std::move(c);
        x.sectors = std::move(s);
        x.amount = usd_amount(a);
        return x;
    };
    return {m({"COL"}, {"Health"}, 1000),       m({"Colombia"}, {"Food Security"}, 3000),
            m({"Perú"}, {"Health"}, 500),       m({}, {"Health"}, 700),
            m({"COL", "PER"}, {"Health"}, 200), m({"COL"}, {}, 300),
            m({"Jordan"}, {"Health"}, 50),      m({"COL"}, {"Health", "Food Security"}, 400)};
}

inline funding::group_sums<usd_amount> requirements() {
    funding::group_sums<usd_amount> r({"country", "sector"});
    r.update({"COL", "Health"}, usd_amount(2000));
    r.update({"COL", "Food Security"}, usd_amount(6000));
    r.update({"PER", "Health"}, usd_amount(1000));
    r.update({"ECU", "Education"}, usd_amount(500));
    return r;
}

// The four inputs; the tables live in the struct so the pointers stay valid.
struct inputs {
    activity_table acts = activities();
    plan_table pl = plan();
    funding::group_sums<usd_amount> req = requirements();
    metrics::join_inputs<> in;
    inputs() {
        in.activities = acts;
        in.plan = pl;
        in.funding = funding();
        in.requirements = req;
    }
};

} // namespace metrics_fixture
