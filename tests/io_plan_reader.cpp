#include <doctest/doctest.h>
#include <string>
#include <tally/io/geography_csv.hpp>
#include <tally/io/plan_reader.hpp>

namespace test_io_plan_reader {

using namespace tally;

namespace {

const std::string head = "country,admin1,sector,population_group,pin,target\n";

io::validation_report read(const std::string& text, plan_table& t,
                           const io::plan_read_options& o = {}) {
    return io::read_plan_text(text, "p.csv", t, o);
}

void expect_rejected(const std::string& header, const std::string& row, const std::string& reason) {
    plan_table t;
    const auto r = read(header + row, t);
    CHECK(r.rows_read == 1);
    CHECK(r.rows_used == 0);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].where == source_position{"p.csv", 2, 0});
    CHECK(r.rejected[0].reason == reason);
    CHECK(t.empty());
}

} // namespace

TEST_CASE("plan rows are read with their keys, figures and intersector flag") {
    plan_table t;
    const auto r = read(head + "ECU,EC01,Health,in_destination,1200,800\n"
                               "ECU,,Shelter,In transit,300,150\n"
                               "ECU,EC01,Intersector,in_destination,1500,900\n",
                        t);
    CHECK(r.rows_read == 3);
    CHECK(r.rows_used == 3);
    CHECK(r.notices.empty());
    REQUIRE(t.size() == 3);
    CHECK(t.countries.name(t[0].country) == "ECU");
    CHECK(t.admin1s.name(t[0].admin1) == "EC01");
    CHECK(t.sectors.name(t[0].sector) == "Health");
    CHECK_FALSE(t[0].intersector);
    CHECK(t[0].group == t.groups().id_of("in_destination"));
    CHECK(t[0].pin == 1200);
    CHECK(t[0].target == 800);
    CHECK_FALSE(t[0].has_cells);
    CHECK(t[0].source_line == 2);
    CHECK(t.files.name(t[0].file) == "p.csv");
    CHECK(t[1].admin1 == no_code);
    CHECK(t[1].group == t.groups().id_of("in_transit"));
    CHECK(t[2].intersector);
    CHECK(t[2].sector == no_code);
    CHECK(t.sectors.size() == 2); // "Intersector" is not a sector
}

TEST_CASE("plan age/gender cells are read and must add up to PiN and target") {
    const std::string h = "Country,Sector,Population_group,PiN,Target,pin_girls,pin_boys,pin_women,"
                          "pin_men,pin_other_under_18,pin_other_above_18,target_girls,target_boys,"
                          "target_women,target_men,target_other_under_18,target_other_above_18\n";
    plan_table t;
    const auto r = read(h + "PER,Health,in_destination,100,40,20,20,30,30,,,10,10,10,10,,\n", t);
    REQUIRE(r.rows_used == 1);
    CHECK(r.notices.empty());
    CHECK(t[0].has_cells);
    CHECK(t[0].pin_cells[static_cast<int>(cell::women)] == 30);
    CHECK(t[0].target_cells[static_cast<int>(cell::boys)] == 10);
    expect_rejected(h, "PER,Health,in_destination,100,40,20,20,30,31,,,10,10,10,10,,\n",
                    "PiN age/gender cells add up to 101, not pin 100");
    // Giving only the PiN cells leaves the target cells at 0, which do not add up to 40.
    expect_rejected(h, "PER,Health,in_destination,100,40,20,20,30,30,,,,,,,,\n",
                    "target age/gender cells add up to 0, not target 40");
}

TEST_CASE("a plan row with the wrong number of fields is rejected") {
    expect_rejected(head, "ECU,EC01,Health,in_destination,1200\n", "expected 6 fields, found 5");
}

TEST_CASE("a plan row without country, sector or population group is rejected") {
    expect_rejected(head, ",EC01,Health,in_destination,1,1\n", "missing country");
    expect_rejected(head, "ECU,EC01,,in_destination,1,1\n", "missing sector");
    expect_rejected(head, "ECU,EC01,Health,,1,1\n", "missing population_group");
}

TEST_CASE("a plan row with an unknown population group is rejected") {
    expect_rejected(head, "ECU,EC01,Health,visitors,1,1\n", "unknown population group 'visitors'");
}

TEST_CASE("a plan row with a bad or negative number is rejected") {
    expect_rejected(head, "ECU,EC01,Health,in_destination,1 200,1\n",
                    "pin '1 200' is not a whole number");
    expect_rejected(head, "ECU,EC01,Health,in_destination,10,-1\n", "target is negative (-1)");
}

TEST_CASE("a repeated plan key is rejected, naming the file and line that hold it") {
    plan_table t;
    const auto r = read(head + "ECU,EC01,Health,in_destination,10,5\n"
                               "ECU,EC01,Health,host_community,10,5\n"
                               "ECU,EC01,Health,In destination,11,6\n",
                        t);
    CHECK(r.rows_used == 2);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].where.line == 4);
    CHECK(r.rejected[0].where.file == "p.csv");
    CHECK(r.rejected[0].reason ==
          "repeats the country, admin1, sector and population group of p.csv:2");
    // Across files the earlier file is named.
    const auto r2 = io::read_plan_text(head + "ECU,EC01,Health,host_community,1,1\n", "q.csv", t);
    REQUIRE(r2.rejected.size() == 1);
    CHECK(r2.rejected[0].reason ==
          "repeats the country, admin1, sector and population group of p.csv:3");
    // The same file name read again names both rows by file and line, never "line 2 repeats
    // line 2".
    const auto r3 = io::read_plan_text(head + "ECU,EC01,Health,in_destination,10,5\n", "p.csv", t);
    REQUIRE(r3.rejected.size() == 1);
    CHECK(r3.rejected[0].where.to_string() == "p.csv:2");
    CHECK(r3.rejected[0].reason ==
          "repeats the country, admin1, sector and population group of p.csv:2");
}

TEST_CASE("a second column with the same name is an error in every CSV reader") {
    plan_table t;
    CHECK_THROWS_WITH_AS(
        io::read_plan_text("country,admin1,sector,population_group,pin,target,Country\n", "d.csv",
                           t),
        "[tally.parse.101] d.csv:1: column 'country' appears twice (columns 1 and 7)", error);
}

TEST_CASE("a target above PiN is a notice and the row is used") {
    plan_table t;
    const auto r = read(head + "ECU,EC01,Health,in_destination,10,12\n", t);
    CHECK(r.rows_used == 1);
    REQUIRE(r.notices.size() == 1);
    CHECK(r.notices[0].where == source_position{"p.csv", 2, 0});
    CHECK(r.notices[0].message == "target 12 is above PiN 10");
}

TEST_CASE("empty plan figures and an absent target column count as zero") {
    plan_table t;
    const auto r = read("country,sector,population_group,pin\nECU,Health,in_destination,\n"
                        "PER,Health,in_destination,7\n",
                        t);
    CHECK(r.rows_used == 2);
    CHECK(t[0].pin == 0);
    CHECK(t[1].pin == 7);
    CHECK(t[1].target == 0);
}

TEST_CASE("plan codes that do not resolve against the geography are notices") {
    auto geo = io::read_geography_csv_text("level,code,name,parent\nplatform,ECU,Ecuador,\n"
                                           "country,ECU,Ecuador,ECU\nadmin1,EC01,Azuay,ECU\n");
    io::plan_read_options o;
    o.geo = &geo;
    plan_table t;
    const auto r = read(head + "ECU,EC01,Health,in_destination,1,1\n"
                               "ECU,EC77,Health,in_destination,1,1\n"
                               "COL,,Health,in_destination,1,1\n",
                        t, o);
    CHECK(r.rows_used == 3);
    REQUIRE(r.notices.size() == 2);
    CHECK(r.notices[0].where.line == 3);
    CHECK(r.notices[0].message == "admin1 'EC77' is not in the geography");
    CHECK(r.notices[1].where.line == 4);
    CHECK(r.notices[1].message == "country 'COL' is not in the geography");
}

TEST_CASE("a plan file with quotes, a BOM and CRLF is read") {
    plan_table t;
    const auto r = read("\xEF\xBB\xBF"
                        "country,sector,population_group,pin,target\r\n"
                        "ECU,\"Protection (GBV), national\",\"host community\",5,\"4\"\r\n",
                        t);
    REQUIRE(r.rows_used == 1);
    CHECK(t.sectors.name(t[0].sector) == "Protection (GBV), national");
    CHECK(t[0].group == t.groups().id_of("host_community"));
    CHECK(t[0].target == 4);
}

TEST_CASE("a header that is not a plan header is a parse error") {
    plan_table t;
    try {
        read("country,sector,value\n", t);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::parse);
        CHECK(e.detail() == "not a plan file: missing column(s) pin or target (or a column per "
                            "population group) (the closest layout is 'tally')");
    }
    CHECK_THROWS_AS(read("", t), tally::error);
}

} // namespace test_io_plan_reader
