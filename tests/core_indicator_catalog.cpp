#include <doctest/doctest.h>
#include <string>
#include <tally/core/indicator_catalog.hpp>

namespace test_core_indicator_catalog {

using namespace tally;

TEST_CASE("R4V indicators are found by their wording whatever its case and spacing, per year") {
    const auto* k =
        find_r4v_indicator("#  OF HEALTH personnel and community workers   trained", 2022);
    REQUIRE(k);
    CHECK(k->type == indicator_type::capacity_building);
    CHECK(k->year == 2022);
    // Known for 2022 only: another year keeps its type.
    const auto* later =
        find_r4v_indicator("# of health personnel and community workers trained", 2025);
    REQUIRE(later);
    CHECK(later->year == 2022);
    CHECK_FALSE(find_r4v_indicator("# of people", 2022));
    // Every entry of the list is found as itself, with its own year.
    for (const auto& e : r4v_indicators) {
        const auto* f = find_r4v_indicator(e.text, e.year);
        REQUIRE(f);
        CHECK(f->type == e.type);
        CHECK(f->year == e.year);
    }
}

TEST_CASE("an indicator's wording types it when no list does") {
    auto type = [](std::string_view s) { return type_by_wording(s); };
    CHECK(type("# of teachers trained in inclusive education")->type ==
          indicator_type::capacity_building);
    CHECK(type("# of officials capacitated")->type == indicator_type::capacity_building);
    CHECK(type("# of awareness-raising sessions held")->type == indicator_type::mechanism_advocacy);
    CHECK(type("# of impressions/views of the campaign")->type ==
          indicator_type::mechanism_advocacy);
    CHECK(type("# of communication products published")->type ==
          indicator_type::mechanism_advocacy);
    CHECK(type("# of initiatives developed with local authorities")->type ==
          indicator_type::mechanism_advocacy);
    CHECK(type("# of interventions in shelters to meet minimum standards")->type ==
          indicator_type::infrastructure);
    CHECK(type("# of safe spaces functioning")->type == indicator_type::infrastructure);
    CHECK(type("# of hygiene kits distributed")->type == indicator_type::other);
    CHECK(type("# of Advocacy interventions")->cue == "advocacy");
    // People assisted: no cue, direct assistance (initiatives of refugees are not initiatives
    // developed).
    CHECK_FALSE(type("# of refugees and migrants assisted with support for entrepreneurship "
                     "initiatives"));
    CHECK_FALSE(type("# of refugees and migrants who received food assistance"));
}

TEST_CASE(
    "a user's list types first, then tally's list, then the wording, else direct assistance") {
    indicator_types user;
    user.add({"# of health personnel and community workers trained",
              indicator_type::direct_assistance, "", 0});
    user.add({"HE-9", indicator_type::other, "Health", 0});
    user.add({"HE-9", indicator_type::capacity_building, "", 2024});
    const auto listed = type_indicator("# of health personnel and community workers trained",
                                       "Health", 2022, &user);
    CHECK(listed.source == indicator_typing_source::user);
    CHECK(listed.type == indicator_type::direct_assistance);
    const auto own = type_indicator("# of health personnel and community workers trained", "Health",
                                    2022, nullptr);
    CHECK(own.source == indicator_typing_source::catalog);
    CHECK(own.type == indicator_type::capacity_building);
    // The entry naming the year wins over the one naming the sector.
    CHECK(user.find("HE-9", "Health", 2024) == indicator_type::capacity_building);
    CHECK(user.find("he-9", "health", 2023) == indicator_type::other);
    CHECK_FALSE(user.find("HE-9", "Shelter", 2023));
    const auto worded = type_indicator("# of staff trained", "Health", 2023, &user);
    CHECK(worded.source == indicator_typing_source::wording);
    CHECK(worded.cue == "trained");
    const auto plain = type_indicator("HE-1", "Health", 2023, &user);
    CHECK(plain.source == indicator_typing_source::fallback);
    CHECK(plain.type == indicator_type::direct_assistance);
}

} // namespace test_core_indicator_catalog
