#include <algorithm>
#include <doctest/doctest.h>
#include <fstream>
#include <string>
#include <tally/io/activity_reader.hpp>
#include <tally/io/geography_csv.hpp>

namespace test_io_activity_reader {

using namespace tally;

namespace {

// The canonical wide header: 24 columns.
const std::string wide_header =
    "country,admin1,admin2,month,appealing_org,implementing_org,sector,indicator,"
    "indicator_type,rmrp_activity,cva,total_monthly,new_beneficiaries,in_destination,"
    "in_transit,host_community,pendular,returnees,girls,boys,women,men,other_under_18,"
    "other_above_18\n";

// A good wide row: 100 in destination + 20 host community = 120 new, cells 30+30+30+30 = 120,
// total monthly 150.
const std::string good_row = "ECU,EC01,,2023-01,UNHCR,HIAS,Protection (General),PRO-01,Direct "
                             "assistance,Legal aid,No,150,120,100,0,20,0,0,30,30,30,30,0,0\n";

io::validation_report read(const std::string& text, activity_table& t,
                           const io::activity_read_options& o = {}) {
    return io::read_activities_text(text, "a.csv", t, o);
}

// Reads the header and one row, and expects that row (line 2) to be rejected for `reason`.
void expect_rejected(const std::string& header, const std::string& row, const std::string& reason,
                     std::size_t line = 2) {
    activity_table t;
    const auto r = read(header + row, t);
    CHECK(r.rows_read == 1);
    CHECK(r.rows_used == 0);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].where == source_position{"a.csv", line, 0});
    CHECK(r.rejected[0].reason == reason);
    CHECK(t.empty());
    CHECK(r.balanced());
}

bool has_notice(const io::validation_report& r, std::size_t line, const std::string& text) {
    for (const auto& n : r.notices)
        if (n.where.line == line && n.message.find(text) != std::string::npos)
            return true;
    return false;
}

} // namespace

TEST_CASE("a canonical wide row is read into every column of the table") {
    activity_table t;
    const auto r = read(wide_header + good_row, t);
    CHECK(r.rows_read == 1);
    CHECK(r.rows_used == 1);
    CHECK(r.rejected.empty());
    CHECK(r.notices.empty());
    REQUIRE(t.size() == 1);
    CHECK(t.countries.name(t.country()[0]) == "ECU");
    CHECK(t.admin1s.name(t.admin1()[0]) == "EC01");
    CHECK(t.admin2()[0] == no_code);
    CHECK(t.month_index()[0] == month(2023, 1).index());
    CHECK(t.orgs.name(t.appealing_org()[0]) == "UNHCR");
    CHECK(t.orgs.name(t.implementing_org()[0]) == "HIAS");
    CHECK(t.sectors.name(t.sector()[0]) == "Protection (General)");
    CHECK(t.indicators.name(t.indicator()[0]) == "PRO-01");
    CHECK(t.type()[0] == indicator_type::direct_assistance);
    CHECK(t.activities.name(t.activity()[0]) == "Legal aid");
    CHECK(t.cva()[0] == cva_flag::no);
    CHECK(t.total_monthly()[0] == 150);
    CHECK(t.new_beneficiaries()[0] == 120);
    CHECK(t.has_cells()[0] == 1);
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::women)] == 30);
    CHECK(t.files.name(t.file()[0]) == "a.csv");
    CHECK(t.source_line()[0] == 2);
    // Every group cell that is given is an entry, zeros included.
    const auto gs = t.groups_of(0);
    const auto vs = t.group_values_of(0);
    REQUIRE(gs.size() == 5);
    CHECK(gs[0] == t.groups().id_of("in_destination"));
    CHECK(vs[0] == 100);
    CHECK(gs[2] == t.groups().id_of("host_community"));
    CHECK(vs[2] == 20);
}

TEST_CASE("the R4V 5W export header names map to the canonical columns") {
    const std::string text =
        "Country,Admin1,Admin2,Month,Appealing_org,Implementing_org,Sector,Indicator,"
        "Indicator_type,RMRP_Activity,CVA,Total_monthly,New_beneficiaries,IN_DESTINATION,"
        "IN_TRANSIT,Host_Communities,PENDULARS,Returnees,Girls,Boys,Women,Men,Other_under_18,"
        "Other_above_18\n"
        "PER,PE15,,2023-02,IOM,IOM,Health,HEA-02,PiN indicator,Vaccination,Yes,40,25,10,5,4,"
        "3,3,5,5,5,5,2,3\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_used == 1);
    CHECK(r.notices.empty()); // every column was recognised
    REQUIRE(t.size() == 1);
    CHECK(t.new_beneficiaries()[0] == 25);
    CHECK(t.total_monthly()[0] == 40);
    CHECK(t.cva()[0] == cva_flag::yes);
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::other_above_18)] == 3);
    const auto gs = t.groups_of(0);
    REQUIRE(gs.size() == 5);
    CHECK(gs[1] == t.groups().id_of("in_transit"));
    CHECK(t.group_values_of(0)[1] == 5);
    CHECK(gs[3] == t.groups().id_of("pendular"));
    CHECK(gs[4] == t.groups().id_of("returnees"));
}

TEST_CASE("header names ignore case, spaces and hyphens and accept common variants") {
    const std::string text = " COUNTRY ,Admin 1,Month,Appealing organisation,Implementing-Org,"
                             "SECTOR,Indicator,New Beneficiaries,In Transit,Other 18+\n"
                             "ECU,EC09,2023-03,UNICEF,UNICEF,WASH,WSH-01,7,7,7\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_used == 1);
    CHECK(r.notices.empty());
    CHECK(t.orgs.name(t.appealing_org()[0]) == "UNICEF");
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::other_above_18)] == 7);
    CHECK(t.groups_of(0)[0] == t.groups().id_of("in_transit"));
}

TEST_CASE("the long form reads one population group per row and reached as new beneficiaries") {
    const std::string text = "country,admin1,month,appealing_org,implementing_org,sector,indicator,"
                             "population_group,reached\n"
                             "ECU,EC01,2023-01,UNHCR,HIAS,Shelter,SHE-01,In transit,12\n"
                             "ECU,,2023-01,UNHCR,UNHCR,Shelter,SHE-01,host_community,3\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_used == 2);
    REQUIRE(t.size() == 2);
    CHECK(t.new_beneficiaries()[0] == 12);
    CHECK(t.total_monthly()[0] == -1); // not reported
    REQUIRE(t.groups_of(0).size() == 1);
    CHECK(t.groups_of(0)[0] == t.groups().id_of("in_transit"));
    CHECK(t.group_values_of(0)[0] == 12);
    CHECK(t.admin1()[1] == no_code); // empty admin1: country level
    CHECK(t.groups_of(1)[0] == t.groups().id_of("host_community"));
}

TEST_CASE("the benchmark long form uses partner as appealing and implementing organisation") {
    const std::string text = "country,admin1,month,sector,indicator,partner,population_group,"
                             "reached\n"
                             "COL,COL-01,2023-01,HEALTH,HEALTH-01,A,in_destination,10\n"
                             "COL,COL-02,2023-02,FOOD,FOOD-01,B,pendular,0\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_used == 2);
    CHECK(r.notices.empty());
    CHECK(t.orgs.name(t.appealing_org()[0]) == "A");
    CHECK(t.implementing_org()[0] == t.appealing_org()[0]);
    CHECK(t.orgs.name(t.implementing_org()[1]) == "B");
    CHECK(t.new_beneficiaries()[1] == 0);
}

TEST_CASE("a long form without a reached column takes new_beneficiaries as the value") {
    activity_table t;
    const auto r = read("country,month,partner,sector,indicator,population_group,"
                        "new_beneficiaries,total_monthly\n"
                        "ECU,2023-01,A,Health,H1,in_destination,6,9\n"
                        "ECU,2023-01,A,Health,H1,in_destination,6,5\n",
                        t);
    CHECK(r.rows_used == 1);
    CHECK(t.new_beneficiaries()[0] == 6);
    CHECK(t.total_monthly()[0] == 9);
    CHECK(t.group_values_of(0)[0] == 6);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].reason == "new beneficiaries 6 exceed total monthly 5");
}

TEST_CASE("a wide form without new_beneficiaries takes the sum of its group cells") {
    activity_table t;
    const auto r = read("country,month,partner,sector,indicator,IN_DESTINATION,IN_TRANSIT,"
                        "Other >18\n"
                        "ECU,2023-01,A,Health,H1,4,,4\n",
                        t);
    REQUIRE(r.rows_used == 1);
    CHECK(r.notices.empty());
    CHECK(t.new_beneficiaries()[0] == 4);
    CHECK(t.groups_of(0).size() == 1); // an empty cell is no entry
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::other_above_18)] == 4);
}

TEST_CASE("a group added to the registry is read as a column and as a long-form value") {
    auto groups = population_groups::r4v();
    const auto moving = groups.add("on_the_move", "On the move",
                                   cross_country_rule::per_country_only, {"en movimiento"});
    activity_table t(groups);
    auto r = read("country,month,partner,sector,indicator,new_beneficiaries,in_destination,"
                  "On the move\n"
                  "ECU,2023-01,A,Health,H1,9,4,5\n",
                  t);
    REQUIRE(r.rows_used == 1);
    CHECK(r.notices.empty());
    REQUIRE(t.groups_of(0).size() == 2);
    CHECK(t.groups_of(0)[1] == moving);
    CHECK(t.group_values_of(0)[1] == 5);
    r = read("country,month,partner,sector,indicator,population_group,reached\n"
             "ECU,2023-02,A,Health,H1,En movimiento,3\n",
             t);
    REQUIRE(r.rows_used == 1);
    CHECK(t.groups_of(1)[0] == moving);
    // With the plain R4V registry the column is unknown, so the breakdown does not add up.
    activity_table plain;
    r = read("country,month,partner,sector,indicator,new_beneficiaries,in_destination,"
             "On the move\n"
             "ECU,2023-01,A,Health,H1,9,4,5\n",
             plain);
    CHECK(r.rows_used == 0);
    CHECK(has_notice(r, 1, "column 'On the move' is not used"));
}

TEST_CASE("a row with the wrong number of fields is rejected") {
    expect_rejected(wide_header, "ECU,EC01,,2023-01,UNHCR\n", "expected 24 fields, found 5");
}

TEST_CASE("a row without country is rejected") {
    expect_rejected(wide_header,
                    ",EC01,,2023-01,UNHCR,HIAS,Protection (General),PRO-01,,,,150,120,100,0,20,"
                    "0,0,30,30,30,30,0,0\n",
                    "missing country");
}

TEST_CASE("a row without month is rejected") {
    expect_rejected(wide_header,
                    "ECU,EC01,,,UNHCR,HIAS,Protection (General),PRO-01,,,,150,120,100,0,20,"
                    "0,0,30,30,30,30,0,0\n",
                    "missing month");
}

TEST_CASE("a row without sector is rejected") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,,PRO-01,,,,150,120,100,0,20,"
                    "0,0,30,30,30,30,0,0\n",
                    "missing sector");
}

TEST_CASE("a row without indicator is rejected") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,,,,,150,120,100,0,20,"
                    "0,0,30,30,30,30,0,0\n",
                    "missing indicator");
}

TEST_CASE("a row without any organisation is rejected") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,,,Health,HEA-01,,,,150,120,100,0,20,"
                    "0,0,30,30,30,30,0,0\n",
                    "missing organisation");
}

TEST_CASE("an implementing organisation alone fills the appealing role too") {
    activity_table t;
    const auto r =
        read(wide_header + "ECU,EC01,,2023-01,,HIAS,Health,HEA-01,,,,,5,5,,,,,,,,,,\n", t);
    REQUIRE(r.rows_used == 1);
    CHECK(t.orgs.name(t.appealing_org()[0]) == "HIAS");
    CHECK(t.implementing_org()[0] == t.appealing_org()[0]);
}

TEST_CASE("a long-form row without population group is rejected") {
    expect_rejected("country,month,partner,sector,indicator,population_group,reached\n",
                    "ECU,2023-01,A,Health,HEA-01,,5\n", "missing population_group");
}

TEST_CASE("a long-form row with an unknown population group is rejected") {
    expect_rejected("country,month,partner,sector,indicator,population_group,reached\n",
                    "ECU,2023-01,A,Health,HEA-01,tourists,5\n",
                    "unknown population group 'tourists'");
}

TEST_CASE("a month that is not YYYY-MM is rejected") {
    expect_rejected("country,month,partner,sector,indicator,population_group,reached\n",
                    "ECU,Jan-2023,A,Health,HEA-01,in_destination,5\n",
                    "month 'Jan-2023' is not YYYY-MM");
    expect_rejected("country,month,partner,sector,indicator,population_group,reached\n",
                    "ECU,2023-13,A,Health,HEA-01,in_destination,5\n",
                    "month '2023-13' is not YYYY-MM");
}

TEST_CASE("a number that does not parse is rejected, naming the column as written") {
    expect_rejected("country,month,partner,sector,indicator,population_group,Reached\n",
                    "ECU,2023-01,A,Health,HEA-01,in_destination,12.5\n",
                    "Reached '12.5' is not a whole number");
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,150,1O,10,,,,,,,,,,\n",
                    "new_beneficiaries '1O' is not a whole number");
    expect_rejected("country,month,partner,sector,indicator,population_group,reached\n",
                    "ECU,2023-01,A,Health,HEA-01,in_destination,99999999999999999999\n",
                    "reached '99999999999999999999' is too large");
}

TEST_CASE("a negative number is rejected") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,150,10,10,,,,,-2,2,,,,\n",
                    "girls is negative (-2)");
}

TEST_CASE("population groups that do not add up to new beneficiaries reject the row") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,150,120,100,0,19,0,0,30,30,30,"
                    "30,0,0\n",
                    "population groups add up to 119, not new beneficiaries 120");
    // Empty group cells count as zero.
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,150,120,,,,,,,,,,,\n",
                    "population groups add up to 0, not new beneficiaries 120");
}

TEST_CASE("age/gender cells that do not add up to new beneficiaries reject the row") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,150,120,100,0,20,0,0,30,30,30,"
                    "31,0,0\n",
                    "age/gender cells add up to 121, not new beneficiaries 120");
    // One given cell is enough to require the breakdown; empty cells count as zero.
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,150,120,100,0,20,0,0,,,,"
                    "100,,\n",
                    "age/gender cells add up to 100, not new beneficiaries 120");
}

TEST_CASE("rows without any age/gender cell have no cells and are not checked against them") {
    activity_table t;
    const auto r = read(
        wide_header + "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,,120,100,0,20,0,0,,,,,,\n", t);
    REQUIRE(r.rows_used == 1);
    CHECK(t.has_cells()[0] == 0);
    CHECK(t.total_monthly()[0] == -1);
}

TEST_CASE("new beneficiaries above total monthly reject the row") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-01,UNHCR,HIAS,Health,HEA-01,,,,119,120,100,0,20,0,0,30,30,30,"
                    "30,0,0\n",
                    "new beneficiaries 120 exceed total monthly 119");
}

TEST_CASE("every problem of a row is given, separated by semicolons") {
    expect_rejected(wide_header,
                    "ECU,EC01,,2023-1,UNHCR,HIAS,,HEA-01,,,,119,120,100,0,20,0,0,30,30,30,"
                    "30,0,0\n",
                    "month '2023-1' is not YYYY-MM; missing sector; new beneficiaries 120 exceed "
                    "total monthly 119");
}

TEST_CASE("an empty or absent indicator type means direct assistance, an unknown one rejects") {
    activity_table t;
    auto r = read("country,month,partner,sector,indicator,population_group,reached\n"
                  "ECU,2023-01,A,Health,HEA-01,in_destination,5\n",
                  t);
    REQUIRE(r.rows_used == 1);
    CHECK(t.type()[0] == indicator_type::direct_assistance);
    r = read(wide_header + "ECU,,,2023-01,A,A,Health,HEA-01,,,,,5,5,,,,,,,,,,\n", t);
    REQUIRE(r.rows_used == 1);
    CHECK(t.type()[1] == indicator_type::direct_assistance);
    expect_rejected(wide_header, "ECU,,,2023-01,A,A,Health,HEA-01,Direct-ish,,,,5,5,,,,,,,,,,\n",
                    "indicator type 'Direct-ish' is not known");
}

TEST_CASE("a capacity-building row with beneficiaries is used, with a notice") {
    activity_table t;
    const auto r = read(wide_header +
                            "ECU,EC01,,2023-01,UNHCR,UNHCR,Protection (General),PRO-09,Capacity "
                            "building,Training of officials,,,40,40,,,,,,,,,,\n" +
                            "ECU,EC01,,2023-02,UNHCR,UNHCR,Protection (General),PRO-09,Capacity "
                            "building,Training of officials,,,10,10,,,,,,,,,,\n",
                        t);
    CHECK(r.rows_used == 2);
    CHECK(r.rejected.empty());
    CHECK(t.type()[0] == indicator_type::capacity_building);
    REQUIRE(r.notices.size() == 1);
    CHECK(r.notices[0].where == source_position{"a.csv", 2, 0});
    CHECK(r.notices[0].message ==
          "indicator 'PRO-09' is capacity_building, not direct assistance: its beneficiaries are "
          "kept but never count as people reached (2 rows; the first is shown)");
}

TEST_CASE("codes that do not resolve against the geography are notices naming the first line") {
    auto geo = io::read_geography_csv_text("level,code,name,parent\nplatform,ECU,Ecuador,\n"
                                           "platform,PER,Peru,\ncountry,ECU,Ecuador,ECU\n"
                                           "country,PER,Peru,PER\nadmin1,EC01,Azuay,ECU\n"
                                           "admin1,PE15,Lima,PER\n");
    const std::string text = "country,admin1,month,partner,sector,indicator,population_group,"
                             "reached\n"
                             "ECU,EC01,2023-01,A,Health,H1,in_destination,1\n" // line 2: fine
                             "XXX,,2023-01,A,Health,H1,in_destination,1\n"     // 3: country
                             "ECU,EC99,2023-01,A,Health,H1,in_destination,1\n" // 4: admin1
                             "ECU,EC99,2023-02,A,Health,H1,in_destination,1\n" // 5: same code
                             "ECU,PE15,2023-01,A,Health,H1,in_destination,1\n" // 6: other country
                             "PER,,2023-01,A,Health,H1,in_destination,1\n";    // 7: country level
    activity_table t;
    io::activity_read_options o;
    o.geo = &geo;
    const auto r = read(text, t, o);
    CHECK(r.rows_used == 6); // notices never reject
    REQUIRE(r.notices.size() == 3);
    CHECK(r.notices[0].where.line == 3);
    CHECK(r.notices[0].message == "country 'XXX' is not in the geography");
    CHECK(r.notices[1].where.line == 4);
    CHECK(r.notices[1].message ==
          "admin1 'EC99' is not in the geography (2 rows; the first is shown)");
    CHECK(r.notices[2].where.line == 6);
    CHECK(r.notices[2].message == "admin1 'PE15' belongs to PER, not ECU");
    // Without a geography nothing is checked.
    activity_table t2;
    CHECK(read(text, t2).notices.empty());
}

TEST_CASE("quoted fields with commas, quotes and newlines, a BOM and CRLF are read") {
    const std::string text = "\xEF\xBB\xBF"
                             "country,admin1,month,partner,sector,indicator,population_group,"
                             "reached\r\n"
                             "ECU,EC13,2023-01,\"Cruz Roja, Ecuador\",\"Food Security\","
                             "\"FSC-01 \"\"kits\"\"\",in_destination,4\r\n"
                             "ECU,EC13,2023-01,\"Two\r\nLines\",WASH,WSH-01,in_destination,3\r\n"
                             "ECU,EC13,2023-01,A,WASH,WSH-01,in_destination,-1\r\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_used == 2);
    REQUIRE(t.size() == 2);
    CHECK(t.countries.name(t.country()[0]) == "ECU"); // no BOM glued to the first header
    CHECK(t.orgs.name(t.appealing_org()[0]) == "Cruz Roja, Ecuador");
    CHECK(t.indicators.name(t.indicator()[0]) == "FSC-01 \"kits\"");
    CHECK(t.orgs.name(t.appealing_org()[1]) == "Two\r\nLines");
    CHECK(t.new_beneficiaries()[1] == 3);
    // The record after the two-line field starts on line 5.
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].where.line == 5);
    CHECK(r.rejected[0].reason == "reached is negative (-1)");
}

TEST_CASE(
    "an unclosed quote rejects the rest of the file as one record and keeps the rows before") {
    const std::string text = "country,month,partner,sector,indicator,population_group,reached\n"
                             "ECU,2023-01,A,Health,H1,in_destination,1\n"
                             "ECU,2023-01,\"B,Health,H1,in_destination,1\n"
                             "ECU,2023-01,C,Health,H1,in_destination,1\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_read == 2);
    CHECK(r.rows_used == 1);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].where == source_position{"a.csv", 3, 13});
    CHECK(r.rejected[0].reason.find("quoted field is not closed") == 0);
    CHECK(r.balanced());
}

TEST_CASE("a stray quote that swallows lines like rows rejects them all, naming the lines") {
    // Issue 24: the quote opened on line 3 closes on line 6 and made one row of lines 3-6 with
    // the header's 7 fields: 50 people under partner "B,Health,...", lines 4 and 5 listed nowhere.
    const std::string text = "country,month,partner,sector,indicator,population_group,reached\n"
                             "ECU,2023-01,A,Health,H1,in_destination,10\n"
                             "ECU,2023-01,\"B,Health,H1,in_destination,20\n"
                             "ECU,2023-01,C,Health,H1,in_destination,30\n"
                             "ECU,2023-01,D,Health,H1,in_destination,40\n"
                             "ECU,2023-01,E \"x\",Health,H1,in_destination,50\n"
                             "ECU,2023-01,F,Health,H1,in_destination,60\n";
    for (const std::size_t chunk : {std::size_t{0}, std::size_t{30}, std::size_t{70}}) {
        CAPTURE(chunk);
        activity_table t;
        io::activity_read_options o;
        o.threads = chunk ? 3 : 1;
        o.chunk_bytes = chunk;
        const auto r = read(text, t, o);
        CHECK(r.rows_read == 3);
        CHECK(r.rows_used == 2);
        CHECK(r.lines_read == 6); // every data line accounted for
        REQUIRE(r.rejected.size() == 1);
        CHECK(r.rejected[0].where == source_position{"a.csv", 3, 0});
        CHECK(r.rejected[0].through == 6);
        CHECK(r.rejected[0].to_string() ==
              "a.csv:3: rejected: a quoted field opened here (column 13) takes the 3 lines below "
              "it, which all look like rows of 7 fields: a stray quote? The row and the lines it "
              "takes are not used (lines 3-6)");
        CHECK(t.size() == 2);
    }
    // A cell with a line break is one row of two lines, used.
    activity_table t;
    const auto r = read("country,month,partner,sector,indicator,population_group,reached\n"
                        "ECU,2023-01,\"Cruz Roja\nEcuador\",Health,H1,in_destination,10\n",
                        t);
    CHECK(r.rows_used == 1);
    CHECK(r.lines_read == 2);
}

TEST_CASE("a header that is not an activity header is a parse error naming what is missing") {
    activity_table t;
    try {
        read("country,admin1,value\nECU,EC01,3\n", t);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::parse);
        CHECK(e.where() == source_position{"a.csv", 1, 0});
        CHECK(e.detail() == "not an activity file: missing column(s) month; sector; indicator; "
                            "appealing_org, implementing_org or partner; new_beneficiaries or "
                            "reached (or a column per population group) (the closest layout is "
                            "'R4V 5W export (2023)')");
    }
    CHECK_THROWS_AS(read("", t), tally::error);
    // Two spellings of one group would count it twice.
    CHECK_THROWS_AS(
        read("country,month,partner,sector,indicator,host_community,Host_Communities\n", t),
        tally::error);
    // The long and the wide form at once is ambiguous.
    CHECK_THROWS_AS(read("country,month,partner,sector,indicator,population_group,reached,"
                         "in_transit\n",
                         t),
                    tally::error);
}

TEST_CASE("columns that match no field are told once as notices") {
    activity_table t;
    const auto r = read("country,month,partner,sector,indicator,population_group,reached,Remarks\n"
                        "ECU,2023-01,A,Health,H1,in_destination,1,ok\n",
                        t);
    CHECK(r.rows_used == 1);
    REQUIRE(r.notices.size() == 1);
    CHECK(r.notices[0].where.line == 1);
    CHECK(r.notices[0].message == "column 'Remarks' is not used");
}

TEST_CASE("an unreadable CVA flag is kept as unknown with a notice") {
    activity_table t;
    const auto r =
        read(wide_header + "ECU,,,2023-01,A,A,Health,HEA-01,,,maybe,,5,5,,,,,,,,,,\n", t);
    CHECK(r.rows_used == 1);
    CHECK(t.cva()[0] == cva_flag::unknown);
    CHECK(has_notice(r, 2, "CVA 'maybe' is not yes or no"));
}

TEST_CASE("rows read equal rows used plus rows rejected, across files into one table") {
    const std::string head = "country,month,partner,sector,indicator,population_group,reached\n";
    activity_table t;
    io::validation_report all;
    all.merge(io::read_activities_text(head + "ECU,2023-01,A,H,H1,in_destination,1\n"
                                              "ECU,2023-01,A,H,H1,in_destination\n"
                                              "ECU,2023-01,A,H,H1,nobody,1\n"
                                              "PER,2023-01,B,H,H1,in_transit,2\n",
                                       "one.csv", t));
    all.merge(io::read_activities_text(head + "ECU,2023-02,A,H,H1,in_destination,x\n"
                                              "ECU,2023-02,A,H,H1,in_destination,4\n",
                                       "two.csv", t));
    CHECK(all.rows_read == 6);
    CHECK(all.rows_used == 3);
    CHECK(all.rejected.size() == 3);
    CHECK(all.balanced());
    CHECK(t.size() == 3);
    CHECK(t.files.size() == 2);
    CHECK(t.files.name(t.file()[2]) == "two.csv");
    CHECK(t.source_line()[2] == 3);
}

TEST_CASE("reading two halves into two tables and merging equals reading the whole") {
    const std::string head = "country,admin1,month,partner,sector,indicator,population_group,"
                             "reached\n";
    const std::string first = "ECU,EC01,2023-01,A,Health,H1,in_destination,5\n"
                              "PER,PE15,2023-01,B,WASH,W1,in_transit,7\n";
    const std::string second = "PER,PE15,2023-02,A,Health,H2,host_community,3\n"
                               "ECU,,2023-01,C,WASH,W1,in_destination,2\n";
    activity_table whole, a, b;
    read(head + first + second, whole);
    read(head + first, a);
    read(head + second, b);
    a.merge(b);
    REQUIRE(a.size() == whole.size());
    for (std::size_t i = 0; i < whole.size(); ++i) {
        CHECK(a.countries.name(a.country()[i]) == whole.countries.name(whole.country()[i]));
        CHECK(a.admin1()[i] == whole.admin1()[i]);
        CHECK(a.orgs.name(a.appealing_org()[i]) == whole.orgs.name(whole.appealing_org()[i]));
        CHECK(a.sectors.name(a.sector()[i]) == whole.sectors.name(whole.sector()[i]));
        CHECK(a.indicators.name(a.indicator()[i]) == whole.indicators.name(whole.indicator()[i]));
        CHECK(a.month_index()[i] == whole.month_index()[i]);
        CHECK(a.new_beneficiaries()[i] == whole.new_beneficiaries()[i]);
        CHECK(a.groups_of(i)[0] == whole.groups_of(i)[0]);
        CHECK(a.group_values_of(i)[0] == whole.group_values_of(i)[0]);
    }
    // Same text, same encoding: the dictionaries list the same values in the same order.
    CHECK(std::equal(a.orgs.begin(), a.orgs.end(), whole.orgs.begin(), whole.orgs.end()));
    CHECK(std::equal(a.countries.begin(), a.countries.end(), whole.countries.begin(),
                     whole.countries.end()));
}

TEST_CASE("the benchmark's tiny fixture reads completely") {
    const std::string path = TALLY_SHARED_DIR "/bench/fixtures/tiny_activities.csv";
    if (!std::ifstream(path)) {
        MESSAGE("skipped: " << path << " is absent");
        return;
    }
    activity_table t;
    const auto r = io::read_activities(path, t);
    // Counted by hand from the 9 rows of the file.
    CHECK(r.rows_read == 9);
    CHECK(r.rows_used == 9);
    CHECK(r.rejected.empty());
    CHECK(r.notices.empty());
    CHECK(t.countries.size() == 3); // COL, PER, CHL
    CHECK(t.orgs.size() == 5);      // A..E
    CHECK(t.admin1s.size() == 4);   // COL-01, COL-02, PER-01, CHL-01
    std::int64_t total = 0, transit = 0;
    const auto transit_id = t.groups().id_of("in_transit");
    for (std::size_t i = 0; i < t.size(); ++i) {
        total += t.new_beneficiaries()[i];
        if (t.groups_of(i)[0] == transit_id)
            transit += t.group_values_of(i)[0];
    }
    CHECK(total == 10 + 5 + 12 + 20 + 7 + 3 + 4 + 128 + 0);
    CHECK(transit == 4);
    CHECK(t.source_line()[8] == 10);
    CHECK(t.countries.name(t.country()[8]) == "CHL");
}

TEST_CASE("a missing file is an io error") {
    activity_table t;
    try {
        io::read_activities("/nonexistent/5w.csv", t);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::io);
    }
}

namespace {

// A wide file whose records cross line ends in every way the reader knows: quoted partner names
// with LF, CRLF and lone CR inside, CRLF and lone-CR line ends, blank lines, rejected rows and
// rows that raise notices. expected_rejected gets the line of every row that must be rejected,
// counted here independently of the reader.
std::string tricky_wide_file(std::vector<std::size_t>& expected_rejected, std::size_t& good) {
    std::string s = "\xEF\xBB\xBF" + wide_header;
    std::size_t line = 2;
    const char* breaks[] = {"\n", "\r\n", "\r"};
    for (int i = 0; i < 240; ++i) {
        std::string org = "ORG" + std::to_string(i % 17);
        std::size_t inner = 0; // line ends inside the quoted name
        if (i % 5 == 0) {
            org = "\"Org " + std::to_string(i % 7) + breaks[i % 3] + "\"\"quoted\"\", part\"";
            inner = 1;
        }
        const bool bad = i % 11 == 3;
        const std::string cva = i % 13 == 0 ? "maybe" : (i % 2 ? "Yes" : "No");
        const std::string type = i % 19 == 0 ? "Capacity building" : "Direct assistance";
        const int n = i % 9; // new beneficiaries, all in destination, no cells
        s += "ECU,EC" + std::to_string(i % 4) + "," + (i % 6 ? "" : "EC0101") + ",2023-0" +
             std::to_string(1 + i % 9) + "," + org + ",HIAS,WASH,W" + std::to_string(i % 3) + "," +
             type + "," + (i % 4 ? "" : "Water") + "," + cva + "," + (i % 8 ? "" : "50") + "," +
             (bad ? "-1" : std::to_string(n)) + "," + (bad ? "0" : std::to_string(n)) +
             ",0,0,0,0,,,,,,";
        if (bad)
            expected_rejected.push_back(line);
        else
            ++good;
        s += breaks[(i / 3) % 3];
        line += 1 + inner;
        if (i % 10 == 9) { // a blank line (after a lone CR, a LF would only make it a CRLF)
            s += breaks[(i / 3) % 3];
            ++line;
        }
    }
    return s;
}

void check_same_table(const activity_table& a, const activity_table& b) {
    REQUIRE(a.size() == b.size());
    auto same_dict = [](const dictionary& x, const dictionary& y) {
        REQUIRE(x.size() == y.size());
        for (code_id i = 0; i < x.size(); ++i)
            CHECK(x[i] == y[i]);
    };
    same_dict(a.countries, b.countries);
    same_dict(a.admin1s, b.admin1s);
    same_dict(a.admin2s, b.admin2s);
    same_dict(a.orgs, b.orgs);
    same_dict(a.sectors, b.sectors);
    same_dict(a.indicators, b.indicators);
    same_dict(a.activities, b.activities);
    same_dict(a.files, b.files);
    for (std::size_t i = 0; i < a.size(); ++i) {
        CHECK(a.country()[i] == b.country()[i]);
        CHECK(a.admin1()[i] == b.admin1()[i]);
        CHECK(a.admin2()[i] == b.admin2()[i]);
        CHECK(a.month_index()[i] == b.month_index()[i]);
        CHECK(a.appealing_org()[i] == b.appealing_org()[i]);
        CHECK(a.implementing_org()[i] == b.implementing_org()[i]);
        CHECK(a.sector()[i] == b.sector()[i]);
        CHECK(a.indicator()[i] == b.indicator()[i]);
        CHECK(a.type()[i] == b.type()[i]);
        CHECK(a.activity()[i] == b.activity()[i]);
        CHECK(a.cva()[i] == b.cva()[i]);
        CHECK(a.total_monthly()[i] == b.total_monthly()[i]);
        CHECK(a.new_beneficiaries()[i] == b.new_beneficiaries()[i]);
        CHECK(a.has_cells()[i] == b.has_cells()[i]);
        CHECK(a.file()[i] == b.file()[i]);
        CHECK(a.source_line()[i] == b.source_line()[i]);
        const auto ga = a.groups_of(i), gb = b.groups_of(i);
        const auto va = a.group_values_of(i), vb = b.group_values_of(i);
        REQUIRE(ga.size() == gb.size());
        for (std::size_t k = 0; k < ga.size(); ++k) {
            CHECK(ga[k] == gb[k]);
            CHECK(va[k] == vb[k]);
        }
    }
}

void check_same_report(const io::validation_report& a, const io::validation_report& b) {
    CHECK(a.rows_read == b.rows_read);
    CHECK(a.rows_used == b.rows_used);
    REQUIRE(a.rejected.size() == b.rejected.size());
    for (std::size_t i = 0; i < a.rejected.size(); ++i) {
        CHECK(a.rejected[i].where == b.rejected[i].where);
        CHECK(a.rejected[i].reason == b.rejected[i].reason);
    }
    REQUIRE(a.notices.size() == b.notices.size());
    for (std::size_t i = 0; i < a.notices.size(); ++i) {
        CHECK(a.notices[i].where == b.notices[i].where);
        CHECK(a.notices[i].message == b.notices[i].message);
    }
}

} // namespace

TEST_CASE("slices read on several threads give the table and report of one sequential read") {
    std::vector<std::size_t> bad_lines;
    std::size_t good = 0;
    const std::string text = tricky_wide_file(bad_lines, good);
    activity_table one;
    io::activity_read_options sequential;
    sequential.threads = 1;
    const auto r1 = read(text, one, sequential);
    // The sequential read against the file's construction.
    CHECK(r1.rows_used == good);
    REQUIRE(r1.rejected.size() == bad_lines.size());
    for (std::size_t i = 0; i < bad_lines.size(); ++i)
        CHECK(r1.rejected[i].where.line == bad_lines[i]);
    CHECK(one.orgs.find("Org 0\n\"quoted\", part"));
    CHECK(one.orgs.find("Org 5\r\"quoted\", part"));
    // Notices too: CVA 'maybe' on rows i % 13 == 0 (19 of them, 2 rejected: i = 91 and 234),
    // and the three indicators W0..W2 where they are capacity building.
    REQUIRE(r1.notices.size() == 4);
    CHECK(r1.notices[0].message ==
          "CVA 'maybe' is not yes or no; kept as unknown (17 rows; the first is shown)");
    // Slices of every size, most of them cut inside a quoted name or between CR and LF.
    for (unsigned threads : {1u, 2u, 3u})
        for (std::size_t chunk : {1u, 2u, 7u, 13u, 64u, 333u, 1000u}) {
            CAPTURE(threads);
            CAPTURE(chunk);
            io::activity_read_options o;
            o.threads = threads;
            o.chunk_bytes = chunk;
            activity_table t;
            const auto r = read(text, t, o);
            check_same_table(one, t);
            check_same_report(r1, r);
        }
}

TEST_CASE("an unclosed quote in a later slice ends the read where a sequential read ends it") {
    const std::string head = "country,month,partner,sector,indicator,population_group,reached\n";
    std::string text = head;
    for (int i = 0; i < 30; ++i)
        text += "ECU,2023-01,P" + std::to_string(i) + ",H,H1,in_destination,1\n";
    text += "ECU,2023-01,\"never closed,H,H1,in_destination,1\n"; // line 32
    for (int i = 0; i < 30; ++i)
        text += "PER,2023-01,Q" + std::to_string(i) + ",H,H1,in_destination,1\n";
    for (std::size_t chunk : {0u, 5u, 50u, 400u}) {
        CAPTURE(chunk);
        io::activity_read_options o;
        o.threads = 2;
        o.chunk_bytes = chunk;
        activity_table t;
        const auto r = read(text, t, o);
        CHECK(t.size() == 30);
        CHECK(t.countries.size() == 1);
        REQUIRE(r.rejected.size() == 1);
        CHECK(r.rejected[0].where.line == 32);
        CHECK(r.balanced());
    }
}

TEST_CASE("a 5W file with lone CR line ends is read row by row") {
    const std::string text = "country,month,partner,sector,indicator,population_group,reached\r"
                             "ECU,2023-01,A,WASH,W1,in_destination,5\r"
                             "ECU,2023-02,B,WASH,W1,host_community,x\r"
                             "PER,2023-01,A,WASH,W1,in_destination,7\r";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_read == 3);
    REQUIRE(t.size() == 2);
    CHECK(t.new_beneficiaries()[1] == 7);
    CHECK(t.source_line()[1] == 4);
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].where.line == 3);
}

TEST_CASE("partner names sharing a long prefix each get their own id") {
    // Names that differ only in their last bytes (after a shared 24-byte prefix) must not be
    // taken for one another by the interning cache.
    std::string text = "country,month,partner,sector,indicator,population_group,reached\n";
    const int n = 3000;
    for (int i = 0; i < n; ++i)
        text += "ECU,2023-01,ORGANISATION_PARTNER_NAME_" + std::to_string(100000 + i) +
                ",H,H1,in_destination,1\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_used == static_cast<std::size_t>(n));
    REQUIRE(t.orgs.size() == static_cast<std::size_t>(n));
    for (int i = 0; i < n; i += 499)
        CHECK(t.orgs[t.appealing_org()[static_cast<std::size_t>(i)]] ==
              "ORGANISATION_PARTNER_NAME_" + std::to_string(100000 + i));
}

TEST_CASE("reading a file maps it and gives what reading its text gives") {
    std::vector<std::size_t> bad_lines;
    std::size_t good = 0;
    const std::string text = tricky_wide_file(bad_lines, good);
    const std::string path = "io_activity_reader_mapped.csv";
    { std::ofstream(path, std::ios::binary) << text; }
    activity_table from_text, from_file;
    io::activity_read_options o;
    o.threads = 2;
    o.chunk_bytes = 100;
    const auto a = io::read_activities_text(text, path, from_text);
    const auto b = io::read_activities(path, from_file, o);
    check_same_table(from_text, from_file);
    check_same_report(a, b);
    std::remove(path.c_str());
}

TEST_CASE("names of every length up to 24 bytes that differ in one byte are told apart") {
    std::string text = "country,month,partner,sector,indicator,population_group,reached\n";
    std::vector<std::string> names;
    for (std::size_t len = 1; len <= 24; ++len)
        for (std::size_t at = 0; at < len; ++at) {
            std::string a(len, 'n'), b(len, 'n');
            b[at] = 'm';
            for (const auto& s : {a, b})
                if (std::find(names.begin(), names.end(), s) == names.end())
                    names.push_back(s);
        }
    for (const auto& s : names)
        text += "ECU,2023-01," + s + ",H,H1,in_destination,1\n";
    activity_table t;
    read(text, t);
    REQUIRE(t.orgs.size() == names.size());
    for (std::size_t i = 0; i < names.size(); ++i)
        CHECK(t.orgs[t.appealing_org()[i]] == names[i]);
}

} // namespace test_io_activity_reader

namespace test_io_activity_reader {

// An HXL-tagged 5W: a title row and a row of Spanish names above the hashtag row (line 3).
const std::string hxl_5w =
    "Reporte 5W,,,,,,,,,,,,\n"
    "País,Departamento,Mes,Socio,Implementador,Sector,Actividad,Indicador,Alcanzados,"
    "En destino,Comunidad de acogida,Niñas,Mujeres\n"
    "#country+code,#adm1+name,#date+month,#org+prog,#org+impl,#sector,#subsector,#indicator+code,"
    "#reached,#reached+in_destination,#reached+host,#reached+f+children,#reached+f+adults\n"
    "PER,Lima,2025-03,UNHCR,HIAS,Health,Vacunación,HEA-01,30,20,10,12,18\n"
    "PER,Lima,2025-03,UNHCR,HIAS,Health,Vacunación,HEA-02,30,20,5,12,18\n";

TEST_CASE("an HXL-tagged 5W is read by its tags under title and name rows") {
    activity_table t;
    const auto r = io::read_activities_text(hxl_5w, "h.csv", t);
    CHECK(r.rows_read == 2);
    CHECK(r.rows_used == 1);
    CHECK(r.notices.empty());
    REQUIRE(r.rejected.size() == 1);
    CHECK(r.rejected[0].where.line == 5); // lines are the file's
    CHECK(r.rejected[0].reason == "population groups add up to 25, not new beneficiaries 30");
    REQUIRE(t.size() == 1);
    CHECK(t.countries.name(t.country()[0]) == "PER");
    CHECK(t.admin1s.name(t.admin1()[0]) == "Lima");
    CHECK(t.month_index()[0] == month(2025, 3).index());
    CHECK(t.orgs.name(t.appealing_org()[0]) == "UNHCR");
    CHECK(t.orgs.name(t.implementing_org()[0]) == "HIAS");
    CHECK(t.activities.name(t.activity()[0]) == "Vacunación");
    CHECK(t.new_beneficiaries()[0] == 30);
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::girls)] == 12);
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::women)] == 18);
    const auto gs = t.groups_of(0);
    REQUIRE(gs.size() == 2);
    CHECK(gs[0] == t.groups().id_of("in_destination"));
    CHECK(gs[1] == t.groups().id_of("host_community"));
    CHECK(t.source_line()[0] == 4);
}

TEST_CASE("a hashtag row as the first line is the header, parts the table cannot hold are told") {
    activity_table t;
    const auto r = io::read_activities_text(
        "#country,#date,#org,#sector,#indicator,#reached,#reached+f,#targeted\n"
        "ECU,2025-01,IOM,WASH,WSH-01,8,5,10\n",
        "h.csv", t);
    CHECK(r.rows_used == 1);
    REQUIRE(r.notices.size() == 2);
    CHECK(r.notices[0].message == "column '#reached+f' is not used");
    CHECK(r.notices[1].message == "column '#targeted' is not used");
    CHECK(t.orgs.name(t.appealing_org()[0]) == "IOM");
    CHECK(t.orgs.name(t.implementing_org()[0]) == "IOM"); // one organisation fills both roles
}

TEST_CASE("an HXL 5W with a repeated tag or a missing field is refused at its hashtag row") {
    activity_table t;
    auto message = [&](const std::string& text) {
        try {
            (void)io::read_activities_text(text, "h.csv", t);
        } catch (const error& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    // Repeated: a tag no field uses is refused all the same (the reader cannot choose).
    CHECK(message("Names,,,,,,,\n"
                  "#country,#date,#org,#sector,#indicator,#reached,#targeted+f,#targeted +F\n"
                  "ECU,2025-01,IOM,WASH,WSH-01,8,1,2\n")
              .find("h.csv:2: HXL tag '#targeted+f' appears twice (columns 7 and 8)") !=
          std::string::npos);
    CHECK(message("#country,#org,#sector,#reached\nECU,IOM,WASH,1\n")
              .find("h.csv:1: not an activity file: missing HXL tag(s) #date; #indicator") !=
          std::string::npos);
    CHECK(message("#country,#date,#org,#sector+code,#sector+cluster,#indicator,#reached\n")
              .find("HXL tag '#sector' matches columns 4 (#sector+code) and 5") ==
          std::string::npos); // +code is taken first: no ambiguity
    CHECK(message("#country,#date,#org,#sector+cluster,#sector+type,#indicator,#reached\n")
              .find("HXL tag '#sector' matches columns 4 (#sector+cluster) and 5 "
                    "(#sector+type), and neither exactly") != std::string::npos);
}

} // namespace test_io_activity_reader

namespace test_io_activity_reader {

TEST_CASE("the R4V 2025 5W template and ActivityInfo export names map to the columns") {
    const std::string text =
        "Platform,Country Country,countryISO,Country Admin1,Month,Appealing organisation,"
        "Implementing organisation,Indicator Sector,Indicator,Indicator Type,"
        "New beneficiaries of the month,Refugees and Migrants IN DESTINATION,"
        "Refugees and Migrants IN TRANSIT,Host Communities,Colombian Returnees,Women under 18,"
        "Men under 18,Women above 18,Men above 18\n"
        "Peru,Perú,PER,Lima,2025-02,UNHCR,HIAS,Health,HEA-01,PiN,10,4,3,2,1,1,2,3,4\n"
        "Peru,Perú,PER,Lima,2025-02,UNHCR,HIAS,Health,HEA-09,non-PiN,0,0,0,0,0,0,0,0,0\n";
    activity_table t;
    const auto r = read(text, t);
    CHECK(r.rows_used == 2);
    CHECK(r.rejected.empty());
    // Only the platform (the country's, from the geography) and the country's name are left.
    REQUIRE(r.notices.size() == 2);
    CHECK(r.notices[0].message == "column 'Platform' is not used");
    CHECK(r.notices[1].message == "column 'Country Country' is not read: country is read from "
                                  "'countryISO'");
    REQUIRE(t.size() == 2);
    CHECK(t.countries.name(t.country()[0]) == "PER");
    CHECK(t.admin1s.name(t.admin1()[0]) == "Lima");
    CHECK(t.sectors.name(t.sector()[0]) == "Health");
    CHECK(t.type()[0] == indicator_type::direct_assistance);
    CHECK(t.type()[1] == indicator_type::other);
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::girls)] == 1);
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::men)] == 4);
    const auto gs = t.groups_of(0);
    REQUIRE(gs.size() == 4);
    CHECK(gs[0] == t.groups().id_of("in_destination"));
    CHECK(gs[1] == t.groups().id_of("in_transit"));
    CHECK(gs[3] == t.groups().id_of("returnees"));
    // Without countryISO, "Country Country" is the country.
    activity_table u;
    const auto r2 = read("Country Country,Month,Partner,Indicator Sector,Indicator,"
                         "New beneficiaries of the month\nPerú,2025-02,IOM,Health,HEA-01,3\n",
                         u);
    CHECK(r2.rows_used == 1);
    CHECK(u.countries.name(u.country()[0]) == "Perú");
}

} // namespace test_io_activity_reader
