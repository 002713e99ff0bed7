#pragma once
// Sectors, sub-sectors and indicators.
//
// Sub-sectors roll up to their sector (Protection (GBV) -> Protection). "Intersector" is not a
// sector: it names a derived, de-duplicated all-sector figure that is never summed with sector
// rows; is_intersector_label() recognises it so readers can keep such rows apart.
//
// Indicators belong to a sector and have a type. Only direct-assistance indicators (called "PiN
// indicators" before 2023) count people reached; the other types still spend money, which is one
// documented cause of funding-vs-reach misalignment.

#include <optional>
#include <string>
#include <string_view>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/names.hpp>
#include <vector>

namespace tally {

struct sector_info {
    std::string code;
    std::string name;
    code_id parent = no_code; ///< the sector of a sub-sector; no_code for a sector
};

/// True for the label of a precomputed all-sector figure ("Intersector", "inter-sector", ...).
inline bool is_intersector_label(std::string_view s) {
    const auto n = normalize_name(s);
    return n == "intersector" || n == "inter_sector" || n == "intersectoral" || n == "all_sectors";
}

class sector_catalog {
  public:
    /// The R4V sectors and the four Protection sub-sectors.
    static sector_catalog r4v() {
        sector_catalog c;
        for (auto [code, name] : {std::pair{"EDU", "Education"},
                                  {"FSC", "Food Security"},
                                  {"HEA", "Health"},
                                  {"HTR", "Humanitarian Transportation"},
                                  {"INT", "Integration"},
                                  {"MPC", "Multipurpose Cash Assistance (MPC)"},
                                  {"NUT", "Nutrition"},
                                  {"PRO", "Protection"},
                                  {"SHE", "Shelter"},
                                  {"WSH", "WASH"}})
            c.add(code, name);
        c.add("PRO-GEN", "Protection (General)", "PRO");
        c.add("PRO-CP", "Protection (Child Protection)", "PRO");
        c.add("PRO-GBV", "Protection (GBV)", "PRO");
        c.add("PRO-HTS", "Protection (Human Trafficking and Smuggling)", "PRO");
        c.alias("Multipurpose Cash Assistance", "MPC");
        c.alias("Child Protection", "PRO-CP");
        c.alias("GBV", "PRO-GBV");
        c.alias("Gender-Based Violence", "PRO-GBV");
        c.alias("Human Trafficking and Smuggling", "PRO-HTS");
        c.alias("Water, Sanitation and Hygiene", "WSH");
        c.alias("Food security", "FSC");
        // The codes of OCHA's humanitarian needs overviews (HNO) that differ from R4V's; the
        // others (EDU, FSC, HEA, NUT, PRO, WSH, PRO_GBV) are the same up to '_' for '-'.
        c.alias("SHL", "SHE");
        c.alias("PRO_CPM", "PRO-CP");
        // The Spanish names of the R4V tools, with and without accents (spellings are compared
        // after ASCII lower-casing only, so "Educación" and "Educacion" are two spellings).
        for (auto [spelling, code] : {std::pair{"Educación", "EDU"},
                                      {"Educacion", "EDU"},
                                      {"Seguridad Alimentaria", "FSC"},
                                      {"Salud", "HEA"},
                                      {"Transporte Humanitario", "HTR"},
                                      {"Integración", "INT"},
                                      {"Integracion", "INT"},
                                      {"Transferencias Monetarias Multipropósito", "MPC"},
                                      {"Transferencias Monetarias Multiproposito", "MPC"},
                                      {"Nutrición", "NUT"},
                                      {"Nutricion", "NUT"},
                                      {"Protección", "PRO"},
                                      {"Proteccion", "PRO"},
                                      {"Alojamiento", "SHE"},
                                      {"Agua, Saneamiento e Higiene", "WSH"},
                                      {"Agua", "WSH"},
                                      {"Protección (General)", "PRO-GEN"},
                                      {"Proteccion (General)", "PRO-GEN"},
                                      {"Protección de la Niñez", "PRO-CP"},
                                      {"Proteccion de la Ninez", "PRO-CP"},
                                      {"Protección (Protección de la Niñez)", "PRO-CP"},
                                      {"Violencia Basada en Género", "PRO-GBV"},
                                      {"Violencia Basada en Genero", "PRO-GBV"},
                                      {"Protección (VBG)", "PRO-GBV"},
                                      {"VBG", "PRO-GBV"},
                                      {"Trata y Tráfico de Personas", "PRO-HTS"},
                                      {"Trata y Trafico de Personas", "PRO-HTS"}})
            c.alias(spelling, code);
        return c;
    }

    /// Adds a sector (parent empty) or a sub-sector of parent. Throws errc::duplicate_code,
    /// errc::unknown_code (parent), errc::invalid_argument (a sub-sector of a sub-sector).
    code_id add(std::string_view code, std::string_view name, std::string_view parent = {}) {
        code_id p = no_code;
        if (!parent.empty()) {
            p = id_of(parent);
            if (sectors_[p].parent != no_code)
                throw error(errc::invalid_argument,
                            "'" + std::string(code) + "': sub-sectors have one level only");
        }
        if (is_intersector_label(code) || is_intersector_label(name))
            throw error(errc::invalid_argument, "'Intersector' is not a sector");
        const auto key = normalize_name(code);
        if (keys_.contains(key) || (!name.empty() && keys_.contains(normalize_name(name))))
            throw error(errc::duplicate_code,
                        "sector '" + std::string(code) + "' is defined twice");
        const auto id = static_cast<code_id>(sectors_.size());
        sectors_.push_back({std::string(code), std::string(name.empty() ? code : name), p});
        bind(key, id);
        if (!name.empty())
            bind(normalize_name(name), id);
        return id;
    }

    /// Makes another spelling resolve to an existing sector. Throws errc::unknown_code.
    void alias(std::string_view spelling, std::string_view existing) {
        bind(normalize_name(spelling), id_of(existing));
    }

    /// Finds a sector by code, name or alias (case, spaces and hyphens do not matter).
    std::optional<code_id> find(std::string_view s) const {
        if (auto k = keys_.find(normalize_name(s)))
            return ids_[*k];
        return std::nullopt;
    }
    /// Throws errc::unknown_code.
    code_id id_of(std::string_view s) const {
        if (auto id = find(s))
            return *id;
        throw error(errc::unknown_code, "unknown sector '" + std::string(s) + "'");
    }

    const sector_info& info(code_id id) const { return sectors_.at(id); }
    /// The sector a sector or sub-sector rolls up to (itself for a sector).
    code_id rollup(code_id id) const {
        const auto p = sectors_.at(id).parent;
        return p == no_code ? id : p;
    }
    bool is_subsector(code_id id) const { return sectors_.at(id).parent != no_code; }
    /// True when some sub-sector rolls up to the sector id.
    bool has_subsectors(code_id id) const {
        for (const auto& s : sectors_)
            if (s.parent == id)
                return true;
        return false;
    }
    std::size_t size() const noexcept { return sectors_.size(); }

  private:
    void bind(const std::string& key, code_id id) {
        const auto k = keys_.intern(key);
        if (k == ids_.size())
            ids_.push_back(id);
        else
            ids_[k] = id;
    }

    std::vector<sector_info> sectors_;
    dictionary keys_;          // normalized spellings
    std::vector<code_id> ids_; // spelling id -> sector id
};

/// The type of an indicator.
enum class indicator_type {
    direct_assistance,
    capacity_building,
    infrastructure,
    mechanism_advocacy,
    other
};

inline constexpr std::string_view to_string(indicator_type t) noexcept {
    switch (t) {
    case indicator_type::direct_assistance:
        return "direct_assistance";
    case indicator_type::capacity_building:
        return "capacity_building";
    case indicator_type::infrastructure:
        return "infrastructure";
    case indicator_type::mechanism_advocacy:
        return "mechanism_advocacy";
    case indicator_type::other:
        return "other";
    }
    return "other";
}

/// Parses an indicator type as written in 5W exports ("Direct assistance", "PiN indicator",
/// "Capacity building", "Infrastructure", "Mechanism/Advocacy", "Other"; ActivityInfo's "PiN"
/// is direct assistance, its "non-PiN" other, which never counts as reached). An empty string is
/// not accepted here: a reader decides what a missing type means.
inline std::optional<indicator_type> parse_indicator_type(std::string_view s) {
    std::string n = normalize_name(s);
    for (auto& c : n)
        if (c == '/' || c == '(' || c == ')')
            c = '_';
    if (n == "direct_assistance" || n == "direct" || n == "pin" || n == "pin_indicator" ||
        n == "asistencia_directa")
        return indicator_type::direct_assistance;
    if (n == "capacity_building" || n == "capacity" || n == "fortalecimiento_de_capacidades")
        return indicator_type::capacity_building;
    if (n == "infrastructure" || n == "infraestructura")
        return indicator_type::infrastructure;
    if (n == "mechanism_advocacy" || n == "mechanism" || n == "advocacy" ||
        n == "mechanism__advocacy" || n == "advocacy_mechanism" || n == "awareness")
        return indicator_type::mechanism_advocacy;
    // ActivityInfo's "non-PiN" indicators count no one towards the people in need reached.
    if (n == "other" || n == "otro" || n == "non_pin" || n == "non_pin_indicator" || n == "no_pin")
        return indicator_type::other;
    return std::nullopt;
}

/// Only direct-assistance indicators count towards people reached.
constexpr bool counts_as_reached(indicator_type t) noexcept {
    return t == indicator_type::direct_assistance;
}

struct indicator {
    std::string code;
    code_id sector = no_code;
    indicator_type type = indicator_type::direct_assistance;
};

} // namespace tally
