#include <doctest/doctest.h>
#include <string>
#include <tally/dedup/plan.hpp>
#include <tally/dedup/reach.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/plan_reader.hpp>
#include <vector>

// The built-in layouts on files written in R4V's own layouts (tests/data/r4v/: small files made
// for these tests, with R4V's exact headers, double-encoded free text, Other_under/Other_above
// cells, Implementation Yes/No and indicators of every type). The figures are worked out by hand
// in the comments.

namespace test_io_layouts {

using namespace tally;

namespace {

const std::string data = std::string(TALLY_SOURCE_DIR) + "/tests/data/r4v/";

std::string notices_of(const io::validation_report& r) {
    std::string all;
    for (const auto& n : r.notices)
        all += std::to_string(n.where.line) + ": " + n.message + "\n";
    return all;
}

/// Reached per country (max per population group across sectors per admin1 and month), in key
/// order, with the upper bound: "ARG 73/103 BOL 80/120 ".
std::string reached(const activity_table& t, std::vector<dedup::reach_key> by) {
    const auto r = dedup::reach_pipeline(t).query({by, dedup::in_transit_rule::exclude});
    std::string out;
    for (const auto& row : r.rows) {
        for (const auto& k : row.keys)
            out += k + " ";
        out += std::to_string(row.reached.value().value()) + "/" +
               std::to_string(row.reached.upper().value()) + " ";
    }
    return out;
}

} // namespace

TEST_CASE("every built-in layout reads its own names, and each has the roles its reader needs") {
    const auto groups = population_groups::r4v();
    for (const auto* set : {&io::activity_layouts(), &io::plan_layouts()}) {
        for (const auto& l : *set) {
            CAPTURE(l.name);
            const auto roles =
                l.reader == "plan" ? io::plan_roles(groups) : io::activity_roles(groups);
            std::vector<std::string> header;
            for (const auto& e : l.entries)
                header.push_back(e.names.front());
            const auto b = io::resolve_columns(header, roles, *set, {}, "h.csv", 1);
            CHECK(b.layout == l.name);
            for (std::size_t i = 0; i < header.size(); ++i)
                CHECK(b.how[i] != io::column_binding::unused);
        }
    }
}

TEST_CASE("an R4V 5W export of 2022 reads with no header edited, and gives R4V's figures") {
    activity_table t;
    const auto r = io::read_activities(data + "5w_export_2022.csv", t);
    REQUIRE(r.layouts.size() == 1);
    CHECK(r.layouts[0].layout == "R4V 5W export (2022)");
    CHECK(r.rows_read == 9);
    CHECK(r.rows_used == 9);
    CHECK(r.rejected.empty());
    const auto notes = notices_of(r);
    CAPTURE(notes);
    // Other_under and Other_above are age/gender cells: line 3's 40 people add up with them.
    CHECK(t.age_gender_of(1)[static_cast<int>(cell::other_under_18)] == 1);
    CHECK(t.age_gender_of(1)[static_cast<int>(cell::other_above_18)] == 1);
    // Subsector is the sector; Country is the English name.
    CHECK(t.sectors.name(t.sector()[0]) == "Protection (General)");
    CHECK(t.countries.name(t.country()[0]) == "Argentina");
    // Implementation: Yes -> the partner implements; No -> the appealing organisation.
    CHECK(t.orgs.name(t.implementing_org()[0]) ==
          "Argentine Commission for Refugees and Migrants (CAREF)");
    CHECK(t.orgs.name(t.implementing_org()[1]) == "International Organization for Migration (IOM)");
    // The free text and a partner's name are double-encoded: told per column with the count,
    // and the file repaired (it was encoded twice as a whole).
    CHECK(notes.find("2: column 'Activity_Name': 4 cells hold text encoded twice as UTF-8 (such "
                     "as 'OrientaciÃ³n' for 'Orientación'), first on this line: repaired") !=
          std::string::npos);
    CHECK(t.orgs.name(t.implementing_org()[6]) == "Fundación Scalabrini Bolivia");
    // Indicators: the trained health personnel are capacity building (tally's list of R4V
    // indicators), the staff capacitated on asylum by their wording; the settlement
    // interventions are infrastructure.
    CHECK(t.type()[3] == indicator_type::capacity_building);
    CHECK(t.type()[4] == indicator_type::capacity_building);
    CHECK(t.type()[8] == indicator_type::infrastructure);
    CHECK(t.type()[0] == indicator_type::direct_assistance);
    CHECK(notes.find("1 indicator is not in tally's list of R4V indicators and typed by its "
                     "wording, not direct assistance: '# of staff members capacitated on asylum "
                     "procedures' is capacity_building ('capacitated')") != std::string::npos);
    // Line 5's groups do not add up (capacity building, R4V checks only direct assistance):
    // kept, with a notice.
    CHECK(notes.find("5: the population-group or age/gender breakdown does not add up") !=
          std::string::npos);
    // ARG: Buenos Aires 2022-08 max(33, 30) in destination + 10 host = 43; CABA 2022-08 15 in
    // destination + 5 in transit = 20; Buenos Aires 2022-09 10: 73 (sum of sectors 103).
    // BOL: La Paz 40 in destination + max(10, 20) in transit + 20 host = 80 (sum 120).
    CHECK(reached(t, {dedup::reach_key::country}) == "ARG 73/103 BOL 80/120 ");
    // The region leaves people in transit out: ARG 43 + 15 + 10, BOL 40 + 20.
    CHECK(reached(t, {dedup::reach_key::region}) == "R4V 128/188 ");
}

TEST_CASE("the 2023 export (no COVID19 column) reads as its own layout with the same figures") {
    activity_table t;
    const auto r = io::read_activities(data + "5w_export_2023.csv", t);
    REQUIRE(r.layouts.size() == 1);
    CHECK(r.layouts[0].layout == "R4V 5W export (2023)");
    CHECK(r.rows_used == 9);
    CHECK(reached(t, {dedup::reach_key::country}) == "ARG 73/103 BOL 80/120 ");
}

TEST_CASE("the 2025 template reads as Excel's Unicode text, under its title row") {
    const std::string header =
        "Country Country\tCountry Admin1\tAdmin2 Admin2\tAppealing organisation Name\t"
        "Implementation Set up\tImplementing partner Name\tMonth\tIndicator Sector\tIndicator "
        "Indicator\tActivity Name\tActivity Description\tRMRP Activity\tCVA\tValue (in USD)\t"
        "Delivery mechanism\tQuantity of output\tTotal monthly beneficiaries\tNew beneficiaries "
        "of the month\tRefugees and Migrants IN DESTINATION\tRefugees and Migrants IN TRANSIT\t"
        "Host Communities Beneficiaries\tRefugees and Migrants PENDULARS\tColombian Returnees\t"
        "Women under 18\tMen under 18\tWomen above 18\tMen above 18\tOther under 18\tOther above "
        "18";
    const std::string row = "Perú\tLima\t\tUNHCR\tYes\tHIAS\t2025-02\tHealth\t# of refugees and "
                            "migrants benefiting from primary health care consultations\tConsulta\t"
                            "\tYes\tNo\t\t\t\t12\t10\t6\t1\t3\t0\t0\t2\t2\t2\t2\t1\t1";
    const std::string utf8 = "5W - RMRP 2025\r\n" + header + "\r\n" + row + "\r\n";
    // UTF-16 LE with a byte order mark, as Excel writes "Unicode text".
    std::string utf16 = "\xFF\xFE";
    for (std::size_t i = 0; i < utf8.size();) {
        const auto c = static_cast<unsigned char>(utf8[i]);
        char32_t cp = c;
        std::size_t n = 1;
        if (c >= 0xC0) {
            cp = ((c & 0x1Fu) << 6) | (static_cast<unsigned char>(utf8[i + 1]) & 0x3Fu);
            n = 2;
        }
        utf16 += static_cast<char>(cp & 0xFF);
        utf16 += static_cast<char>(cp >> 8);
        i += n;
    }
    activity_table t;
    const auto r = io::read_activities_text(utf16, "t.txt", t);
    CAPTURE(notices_of(r));
    REQUIRE(r.layouts.size() == 1);
    CHECK(r.layouts[0].layout == "R4V 5W template (2025)");
    CHECK(r.rows_used == 1);
    CHECK(notices_of(r).find("1: line 1 above the header (line 2) read as titles, not data") !=
          std::string::npos);
    REQUIRE(t.size() == 1);
    CHECK(t.countries.name(t.country()[0]) == "Perú");
    CHECK(t.orgs.name(t.implementing_org()[0]) == "HIAS");
    CHECK(t.age_gender_of(0)[static_cast<int>(cell::other_above_18)] == 1);
    const auto gs = t.groups_of(0);
    REQUIRE(gs.size() == 5);
    CHECK(t.group_values_of(0)[2] == 3); // Host Communities Beneficiaries
}

TEST_CASE("a header renamed by hand is refused, never read smaller") {
    // The 2022 export with Subsector renamed to Sector: the tally layout reads it, but
    // Other_under and Other_above are R4V's names of cells it would leave out.
    std::string text = "Country,Admin1,Month,Appealing_org,Sector,Indicator,New_beneficiaries,"
                       "Girls,Boys,Women,Men,Other_under,Other_above\n"
                       "Argentina,Salta,2022-08,IOM,Health,HE-1,396,100,100,100,94,1,1\n";
    activity_table t;
    CHECK_THROWS_WITH_AS(io::read_activities_text(text, "x.csv", t),
                         doctest::Contains("column 'Other_under' is not read, but its name is "
                                           "close to"),
                         error);
    io::activity_read_options o;
    o.columns =
        io::column_map::parse("Other_under=other_under_18,Other_above=other_above_18", "--columns");
    const auto r = io::read_activities_text(text, "x.csv", t, o);
    CHECK(r.rows_used == 1);
    CHECK(t.new_beneficiaries()[0] == 396);
    // Ignored on purpose, they are not read; a row they would close says so.
    activity_table u;
    o.columns = io::column_map::parse("Other_under=ignore,Other_above=ignore", "--columns");
    const auto ignored = io::read_activities_text(text, "x.csv", u, o);
    REQUIRE(ignored.rejected.size() == 1);
    CHECK(ignored.rejected[0].reason ==
          "age/gender cells add up to 394, not new beneficiaries 396 (columns 'Other_under', "
          "'Other_above', not read, hold 2, which would make them add up)");
}

TEST_CASE("a file with correct and double-encoded text has its cells repaired one by one") {
    const std::string text =
        "country,admin1,month,partner,sector,indicator,new_beneficiaries,comment\n"
        "Curaçao,Willemstad,2023-01,Cruz Roja,Health,HE-1,4,ok\n"
        "Curaçao,Willemstad,2023-01,Fundaci\xC3\x83\xC2\xB3n Amiga,Health,HE-1,5,"
        "Atenci\xC3\x83\xC2\xB3n\n";
    activity_table t;
    const auto r = io::read_activities_text(text, "m.csv", t);
    const auto notes = notices_of(r);
    CAPTURE(notes);
    CHECK(t.orgs.name(t.appealing_org()[1]) == "Fundación Amiga");
    CHECK(t.countries.name(t.country()[0]) == "Curaçao");
    CHECK(notes.find("3: column 'partner': 1 cell holds text encoded twice as UTF-8 (such as "
                     "'FundaciÃ³n' for 'Fundación'), first on this line: repaired cell by cell") !=
          std::string::npos);
    CHECK(notes.find("column 'comment': 1 cell holds text encoded twice as UTF-8 (such as "
                     "'AtenciÃ³n' for 'Atención'), first on this line: left as it is (the column "
                     "is not read)") != std::string::npos);
}

TEST_CASE("the R4V planning workbook's sheets read as plans, each group block a group") {
    // Two sheets of the 2022 workbook's layout, as CSV: PiN and Target.
    std::string pin_head = "PiN Platform,PiN Country,PiN Admin1,Subsector,PiN 2022 Total Girls,"
                           "PiN 2022 Total Boys,PiN 2022 Total Women,PiN Total Men,PiN Total";
    std::string target_head = "Target Platform,Target Country,Target Admin1,Subsector,"
                              "Target 2022 Total Girls,Target 2022 Total Boys,"
                              "Target 2022 Total Women,Target Total Men,Target Total";
    for (const char* b : {"Dest", "Transit", "HC", "Pendular", "Returnees"}) {
        for (const char* c : {"GIrls", "Boys", "Women", "Men", "Total"}) {
            const std::string cell =
                std::string(c) == "GIrls" && std::string(b) != "Dest" && std::string(b) != "Transit"
                    ? "Girls" // the source spells GIrls in two blocks only
                    : c;
            pin_head += std::string(",PiN ") + b + " " + cell;
            target_head += std::string(",Target ") + b + " " + cell;
        }
    }
    // ARG Buenos Aires Education: destination 10/10/5/5, transit 1/1/1/1, host 2/2/1/1.
    // ARG Country level Education: destination 15/15/10/10, transit 2/2/2/2, host 3/3/2/2.
    const std::string pin =
        pin_head + "\n" +
        "Southern Cone,Argentina,Buenos Aires,Education,13,13,7,7,40,10,10,5,5,30,1,1,1,1,4,"
        "2,2,1,1,6,0,0,0,0,0,0,0,0,0,0\n"
        "Southern Cone,Argentina,Country level,Education,20,20,14,14,68,15,15,10,10,50,2,2,2,2,8,"
        "3,3,2,2,10,0,0,0,0,0,0,0,0,0,0\n"
        "Southern Cone,Argentina,Country level,Intersector,27,27,26,26,106,20,20,20,20,80,3,3,3,3,"
        "12,4,4,3,3,14,0,0,0,0,0,0,0,0,0,0\n";
    // The target sheet: an empty row for a key (R4V's own files have them), then its figures; a
    // row whose total is not the sum of its groups.
    const std::string target =
        target_head + "\n" +
        "Southern Cone,Argentina,Country level,Intersector,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n"
        "Southern Cone,Argentina,Country level,Intersector,10,10,10,10,40,8,8,8,8,32,1,1,1,1,4,1,"
        "1,1,1,4,0,0,0,0,0,0,0,0,0,0\n"
        "Southern Cone,Argentina,Buenos Aires,Education,1,1,1,1,5,1,1,1,1,4,0,0,0,0,0,0,0,0,0,"
        "0,0,0,0,0,0,0,0,0,0,0\n";
    plan_table t;
    const auto rp = io::read_plan_text(pin, "b.xlsx[PiN 2022]", t);
    REQUIRE(rp.layouts.size() == 1);
    CHECK(rp.layouts[0].layout == "R4V planning workbook, PiN sheet");
    CHECK(rp.rows_used == 3);
    CHECK(t.size() == 15); // five groups a row
    const auto rt = io::read_plan_text(target, "b.xlsx[Target]", t);
    CHECK(rt.layouts[0].layout == "R4V planning workbook, Target sheet");
    CHECK(rt.rows_read == 3);
    CHECK(rt.rows_used == 1);
    REQUIRE(rt.rejected.size() == 2);
    CHECK(rt.rejected[0].reason == "no figures: every PiN and target cell is empty");
    CHECK(rt.rejected[1].reason.find("Target Total 5 is not the sum of its population groups, 4") !=
          std::string::npos);
    CHECK(t.size() == 15); // the targets joined the PiN lines
    const auto g = t.groups().id_of("in_destination");
    bool joined = false;
    for (const auto& l : t.lines())
        if (l.intersector && l.group == g) {
            CHECK(l.country_total);
            CHECK(l.pin == 80);
            CHECK(l.target == 32);
            CHECK(l.pin_cells[0] == 20);
            CHECK(l.target_cells[0] == 8);
            joined = true;
        }
    CHECK(joined);
    // The region: the Country level Intersector row without people in transit: 106 - 12.
    dedup::plan_query q;
    q.by = {dedup::reach_key::region};
    const auto region = dedup::aggregate_plan(t, q);
    REQUIRE(region.rows.size() == 1);
    CHECK(region.rows[0].pin.value().value() == 94);
    CHECK(region.rows[0].target.value().value() == 36);
    // The country's Education figure is its Country level row (68), not 40 + 68.
    q.by = {dedup::reach_key::country, dedup::reach_key::sector};
    const auto by_sector = dedup::aggregate_plan(t, q);
    REQUIRE(by_sector.rows.size() == 1);
    CHECK(by_sector.rows[0].pin.value().value() == 68);
    // By admin1, Buenos Aires is its own row and the Country level row stands aside.
    q.by = {dedup::reach_key::admin1, dedup::reach_key::sector};
    const auto by_admin1 = dedup::aggregate_plan(t, q);
    REQUIRE(by_admin1.rows.size() == 1);
    CHECK(by_admin1.rows[0].keys[0] == "Buenos Aires");
    CHECK(by_admin1.rows[0].pin.value().value() == 40);
}

TEST_CASE("a sheet of proportions is no plan: its header names no figure") {
    const std::string shares =
        "Country,Admin1,Subsector,2022_Total_Girls,2022_Total_Boys,2022_Total_Women,Total_Men,"
        "Dest_GIrls,Dest_Boys,Dest_Women,Dest_Men\nBrazil,Acre,Education,0.44,0.44,0.06,0.05,"
        "0.44,0.44,0.06,0.05\n";
    plan_table t;
    CHECK_THROWS_WITH_AS(io::read_plan_text(shares, "p.xlsx[pinproportions]", t),
                         doctest::Contains("not a plan file: missing column(s)"), error);
    CHECK(io::detect_file_kind(shares, "p") != io::file_kind::plan);
}

} // namespace test_io_layouts

namespace test_io_layouts_hxl {

using namespace tally;

TEST_CASE("a column map names the columns of an HXL-tagged file by their tags") {
    const std::string text = "Country,Date,Org,Cluster,Indicator,Beneficiaries\n"
                             "#country,#date,#org,#cluster,#indicator,#beneficiaries+new\n"
                             "PER,2023-01,IOM,Health,HE-1,10\n";
    activity_table t;
    CHECK_THROWS_WITH_AS(io::read_activities_text(text, "h.csv", t),
                         doctest::Contains("missing HXL tag(s) #sector; #reached"), error);
    io::activity_read_options o;
    o.columns =
        io::column_map::parse("#cluster=sector,#beneficiaries+new=new_beneficiaries", "--columns");
    const auto r = io::read_activities_text(text, "h.csv", t, o);
    CHECK(r.rows_used == 1);
    REQUIRE(r.layouts.size() == 1);
    CHECK(r.layouts[0].layout == "HXL, with the column map");
    CHECK(r.layouts[0].map.find("#cluster = sector\n") != std::string::npos);
    CHECK(t.sectors.name(t.sector()[0]) == "Health");
    CHECK(t.new_beneficiaries()[0] == 10);
    o.columns = io::column_map::parse("#sector=sector", "--columns");
    CHECK_THROWS_WITH_AS(io::read_activities_text(text, "h.csv", t, o),
                         doctest::Contains("names column '#sector', which is not in the file's "
                                           "hashtag row"),
                         error);
}

} // namespace test_io_layouts_hxl

namespace test_io_layouts_languages {

using namespace tally;

TEST_CASE("R4V's Spanish 5W template and a French 5W read by their own names") {
    const std::string es =
        "País Country,País Admin1,Admin2,Socio principal Nombre,Método de implementacion,"
        "Socio Implementador Nombre,Month,Indicador Sector,Indicador,Nombre de la actividad,"
        "Descripcion de la actividad,COVID19,Actividad RMRP,CVA,Valor de transferencia (en USD),"
        "Modalidad de entrega,Cantidad de productos generados,Total beneficiarios mensuales,"
        "Nuevos beneficiarios del mes,Refugiados y migrantes EN DESTINO,Refugiados y migrantes EN "
        "TRANSITO,Comunidades de acogida,Refugiados y migrantes PENDULARES,Colombianos "
        "Retornados,Ninas y Adolescentes menores de 18,Ninos y Adolescentes menores de 18,Mujeres "
        "adultas,Hombres adultos,Otro menores de 18,Otro adultos\n"
        "Mexico,Jalisco,,ACNUR,Si,Sin Fronteras,2022-01,Integración,# de refugiados,Apoyo,,No,Si,"
        "Si,246,Cupones,,6,6,6,0,0,0,0,0,0,1,5,0,0\n";
    activity_table t;
    const auto r = io::read_activities_text(es, "es.csv", t);
    REQUIRE(r.layouts.size() == 1);
    CHECK(r.layouts[0].layout == "R4V 5W template, Spanish (2022)");
    CHECK(r.rows_used == 1);
    CHECK(t.orgs.name(t.implementing_org()[0]) == "Sin Fronteras");
    CHECK(t.cva()[0] == cva_flag::yes);
    const std::string fr = "Pays,Région,Mois,Organisation,Partenaire de mise en oeuvre,Secteur,"
                           "Indicateur,Nouveaux bénéficiaires,Filles,Garçons,Femmes,Hommes\n"
                           "MLI,Mopti,2024-03,UNHCR,AMSS,Protection,PRO-1,20,5,5,6,4\n";
    activity_table u;
    const auto f = io::read_activities_text(fr, "fr.csv", u);
    REQUIRE(f.layouts.size() == 1);
    CHECK(f.layouts[0].layout == "5W, French names");
    CHECK(u.admin1s.name(u.admin1()[0]) == "Mopti");
    CHECK(u.age_gender_of(0)[static_cast<int>(cell::boys)] == 5);
    // A French or Spanish name is no near miss for a file in English: 'region' is just a
    // column not used.
    activity_table v;
    const auto e =
        io::read_activities_text("country,region,month,partner,sector,indicator,new_beneficiaries\n"
                                 "PER,LAC,2023-01,IOM,Health,HE-1,3\n",
                                 "en.csv", v);
    CHECK(e.rows_used == 1);
    REQUIRE(e.notices.size() == 1);
    CHECK(e.notices[0].message == "column 'region' is not used");
}

} // namespace test_io_layouts_languages
