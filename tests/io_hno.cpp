// HNO tables (io/hno.hpp): total rows used at their own level, breakdowns checked, not added.
#include <doctest/doctest.h>
#include <filesystem>
#include <string>
#include <tally/io/file.hpp>
#include <tally/io/hno.hpp>

namespace test_io_hno {

namespace {
const std::string fixture = std::string(TALLY_SOURCE_DIR) + "/tests/data/hxl/hno_small.csv";
bool told(const tally::io::validation_report& rep, std::size_t line, const std::string& part) {
    for (const auto& n : rep.notices)
        if (n.where.line == line && n.message.find(part) != std::string::npos)
            return true;
    return false;
}
} // namespace

// The fixture (lines): 4 national all-sector total, 5-8 its sex x age rows (300 + 250 + 250 +
// 200 = 1,000), 9-10 national Health 700/400 and Shelter 500.4/300, 11 national Health IDP,
// 12-16 admin1 rows (all sectors BF01 600 + BF02 390 = 990, not 1,000), 17 a negative PiN,
// 18 a repeat of line 14.

TEST_CASE("an HNO table gives its national total rows, never adding the rows below them") {
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text(tally::io::read_file(fixture), "hno.csv", t);
    CHECK(rep.rows_read == 15);
    CHECK(rep.rows_used == 13);
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.balanced());
    REQUIRE(t.size() == 3);
    CHECK(t.countries[t[0].country] == "BFA"); // from the P-codes: BF = Burkina Faso
    CHECK(t[0].intersector);
    CHECK(t[0].admin1 == tally::no_code);
    CHECK(t[0].pin == 1000);
    CHECK(t[0].target == 600);
    CHECK(t.sectors[t[1].sector] == "Health");
    CHECK(t[1].pin == 700);
    CHECK(t.sectors[t[2].sector] == "Shelter"); // HNO code SHL
    CHECK(t[2].pin == 500);                     // 500.4 rounded
    CHECK(t.groups().info(t[0].group).code == "all");
}

TEST_CASE("an HNO table's totals are checked against the rows below them") {
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text(tally::io::read_file(fixture), "hno.csv", t);
    CHECK(told(rep, 4, "PiN 1000 differs from the sum 990 of its 2 admin1 rows"));
    CHECK_FALSE(told(rep, 4, "sex and age")); // 1,000 = 300 + 250 + 250 + 200
    CHECK_FALSE(told(rep, 9, "differs"));     // Health 700 = 450 + 250
    CHECK(told(rep, 10, "PiN 500.4 is not a whole number: rounded to 500"));
    CHECK(told(rep, 3, "10 rows are breakdowns"));
    CHECK(rep.rejected[0].where.line == 17);
    CHECK(rep.rejected[0].reason.find("negative") != std::string::npos);
    CHECK(rep.rejected[1].where.line == 18);
    CHECK(rep.rejected[1].reason.find("line 14") != std::string::npos);
}

TEST_CASE("an HNO table read at admin1 gives its admin1 total rows") {
    tally::plan_table t;
    tally::io::hno_read_options o;
    o.level = tally::io::hno_level::admin1;
    tally::io::read_hno_text(tally::io::read_file(fixture), "hno.csv", t, o);
    REQUIRE(t.size() == 5);
    CHECK(t.admin1s[t[0].admin1] == "BF01");
    CHECK(t[0].intersector);
    CHECK(t[0].pin == 600);
    CHECK(t[1].pin == 390);
}

TEST_CASE("an HNO table without a country column or P-codes takes the country given") {
    const std::string text = "#sector,#gender,#inneed\nALL,a,70\nNUT,all,50\nPRO_GBV,a,20\n";
    tally::plan_table t;
    const auto without = tally::io::read_hno_text(text, "n.csv", t);
    CHECK(without.rejected.size() == 3);
    CHECK(without.rejected[0].reason.find("no country") != std::string::npos);
    tally::io::hno_read_options o;
    o.country = "MLI";
    const auto with = tally::io::read_hno_text(text, "n.csv", t, o);
    CHECK(with.rows_used == 3);
    REQUIRE(t.size() == 3);
    CHECK(t.countries[t[0].country] == "MLI");
    CHECK(t.sectors[t[2].sector] == "Protection (GBV)");
}

TEST_CASE("a table without #sector and #inneed or #targeted is not an HNO table") {
    CHECK(tally::io::is_hno_table("#sector,#inneed\nALL,1\n", "a.csv"));
    CHECK(tally::io::is_hno_table("title\n\nSector,Targeted\n#sector +code, #targeted\n", "b"));
    CHECK_FALSE(tally::io::is_hno_table("sector,pin\nALL,1\n", "c.csv"));
    CHECK_FALSE(tally::io::is_hno_table("#adm1,#inneed\nML01,1\n", "d.csv"));
}

TEST_CASE("the Mali 2024 HNO gives its published national PiN of 7,107,194") {
    const std::string path = std::string(TALLY_SHARED_DIR) + "/data/hxl/hno_mli_2024.csv";
    if (!std::filesystem::exists(path)) {
        MESSAGE("skipped: " << path << " is absent");
        return;
    }
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text(tally::io::read_file(path), path, t);
    CHECK(rep.balanced());
    CHECK(rep.rejected.empty());
    REQUIRE(t.size() > 0);
    CHECK(t.countries[t[0].country] == "MLI");
    CHECK(t[0].intersector);
    CHECK(t[0].pin == 7107194);
    CHECK(t[0].target == 4081412);
}

} // namespace test_io_hno

namespace test_io_hno {

// A 3W table of targets as libhxl's examples write it: two title rows above the hashtag row,
// targets broken down by sex only, country names in Spanish.
const std::string targets_3w = "Qué?,,,Para quién?,,Dónde?,\n"
                               "Sector,Organización,Subsector,Mujeres,Hombres,País,Departamento\n"
                               "#sector,#org,#subsector,#targeted+f,#targeted+m,#country,#adm1\n"
                               "Salud,OMS,Vacunación,100,90,Perú,Lima\n"
                               "WASH,ACNUR,Higiene,,,Panamá,Los Santos\n"
                               "Salud,UNICEF,Nutrición,5,5,Perú,Lima\n";

TEST_CASE("a table of targets broken down by sex only has their sum as its target") {
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text(targets_3w, "3w.csv", t);
    CHECK(rep.balanced());
    CHECK(rep.rows_read == 3);
    CHECK(rep.rows_used == 2);
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].where.line == 6);
    CHECK(rep.rejected[0].reason.find("repeats the place, sector") != std::string::npos);
    CHECK(told(rep, 3, "column 2 (#org) is not used"));
    REQUIRE(t.size() == 2);
    CHECK(t.countries[t[0].country] == "Perú");
    CHECK(t.admin1s[t[0].admin1] == "Lima");
    CHECK(t[0].target == 190);
    CHECK(t[1].target == 0); // both parts empty
    CHECK(tally::io::is_hno_table(targets_3w, "3w.csv"));
    CHECK_FALSE(tally::io::is_hno_table("#sector,#indicator,#targeted\n", "5w.csv"));
}

TEST_CASE("a figure broken down without its total into parts that miss people is refused") {
    tally::plan_table t;
    try {
        (void)tally::io::read_hno_text(
            "#sector,#country,#targeted+refugees,#targeted+host\nHEA,PER,1,2\n", "p.csv", t);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == tally::errc::parse);
        CHECK(std::string(e.what()).find(
                  "p.csv:1: HXL tag '#targeted' has no total column and its parts "
                  "(#targeted+refugees, #targeted+host) are not a breakdown of everyone") !=
              std::string::npos);
    }
    CHECK_THROWS_WITH_AS(
        (void)tally::io::read_hno_text("#sector,#targeted+f,#targeted+F\nHEA,1,2\n", "p.csv", t),
        doctest::Contains("HXL tag '#targeted+f' appears twice (columns 2 and 3)"), tally::error);
}

} // namespace test_io_hno
