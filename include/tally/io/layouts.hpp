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
// Needs tables (reader "needs", io/hno.hpp; the HAPI table, one figure per row, reader "HAPI
// needs"):
//   - HPC needs table: `Country ISO3, Admin 1 PCode, Admin 2 PCode, Description, Cluster,
//     Category, In Need, Targeted, Info` (the area names known and not read; Population,
//     Affected and Reached are told as not used);
//   - HNO with HXL: `#country+code`, `#adm1+code`, `#adm2+code`, `#sector+code`, `#gender`,
//     `#age+range`, `#is_disabled`, `#population_group+code`, `#category`, `#inneed`,
//     `#targeted` (a figure without its total column: the sum of parts that cover everyone);
//   - HDX HAPI humanitarian needs: `location_code, admin1_code, admin2_code, admin_level,
//     sector_code, category, population_status, population, error` (its names, dates and
//     dataset ids known and not read).
// Flows (reader "flow CSV", io/flow_csv.hpp):
//   - flow CSV: `donor, recipient, country, sector, amount_usd` and their usual spellings;
//   - HXL flows: `#country+code`, `#sector`, `#value+funding+usd` (not +required), `#org+funder`,
//     `#org+impl`, for the columns the names do not give.
// FTS flow exports (reader "FTS flow export", io/fts_csv.hpp):
//   - HDX FTS flow export: `id, amountUSD, boundary, onBoundary, status, flowType, date, ...,
//     destUsageYearEnd` and the columns of the export tally does not read (`budgetYear`,
//     `refCode`, ...).
// Requirements (reader "requirements", io/requirements_csv.hpp):
//   - requirements CSV: `country, sector, requirements_usd` (optionally `funding_usd, year,
//     plan_code, plan_id, plan_name, plan_type`) and their usual spellings;
//   - HDX FTS requirements and funding (`countryCode, id, name, code, typeId, typeName,
//     startDate, endDate, year, requirements, funding, percentFunded`), and by cluster (with
//     `clusterCode, cluster`);
//   - HDX HAPI funding: `location_code, has_hrp, in_gho, appeal_code, appeal_name, appeal_type,
//     requirements_usd, funding_usd, funding_pct, reference_period_start, ...`;
//   - HXL requirements: `#country`, `#sector`, `#value+required+usd`, `#value+funding+total+usd`,
//     `#date+year`, `#activity+appeal+id+external`, ..., for the columns the names do not give.

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

inline io::layout tag_layout(std::string name, std::string reader,
                             std::vector<io::layout_entry> entries) {
    io::layout l{std::move(name), std::move(reader), std::move(entries), false};
    l.by_tags = true;
    l.guards_others = false;
    return l;
}

inline std::vector<io::layout> make_needs_layouts() {
    std::vector<io::layout> out;
    out.push_back(
        io::layout{"HPC needs table",
                   "needs",
                   {
                       entry("country", {"Country ISO3", "iso3", "country_code", "country"}),
                       entry("admin1", {"Admin 1 PCode", "admin1_pcode", "admin1_code"}),
                       entry("admin2", {"Admin 2 PCode", "admin2_pcode", "admin2_code"}),
                       entry("description", {"Description"}),
                       entry("sector", {"Cluster", "cluster_code", "sector_code", "sector"}),
                       entry("category", {"Category"}),
                       entry("pin", {"In Need", "pin"}),
                       entry("target", {"Targeted", "target"}),
                       entry("info", {"Info"}),
                       entry("ignore", {"Admin 1 Name", "Admin 2 Name"}),
                   },
                   false});
    // The patterns hxl_needs_columns looks a needs table's columns up by (io/hno.hpp): a code
    // before a name, a total figure before its parts.
    out.push_back(tag_layout(
        "HNO with HXL", "needs",
        {
            entry("country", {"#country+code", "#country-name"}),
            entry("admin1", {"#adm1+code", "#adm1-name"}),
            entry("admin2", {"#adm2+code", "#adm2-name"}),
            entry("sector", {"#sector+code", "#sector-name"}),
            entry("gender", {"#gender"}),
            entry("age", {"#age+range", "#age-min-max"}),
            entry("disabled", {"#is_disabled"}),
            entry("population_group", {"#population_group+code", "#population_group-name"}),
            entry("category", {"#category"}),
            entry("pin", {"#inneed"}),
            entry("target", {"#targeted"}),
        }));
    return out;
}

inline std::vector<io::layout> make_hapi_needs_layouts() {
    return {io::layout{
        "HDX HAPI humanitarian needs",
        "HAPI needs",
        {
            entry("country", {"location_code"}),
            entry("admin1", {"admin1_code"}),
            entry("admin2", {"admin2_code"}),
            entry("admin_level", {"admin_level"}),
            entry("sector", {"sector_code"}),
            entry("category", {"category"}),
            entry("population_status", {"population_status"}),
            entry("population", {"population"}),
            entry("error", {"error"}),
            entry("ignore",
                  {"has_hrp", "in_gho", "provider_admin1_name", "provider_admin2_name",
                   "admin1_name", "admin2_name", "sector_name", "reference_period_start",
                   "reference_period_end", "dataset_hdx_id", "resource_hdx_id", "warning"}),
        },
        false}};
}

inline std::vector<io::layout> make_flow_layouts() {
    std::vector<io::layout> out;
    out.push_back(io::layout{"flow CSV",
                             "flow CSV",
                             {
                                 entry("donor", {"donor", "source"}),
                                 entry("recipient", {"recipient", "destination"}),
                                 entry("country", {"country"}),
                                 entry("sector", {"sector", "cluster"}),
                                 entry("amount_usd", {"amount_usd", "amountUSD", "funding_usd"}),
                             },
                             false});
    out.push_back(tag_layout("HXL flows", "flow CSV",
                             {
                                 entry("donor", {"#org+funder"}),
                                 entry("recipient", {"#org+impl"}),
                                 entry("country", {"#country+code", "#country+iso3", "#country"}),
                                 entry("sector", {"#sector+code", "#sector"}),
                                 entry("amount_usd", {"#value+funding+usd-required"}),
                             }));
    return out;
}

inline std::vector<io::layout> make_fts_flow_layouts() {
    return {
        io::layout{"HDX FTS flow export",
                   "FTS flow export",
                   {
                       entry("id", {"id"}),
                       entry("amount_usd", {"amountUSD"}),
                       entry("boundary", {"boundary"}),
                       entry("on_boundary", {"onBoundary"}),
                       entry("status", {"status"}),
                       entry("flow_type", {"flowType"}),
                       entry("date", {"date"}),
                       entry("decision_date", {"decisionDate"}),
                       entry("description", {"description"}),
                       entry("original_amount", {"originalAmount"}),
                       entry("original_currency", {"originalCurrency"}),
                       entry("src_organization", {"srcOrganization"}),
                       entry("src_locations", {"srcLocations"}),
                       entry("dest_organization", {"destOrganization"}),
                       entry("dest_locations", {"destLocations"}),
                       entry("dest_global_clusters", {"destGlobalClusters"}),
                       entry("dest_emergency", {"destEmergency"}),
                       entry("dest_project", {"destProject"}),
                       entry("dest_plan", {"destPlan"}),
                       entry("dest_plan_id", {"destPlanId"}),
                       entry("dest_usage_year_start", {"destUsageYearStart"}),
                       entry("dest_usage_year_end", {"destUsageYearEnd"}),
                       entry("ignore", {"budgetYear", "srcOrganizationTypes", "srcUsageYearStart",
                                        "srcUsageYearEnd", "destPlanCode", "destOrganizationTypes",
                                        "destProjectCode", "contributionType", "method",
                                        "firstReportedDate", "keywords", "exchangeRate", "refCode",
                                        "createdAt", "updatedAt", "versionId"}),
                   },
                   false}};
}

/// The HDX FTS requirements and funding file (one row per plan and year).
inline std::vector<io::layout_entry> hdx_requirements_entries() {
    return {
        entry("country", {"countryCode"}), entry("plan_id", {"id"}),
        entry("plan_name", {"name"}),      entry("plan_code", {"code"}),
        entry("plan_type", {"typeName"}),  entry("start_date", {"startDate"}),
        entry("year", {"year"}),           entry("requirements_usd", {"requirements"}),
        entry("funding_usd", {"funding"}), entry("ignore", {"typeId", "endDate", "percentFunded"}),
    };
}

inline std::vector<io::layout> make_requirements_layouts() {
    std::vector<io::layout> out;
    out.push_back(io::layout{
        "requirements CSV",
        "requirements",
        {
            entry("country", {"country", "countryCode", "location_code", "country_code"}),
            entry("sector", {"sector", "cluster"}),
            entry("requirements_usd", {"requirements_usd", "requirements"}),
            entry("funding_usd", {"funding_usd", "funding"}),
            entry("plan_code", {"plan_code", "appeal_code", "code"}),
            entry("plan_id", {"plan_id", "id"}),
            entry("plan_name", {"plan_name", "appeal_name", "name"}),
            entry("plan_type", {"plan_type", "appeal_type", "typeName"}),
            entry("year", {"year"}),
            entry("start_date", {"reference_period_start", "startDate"}),
        },
        false});
    out.push_back(io::layout{"HDX FTS requirements and funding", "requirements",
                             hdx_requirements_entries(), false});
    {
        io::layout l{"HDX FTS requirements and funding, by cluster", "requirements",
                     hdx_requirements_entries(), false};
        l.entries.push_back(entry("sector", {"cluster"}));
        l.entries.push_back(entry("ignore", {"clusterCode"}));
        out.push_back(std::move(l));
    }
    out.push_back(
        io::layout{"HDX HAPI funding",
                   "requirements",
                   {
                       entry("country", {"location_code"}),
                       entry("plan_code", {"appeal_code"}),
                       entry("plan_name", {"appeal_name"}),
                       entry("plan_type", {"appeal_type"}),
                       entry("requirements_usd", {"requirements_usd"}),
                       entry("funding_usd", {"funding_usd"}),
                       entry("start_date", {"reference_period_start"}),
                       entry("ignore", {"has_hrp", "in_gho", "funding_pct", "reference_period_end",
                                        "dataset_hdx_id", "resource_hdx_id", "warning", "error"}),
                   },
                   false});
    out.push_back(tag_layout("HXL requirements", "requirements",
                             {
                                 entry("country", {"#country+code", "#country+iso3", "#country"}),
                                 entry("sector", {"#sector+code", "#sector"}),
                                 entry("requirements_usd", {"#value+required+usd"}),
                                 entry("funding_usd", {"#value+funding+total+usd"}),
                                 entry("plan_code", {"#activity+appeal+id+external"}),
                                 entry("plan_id", {"#activity+appeal+id+fts_internal-type"}),
                                 entry("plan_name", {"#activity+appeal+name"}),
                                 entry("plan_type", {"#activity+appeal+type+name"}),
                                 entry("year", {"#date+year"}),
                                 entry("start_date", {"#date+start"}),
                             }));
    return out;
}

inline io::reader_roles simple_roles(std::string reader, std::string article,
                                     std::vector<std::string> roles,
                                     std::vector<std::string> figures,
                                     std::vector<std::vector<std::string>> required) {
    io::reader_roles r;
    r.reader = std::move(reader);
    r.article = std::move(article);
    r.roles = std::move(roles);
    r.figures = std::move(figures);
    r.required = std::move(required);
    return r;
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

/// The built-in layouts of needs tables read by their names or tags (HPC, HNO with HXL).
inline const std::vector<layout>& needs_layouts() {
    static const std::vector<layout> all = tally::detail::make_needs_layouts();
    return all;
}

/// The built-in layout of the HDX HAPI humanitarian-needs table (one figure per row).
inline const std::vector<layout>& hapi_needs_layouts() {
    static const std::vector<layout> all = tally::detail::make_hapi_needs_layouts();
    return all;
}

/// The built-in layouts of plain flow CSVs (names, and HXL tags for what names do not give).
inline const std::vector<layout>& flow_layouts() {
    static const std::vector<layout> all = tally::detail::make_flow_layouts();
    return all;
}

/// The built-in layout of the HDX FTS flow exports.
inline const std::vector<layout>& fts_flow_layouts() {
    static const std::vector<layout> all = tally::detail::make_fts_flow_layouts();
    return all;
}

/// The built-in layouts of requirements files (see the file comment).
inline const std::vector<layout>& requirements_layouts() {
    static const std::vector<layout> all = tally::detail::make_requirements_layouts();
    return all;
}

/// Every built-in layout, reader by reader (for `tally layouts` and docs/layouts.md).
inline std::vector<const std::vector<layout>*> all_layouts() {
    return {&activity_layouts(), &plan_layouts(),     &needs_layouts(),       &hapi_needs_layouts(),
            &flow_layouts(),     &fts_flow_layouts(), &requirements_layouts()};
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

/// The roles of the needs-table reader (io/hno.hpp), for the HPC layout and HNO files with HXL.
inline reader_roles needs_roles() {
    return tally::detail::simple_roles("needs", "a needs table",
                                       {"country", "admin1", "admin2", "sector", "gender", "age",
                                        "disabled", "population_group", "category", "description",
                                        "info", "pin", "target"},
                                       {"pin", "target"}, {{"sector"}, {"pin", "target"}});
}

/// The roles of the reader of the HDX HAPI humanitarian-needs table (io/hno.hpp).
inline reader_roles hapi_needs_roles() {
    return tally::detail::simple_roles(
        "HAPI needs", "an HDX HAPI needs table",
        {"country", "admin1", "admin2", "admin_level", "sector", "category", "population_status",
         "population", "error"},
        {"population"}, {{"country"}, {"sector"}, {"population_status"}, {"population"}});
}

/// The roles of the plain flow CSV reader (io/flow_csv.hpp).
inline reader_roles flow_roles() {
    return tally::detail::simple_roles("flow CSV", "a flow CSV",
                                       {"country", "sector", "amount_usd", "donor", "recipient"},
                                       {"amount_usd"}, {{"country"}, {"sector"}, {"amount_usd"}});
}

/// The roles of the HDX FTS flow export reader (io/fts_csv.hpp).
inline reader_roles fts_flow_roles() {
    return tally::detail::simple_roles(
        "FTS flow export", "an FTS flow export",
        {"id",
         "amount_usd",
         "boundary",
         "on_boundary",
         "status",
         "flow_type",
         "date",
         "decision_date",
         "description",
         "original_amount",
         "original_currency",
         "src_organization",
         "src_locations",
         "dest_organization",
         "dest_locations",
         "dest_global_clusters",
         "dest_emergency",
         "dest_project",
         "dest_plan",
         "dest_plan_id",
         "dest_usage_year_start",
         "dest_usage_year_end"},
        {"amount_usd", "original_amount"},
        {{"id"}, {"amount_usd"}, {"boundary"}, {"on_boundary"}, {"status"}});
}

/// The roles of the requirements reader (io/requirements_csv.hpp).
inline reader_roles requirements_roles() {
    return tally::detail::simple_roles(
        "requirements", "a requirements file",
        {"country", "sector", "requirements_usd", "funding_usd", "plan_code", "plan_id",
         "plan_name", "plan_type", "year", "start_date"},
        {"requirements_usd", "funding_usd"}, {{"country"}, {"requirements_usd"}});
}

} // namespace tally::io
