// Requirements per plan and year (funding/requirements.hpp): never added across years or plans.
#include <doctest/doctest.h>
#include <string>
#include <tally/funding/requirements.hpp>

namespace test_funding_requirements {

using namespace tally;
using funding::plan_requirement;

namespace {
plan_requirement req(std::string country, std::string sector, std::string plan, std::string year,
                     std::optional<std::int64_t> usd, std::size_t line = 2) {
    plan_requirement r;
    r.country = std::move(country);
    r.sector = std::move(sector);
    r.plan_code = std::move(plan);
    r.plan_name = r.plan_code + " name";
    r.year = std::move(year);
    if (usd)
        r.requirements = usd_amount(*usd);
    r.source = "req.csv";
    r.line = line;
    return r;
}

funding::requirements_table two_years() {
    funding::requirements_table t;
    t.add(req("UKR", "", "HUKR23", "2023", 3000));
    t.add(req("UKR", "", "HUKR24", "2024", 2000));
    t.add(req("UKR", "", std::string(funding::not_specified), "2024", std::nullopt));
    return t;
}
} // namespace

TEST_CASE("requirements of several years are refused unless grouped by year, naming them") {
    std::vector<std::string> notes;
    CHECK_THROWS_WITH_AS(
        (void)funding::requirements_by(two_years(), {"country"}, notes),
        "[tally.usage.107] req.csv: requirements of 2 years (2023, 2024) and 2 plan(s) (HUKR23, "
        "HUKR24) would be added in the group (country UKR): choose a year with --year YEAR or a "
        "plan with --plan-code CODE, or group by them with --by ...,year or --by ...,plan",
        error);
    const auto by_year = funding::requirements_by(two_years(), {"country", "year"}, notes);
    REQUIRE(by_year);
    CHECK(by_year->at({"UKR", "2023"}) == usd_amount(3000));
    CHECK(by_year->at({"UKR", "2024"}) == usd_amount(2000));
    CHECK(by_year->result().size() == 2); // the row without a requirement adds no group
}

TEST_CASE("a chosen year keeps its rows and says how many were left out") {
    std::vector<std::string> notes;
    const auto t = funding::choose(two_years(), {"2024", {}}, notes);
    CHECK(t.size() == 2);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "1 requirement row(s) of other years than 2024 left out (--year)");
    const auto sums = funding::requirements_by(t, {"country"}, notes);
    CHECK(sums->at({"UKR"}) == usd_amount(2000));
    CHECK_THROWS_WITH_AS((void)funding::choose(two_years(), {"2019", {}}, notes),
                         "[tally.usage.107] req.csv: no requirements of --year 2019 (years found: "
                         "2023, 2024)",
                         error);
    CHECK_THROWS_WITH_AS((void)funding::choose(two_years(), {"", {"HXYZ24"}}, notes),
                         "[tally.usage.107] req.csv: no plan with the code 'HXYZ24' given to "
                         "--plan-code (plans found: HUKR23, HUKR24)",
                         error);
}

TEST_CASE("requirements of two plans in one group are refused unless grouped by plan") {
    funding::requirements_table t;
    t.add(req("JOR", "", "RSYR20", "2020", 1475));
    t.add(req("JOR", "", "OJOR20", "2020", 52));
    t.add(req("JOR", "", "HJOR20", "2020", 0)); // a plan with a requirement of 0 adds nothing
    std::vector<std::string> notes;
    CHECK_THROWS_WITH_AS((void)funding::requirements_by(t, {"country"}, notes),
                         "[tally.usage.107] req.csv: requirements of 2 plans (OJOR20 OJOR20 name; "
                         "RSYR20 RSYR20 name) would be added in the group (country JOR): choose "
                         "with --plan-code CODE, or group by plan with --by ...,plan",
                         error);
    const auto by_plan = funding::requirements_by(t, {"country", "plan"}, notes);
    CHECK(by_plan->at({"JOR", "RSYR20"}) == usd_amount(1475));
    CHECK(by_plan->at({"JOR", "OJOR20"}) == usd_amount(52));
    const auto one = funding::choose(t, {"", {"RSYR20"}}, notes);
    CHECK(funding::requirements_by(one, {"country"}, notes)->at({"JOR"}) == usd_amount(1475));
}

TEST_CASE("a plan's whole-plan row counts instead of its clusters, which count by sector") {
    funding::requirements_table t;
    t.add(req("AFG", "", "HAFG20", "2020", 1000));
    t.add(req("AFG", "Health", "HAFG20", "2020", 600));
    t.add(req("AFG", "Education", "HAFG20", "2020", 400));
    std::vector<std::string> notes;
    CHECK(funding::requirements_by(t, {"country"}, notes)->at({"AFG"}) == usd_amount(1000));
    CHECK(notes.empty());
    const auto by_sector = funding::requirements_by(t, {"country", "sector"}, notes);
    CHECK(by_sector->at({"AFG", "Health"}) == usd_amount(600));
    CHECK(by_sector->result().size() == 2);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "requirements of whole plans (HAFG20, 1000 USD) have no sector: they fit no "
                      "sector group and are left out");
    // A plan given by its clusters only is their sum.
    funding::requirements_table clusters;
    clusters.add(req("AFG", "Health", "HAFG20", "2020", 600));
    clusters.add(req("AFG", "Education", "HAFG20", "2020", 400));
    CHECK(funding::requirements_by(clusters, {"country"}, notes)->at({"AFG"}) == usd_amount(1000));
}

TEST_CASE("a plan over several countries fits no country group and is told with its sum") {
    funding::requirements_table t;
    auto r = req(std::string(funding::multi_country), "", "RSYR20", "2020", 5995);
    r.countries = {"JOR", "LBN"};
    t.add(r);
    t.add(req("JOR", "", "OJOR20", "2020", 52));
    std::vector<std::string> notes;
    const auto by_country = funding::requirements_by(t, {"country"}, notes);
    CHECK(by_country->result().size() == 1);
    CHECK(by_country->at({"JOR"}) == usd_amount(52));
    REQUIRE(notes.size() == 1);
    CHECK(notes[0] == "requirements of plans over several countries without a country split "
                      "(RSYR20, 5995 USD) fit no country group and are left out");
    const auto by_plan = funding::requirements_by(t, {"plan"}, notes);
    CHECK(by_plan->at({"RSYR20"}) == usd_amount(5995));
    CHECK_FALSE(funding::requirements_by(t, {"organisation"}, notes));
}

TEST_CASE("flows are selected by their usage year and plan as the requirements name it") {
    funding::requirements_table plans;
    auto r = req("COL", "", "HCOL24", "2024", 4000);
    r.plan_id = "2001";
    r.plan_name = "Colombia Humanitarian Response Plan 2024";
    plans.add(r);
    funding::flow_set<usd_amount> flows;
    auto flow = [&](std::string id, std::int64_t usd, std::vector<funding::flow_object> dest,
                    funding::flow_boundary b = funding::flow_boundary::incoming) {
        funding::flow<usd_amount> f;
        f.id = std::move(id);
        f.amount = usd_amount(usd);
        f.boundary = b;
        f.destinations = std::move(dest);
        flows.update(f);
    };
    using funding::object_type;
    const funding::flow_object y2024{object_type::usage_year, "45", "2024", {}};
    const funding::flow_object y2023{object_type::usage_year, "44", "2023", {}};
    const funding::flow_object hcol{object_type::plan,
                                    "2001",
                                    "Colombia Humanitarian Response "
                                    "Plan 2024",
                                    {}};
    flow("1", 600, {y2024, hcol});
    flow("2", 700, {y2023, hcol});
    flow("3", 500, {y2024});
    flow("4", 90, {});
    flow("5", 40, {y2023}, funding::flow_boundary::internal); // counts nowhere: kept
    const auto s = funding::select_flows(flows, "2024", {}, plans);
    CHECK(s.flows.size() == 3);
    CHECK(s.flows.result().funding == usd_amount(1100));
    CHECK(s.other_year == 1);
    CHECK(s.other_year_amount == usd_amount(700));
    CHECK(s.no_year == 1);
    CHECK(s.no_year_amount == usd_amount(90));
    const auto p = funding::select_flows(flows, "2024", {"HCOL24"}, plans);
    CHECK(p.flows.result().funding == usd_amount(600));
    CHECK(p.other_plan == 1);
    CHECK(p.other_plan_amount == usd_amount(500));
    // The plan named by FTS ("Colombia Humanitarian Response Plan 2024") becomes its code.
    funding::group_sums<usd_amount> sums({"plan"});
    sums.update({"Colombia Humanitarian Response Plan 2024"}, usd_amount(600));
    sums.update({"Another plan"}, usd_amount(5));
    sums.update({std::string(funding::not_specified)}, usd_amount(7));
    std::vector<std::string> unresolved;
    const auto coded = funding::resolve_plans(sums, plans, unresolved);
    CHECK(coded.at({"HCOL24"}) == usd_amount(600));
    CHECK(coded.at({std::string(funding::not_specified)}) == usd_amount(7));
    CHECK(unresolved == std::vector<std::string>{"Another plan"});
}

TEST_CASE("select_sector keeps a scope's sector rows of requirements, never a whole plan's") {
    funding::requirements_table t;
    for (auto [sector, usd] : {std::pair{"Health", 100}, {"SALUD", 20}, {"WASH", 300}, {"", 900}}) {
        plan_requirement r;
        r.country = "COL";
        r.sector = sector;
        r.requirements = usd_amount(usd);
        t.add(r);
    }
    const auto h = funding::select_sector(t, sector_scope::of("Health"));
    REQUIRE(h.size() == 2);
    CHECK(*h.rows()[0].requirements + *h.rows()[1].requirements == usd_amount(120));
    CHECK(funding::select_sector(t, sector_scope()).size() == 4);
}

} // namespace test_funding_requirements
