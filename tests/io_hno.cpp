// HNO tables (io/hno.hpp): total rows used at their own level, breakdowns checked, not added.
#include <doctest/doctest.h>
#include <filesystem>
#include <map>
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
    // In the order of country, sector: Panamá, then Perú (names resolved to their ISO3 codes).
    CHECK(t.countries[t[1].country] == "PER");
    CHECK(t.admin1s[t[1].admin1] == "Lima");
    CHECK(t[1].target == 190);
    CHECK(t.countries[t[0].country] == "PAN");
    CHECK(t[0].target == 0); // both parts empty
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

namespace test_io_hno {

namespace {
const std::string ocha = std::string(TALLY_SOURCE_DIR) + "/tests/data/ocha/";
const tally::plan_line* find_line(const tally::plan_table& t, const std::string& country,
                                  const std::string& admin1, const std::string& sector) {
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto& l = t[i];
        const std::string a = l.admin1 == tally::no_code ? "" : t.admin1s[l.admin1];
        const std::string s = l.intersector ? "ALL" : t.sectors[l.sector];
        if (t.countries[l.country] == country && a == admin1 && s == sector &&
            t.groups().info(l.group).code == "all")
            return &l;
    }
    return nullptr;
}
bool told_any(const tally::io::validation_report& rep, const std::string& part) {
    for (const auto& n : rep.notices)
        if (n.message.find(part) != std::string::npos)
            return true;
    return false;
}
} // namespace

// The HPC fixture (lines): AFG national 2-5 (all sectors 1,000, EDU, PRO-CPN, PRO_GBV), AF01
// categories 6-12 (total 650 on 12), AF01 EDU 13-14, AF02 15-19 (total 350 on 18: Female + Male
// 250, 'Adult - Male' 400 above it), AF02 EDU 19, AF0101/AF0102 20-21; SDN 22 (no cluster),
// national 23, SD01001 24-27, SD01002 28, SD01001 MS 'Famine Response' only 29, SD01002 EDU
// Female and Male only 30-31.

TEST_CASE("an HPC needs table is read by its header names, the total category is the figure") {
    tally::plan_table t;
    const auto rep =
        tally::io::read_hno_text(tally::io::read_file(ocha + "hpc_needs.csv"), "hpc.csv", t);
    CHECK(rep.rows_read == 30);
    CHECK(rep.rows_used == 29);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 1);
    CHECK(rep.rejected[0].where.line == 22);
    CHECK(rep.rejected[0].reason == "missing sector (Description 'Refugee Response', Info 'No "
                                    "cluster for entity 7454')");
    const auto* afg = find_line(t, "AFG", "", "ALL");
    REQUIRE(afg);
    CHECK(afg->pin == 1000);
    CHECK(afg->target == 600);
    // Hyphen or underscore, one sector of the catalog.
    REQUIRE(find_line(t, "AFG", "", "Protection (Child Protection)"));
    CHECK(find_line(t, "AFG", "", "Protection (Child Protection)")->pin == 300);
    REQUIRE(find_line(t, "AFG", "", "Protection (GBV)"));
    CHECK(find_line(t, "AFG", "", "Protection (GBV)")->pin == 250);
    CHECK(find_line(t, "SDN", "", "ALL")->pin == 900);
    // SDN Education: no national row; its one place's Female and Male rows cover everyone.
    REQUIRE(find_line(t, "SDN", "", "Education"));
    CHECK(find_line(t, "SDN", "", "Education")->pin == 100);
    CHECK(told(rep, 30,
               "SDN SD01002, sector EDU has no total row: its figure is the sum of its "
               "rows by category (lines 30, 31)"));
    CHECK(told(rep, 23,
               "SDN: no national row for sector(s) EDU: their national figure is the sum "
               "of their admin1 (or admin2) rows"));
    // A place whose breakdowns do not cover everyone is named, never lost in silence.
    CHECK(told(rep, 29,
               "SDN SD01001, sector MS has no total row, and its breakdown rows (Famine "
               "Response) do not cover everyone: it gives no figure"));
    CHECK_FALSE(find_line(t, "SDN", "", "Multi-sector"));
}

TEST_CASE("an HPC table's categories are checked against their total, not added") {
    tally::plan_table t;
    tally::io::hno_read_options o;
    o.level = tally::io::hno_level::admin1;
    const auto rep =
        tally::io::read_hno_text(tally::io::read_file(ocha + "hpc_needs.csv"), "hpc.csv", t, o);
    // Kabul: the total row (650), not its first category (Adult, 300).
    REQUIRE(find_line(t, "AFG", "AF01", "ALL"));
    CHECK(find_line(t, "AFG", "AF01", "ALL")->pin == 650);
    CHECK(find_line(t, "AFG", "AF02", "ALL")->pin == 350);
    CHECK(find_line(t, "AFG", "AF01", "Education")->pin == 200);
    CHECK_FALSE(told(rep, 12, "Female and Male"));             // 330 + 320 = 650
    CHECK_FALSE(told(rep, 12, "Children, Adult and Elderly")); // 300 + 310 + 40 = 650
    CHECK(told(rep, 18, "PiN 350 differs from the sum 250 of its 2 Female and Male rows"));
    CHECK(told(rep, 15,
               "PiN 400 of category 'Adult - Male' is above the total 350 of AFG AF02, "
               "sector ALL"));
    // The national-only sectors are named, not mixed into the admin1 figures.
    CHECK(told_any(rep, "AFG: sector(s) PRO-CPN, PRO_GBV have no admin1 or admin2 rows"));
    CHECK_FALSE(find_line(t, "AFG", "", "Protection (GBV)"));
    // Sudan: admin2 codes only, no admin1 code to roll them up to: at country level, and said.
    REQUIRE(find_line(t, "SDN", "", "ALL"));
    CHECK(find_line(t, "SDN", "", "ALL")->pin == 900);
    CHECK(told_any(rep, "SDN: its admin2 rows (SD01001, SD01002) carry no admin1 code"));
}

TEST_CASE("admin2 rows roll up to the admin1 areas their P-codes begin with") {
    auto geo = tally::geography::r4v();
    geo.add_platform("AFR", "Africa", tally::platform_kind::sub_regional);
    geo.add_country("SDN", "Sudan", "AFR");
    geo.add_admin1("SD01", "Khartoum", "SDN");
    tally::plan_table t;
    tally::io::hno_read_options o;
    o.level = tally::io::hno_level::admin1;
    o.geo = &geo;
    const auto rep =
        tally::io::read_hno_text(tally::io::read_file(ocha + "hpc_needs.csv"), "hpc.csv", t, o);
    REQUIRE(find_line(t, "SDN", "SD01", "ALL"));
    CHECK(find_line(t, "SDN", "SD01", "ALL")->pin == 900); // 500 + 400
    CHECK(find_line(t, "SDN", "SD01", "ALL")->target == 500);
    CHECK(find_line(t, "SDN", "SD01", "Education")->pin == 100);
    CHECK(told_any(rep, "SDN: admin2 rows of admin1 areas without a row of their own are added "
                        "up by the admin1 area their P-codes name"));
}

TEST_CASE("the HAPI humanitarian-needs table reads INN as PiN and TGT as target") {
    tally::plan_table t;
    const auto rep =
        tally::io::read_hno_text(tally::io::read_file(ocha + "hapi_needs.csv"), "hapi.csv", t);
    CHECK(rep.rows_read == 16);
    CHECK(rep.balanced());
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.rejected[0].where.line == 16);
    CHECK(rep.rejected[0].reason ==
          "missing sector_code (error: No cluster mapping for Refugee Response)");
    CHECK(rep.rejected[1].where.line == 17);
    CHECK(rep.rejected[1].reason.find("repeats the place, sector, category and population_status "
                                      "of line 15") == 0);
    CHECK(find_line(t, "AFG", "", "ALL")->pin == 1000);
    CHECK(find_line(t, "AFG", "", "ALL")->target == 600);
    CHECK(find_line(t, "AFG", "", "Education")->target == 200);
    CHECK(find_line(t, "AFG", "", "Protection (Child Protection)")->pin == 300);
    CHECK(find_line(t, "SDN", "", "ALL")->pin == 900);
    CHECK(told_any(rep, "population_status REA is not a plan figure"));
    tally::plan_table a1;
    tally::io::hno_read_options o;
    o.level = tally::io::hno_level::admin1;
    (void)tally::io::read_hno_text(tally::io::read_file(ocha + "hapi_needs.csv"), "hapi.csv", a1,
                                   o);
    CHECK(find_line(a1, "AFG", "AF01", "ALL")->pin == 650);
    CHECK(find_line(a1, "AFG", "AF02", "ALL")->pin == 350);
    // HAPI gives Sudan's admin1 codes beside its admin2 codes: 500 + 400 in SD01.
    CHECK(find_line(a1, "SDN", "SD01", "ALL")->pin == 900);
}

TEST_CASE("breakdowns become population groups when asked, beside the total") {
    tally::plan_table t;
    tally::io::hno_read_options o;
    o.level = tally::io::hno_level::admin1;
    o.breakdowns_as_groups = true;
    (void)tally::io::read_hno_text(tally::io::read_file(ocha + "hpc_needs.csv"), "hpc.csv", t, o);
    std::map<std::string, std::int64_t> kabul;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (t[i].admin1 != tally::no_code && t.admin1s[t[i].admin1] == "AF01" && t[i].intersector)
            kabul[t.groups().info(t[i].group).code] = t[i].pin;
    CHECK(kabul["all"] == 650);
    CHECK(kabul["Adult"] == 300);
    CHECK(kabul["Children"] == 310);
    CHECK(kabul["Adult - Female - IDP"] == 5);
}

TEST_CASE("a place without a total row gets the sum of rows that cover everyone, or is named") {
    const std::string text = "#adm1+code,#sector,#gender,#age+range,#inneed\n"
                             "ML01,HEA,f,ALL,30\nML01,HEA,m,ALL,20\n" // by sex: 50
                             "ML02,HEA,a,0-17,7\nML02,HEA,a,18+,3\n"  // by age: 10
                             "ML03,HEA,a,0-17,4\nML03,HEA,a,60+,1\n"  // ages 18-59 missing
                             "ML04,HEA,f,ALL,5\n";                    // women only
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text(text, "m.csv", t);
    CHECK(rep.rows_used == 7);
    CHECK(find_line(t, "MLI", "ML01", "Health")->pin == 50);
    CHECK(find_line(t, "MLI", "ML02", "Health")->pin == 10);
    CHECK_FALSE(find_line(t, "MLI", "ML03", "Health"));
    CHECK_FALSE(find_line(t, "MLI", "ML04", "Health"));
    CHECK(told(rep, 2,
               "MLI ML01, sector HEA has no total row: its figure is the sum of its rows "
               "by sex (lines 2, 3)"));
    CHECK(told(rep, 4, "by age range (lines 4, 5)"));
    CHECK(told(rep, 6,
               "MLI ML03, sector HEA has no total row, and its breakdown rows (gender "
               "ALL, age 0-17; gender ALL, age 60+) do not cover everyone"));
    CHECK(told(rep, 8, "MLI ML04, sector HEA has no total row"));
}

TEST_CASE("+total and a 'total' value are totals everywhere") {
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text("#country,#sector,#gender,#inneed+total,#inneed+idp\n"
                                              "NER,ALL,total,90,10\nNER,HEA,Total,40,4\n",
                                              "n.csv", t);
    CHECK(rep.rejected.empty());
    REQUIRE(t.size() == 2);
    CHECK(t[0].pin == 90);
    CHECK(t[1].pin == 40);
    CHECK(told(rep, 1, "column 5 (#inneed+idp) is not used"));
}

TEST_CASE("a cluster with several caseloads gives its largest, naming them") {
    const std::string text = "Country ISO3,Admin 1 PCode,Admin 2 PCode,Description,Cluster,"
                             "Category,In Need,Targeted\n"
                             "AFG,,,Final HNRP Caseload,ALL,,100,50\n"
                             "AFG,,,General Protection,PRO,,60,20\n"
                             "AFG,,,Protection (overall),PRO,,80,30\n";
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text(text, "c.csv", t);
    CHECK(rep.rows_used == 3);
    REQUIRE(find_line(t, "AFG", "", "Protection"));
    CHECK(find_line(t, "AFG", "", "Protection")->pin == 80);
    CHECK(told(rep, 3,
               "AFG, sector PRO has 2 caseloads ('General Protection', 'Protection "
               "(overall)'): they overlap"));
}

TEST_CASE("the HPC needs table of 2024 gives its publisher's national and Kabul figures") {
    const std::string path =
        std::string(TALLY_SHARED_DIR) + "/data/real/hpc_hno_2024_afg_sdn_nohxl.csv";
    if (!std::filesystem::exists(path)) {
        MESSAGE("skipped: " << path << " is absent");
        return;
    }
    tally::plan_table t;
    const auto rep = tally::io::read_hno_text(tally::io::read_file(path), path, t);
    CHECK(rep.balanced());
    CHECK(find_line(t, "AFG", "", "ALL")->pin == 23'666'389);
    CHECK(find_line(t, "AFG", "", "ALL")->target == 17'327'995);
    CHECK(find_line(t, "SDN", "", "ALL")->pin == 24'786'370);
    CHECK(find_line(t, "SDN", "", "ALL")->target == 14'657'114);
    tally::plan_table a1;
    tally::io::hno_read_options o;
    o.level = tally::io::hno_level::admin1;
    const auto rep1 = tally::io::read_hno_text(tally::io::read_file(path), path, a1, o);
    REQUIRE(find_line(a1, "AFG", "AF01", "ALL"));
    CHECK(find_line(a1, "AFG", "AF01", "ALL")->pin == 3'393'245); // not Adult's 1,624,313
    CHECK(find_line(a1, "AFG", "AF01", "ALL")->target == 2'342'524);
    // Sudan does not vanish: its national figures at country level, and why.
    REQUIRE(find_line(a1, "SDN", "", "ALL"));
    CHECK(find_line(a1, "SDN", "", "ALL")->pin == 24'786'370);
    CHECK(told_any(rep1, "SDN: its admin2 rows (SD01001"));
    const std::string gtm = std::string(TALLY_SHARED_DIR) + "/data/real/hno_gtm_2024.csv";
    tally::plan_table g;
    const auto grep = tally::io::read_hno_text(tally::io::read_file(gtm), gtm, g);
    CHECK(find_line(g, "GTM", "", "ALL")->pin == 5'300'000);
    CHECK(find_line(g, "GTM", "", "ALL")->target == 2'500'000);
    REQUIRE(grep.rejected.size() == 1); // the one negative PiN cell
    CHECK(grep.rejected[0].reason == "#inneed is negative (-1229)");
}

} // namespace test_io_hno
