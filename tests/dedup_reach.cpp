#include <doctest/doctest.h>
#include <tally/dedup/reach.hpp>

namespace test_dedup_reach {

using namespace tally;
using namespace tally::dedup;

namespace {
// Builds activity tables line by line from strings, as a reader would.
struct builder {
    activity_table t;

    struct row {
        const char* country;
        const char* admin1; // "" = country level
        const char* month;
        const char* sector;
        const char* indicator;
        const char* org;
        std::vector<std::pair<const char*, std::int64_t>> groups;
        indicator_type type = indicator_type::direct_assistance;
        const char* implementing = nullptr;
        std::int64_t total_monthly = -1;
    };

    builder& add(const row& r) {
        activity_line l;
        l.country = t.countries.intern(r.country);
        l.admin1 = *r.admin1 ? t.admin1s.intern(r.admin1) : no_code;
        l.when = month::parse(r.month);
        l.appealing_org = t.orgs.intern(r.org);
        l.implementing_org = t.orgs.intern(r.implementing ? r.implementing : r.org);
        l.sector = t.sectors.intern(r.sector);
        l.indicator = t.indicators.intern(r.indicator);
        l.type = r.type;
        l.total_monthly = r.total_monthly;
        std::vector<group_value> bd;
        for (auto [g, v] : r.groups) {
            bd.push_back({t.groups().id_of(g), v});
            l.new_beneficiaries += v;
        }
        t.append(l, bd);
        return *this;
    }
};

// The Ecuador worked example (docs/rules.md#de-duplication-level-by-level): Azuay, January 2023.
// The sectors sum to 2,356; max per population group: destination max(1239, 592, 225, 150, 24) =
// 1239, host community max(76, 50) = 76, so the intersector figure is 1,315.
builder azuay() {
    builder b;
    b.add({"ECU",
           "Azuay",
           "2023-01",
           "Protection (General)",
           "PRO-01",
           "UNHCR",
           {{"in_destination", 1000}}})
        .add({"ECU",
              "Azuay",
              "2023-01",
              "Protection (General)",
              "PRO-01",
              "HIAS",
              {{"in_destination", 239}}})
        .add({"ECU",
              "Azuay",
              "2023-01",
              "Food Security",
              "FSC-01",
              "WFP",
              {{"in_destination", 592}, {"host_community", 76}}})
        .add(
            {"ECU", "Azuay", "2023-01", "Education", "EDU-01", "UNICEF", {{"in_destination", 225}}})
        .add({"ECU",
              "Azuay",
              "2023-01",
              "Health",
              "HEA-01",
              "PAHO",
              {{"in_destination", 150}, {"host_community", 50}}})
        .add({"ECU", "Azuay", "2023-01", "WASH", "WSH-01", "UNICEF", {{"in_destination", 24}}});
    return b;
}

const reach_row* find(const reach_result& r, std::vector<std::string> keys,
                      transit_part part = transit_part::all) {
    for (const auto& row : r.rows)
        if (row.keys == keys && row.part == part)
            return &row;
    return nullptr;
}
std::int64_t value(const reach_row* r) {
    REQUIRE(r);
    return r->reached.value().value();
}
std::int64_t upper(const reach_row* r) {
    REQUIRE(r);
    return r->reached.upper().value();
}
} // namespace

TEST_CASE("the Ecuador example gives 1,315 under max-group and max-cell, 2,356 summed") {
    auto b = azuay();
    for (auto model : {intersector_model::max_group, intersector_model::max_cell}) {
        reach_options o;
        o.intersector = model;
        reach_pipeline p(b.t, o);
        auto r = p.query({reach_key::country, reach_key::admin1, reach_key::month});
        REQUIRE(r.rows.size() == 1);
        CHECK(value(&r.rows[0]) == 1315);
        CHECK(upper(&r.rows[0]) == 2356);
        CHECK(r.rows[0].intersector);
        CHECK(r.rows[0].reached.how().steps()[2].find("across sectors") != std::string::npos);
    }
    reach_pipeline p(b.t);
    auto by_group = p.query({reach_key::country, reach_key::population_group});
    CHECK(value(find(by_group, {"ECU", "in_destination"})) == 1239);
    CHECK(value(find(by_group, {"ECU", "host_community"})) == 76);
    auto by_sector = p.query({reach_key::country, reach_key::sector});
    CHECK(value(find(by_sector, {"ECU", "Protection (General)"})) == 1239);
    CHECK(value(find(by_sector, {"ECU", "Food Security"})) == 668);
    CHECK_FALSE(find(by_sector, {"ECU", "Food Security"})->intersector);
    std::int64_t sum = 0;
    for (const auto& row : by_sector.rows)
        sum += value(&row);
    CHECK(sum == 2356);
}

TEST_CASE("each intersector model gives its hand-computed figure on the Ecuador example") {
    auto b = azuay();
    auto run = [&](intersector_model m) {
        reach_options o;
        o.intersector = m;
        reach_pipeline p(b.t, o);
        auto r = p.query({reach_key::country});
        REQUIRE(r.rows.size() == 1);
        return std::pair{value(&r.rows[0]), upper(&r.rows[0])};
    };
    CHECK(run(intersector_model::sum) == std::pair<std::int64_t, std::int64_t>{2356, 2356});
    CHECK(run(intersector_model::max_group) == std::pair<std::int64_t, std::int64_t>{1315, 2356});
    // Protection (General) has the highest total (1,239).
    CHECK(run(intersector_model::max_sector) == std::pair<std::int64_t, std::int64_t>{1239, 2356});
    // destination max{592, 24} + 1239 + (225 + 150) = 2206; host 76 + 50 = 126.
    CHECK(run(intersector_model::southern_cone) ==
          std::pair<std::int64_t, std::int64_t>{2332, 2356});
}

TEST_CASE("max-cell takes the maximum per age/gender cell when lines carry cells") {
    activity_table t;
    auto line = [&](const char* sector, std::int64_t girls, std::int64_t women) {
        activity_line l;
        l.country = t.countries.intern("PER");
        l.admin1 = t.admin1s.intern("Lima");
        l.when = month(2023, 3);
        l.appealing_org = l.implementing_org = t.orgs.intern("ORG");
        l.sector = t.sectors.intern(sector);
        l.indicator = t.indicators.intern(std::string(sector) + "-1");
        l.new_beneficiaries = girls + women;
        l.has_cells = true;
        l.age_gender = cells::Zero();
        l.age_gender[static_cast<int>(cell::girls)] = girls;
        l.age_gender[static_cast<int>(cell::women)] = women;
        const group_value bd[] = {{t.groups().id_of("in_destination"), girls + women}};
        t.append(l, bd);
    };
    line("Health", 10, 5);
    line("Education", 4, 8);
    reach_options cell_model;
    cell_model.intersector = intersector_model::max_cell;
    // cells: girls max(10, 4) + women max(5, 8) = 18; per group: max(15, 12) = 15.
    CHECK(value(&reach_pipeline(t, cell_model).query({reach_key::country}).rows[0]) == 18);
    CHECK(value(&reach_pipeline(t).query({reach_key::country}).rows[0]) == 15);
}

TEST_CASE("the intersector model is chosen per country") {
    auto b = azuay();
    b.add({"ARG", "Buenos Aires", "2023-01", "Health", "HEA-01", "IOM", {{"in_destination", 40}}})
        .add({"ARG",
              "Buenos Aires",
              "2023-01",
              "Shelter",
              "SHE-01",
              "IOM",
              {{"in_destination", 30}}});
    reach_options o;
    o.model_by_country = {{"ARG", intersector_model::sum}};
    reach_pipeline p(b.t, o);
    auto r = p.query({reach_key::country});
    CHECK(value(find(r, {"ARG"})) == 70);
    CHECK(value(find(r, {"ECU"})) == 1315);
    auto region = p.query({reach_key::region});
    REQUIRE(region.rows.size() == 1);
    CHECK(value(&region.rows[0]) == 1385);
    CHECK(region.rows[0].reached.how().steps()[2].find("model chosen per country") !=
          std::string::npos);
}

TEST_CASE("within a sector, indicators add by default or take the max per admin1 and month") {
    builder b;
    b.add({"COL", "COL-01", "2023-01", "HEALTH", "HEALTH-01", "A", {{"in_destination", 10}}})
        .add({"COL", "COL-01", "2023-01", "HEALTH", "HEALTH-01", "B", {{"in_destination", 5}}})
        .add({"COL", "COL-01", "2023-01", "HEALTH", "HEALTH-02", "A", {{"in_destination", 12}}})
        .add({"COL", "COL-01", "2023-02", "HEALTH", "HEALTH-02", "A", {{"in_destination", 7}}});
    auto summed = reach_pipeline(b.t).query({reach_key::country, reach_key::sector});
    CHECK(value(&summed.rows[0]) == 34);
    reach_options o;
    o.within_sector = within_sector_rule::max_indicator;
    auto maxed = reach_pipeline(b.t, o).query({reach_key::country, reach_key::sector});
    // January: max(10 + 5, 12) = 15; February: 7.
    CHECK(value(&maxed.rows[0]) == 22);
    CHECK(upper(&maxed.rows[0]) == 34);
    CHECK(maxed.rows[0].reached.how().steps()[1].find("max over indicators") != std::string::npos);
}

TEST_CASE("the benchmark fixture gives the hand-computed Q1, Q2 and Q3") {
    // /work/shared/bench/fixtures/tiny_activities.csv rebuilt by hand.
    builder b;
    b.add({"COL", "COL-01", "2023-01", "HEALTH", "HEALTH-01", "A", {{"in_destination", 10}}})
        .add({"COL", "COL-01", "2023-01", "HEALTH", "HEALTH-01", "B", {{"in_destination", 5}}})
        .add({"COL", "COL-01", "2023-01", "HEALTH", "HEALTH-02", "A", {{"in_destination", 12}}})
        .add({"COL", "COL-01", "2023-01", "FOOD", "FOOD-01", "C", {{"in_destination", 20}}})
        .add({"COL", "COL-01", "2023-02", "HEALTH", "HEALTH-02", "A", {{"in_destination", 7}}})
        .add({"COL", "COL-02", "2023-01", "HEALTH", "HEALTH-01", "A", {{"in_destination", 3}}})
        .add({"COL", "COL-01", "2023-01", "HEALTH", "HEALTH-01", "A", {{"in_transit", 4}}})
        .add({"PER", "PER-01", "2023-03", "FOOD", "FOOD-02", "D", {{"host_community", 128}}})
        .add({"CHL", "CHL-01", "2023-05", "WASH", "WASH-01", "E", {{"pendular", 0}}});
    reach_options o;
    o.within_sector = within_sector_rule::max_indicator;
    o.partners = false;
    // The workload groups by sectors as written (its peers know no catalog), as tally_peer does.
    const sector_catalog as_written;
    o.catalog = &as_written;
    reach_pipeline p(b.t, o);
    auto q1 = p.query({reach_key::country, reach_key::sector, reach_key::population_group});
    REQUIRE(q1.rows.size() == 5);
    CHECK(q1.rows[0].keys == std::vector<std::string>{"CHL", "WASH", "pendular"});
    CHECK(value(&q1.rows[0]) == 0);
    CHECK(value(find(q1, {"COL", "FOOD", "in_destination"})) == 20);
    CHECK(value(find(q1, {"COL", "HEALTH", "in_destination"})) == 25); // 15 + 7 + 3
    CHECK(value(find(q1, {"COL", "HEALTH", "in_transit"})) == 4);
    CHECK(value(find(q1, {"PER", "FOOD", "host_community"})) == 128);
    auto q2 = p.query({reach_key::country, reach_key::population_group});
    REQUIRE(q2.rows.size() == 4);
    CHECK(value(find(q2, {"COL", "in_destination"})) == 30); // max(15, 20) + 7 + 3
    CHECK(value(find(q2, {"COL", "in_transit"})) == 4);
    auto q3 = p.query({reach_key::sector});
    REQUIRE(q3.rows.size() == 3);
    CHECK(value(find(q3, {"FOOD"})) == 148);
    CHECK(value(find(q3, {"HEALTH"})) == 25);
    CHECK(value(find(q3, {"WASH"})) == 0);
    CHECK(q3.cross_country);
    CHECK(q3.rows[1].reached.how().exclusions() == std::vector<std::string>{"people in transit"});
}

TEST_CASE("platform and region rows leave people in transit out, include them, or separate them") {
    builder b;
    b.add({"ECU",
           "Azuay",
           "2023-01",
           "Health",
           "H1",
           "IOM",
           {{"in_destination", 100}, {"in_transit", 30}}})
        .add({"PER",
              "Lima",
              "2023-01",
              "Health",
              "H1",
              "IOM",
              {{"in_destination", 50}, {"in_transit", 20}}})
        .add({"ARG", "", "2023-01", "Health", "H1", "IOM", {{"in_transit", 5}}});
    reach_pipeline p(b.t);
    // Country rows include people in transit.
    auto countries = p.query({reach_key::country});
    CHECK(value(find(countries, {"ECU"})) == 130);
    CHECK(countries.rows[0].reached.how().exclusions().empty());
    CHECK(find(countries, {"ECU"})->per_country_only.value == 30);
    auto region = p.query({reach_key::region});
    REQUIRE(region.rows.size() == 1);
    CHECK(value(&region.rows[0]) == 150);
    CHECK(region.rows[0].reached.footnote().find("Does not include people in transit") !=
          std::string::npos);
    auto included = p.query({reach_key::region}, in_transit_rule::include);
    CHECK(value(&included.rows[0]) == 205);
    auto separate = p.query({reach_key::platform}, in_transit_rule::separate);
    CHECK(value(find(separate, {"Ecuador"}, transit_part::additive)) == 100);
    CHECK(value(find(separate, {"Ecuador"}, transit_part::per_country)) == 30);
    CHECK(value(find(separate, {"Southern Cone"}, transit_part::per_country)) == 5);
    // The Southern Cone reported only people in transit: its platform row reaches no one
    // outside transit, and still has its partner (partners are organisations, not people).
    CHECK(value(find(separate, {"Southern Cone"}, transit_part::additive)) == 0);
    CHECK(find(separate, {"Southern Cone"}, transit_part::additive)->appealing == partner_count(1));
    // Per-platform rows exclude in transit by default.
    auto platforms = p.query({reach_key::platform, reach_key::population_group});
    CHECK(find(platforms, {"Ecuador", "in_transit"}) == nullptr);
    CHECK(value(find(platforms, {"Peru", "in_destination"})) == 50);
}

TEST_CASE("country-level rows are added once beside admin1 rows") {
    builder b;
    b.add({"ECU", "Azuay", "2023-01", "Health", "H1", "A", {{"in_destination", 10}}})
        .add({"ECU", "", "2023-01", "Health", "H1", "A", {{"in_destination", 7}}})
        .add({"ECU", "", "2023-01", "Education", "E1", "A", {{"in_destination", 3}}})
        .add({"ECU", "Pichincha", "2023-01", "Education", "E1", "A", {{"in_destination", 4}}});
    reach_pipeline p(b.t);
    // Places: Azuay 10; country level max(7, 3) = 7; Pichincha 4.
    auto r = p.query({reach_key::country});
    CHECK(value(&r.rows[0]) == 21);
    auto by_admin = p.query({reach_key::admin1});
    CHECK(value(find(by_admin, {""})) == 7);
    CHECK(value(find(by_admin, {"Azuay"})) == 10);
}

TEST_CASE("months add new beneficiaries, never total monthly beneficiaries") {
    builder b;
    b.add({"PER",
           "Lima",
           "2023-01",
           "Health",
           "H1",
           "A",
           {{"in_destination", 10}},
           {},
           nullptr,
           100})
        .add({"PER",
              "Lima",
              "2023-02",
              "Health",
              "H1",
              "A",
              {{"in_destination", 5}},
              {},
              nullptr,
              100});
    reach_pipeline p(b.t);
    CHECK(value(&p.query({reach_key::country}).rows[0]) == 15);
    auto by_month = p.query({reach_key::country, reach_key::month});
    CHECK(value(find(by_month, {"PER", "2023-02"})) == 5);
}

TEST_CASE("lines of non-direct-assistance indicators never count as reached") {
    builder b;
    b.add({"COL", "COL-01", "2023-01", "Protection (General)", "P1", "A", {{"in_destination", 40}}})
        .add({"COL",
              "COL-01",
              "2023-01",
              "Protection (General)",
              "P2",
              "B",
              {{"in_destination", 900}},
              indicator_type::mechanism_advocacy})
        .add({"COL",
              "COL-01",
              "2023-01",
              "Health",
              "H9",
              "C",
              {{"in_destination", 700}},
              indicator_type::capacity_building});
    reach_pipeline p(b.t);
    CHECK(p.lines_counted() == 1);
    CHECK(p.lines_not_direct() == 2);
    auto r = p.query({reach_key::country, reach_key::sector});
    CHECK(value(find(r, {"COL", "Protection (General)"})) == 40);
    // The Health row exists (its partner is counted) but reaches no one countable.
    CHECK(value(find(r, {"COL", "Health"})) == 0);
    CHECK(find(r, {"COL", "Health"})->implementing == partner_count(1));
    CHECK(value(&p.query({reach_key::country}).rows[0]) == 40);
}

TEST_CASE("partners are distinct counts by role at every level") {
    builder b;
    b.add({"ECU", "Azuay", "2023-01", "Health", "H1", "UNHCR", {{"in_destination", 1}}, {}, "HIAS"})
        .add({"ECU",
              "Azuay",
              "2023-02",
              "Health",
              "H1",
              "UNHCR",
              {{"in_destination", 1}},
              {},
              "HIAS"})
        .add({"PER",
              "Lima",
              "2023-01",
              "Health",
              "H1",
              "UNHCR",
              {{"in_destination", 1}},
              {},
              "CARE"})
        .add({"PER", "Lima", "2023-01", "Food Security", "F1", "WFP", {{"in_destination", 1}}});
    reach_pipeline p(b.t);
    auto region = p.query({reach_key::region});
    // Appealing: UNHCR, WFP; implementing: HIAS, CARE, WFP.
    CHECK(region.rows[0].appealing == partner_count(2));
    CHECK(region.rows[0].implementing == partner_count(3));
    auto countries = p.query({reach_key::country});
    CHECK(find(countries, {"ECU"})->appealing == partner_count(1));
    CHECK(find(countries, {"PER"})->implementing == partner_count(2));
    CHECK(region.rows[0].reached.footnote().find("do not sum partner counts") != std::string::npos);
}

TEST_CASE("an organisation that served only people in transit is a partner of its platform and "
          "region") {
    // Colombia: UNHCR (in destination) and TRANSIT (in transit only, appealing and implementing);
    // Peru: IOM. People in transit stay out of the platform and regional people figures, but
    // TRANSIT worked in Colombia: it is a partner of the Colombia platform and of the region.
    builder b;
    b.add({"COL", "", "2023-01", "Health", "H1", "UNHCR", {{"in_destination", 100}}})
        .add({"COL", "", "2023-01", "Health", "H1", "TRANSIT", {{"in_transit", 50}}})
        .add({"PER", "", "2023-01", "Health", "H1", "IOM", {{"in_destination", 30}}});
    reach_pipeline p(b.t);
    const auto countries = p.query({reach_key::country});
    CHECK(find(countries, {"COL"})->appealing == partner_count(2));
    for (auto rule : {in_transit_rule::exclude, in_transit_rule::include}) {
        const auto platforms = p.query({reach_key::platform}, rule);
        CHECK(value(find(platforms, {"Colombia"})) ==
              (rule == in_transit_rule::exclude ? 100 : 150));
        CHECK(find(platforms, {"Colombia"})->appealing == partner_count(2));
        CHECK(find(platforms, {"Colombia"})->implementing == partner_count(2));
        const auto region = p.query({reach_key::region}, rule);
        CHECK(region.rows[0].appealing == partner_count(3));
        CHECK(region.rows[0].implementing == partner_count(3));
    }
    // separate: the platform's row (in transit excluded from its people) has all its partners;
    // the in-transit row counts the organisations that served people in transit.
    const auto sep = p.query({reach_key::platform}, in_transit_rule::separate);
    CHECK(value(find(sep, {"Colombia"}, transit_part::additive)) == 100);
    CHECK(find(sep, {"Colombia"}, transit_part::additive)->appealing == partner_count(2));
    CHECK(value(find(sep, {"Colombia"}, transit_part::per_country)) == 50);
    CHECK(find(sep, {"Colombia"}, transit_part::per_country)->appealing == partner_count(1));
    // A breakdown by group counts the organisations of each group; exclude has no in-transit row.
    const auto groups = p.query({reach_key::platform, reach_key::population_group});
    CHECK(find(groups, {"Colombia", "in_destination"})->appealing == partner_count(1));
    CHECK(find(groups, {"Colombia", "in_transit"}) == nullptr);
    const auto groups_in =
        p.query({reach_key::platform, reach_key::population_group}, in_transit_rule::include);
    CHECK(find(groups_in, {"Colombia", "in_transit"})->appealing == partner_count(1));
}

TEST_CASE("a platform whose only activities served people in transit still has its partners") {
    builder b;
    b.add({"PAN", "", "2023-02", "Health", "H1", "TRANSIT", {{"in_transit", 40}}})
        .add({"PER", "", "2023-02", "Health", "H1", "IOM", {{"in_destination", 30}}});
    reach_pipeline p(b.t);
    const auto r = p.query({reach_key::platform});
    const auto* cam = find(r, {"Central America and Mexico"});
    REQUIRE(cam);
    CHECK(value(cam) == 0);
    CHECK(cam->appealing == partner_count(1));
    CHECK(cam->reached.how().exclusions().size() == 1); // people in transit left out
}

TEST_CASE("a national platform has its country's partner counts under every in-transit rule and "
          "grouping") {
    // Seeded lines over the five national platforms' countries and two countries of the
    // Southern Cone, with groups, sectors, roles and indicator types varied.
    builder b;
    const char* countries[] = {"BRA", "CHL", "COL", "ECU", "PER", "ARG", "URY"};
    const char* groups[] = {"in_destination", "in_transit", "host_community", "pendular"};
    const char* sectors[] = {"Health", "Shelter", "Protection (GBV)"};
    std::uint64_t x = 12345;
    auto next = [&](std::uint64_t n) {
        x = x * 6364136223846793005ULL + 1442695040888963407ULL;
        return (x >> 33) % n;
    };
    std::vector<std::string> orgs;
    for (int i = 0; i < 12; ++i)
        orgs.push_back("ORG" + std::to_string(i));
    for (int i = 0; i < 300; ++i) {
        const auto type =
            next(5) == 0 ? indicator_type::capacity_building : indicator_type::direct_assistance;
        b.add({countries[next(7)],
               "",
               next(2) ? "2023-01" : "2023-02",
               sectors[next(3)],
               "IND",
               orgs[next(12)].c_str(),
               {{groups[next(4)], static_cast<std::int64_t>(next(50))}},
               type,
               orgs[next(12)].c_str()});
    }
    reach_pipeline p(b.t);
    for (auto rule :
         {in_transit_rule::exclude, in_transit_rule::include, in_transit_rule::separate}) {
        for (bool by_sector : {false, true}) {
            std::vector<reach_key> by_c{reach_key::country}, by_p{reach_key::platform};
            if (by_sector) {
                by_c.push_back(reach_key::sector);
                by_p.push_back(reach_key::sector);
            }
            const auto c = p.query(by_c, rule);
            const auto pl = p.query(by_p, rule);
            const std::pair<const char*, const char*> national[] = {{"BRA", "Brazil"},
                                                                    {"CHL", "Chile"},
                                                                    {"COL", "Colombia"},
                                                                    {"ECU", "Ecuador"},
                                                                    {"PER", "Peru"}};
            for (const auto& [iso, name] : national)
                for (const auto& row : c.rows) {
                    if (row.keys[0] != iso)
                        continue;
                    auto keys = row.keys;
                    keys[0] = name;
                    const auto part = rule == in_transit_rule::separate ? transit_part::additive
                                                                        : transit_part::all;
                    const auto* prow = find(pl, keys, part);
                    REQUIRE(prow);
                    CHECK(prow->appealing == row.appealing);
                    CHECK(prow->implementing == row.implementing);
                }
        }
    }
}

TEST_CASE("a country outside the geography goes to an unknown platform and is reported") {
    builder b;
    b.add({"XXX", "", "2023-01", "Health", "H1", "A", {{"in_destination", 9}}})
        .add({"PER", "", "2023-01", "Health", "H1", "A", {{"in_destination", 1}}});
    reach_pipeline p(b.t);
    auto r = p.query({reach_key::platform});
    CHECK(value(find(r, {"(unknown)"})) == 9);
    CHECK(value(find(r, {"Peru"})) == 1);
    REQUIRE(r.notices.size() == 1);
    CHECK(r.notices[0].find("'XXX' is not in the geography") != std::string::npos);
}

TEST_CASE("the pipeline of a merged table equals the pipeline of the whole input") {
    auto whole = azuay();
    builder h1, h2;
    h1.add({"ECU",
            "Azuay",
            "2023-01",
            "Protection (General)",
            "PRO-01",
            "UNHCR",
            {{"in_destination", 1000}}})
        .add({"ECU",
              "Azuay",
              "2023-01",
              "Food Security",
              "FSC-01",
              "WFP",
              {{"in_destination", 592}, {"host_community", 76}}})
        .add({"ECU",
              "Azuay",
              "2023-01",
              "Health",
              "HEA-01",
              "PAHO",
              {{"in_destination", 150}, {"host_community", 50}}});
    h2.add({"ECU", "Azuay", "2023-01", "WASH", "WSH-01", "UNICEF", {{"in_destination", 24}}})
        .add(
            {"ECU", "Azuay", "2023-01", "Education", "EDU-01", "UNICEF", {{"in_destination", 225}}})
        .add({"ECU",
              "Azuay",
              "2023-01",
              "Protection (General)",
              "PRO-01",
              "HIAS",
              {{"in_destination", 239}}});
    h2.t.merge(h1.t);
    auto a = reach_pipeline(whole.t).query({reach_key::country, reach_key::population_group});
    auto m = reach_pipeline(h2.t).query({reach_key::country, reach_key::population_group});
    REQUIRE(a.rows.size() == m.rows.size());
    for (std::size_t i = 0; i < a.rows.size(); ++i) {
        CHECK(a.rows[i].keys == m.rows[i].keys);
        CHECK(value(&a.rows[i]) == value(&m.rows[i]));
        CHECK(upper(&a.rows[i]) == upper(&m.rows[i]));
        CHECK(a.rows[i].appealing == m.rows[i].appealing);
    }
}

TEST_CASE("a repeated key is refused") {
    auto b = azuay();
    reach_pipeline p(b.t);
    CHECK_THROWS_AS(p.query({reach_key::country, reach_key::country}), tally::error);
    CHECK(parse_reach_keys("country, sector") ==
          std::vector<reach_key>{reach_key::country, reach_key::sector});
    CHECK_THROWS_AS(parse_reach_keys("country,planet"), tally::error);
}

TEST_CASE("country models are read from ISO3=MODEL items") {
    const auto m = parse_country_models(" ECU=sum, ,PER=max-cell", "--country-model");
    REQUIRE(m.size() == 2);
    CHECK(m[0].first == "ECU");
    CHECK(m[0].second == intersector_model::sum);
    CHECK(m[1].first == "PER");
    CHECK(m[1].second == intersector_model::max_cell);
    CHECK(parse_country_models("", "country_model").empty());
    try {
        parse_country_models("ECU=sum,PER", "country_model");
        FAIL("an item without '=' was accepted");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::invalid_argument);
        CHECK(e.detail() == "country_model wants ISO3=MODEL, not 'PER'");
    }
    CHECK_THROWS_AS(parse_country_models("ECU=most", "--country-model"), tally::error);
}

TEST_CASE("a zero group cell makes no row unless the whole line is zero") {
    builder b;
    b.add({"ECU",
           "Azuay",
           "2023-01",
           "Health",
           "H1",
           "A",
           {{"in_destination", 10}, {"pendular", 0}}})
        .add({"PER", "Lima", "2023-01", "WASH", "W1", "B", {{"returnees", 0}}});
    reach_pipeline p(b.t);
    auto r = p.query({reach_key::country, reach_key::population_group});
    REQUIRE(r.rows.size() == 2);
    CHECK(value(find(r, {"ECU", "in_destination"})) == 10);
    CHECK(find(r, {"ECU", "pendular"}) == nullptr);
    CHECK(value(find(r, {"PER", "returnees"})) == 0);
    CHECK(find(r, {"PER", "returnees"})->appealing == partner_count(1));
}

TEST_CASE("max-cell uses the cells of a wide row whose other groups are zero") {
    activity_table t;
    auto line = [&](const char* sector, std::int64_t girls, std::int64_t women) {
        activity_line l;
        l.country = t.countries.intern("ECU");
        l.admin1 = t.admin1s.intern("Azuay");
        l.when = month(2023, 1);
        l.appealing_org = l.implementing_org = t.orgs.intern("ORG");
        l.sector = t.sectors.intern(sector);
        l.indicator = t.indicators.intern(std::string(sector) + "-1");
        l.new_beneficiaries = girls + women;
        l.has_cells = true;
        l.age_gender = cells::Zero();
        l.age_gender[static_cast<int>(cell::girls)] = girls;
        l.age_gender[static_cast<int>(cell::women)] = women;
        // A wide reader stores every group column, zeros included.
        const group_value bd[] = {{t.groups().id_of("in_destination"), girls + women},
                                  {t.groups().id_of("in_transit"), 0},
                                  {t.groups().id_of("host_community"), 0}};
        t.append(l, bd);
    };
    line("Health", 10, 5);
    line("Education", 4, 8);
    reach_options o;
    o.intersector = intersector_model::max_cell;
    // girls max(10, 4) + women max(5, 8) = 18.
    auto r = reach_pipeline(t, o).query({reach_key::country, reach_key::population_group});
    REQUIRE(r.rows.size() == 1);
    CHECK(r.rows[0].keys[1] == "in_destination");
    CHECK(value(&r.rows[0]) == 18);
    CHECK(upper(&r.rows[0]) == 27);
}

TEST_CASE("max-cell within and across sectors, beside a max-group country") {
    activity_table t;
    auto line = [&](const char* country, const char* sector, const char* ind, std::int64_t girls,
                    std::int64_t women, std::int64_t unknown) {
        activity_line l;
        l.country = t.countries.intern(country);
        l.admin1 = t.admin1s.intern("A1");
        l.when = month(2023, 1);
        l.appealing_org = l.implementing_org = t.orgs.intern("ORG");
        l.sector = t.sectors.intern(sector);
        l.indicator = t.indicators.intern(ind);
        l.new_beneficiaries = girls + women + unknown;
        l.has_cells = unknown == 0;
        l.age_gender = cells::Zero();
        l.age_gender[static_cast<int>(cell::girls)] = girls;
        l.age_gender[static_cast<int>(cell::women)] = women;
        const group_value bd[] = {{t.groups().id_of("in_destination"), l.new_beneficiaries},
                                  {t.groups().id_of("pendular"), 0}};
        t.append(l, bd);
    };
    line("ECU", "Health", "H1", 10, 5, 0);
    line("ECU", "Health", "H2", 3, 9, 0);
    line("ECU", "Education", "E1", 0, 0, 20);
    line("PER", "Health", "H1", 0, 0, 7);
    line("PER", "Health", "H2", 0, 0, 4);
    reach_options o;
    o.within_sector = within_sector_rule::max_indicator;
    o.intersector = intersector_model::max_group;
    o.model_by_country = {{"ECU", intersector_model::max_cell}};
    reach_pipeline p(t, o);
    // ECU Health: cells max(10, 3) + max(5, 9) = 19 >= max(15, 12); upper 27.
    auto sectors = p.query({reach_key::country, reach_key::sector});
    CHECK(value(find(sectors, {"ECU", "Health"})) == 19);
    CHECK(upper(find(sectors, {"ECU", "Health"})) == 27);
    CHECK(value(find(sectors, {"ECU", "Education"})) == 20);
    CHECK(value(find(sectors, {"PER", "Health"})) == 7);
    CHECK(upper(find(sectors, {"PER", "Health"})) == 11);
    // ECU across sectors: cells 10 + 9 = 19 < Education's 20 (cells not known): 20.
    auto countries = p.query({reach_key::country, reach_key::population_group});
    REQUIRE(countries.rows.size() == 2);
    CHECK(value(find(countries, {"ECU", "in_destination"})) == 20);
    CHECK(upper(find(countries, {"ECU", "in_destination"})) == 47);
    CHECK(value(find(countries, {"PER", "in_destination"})) == 7);
}

} // namespace test_dedup_reach

namespace test_dedup_reach {

TEST_CASE("a country written by its Spanish name and by its code is one place") {
    builder b;
    // Max per group across sectors per place and month: Lima in destination max(10, 6) = 6 would
    // be missed if "Perú" and "PER" were two places (10 + 6 = 16).
    b.add({"Perú", "Lima", "2023-01", "Health", "H1", "A", {{"in_destination", 10}}})
        .add({"PER", "Lima", "2023-01", "Education", "E1", "A", {{"in_destination", 6}}})
        .add({"Panamá", "", "2023-01", "Health", "H1", "A", {{"in_destination", 2}}});
    reach_pipeline p(b.t);
    const auto r = p.query({reach_key::country});
    REQUIRE(r.rows.size() == 2);
    CHECK(value(find(r, {"PER"})) == 10);
    CHECK(upper(find(r, {"PER"})) == 16);
    CHECK(value(find(r, {"PAN"})) == 2);
    REQUIRE(r.notices.size() == 2);
    CHECK(r.notices[0] == "country 'Perú' is read as PER (Peru)");
    CHECK(r.notices[1] == "country 'Panamá' is read as PAN (Panama)");
}

TEST_CASE("a sector's code, English and Spanish names are one sector in people reached") {
    // HEA, Health and Salud are one sector: its lines add within the sector (sum over
    // indicators), and the intersector figure is not the max across three "sectors".
    builder b;
    b.add({"COL", "", "2023-01", "Health", "H1", "A", {{"in_destination", 100}}})
        .add({"COL", "", "2023-01", "HEA", "H2", "B", {{"in_destination", 50}}})
        .add({"COL", "", "2023-01", "Salud", "H3", "C", {{"in_destination", 30}}})
        .add({"COL", "", "2023-01", "Shelter", "S1", "A", {{"in_destination", 120}}});
    reach_pipeline p(b.t);
    const auto by_sector = p.query({reach_key::country, reach_key::sector});
    REQUIRE(by_sector.rows.size() == 2);
    CHECK(value(find(by_sector, {"COL", "Health"})) == 180);
    CHECK(find(by_sector, {"COL", "Health"})->appealing == partner_count(3));
    CHECK(find(by_sector, {"COL", "HEA"}) == nullptr);
    // max(Health 180, Shelter 120), not max(100, 50, 30, 120).
    CHECK(value(&p.query({reach_key::country}).rows[0]) == 180);
    CHECK(std::count(by_sector.notices.begin(), by_sector.notices.end(),
                     "sector 'Salud' is read as Health") == 1);
}

} // namespace test_dedup_reach
