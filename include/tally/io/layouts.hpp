#pragma once
// The layouts tally knows, as data: for each kind of file that people download or fill in, the
// column names its publisher writes and the role each has for a reader (io/column_map.hpp says
// how a layout is chosen and what happens to the columns no layout knows). `tally check FILE`
// prints the layout it recognised as a column map a user can copy and edit; docs/readers.md shows
// each one.
//
// 5W activities (reader "activities"):
//   - R4V 5W export (2022), (2023), (2024): the ActivityInfo 5W exports the R4V platforms publish
//     with their consolidation scripts (`Country, Admin1, Admin2, Appealing_org, Implementation,
//     Implementing_partner, Month, Subsector, Indicator, ...`): 2022 has `COVID19`, 2024
//     `Platform`. `Subsector` is the sector; `Other_under`/`Other_above` are the age/gender
//     cells of people of other genders;
//   - R4V 5W template, Spanish (2022): the Spanish template of the platforms reporting in
//     Spanish (`País Country, País Admin1, Socio principal Nombre, Método de implementacion, ...,
//     Nuevos beneficiarios del mes, Refugiados y migrantes EN DESTINO, ..., Otro adultos`);
//   - 5W, French names: the names francophone 5W files use (`Pays, Région, Mois, Organisation,
//     Partenaire de mise en oeuvre, Secteur, Indicateur, Nouveaux bénéficiaires, Filles, ...`);
//   - R4V 5W template (2025): the monitoring template (`Country Country, Country Admin1, Admin2
//     Admin2, Appealing organisation Name, ..., Indicator Indicator, ...`), also as Excel
//     "Unicode text";
//   - ActivityInfo RMRP database: the names of the R4V ActivityInfo forms as queried (`Country
//     countryISO`, `Country Admin1ISOCode`, `Indicator Indicator Type`, ...);
//   - tally: tally's own names and their usual spellings (`country`, `admin1`, `month`,
//     `appealing_org`, `new_beneficiaries`, a column per population group, or the long form with
//     `population_group` and `reached`).
// Plans (reader "plan"):
//   - R4V planning workbook, PiN sheet and Target sheet (2021-2026): `PiN Platform, PiN Country,
//     PiN Admin1, Subsector, PiN 2022 Total Girls, ..., PiN Total, PiN Dest GIrls, ..., PiN Dest
//     Total, PiN Transit ..., PiN HC ..., PiN Pendular ..., PiN Returnees ...` (the sheet
//     `Target` the same with `Target`; the source's own spelling `GIrls` included). Each
//     population-group block is that group's figure with its four age/gender cells;
//   - tally: `country, admin1, sector, population_group, pin, target` and the age/gender cells
//     `pin_girls`, ..., `target_other_above_18`.

#include <string>
#include <tally/core/population_group.hpp>
#include <tally/io/column_map.hpp>
#include <vector>

namespace tally::io {} // namespace tally::io

namespace tally::detail {

inline io::layout_entry entry(std::string role, std::initializer_list<const char*> names) {
    io::layout_entry e{std::move(role), {}};
    for (auto n : names)
        e.names.emplace_back(n);
    return e;
}

/// The free-text and CVA columns of the R4V 5W exports: known, not read.
inline std::vector<io::layout_entry> r4v_export_common() {
    return {
        entry("country", {"Country"}),
        entry("admin1", {"Admin1"}),
        entry("admin2", {"Admin2"}),
        entry("appealing_org", {"Appealing_org"}),
        entry("implementation", {"Implementation"}),
        entry("implementing_org", {"Implementing_partner"}),
        entry("month", {"Month"}),
        entry("sector", {"Subsector"}),
        entry("indicator", {"Indicator"}),
        entry("ignore", {"Activity_Name", "Activity_Description", "Value", "Delivery_mechanism",
                         "Quantity_output"}),
        entry("activity", {"RMRPActivity"}),
        entry("cva", {"CVA"}),
        entry("total_monthly", {"Total_monthly"}),
        entry("new_beneficiaries", {"New_beneficiaries"}),
        entry("new_beneficiaries@in_destination", {"IN_DESTINATION"}),
        entry("new_beneficiaries@in_transit", {"IN_TRANSIT"}),
        entry("new_beneficiaries@host_community", {"Host_Communities"}),
        entry("new_beneficiaries@pendular", {"PENDULARS"}),
        entry("new_beneficiaries@returnees", {"Returnees"}),
        entry("girls", {"Girls"}),
        entry("boys", {"Boys"}),
        entry("women", {"Women"}),
        entry("men", {"Men"}),
        entry("other_under_18", {"Other_under"}),
        entry("other_above_18", {"Other_above"}),
    };
}

/// The names of the R4V ActivityInfo forms (2023 onwards), shared by the 2025 template.
inline std::vector<io::layout_entry> r4v_activityinfo_common() {
    return {
        entry("admin2", {"Admin2 Admin2", "Admin2"}),
        entry("appealing_org", {"Appealing organisation Name"}),
        entry("implementation", {"Implementation Set up"}),
        entry("implementing_org", {"Implementing partner Name"}),
        entry("month", {"Month"}),
        entry("sector", {"Indicator Sector"}),
        entry("ignore", {"Activity Name", "Activity Description", "Value (in USD)",
                         "Delivery mechanism", "Quantity of output"}),
        entry("activity", {"RMRP Activity"}),
        entry("cva", {"CVA"}),
        entry("total_monthly", {"Total monthly beneficiaries"}),
        entry("new_beneficiaries", {"New beneficiaries of the month"}),
        entry("new_beneficiaries@in_destination", {"Refugees and Migrants IN DESTINATION"}),
        entry("new_beneficiaries@in_transit", {"Refugees and Migrants IN TRANSIT"}),
        entry("new_beneficiaries@host_community", {"Host Communities Beneficiaries"}),
        entry("new_beneficiaries@pendular", {"Refugees and Migrants PENDULARS"}),
        entry("new_beneficiaries@returnees", {"Colombian Returnees"}),
        entry("girls", {"Women under 18"}),
        entry("boys", {"Men under 18"}),
        entry("women", {"Women above 18"}),
        entry("men", {"Men above 18"}),
        entry("other_under_18", {"Other under 18"}),
        entry("other_above_18", {"Other above 18"}),
    };
}

inline std::vector<io::layout> make_activity_layouts() {
    std::vector<io::layout> out;
    {
        io::layout l{"R4V 5W export (2023)", "activities", r4v_export_common(), false};
        out.push_back(l);
        l.name = "R4V 5W export (2022)";
        l.entries.push_back(entry("ignore", {"COVID19"}));
        out.push_back(l);
        l.name = "R4V 5W export (2024)";
        l.entries.back() = entry("ignore", {"Platform"});
        out.push_back(std::move(l));
    }
    {
        io::layout l{"R4V 5W template (2025)", "activities", {}, false};
        l.entries.push_back(entry("country", {"Country Country"}));
        l.entries.push_back(entry("admin1", {"Country Admin1"}));
        for (auto& e : r4v_activityinfo_common())
            l.entries.push_back(std::move(e));
        l.entries.push_back(entry("indicator", {"Indicator Indicator"}));
        out.push_back(std::move(l));
    }
    {
        // The Spanish template of the R4V platforms that report in Spanish (2022): the same
        // columns as the English one, in Spanish, COVID19 before the RMRP activity.
        io::layout l{"R4V 5W template, Spanish (2022)", "activities", {}, false};
        l.entries = {
            entry("country", {"País Country", "País"}),
            entry("admin1", {"País Admin1"}),
            entry("admin2", {"Admin2"}),
            entry("appealing_org", {"Socio principal Nombre", "Socio principal"}),
            entry("implementation", {"Método de implementacion", "Método de implementación"}),
            entry("implementing_org", {"Socio Implementador Nombre", "Socio implementador"}),
            entry("month", {"Month", "Mes"}),
            entry("sector", {"Indicador Sector"}),
            entry("indicator", {"Indicador"}),
            entry("ignore",
                  {"Nombre de la actividad", "Descripcion de la actividad",
                   "Descripción de la actividad", "COVID19", "Valor de transferencia (en USD)",
                   "Modalidad de entrega", "Cantidad de productos generados"}),
            entry("activity", {"Actividad RMRP"}),
            entry("cva", {"CVA"}),
            entry("total_monthly", {"Total beneficiarios mensuales"}),
            entry("new_beneficiaries", {"Nuevos beneficiarios del mes"}),
            entry("new_beneficiaries@in_destination", {"Refugiados y migrantes EN DESTINO"}),
            entry("new_beneficiaries@in_transit",
                  {"Refugiados y migrantes EN TRANSITO", "Refugiados y migrantes EN TRÁNSITO"}),
            entry("new_beneficiaries@host_community", {"Comunidades de acogida"}),
            entry("new_beneficiaries@pendular", {"Refugiados y migrantes PENDULARES"}),
            entry("new_beneficiaries@returnees", {"Colombianos Retornados"}),
            entry("girls",
                  {"Ninas y Adolescentes menores de 18", "Niñas y Adolescentes menores de 18"}),
            entry("boys",
                  {"Ninos y Adolescentes menores de 18", "Niños y Adolescentes menores de 18"}),
            entry("women", {"Mujeres adultas"}),
            entry("men", {"Hombres adultos"}),
            entry("other_under_18", {"Otro menores de 18"}),
            entry("other_above_18", {"Otro adultos"}),
        };
        l.guards_others = false;
        out.push_back(std::move(l));
    }
    {
        // 5W files with French names, as francophone coordination teams fill them.
        io::layout l{"5W, French names", "activities", {}, false};
        l.entries = {
            entry("country", {"Pays", "Code pays", "Pays ISO3"}),
            entry("admin1",
                  {"Admin1", "Région", "Region", "Province", "Département", "Departement"}),
            entry("admin2", {"Admin2", "Commune", "Cercle", "Territoire", "District"}),
            entry("month", {"Mois", "Mois de rapportage", "Période", "Periode"}),
            entry("appealing_org", {"Organisation", "Organisation principale",
                                    "Partenaire principal", "Organisation chef de file"}),
            entry("implementing_org",
                  {"Partenaire de mise en oeuvre", "Partenaire de mise en œuvre",
                   "Organisation de mise en oeuvre", "Organisation de mise en œuvre",
                   "Partenaire opérationnel"}),
            entry("sector", {"Secteur", "Cluster", "Secteur/Cluster"}),
            entry("indicator", {"Indicateur"}),
            entry("indicator_type", {"Type d'indicateur"}),
            entry("activity", {"Activité", "Activite"}),
            entry("ignore",
                  {"Description de l'activité", "Description", "Commentaires", "Remarques"}),
            entry("cva", {"Transfert monétaire", "Assistance monétaire"}),
            entry("total_monthly",
                  {"Total bénéficiaires du mois", "Bénéficiaires du mois", "Total mensuel"}),
            entry("new_beneficiaries", {"Nouveaux bénéficiaires", "Nouveaux bénéficiaires du mois",
                                        "Bénéficiaires atteints", "Personnes atteintes"}),
            entry("new_beneficiaries@in_destination", {"En destination"}),
            entry("new_beneficiaries@in_transit", {"En transit"}),
            entry("new_beneficiaries@host_community",
                  {"Communauté hôte", "Communautés hôtes", "Communauté d'accueil",
                   "Communautés d'accueil"}),
            entry("new_beneficiaries@pendular", {"Pendulaires"}),
            entry("new_beneficiaries@returnees", {"Retournés", "Rapatriés"}),
            entry("girls", {"Filles"}),
            entry("boys", {"Garçons", "Garcons"}),
            entry("women", {"Femmes"}),
            entry("men", {"Hommes"}),
            entry("other_under_18", {"Autres moins de 18 ans"}),
            entry("other_above_18", {"Autres 18 ans et plus"}),
        };
        l.guards_others = false;
        out.push_back(std::move(l));
    }
    {
        // As the R4V scripts query the forms: codes before names where both are there.
        io::layout l{"ActivityInfo RMRP database", "activities", {}, false};
        l.entries.push_back(entry("ignore", {"Record ID", "Platform"}));
        l.entries.push_back(
            entry("country", {"Country countryISO", "countryISO", "Country Country", "Country"}));
        l.entries.push_back(entry("admin1", {"Country Admin1ISOCode", "Country Admin1"}));
        for (auto& e : r4v_activityinfo_common())
            l.entries.push_back(std::move(e));
        l.entries.push_back(entry("indicator", {"Indicator Indicator", "Indicator"}));
        l.entries.push_back(
            entry("indicator_type", {"Indicator Indicator Type", "Indicator Type"}));
        out.push_back(std::move(l));
    }
    {
        io::layout l{"tally", "activities", {}, true};
        l.entries = {
            entry("country", {"countryISO", "country_iso", "country", "country_country",
                              "country_code", "country_iso3", "iso3"}),
            entry("admin1", {"admin1", "admin1_code", "admin1_pcode", "adm1", "adm1_pcode",
                             "country_admin1"}),
            entry("admin2", {"admin2", "admin2_code", "admin2_pcode", "adm2", "adm2_pcode",
                             "country_admin2"}),
            entry("month", {"month", "reporting_month", "report_month"}),
            entry("appealing_org", {"appealing_org", "appealing_organisation",
                                    "appealing_organization", "appealing_partner"}),
            entry("implementing_org", {"implementing_org", "implementing_organisation",
                                       "implementing_organization", "implementing_partner"}),
            entry("partner", {"partner", "organisation", "organization", "org"}),
            entry("implementation", {"implementation", "implementation_set_up"}),
            entry("sector", {"sector", "indicator_sector"}),
            entry("indicator", {"indicator", "indicator_code"}),
            entry("indicator_type", {"indicator_type", "type_of_indicator"}),
            entry("activity", {"rmrp_activity", "activity"}),
            entry("cva", {"cva"}),
            entry("total_monthly", {"total_monthly", "total_monthly_beneficiaries",
                                    "total_beneficiaries_monthly", "monthly_total"}),
            entry("population_group", {"population_group", "population_type", "pop_group"}),
            entry("reached", {"reached", "people_reached"}),
            entry("new_beneficiaries", {"new_beneficiaries", "new_beneficiaries_of_the_month",
                                        "new_monthly_beneficiaries"}),
            entry("girls", {"girls", "women_under_18", "female_under_18"}),
            entry("boys", {"boys", "men_under_18", "male_under_18"}),
            entry("women", {"women", "women_above_18", "women_18+", "female_above_18"}),
            entry("men", {"men", "men_above_18", "men_18+", "male_above_18"}),
            entry("other_under_18",
                  {"other_under_18", "other_below_18", "other_u18", "other_<18", "other_minors"}),
            entry("other_above_18",
                  {"other_above_18", "other_over_18", "other_18+", "other_18_plus",
                   "other_18_and_above", "other_>18", "other_>=18", "other_adults"}),
        };
        out.push_back(std::move(l));
    }
    return out;
}

inline constexpr const char* plan_cell_words[] = {"Girls", "Boys", "Women", "Men"};
inline constexpr const char* plan_cell_roles[] = {"girls", "boys", "women", "men"};

/// The R4V planning workbook's sheet of one figure ("PiN" or "Target"): the total block, whose
/// first three cells carry the plan's year ("PiN 2022 Total Girls") and the fourth not ("PiN
/// Total Men"), and one block per population group.
inline io::layout r4v_planning_sheet(const std::string& word, const std::string& figure) {
    io::layout l{"R4V planning workbook, " + word + " sheet", "plan", {}, false};
    l.entries.push_back(entry("ignore", {}));
    l.entries.back().names = {word + " Platform"};
    l.entries.push_back(io::layout_entry{"country", {word + " Country"}});
    l.entries.push_back(io::layout_entry{"admin1", {word + " Admin1"}});
    l.entries.push_back(io::layout_entry{"sector", {"Subsector"}});
    for (std::size_t k = 0; k < 4; ++k) {
        io::layout_entry e{figure + "_" + plan_cell_roles[k], {}};
        for (int year = 2019; year <= 2030; ++year)
            e.names.push_back(word + " " + std::to_string(year) + " Total " + plan_cell_words[k]);
        e.names.push_back(word + " Total " + plan_cell_words[k]);
        l.entries.push_back(std::move(e));
    }
    l.entries.push_back(io::layout_entry{figure, {word + " Total"}});
    const std::pair<const char*, const char*> blocks[] = {{"Dest", "in_destination"},
                                                          {"Transit", "in_transit"},
                                                          {"HC", "host_community"},
                                                          {"Pendular", "pendular"},
                                                          {"Returnees", "returnees"}};
    for (const auto& [block, group] : blocks) {
        for (std::size_t k = 0; k < 4; ++k) {
            io::layout_entry e{figure + "_" + plan_cell_roles[k] + "@" + group,
                               {word + " " + block + " " + plan_cell_words[k]}};
            if (k == 0) // the source's own spelling
                e.names.push_back(word + " " + block + " GIrls");
            l.entries.push_back(std::move(e));
        }
        l.entries.push_back(
            io::layout_entry{figure + "@" + group, {word + " " + block + " Total"}});
    }
    return l;
}

inline std::vector<io::layout> make_plan_layouts() {
    std::vector<io::layout> out;
    out.push_back(r4v_planning_sheet("PiN", "pin"));
    out.push_back(r4v_planning_sheet("Target", "target"));
    io::layout l{"tally", "plan", {}, false};
    l.entries = {
        entry("country", {"countryISO", "country_iso", "country", "country_country", "country_code",
                          "country_iso3", "iso3"}),
        entry("admin1",
              {"admin1", "admin1_code", "admin1_pcode", "adm1", "adm1_pcode", "country_admin1"}),
        entry("sector", {"sector"}),
        entry("population_group", {"population_group", "population_type", "pop_group"}),
        entry("pin", {"pin", "people_in_need"}),
        entry("target", {"target", "targeted", "people_targeted"}),
    };
    for (const char* c : {"girls", "boys", "women", "men", "other_under_18", "other_above_18"}) {
        l.entries.push_back(io::layout_entry{std::string("pin_") + c, {std::string("pin_") + c}});
        l.entries.push_back(
            io::layout_entry{std::string("target_") + c, {std::string("target_") + c}});
    }
    out.push_back(std::move(l));
    return out;
}

inline std::optional<std::string> group_code_in(const population_groups& g, std::string_view s) {
    if (auto id = g.find(s))
        return g.info(*id).code;
    return std::nullopt;
}

} // namespace tally::detail

namespace tally::io {

/// The built-in layouts of 5W activity files (see the file comment).
inline const std::vector<layout>& activity_layouts() {
    static const std::vector<layout> all = tally::detail::make_activity_layouts();
    return all;
}

/// The built-in layouts of plan files (see the file comment).
inline const std::vector<layout>& plan_layouts() {
    static const std::vector<layout> all = tally::detail::make_plan_layouts();
    return all;
}

/// The roles of the 5W activity reader (io/activity_reader.hpp says what each means), with the
/// population groups of groups. groups must outlive the result.
inline reader_roles activity_roles(const population_groups& groups) {
    reader_roles r;
    r.reader = "activities";
    r.article = "an activity file";
    r.roles = {"country",
               "admin1",
               "admin2",
               "month",
               "appealing_org",
               "implementing_org",
               "partner",
               "implementation",
               "sector",
               "indicator",
               "indicator_type",
               "activity",
               "cva",
               "total_monthly",
               "new_beneficiaries",
               "population_group",
               "reached",
               "girls",
               "boys",
               "women",
               "men",
               "other_under_18",
               "other_above_18"};
    r.group_figures = {"new_beneficiaries"};
    r.figures = {"total_monthly", "new_beneficiaries", "reached",       "girls", "boys", "women",
                 "men",           "other_under_18",    "other_above_18"};
    r.required = {{"country"},
                  {"month"},
                  {"sector"},
                  {"indicator"},
                  {"appealing_org", "implementing_org", "partner"},
                  {"new_beneficiaries", "reached", "new_beneficiaries@"}};
    r.group_code = [&groups](std::string_view s) {
        return tally::detail::group_code_in(groups, s);
    };
    return r;
}

/// The roles of the plan reader (io/plan_reader.hpp), with the population groups of groups.
inline reader_roles plan_roles(const population_groups& groups) {
    reader_roles r;
    r.reader = "plan";
    r.article = "a plan file";
    r.roles = {"country", "admin1", "sector", "population_group", "pin", "target"};
    for (const char* c : {"girls", "boys", "women", "men", "other_under_18", "other_above_18"}) {
        r.roles.push_back(std::string("pin_") + c);
        r.roles.push_back(std::string("target_") + c);
    }
    r.group_figures = r.roles;
    r.group_figures.erase(r.group_figures.begin(), r.group_figures.begin() + 4);
    r.figures = r.group_figures;
    r.required = {{"country"}, {"sector"}, {"pin", "target", "pin@", "target@"}};
    r.group_code = [&groups](std::string_view s) {
        return tally::detail::group_code_in(groups, s);
    };
    return r;
}

} // namespace tally::io
