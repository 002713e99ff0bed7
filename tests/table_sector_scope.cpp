#include <doctest/doctest.h>
#include <string>
#include <tally/core/error.hpp>
#include <tally/table/sector_scope.hpp>

namespace test_table_sector_scope {

using namespace tally;

namespace {
void add_line(activity_table& t, const char* sector, std::int64_t n) {
    activity_line l;
    l.country = t.countries.intern("ECU");
    l.when = month(2023, 1);
    l.appealing_org = l.implementing_org = t.orgs.intern("UNHCR");
    l.sector = sector ? t.sectors.intern(sector) : no_code;
    l.indicator = t.indicators.intern("X-01");
    l.new_beneficiaries = n;
    t.append(l, {});
}
} // namespace

TEST_CASE("a sector scope is named by code, name or Spanish name, whatever the case") {
    CHECK(sector_scope::of("Health").name() == "Health");
    CHECK(sector_scope::of("hea").name() == "Health");
    CHECK(sector_scope::of(" salud ").name() == "Health");
    CHECK(sector_scope::of("child protection").name() == "Protection (Child Protection)");
    CHECK(sector_scope::of("").whole());
    CHECK_FALSE(sector_scope::of("WASH").whole());
}

TEST_CASE("an unknown sector is errc::unknown_code, naming the catalog's sectors") {
    try {
        (void)sector_scope::of("Astrology");
        FAIL("no error");
    } catch (const error& e) {
        CHECK(e.code() == errc::unknown_code);
        const std::string d = e.detail();
        CHECK(d.find("unknown sector 'Astrology'") != std::string::npos);
        CHECK(d.find("HEA Health") != std::string::npos);
        CHECK(d.find("PRO-HTS Protection (Human Trafficking and Smuggling)") != std::string::npos);
    }
}

TEST_CASE("a sector's scope holds its sub-sectors, a sub-sector's only itself") {
    const auto pro = sector_scope::of("PRO");
    CHECK(pro.contains("Protection"));
    CHECK(pro.contains("Protection (GBV)"));
    CHECK(pro.contains("VBG"));
    CHECK_FALSE(pro.contains("Health"));
    CHECK_FALSE(pro.contains(""));
    CHECK_FALSE(pro.contains("Intersector"));
    CHECK_FALSE(pro.contains("Astrology"));
    const auto gbv = sector_scope::of("GBV");
    CHECK(gbv.contains("PRO-GBV"));
    CHECK_FALSE(gbv.contains("Protection"));
    CHECK_FALSE(gbv.contains("Protection (General)"));
    const sector_scope all;
    CHECK(all.contains("Astrology"));
    CHECK(all.contains(""));
    CHECK(all.note().empty());
    CHECK(pro.note().find("one sector: Protection (its sub-sectors included)") !=
          std::string::npos);
    CHECK(gbv.note().find("sub-sectors") == std::string::npos);
    // Health has no sub-sectors: its note does not speak of them.
    const auto hea = sector_scope::of("health");
    CHECK(hea.note() == "Figure for one sector: Health; never added into an intersector figure.");
    CHECK(hea.parts().empty());
    CHECK(pro.parts() == " (its sub-sectors included)");
}

TEST_CASE("a flow's sector list lies in a scope only when every sector does") {
    const auto hea = sector_scope::of("Health");
    CHECK(hea.contains_all({"HEA", "Salud"}));
    CHECK_FALSE(hea.contains_all({"Health", "WASH"}));
    CHECK_FALSE(hea.contains_all({}));
    CHECK(sector_scope().contains_all({}));
}

TEST_CASE("select_sector keeps the activity lines of the scope, ids unchanged") {
    activity_table t;
    add_line(t, "Health", 10);
    add_line(t, "WASH", 20);
    add_line(t, "Salud", 30);
    add_line(t, nullptr, 40);
    add_line(t, "Protection (GBV)", 50);
    const auto h = select_sector(t, sector_scope::of("HEA"));
    REQUIRE(h.size() == 2);
    CHECK(h.new_beneficiaries()[0] == 10);
    CHECK(h.new_beneficiaries()[1] == 30);
    CHECK(h.sectors.name(h.sector()[1]) == "Salud");
    const auto p = select_sector(t, sector_scope::of("Protection"));
    REQUIRE(p.size() == 1);
    CHECK(p.new_beneficiaries()[0] == 50);
    CHECK(select_sector(t, sector_scope()).size() == t.size());
}

TEST_CASE("select_sector leaves a plan's Intersector rows out of every scope") {
    plan_table t;
    const auto g = t.groups().id_of("in_destination");
    plan_line l;
    l.country = t.countries.intern("ECU");
    l.group = g;
    l.sector = t.sectors.intern("Health");
    l.pin = 100;
    t.append(l);
    l.sector = t.sectors.intern("Education");
    l.pin = 200;
    t.append(l);
    l.sector = no_code;
    l.intersector = true;
    l.pin = 250;
    t.append(l);
    const auto h = select_sector(t, sector_scope::of("Health"));
    REQUIRE(h.size() == 1);
    CHECK(h[0].pin == 100);
    CHECK(select_sector(t, sector_scope()).size() == 3);
}

TEST_CASE("select_sector keeps the flow rows of the scope") {
    flow_table t;
    for (auto [sector, amount] : {std::pair{"HEA", 100}, {"Food Security", 50}, {"Salud", 400}}) {
        t.donor.push_back(t.donors.intern("D"));
        t.recipient.push_back(t.recipients.intern("R"));
        t.country.push_back(t.countries.intern("COL"));
        t.sector.push_back(t.sectors.intern(sector));
        t.amount_usd.push_back(amount);
    }
    const auto h = select_sector(t, sector_scope::of("Health"));
    REQUIRE(h.size() == 2);
    CHECK(h.amount_usd[0] + h.amount_usd[1] == 500);
    CHECK(select_sector(t, sector_scope::of("FSC")).amount_usd.at(0) == 50);
}

} // namespace test_table_sector_scope
