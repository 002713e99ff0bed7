#include <doctest/doctest.h>
#include <filesystem>
#include <tally/funding/requirements.hpp>
#include <tally/io/requirements_csv.hpp>

namespace test_io_requirements_csv {

using namespace tally;

namespace {
const std::string fixtures = std::string(TALLY_SOURCE_DIR) + "/tests/data/funding/";
}

TEST_CASE("plain requirements read per (country, sector), an empty cell is skipped with a notice") {
    io::validation_report rep;
    const auto r = io::read_requirements_csv(fixtures + "requirements.csv", rep);
    CHECK(r.result().size() == 3);
    CHECK(r.at({"COL", "HEALTH"}) == usd_amount(3000));
    CHECK(r.at({"PER", "FOOD"}) == usd_amount(8'000'000'000));
    CHECK(rep.rows_read == 4);
    CHECK(rep.clean());
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.line == 5);
}

TEST_CASE("a second row that only looks like a hashtag row is a data row, read and rejected") {
    // "#o\xFF" begins with '#' but is no HXL tag: the reader keeps it as a row (rejected for its
    // width), and counts it, as the record-count property and its fuzz target expect.
    io::validation_report rep;
    const auto r =
        io::parse_requirements_csv("country,notes,requirements_usd\n#o\xFF", "odd.csv", rep);
    CHECK(r.total().value() == 0);
    CHECK(rep.rows_read == 1);
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].where.line == 2);
    // A real hashtag row in that place is skipped, not read.
    io::validation_report tagged;
    (void)io::parse_requirements_csv(
        "country,sector,requirements_usd\n#country,#sector,#value+required+usd\nECU,HEA,5\n",
        "tagged.csv", tagged);
    CHECK(tagged.rows_read == 1);
    CHECK(tagged.rows_used == 1);
}

TEST_CASE("FTS requirements exports read with or without their HXL row") {
    const std::string per_plan = "countryCode,id,name,requirements,funding\n"
                                 "#country+code,#id,#name,#value+required,#value+funding\n"
                                 "AFG,1,Plan A,1000,5\nAFG,2,Plan B,,7\nAFG,3,Plan C,24,1\n";
    io::validation_report rep;
    // Plans A and C both have requirements: they are not added into one figure.
    CHECK_THROWS_WITH_AS((void)io::parse_requirements_csv(per_plan, "p.csv", rep),
                         doctest::Contains("p.csv: requirements of 2 plans (1 Plan A; 3 Plan C) "
                                           "would be added in the group (country AFG)"),
                         error);
    CHECK(rep.rows_read == 3);
    io::validation_report rep1;
    const auto p = io::parse_requirements_csv(
        "countryCode,id,name,requirements,funding\nAFG,1,Plan A,1000,5\nAFG,2,Plan B,,7\n", "p.csv",
        rep1);
    CHECK(p.at({"AFG", ""}) == usd_amount(1000));
    const std::string per_cluster = "countryCode,id,cluster,requirements\n"
                                    "AFG,1,Health,10\nAFG,1,WASH,-3\n";
    io::validation_report rep2;
    const auto c = io::parse_requirements_csv(per_cluster, "c.csv", rep2);
    CHECK(c.at({"AFG", "Health"}) == usd_amount(10));
    CHECK(rep2.rejected.size() == 1);
    CHECK_THROWS_AS(io::parse_requirements_csv("a,b\n1,2\n", "bad.csv", rep2), error);
}

TEST_CASE("the HDX cluster requirements for Afghanistan add up to the plan's requirements") {
    const std::string d = std::string(TALLY_SHARED_DIR) + "/data/fts/";
    if (!std::filesystem::exists(d)) {
        MESSAGE("skipped: " << d << " is absent");
        return;
    }
    io::validation_report rep;
    const auto plans = io::read_requirements_csv(d + "hxl_fts_requirements_funding_afg.csv", rep);
    const auto clusters =
        io::read_requirements_csv(d + "hxl_fts_requirements_funding_cluster_afg.csv", rep);
    CHECK(rep.clean());
    CHECK(plans.result().size() == 1);
    CHECK(clusters.result().size() > 1);
    CHECK(clusters.total() == plans.total());
}

TEST_CASE("a requirements row with more or fewer fields than the header is rejected") {
    io::validation_report rep;
    const auto r = io::parse_requirements_csv("country,sector,requirements_usd\n"
                                              "C,S,2,500,000\n"
                                              "C,S\n"
                                              "C,S,-1\n"
                                              "C,T,7\n",
                                              "req.csv", rep);
    CHECK(rep.rows_read == 4);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 3);
    CHECK(rep.rejected[0].where.line == 2);
    CHECK(rep.rejected[1].where.line == 3);
    CHECK(rep.rejected[2].where.line == 4);
    CHECK(r.result().size() == 1);
    CHECK(r.at({"C", "T"}) == usd_amount(7));
}

TEST_CASE("identical lines of a requirements CSV are kept and added, with a notice naming both") {
    io::validation_report rep;
    const auto r = io::parse_requirements_csv("country,sector,requirements_usd\n"
                                              "COL,Health,100\n"
                                              "COL,Health,100\n"
                                              "COL,Health,100\n",
                                              "r.csv", rep);
    CHECK(rep.rows_used == 3);
    CHECK(r.at({"COL", "Health"}) == usd_amount(300));
    REQUIRE(rep.notices.size() == 3); // two repeats, then their count
    CHECK(rep.notices[0].where.line == 3);
    CHECK(rep.notices[0].message.find("line 3 repeats line 2 in every field: kept") == 0);
    CHECK(rep.notices[1].message.find("line 4 repeats line 2") == 0);
    CHECK(rep.notices[2].message.find("2 lines of this file repeat an earlier line") == 0);
}

TEST_CASE("requirements with cents are rounded to the dollar with a notice") {
    io::validation_report rep;
    const auto r = io::parse_requirements_csv("country,sector,requirements_usd\n"
                                              "COL,FOOD,100.0\n"
                                              "COL,HEALTH,99.5\n",
                                              "r.csv", rep);
    CHECK(r.at({"COL", "FOOD"}) == usd_amount(100));
    CHECK(r.at({"COL", "HEALTH"}) == usd_amount(100));
    CHECK(rep.clean());
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.line == 3);
    CHECK(rep.notices[0].message.find("requirements with cents rounded") == 0);
    CHECK(rep.notices[0].message.find("rows") == std::string::npos); // one row
}

} // namespace test_io_requirements_csv

namespace test_io_requirements_csv {

TEST_CASE("requirements are read by their HXL tags where their names are not known") {
    tally::io::validation_report rep;
    const auto g = tally::io::parse_requirements_csv("País,Sector,Requerido\n"
                                                     "#country,#sector,#value+required+usd\n"
                                                     "PER,Health,1000\n"
                                                     "PER,WASH,\n",
                                                     "r.csv", rep);
    CHECK(rep.rows_read == 2);
    CHECK(rep.rows_used == 2);
    CHECK(rep.notices.size() == 1); // the empty requirements
    REQUIRE(g.result().size() == 1);
    CHECK(g.at({"PER", "Health"}) == tally::usd_amount(1000));
}

} // namespace test_io_requirements_csv

namespace test_io_requirements_csv {

TEST_CASE("HDX's FTS requirements file keeps each plan's code, name, type and year") {
    io::validation_report rep;
    const auto t =
        io::read_requirements_table(fixtures + "../ocha/hdx_fts_requirements_funding_col.csv", rep);
    CHECK(rep.rows_read == 5);
    CHECK(rep.rows_used == 5);
    CHECK(rep.clean());
    REQUIRE(t.size() == 5);
    const auto& h = t.rows()[1];
    CHECK(h.country == "COL");
    CHECK(h.plan_code == "HCOL24");
    CHECK(h.plan_id == "2001");
    CHECK(h.plan_name == "Colombia Humanitarian Response Plan 2024");
    CHECK(h.plan_type == "Humanitarian response plan");
    CHECK(h.year == "2024");
    CHECK(h.requirements == usd_amount(4000));
    CHECK(h.funding == usd_amount(1000));
    CHECK(h.sector.empty());
    CHECK(h.line == 4);
    // Money outside any plan: no requirement (not 0), its funding kept.
    CHECK(t.rows()[0].plan_code == "Not specified");
    CHECK_FALSE(t.rows()[0].requirements);
    CHECK(t.rows()[0].funding == usd_amount(500));
    CHECK(t.years() == std::vector<std::string>{"2023", "2024"});
    CHECK(t.plans() == std::vector<std::string>{"FCOL23", "HCOL23", "HCOL24"});
    CHECK(t.plan_code_of("Colombia Flash Appeal 2023") == "FCOL23");
    CHECK(t.plan_code_of("1901") == "HCOL23");
    REQUIRE(rep.notices.size() == 1);
    CHECK(rep.notices[0].where.line == 3);
    CHECK(rep.notices[0].message.find("no requirements given") == 0);
    // Read as (country, sector) without a choice: two years, refused.
    io::validation_report legacy;
    CHECK_THROWS_WITH_AS(
        (void)io::read_requirements_csv(fixtures + "../ocha/hdx_fts_requirements_funding_col.csv",
                                        legacy),
        doctest::Contains("requirements of 2 years (2023, 2024) and 3 plan(s) (FCOL23, HCOL23, "
                          "HCOL24)"),
        error);
}

TEST_CASE("the HDX HAPI funding table reads as requirements and funding per appeal") {
    io::validation_report rep;
    const auto t = io::read_requirements_table(fixtures + "../ocha/hapi_funding.csv", rep);
    CHECK(rep.rows_read == 5);
    CHECK(rep.clean());
    REQUIRE(t.size() == 5);
    CHECK(t.rows()[0].country == "COL");
    CHECK(t.rows()[0].plan_code == "HCOL24");
    CHECK(t.rows()[0].year == "2024"); // from reference_period_start
    CHECK(t.rows()[2].plan_type == "Regional response plan");
    CHECK(t.rows()[3].year == "2024");
    CHECK(t.rows()[4].plan_code == "Not specified");
    CHECK(t.rows()[4].funding == usd_amount(70));
    std::vector<std::string> notes;
    CHECK_THROWS_WITH_AS((void)funding::requirements_by(t, {"country"}, notes),
                         doctest::Contains("requirements of 2 plans (OPER24 Peru Floods Plan 2024; "
                                           "RREG24 Regional Refugee and Migrant Response Plan "
                                           "2024) would be added in the group (country PER)"),
                         error);
    const auto f = funding::requirements_by(t, {"country"}, notes, funding::plan_figure::funding);
    CHECK(f->at({"COL"}) == usd_amount(1500));
    CHECK(f->at({"PER"}) == usd_amount(770));
}

TEST_CASE("a country name in a requirements file is its ISO3 code, a year that is no year is "
          "rejected") {
    io::validation_report rep;
    const auto t = io::parse_requirements_table("country,sector,requirements_usd,year\n"
                                                "Afghanistan,Health,10,2020\n"
                                                "Atlantis,Health,5,2020\n"
                                                "AFG,Health,7,20x0\n",
                                                "r.csv", rep);
    REQUIRE(t.size() == 2);
    CHECK(t.rows()[0].country == "AFG");
    CHECK(t.rows()[1].country == "Atlantis"); // kept as written; the commands name it
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].reason == "year '20x0' is not a year");
}

TEST_CASE("the real HDX requirements files give their publisher's figures per year") {
    const std::string d = std::string(TALLY_SHARED_DIR) + "/data/";
    if (!std::filesystem::exists(d + "real")) {
        MESSAGE("skipped: " << d << "real is absent");
        return;
    }
    io::validation_report rep;
    const auto ukr =
        io::read_requirements_table(d + "real/hdx_fts_requirements_funding_ukr_allyears.csv", rep);
    CHECK(rep.clean());
    std::vector<std::string> notes;
    const auto by_year = funding::requirements_by(ukr, {"year"}, notes);
    CHECK(by_year->at({"2023"}) == usd_amount(3'945'656'687));
    CHECK(by_year->at({"2024"}) == usd_amount(3'107'702'931));
    CHECK(by_year->total() == usd_amount(12'919'726'932)); // the figure that means nothing
    CHECK_THROWS_AS((void)funding::requirements_by(ukr, {"country"}, notes), error);
    io::validation_report hrep;
    const auto hapi = io::read_requirements_table(d + "real/hdx_hapi_funding_global.csv", hrep);
    CHECK(hrep.clean());
    const auto by_plan = funding::requirements_by(hapi, {"country", "plan"}, notes);
    CHECK(by_plan->at({"AFG", "HAFG20"}) == usd_amount(1'131'050'820));
    const auto funded =
        funding::requirements_by(hapi, {"country", "plan"}, notes, funding::plan_figure::funding);
    CHECK(funded->at({"AFG", "HAFG20"}) == usd_amount(564'467'765));
}

TEST_CASE("a requirements choice from its options: the year checked, the plan codes trimmed") {
    const auto c = io::requirements_choice_of("2024", " HAFG24, HCOL24 ,,", "--year");
    CHECK(c.year == "2024");
    CHECK(c.plans == std::vector<std::string>{"HAFG24", "HCOL24"});
    CHECK(io::requirements_choice_of("", "", "year").plans.empty());
    try {
        (void)io::requirements_choice_of("2O24", "", "year");
        FAIL("a year with a letter O must be refused");
    } catch (const error& e) {
        CHECK(e.code() == errc::usage);
        CHECK(std::string(e.what()).find("year must be a year such as 2024, not '2O24'") !=
              std::string::npos);
    }
}

} // namespace test_io_requirements_csv
