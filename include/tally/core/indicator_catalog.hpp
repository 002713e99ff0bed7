#pragma once
// The type of an indicator when the file does not say it.
//
// Only direct-assistance indicators count towards people reached ("PiN" indicators in R4V's
// 2021-22 consolidation, "Direct Assistance" from 2023). R4V joins the type to its 5W exports
// from its ActivityInfo indicator table, which is not published, so an export has no type
// column. tally types such an indicator, first rule that applies:
//   1. the user's own list (indicator_types: indicator, type and optionally sector and year);
//   2. the type column of the file, when it has one and the cell is not empty;
//   3. the R4V indicators tally knows (r4v_indicators below, per plan year: the indicators of
//      the R4V 5W exports published with R4V's consolidation scripts, typed as R4V's guidance
//      types them), matched on the indicator's wording whatever its case and spacing; an
//      indicator known for another year keeps its type;
//   4. its wording (type_by_wording): people trained or capacitated are capacity building;
//      advocacy, awareness-raising, communication products, impressions/views and initiatives
//      developed are mechanism/advocacy; interventions in settlements, shelters or
//      infrastructure, and spaces functioning, are infrastructure; kits distributed are other;
//   5. else direct assistance.
// The readers tell every indicator typed by rule 4 in one notice, so a user can correct it with
// a list of their own.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/sector.hpp>
#include <vector>

namespace tally {

/// An indicator of an R4V response plan and its type.
struct known_indicator {
    int year;
    std::string_view sector;
    std::string_view text;
    indicator_type type;
};

// clang-format off
/// The R4V indicators tally knows, per plan year.
inline constexpr known_indicator r4v_indicators[] = {
    {2022, "Education", "# of information, awareness-raising, promotion and dissemination activities on the importance of the Right to Education, availability and quality of education implemented", indicator_type::mechanism_advocacy},
    {2022, "Education", "# of refugees and migrants who receive assistance for the recognition of academic titles/diplomas/degrees from primary and secondary educational establishments", indicator_type::direct_assistance},
    {2022, "Food Security", "# of refugees, migrants and members of affected host communities that receive food assistance", indicator_type::direct_assistance},
    {2022, "Health", "# of health personnel and community workers trained", indicator_type::capacity_building},
    {2022, "Health", "# of refugees and migrants benefiting from primary health care consultations", indicator_type::direct_assistance},
    {2022, "Health", "# of refugees and migrants from Venezuela who received supplies", indicator_type::direct_assistance},
    {2022, "Humanitarian Transportation", "# of refugees and migrants supported with border-to-border transportation assistance", indicator_type::direct_assistance},
    {2022, "Integration", "# of persons capacitated to promote the integration of refugees and migrants", indicator_type::capacity_building},
    {2022, "Integration", "# of refugees, migrants & host community members assisted with support for self-employment or entrepreneurship initiatives (start up or recovery)", indicator_type::direct_assistance},
    {2022, "Integration", "# of refugees, migrants & host community members reached with financial inclusion activities", indicator_type::direct_assistance},
    {2022, "Integration", "# of refugees, migrants & host community members receiving support activities/interventions enabling them to access or to keep a job", indicator_type::direct_assistance},
    {2022, "Multipurpose Cash Assistance (MPC)", "# of individuals benefitting from multipurpose cash transfers (MPC)", indicator_type::direct_assistance},
    {2022, "Protection (Child Protection)", "# of individuals working with refugees and migrants trained on Child Protection", indicator_type::capacity_building},
    {2022, "Protection (Child Protection)", "# of refugee and migrant children and adolescents who received specialised child protection services", indicator_type::direct_assistance},
    {2022, "Protection (GBV)", "# of individuals trained on GBV prevention, mitigation and response", indicator_type::capacity_building},
    {2022, "Protection (GBV)", "# of refugees, migrants and affected host community members reached with GBV prevention, mitigation and response activities", indicator_type::direct_assistance},
    {2022, "Protection (General)", "# of advocacy interventions made to promote access to the territory, asylum procedures, regularization, birth registration and nationality", indicator_type::mechanism_advocacy},
    {2022, "Protection (General)", "# of initiatives or activities developed for community-based protection", indicator_type::mechanism_advocacy},
    {2022, "Protection (General)", "# of refugees and migrants who received protection-related assistance and specialized services", indicator_type::direct_assistance},
    {2022, "Protection (Support Spaces)", "# of Support Spaces functioning", indicator_type::infrastructure},
    {2022, "Common Services (Communication)", "# of communication products published", indicator_type::mechanism_advocacy},
    {2022, "Common Services (Communication)", "# of impressions/views to social media messages against xenophobia and discrimination and awareness-raising activities", indicator_type::mechanism_advocacy},
    {2022, "Shelter", "# of interventions in settlement infrastructures undertaken through supported construction", indicator_type::infrastructure},
    {2022, "Shelter", "# of refugees and migrants hosted in temporary supported collective shelter solutions", indicator_type::direct_assistance},
    {2022, "Shelter", "# of refugees and migrants provided with households items following minimum standards", indicator_type::direct_assistance},
    {2022, "Shelter", "# of refugees and migrants provided with rent accommodation support as a short-term solution", indicator_type::direct_assistance},
    {2022, "Shelter", "# of refugees and migrants supported with accommodation in hotel rooms as a short-term individual shelter solution", indicator_type::direct_assistance},
    {2022, "WASH", "# of refugees and migrants and/or host communities provided with appropriate hygiene supplies and services (messages, items, facilities) including women and girls provided with menstrual hygiene management services", indicator_type::direct_assistance},
    {2022, "WASH", "# of refugees and migrants and/or host communities provided with safe access to sufficient and safe water (at least basic water services level, JMP deft)", indicator_type::direct_assistance},
    {2023, "Common Services (Communication)", "# of impressions/views to social media messages against xenophobia and discrimination and awareness-raising activities", indicator_type::mechanism_advocacy},
    {2023, "Education", "# of refugees and migrants enrolled in formal educational institutions or non-formal education programs", indicator_type::direct_assistance},
    {2023, "Education", "# of refugees and migrants that are children, adolescents or youth who are supported with supplies or services", indicator_type::direct_assistance},
    {2023, "Humanitarian Transportation", "# of refugees and migrants receiving assistance for transportation between two points within the country for family or social reunification, or access to protection, employment and basic and administrative services", indicator_type::direct_assistance},
    {2023, "Integration", "# of refugees and migrants supported with the certification, recognition, or validation of professional diplomas, titles or credentials - via tertiary education or professional/vocational schools", indicator_type::direct_assistance},
    {2023, "Integration", "# of refugees, migrants & host community members assisted with support for self-employment or entrepreneurship initiatives (start up or recovery)", indicator_type::direct_assistance},
    {2023, "Multipurpose Cash Assistance (MPC)", "# of individuals benefitting from multipurpose cash transfers (MPC)", indicator_type::direct_assistance},
    {2023, "Protection (Child Protection)", "# of individuals working with refugees and migrants trained on Child Protection", indicator_type::capacity_building},
    {2023, "Protection (Child Protection)", "# of refugee and migrant children and adolescents who received specialised child protection services", indicator_type::direct_assistance},
    {2023, "Protection (GBV)", "# of individuals trained on prevention, mitigation and response to GBV among refugees and migrants", indicator_type::capacity_building},
    {2023, "Protection (General)", "# of effective advocacy interventions made to guarantee the rights of refugees and migrants", indicator_type::mechanism_advocacy},
    {2023, "Protection (General)", "# of refugees and migrants who received protection-related assistance and specialized services", indicator_type::direct_assistance},
    // Counts kits, not people.
    {2023, "Shelter", "# of essential households item kits distributed", indicator_type::other},
    {2023, "Shelter", "# of interventions in temporary collective shelter solutions supported with infrastructures improvements to achieve minimum standards", indicator_type::infrastructure},
};
// clang-format on

namespace detail {

/// An indicator's wording with case, blanks and punctuation set aside (letters, digits and
/// non-ASCII bytes kept), so that one wording matches however it is spaced or cased.
inline std::string indicator_key(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x80 || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))
            out += c;
        else if (c >= 'A' && c <= 'Z')
            out += static_cast<char>(c - 'A' + 'a');
    }
    return out;
}

inline std::string lower_ascii(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return out;
}

} // namespace detail

/// The catalog entry of indicator text for plan year (an entry of another year when the year
/// has none), or nullptr.
inline const known_indicator* find_r4v_indicator(std::string_view text, int year) {
    const auto key = detail::indicator_key(text);
    const known_indicator* other = nullptr;
    for (const auto& k : r4v_indicators)
        if (detail::indicator_key(k.text) == key) {
            if (k.year == year)
                return &k;
            if (!other)
                other = &k;
        }
    return other;
}

/// A type read from an indicator's wording, with the words that decided it.
struct wording_type {
    indicator_type type;
    std::string_view cue;
};

/// The type rule 4 of the file comment gives indicator text, or std::nullopt when its wording
/// says nothing (the indicator is then direct assistance).
inline std::optional<wording_type> type_by_wording(std::string_view text) {
    struct cue {
        std::string_view words;
        indicator_type type;
    };
    static constexpr cue cues[] = {
        {"trained", indicator_type::capacity_building},
        {"capacitated", indicator_type::capacity_building},
        {"capacity building", indicator_type::capacity_building},
        {"capacity-building", indicator_type::capacity_building},
        {"capacitad", indicator_type::capacity_building},
        {"advocacy", indicator_type::mechanism_advocacy},
        {"awareness-raising", indicator_type::mechanism_advocacy},
        {"awareness raising", indicator_type::mechanism_advocacy},
        {"communication products", indicator_type::mechanism_advocacy},
        {"impressions/views", indicator_type::mechanism_advocacy},
        {"impressions", indicator_type::mechanism_advocacy},
        {"initiatives developed", indicator_type::mechanism_advocacy},
        {"initiatives or activities developed", indicator_type::mechanism_advocacy},
        {"incidencia", indicator_type::mechanism_advocacy},
        {"sensibilizaci", indicator_type::mechanism_advocacy},
        {"interventions in settlement", indicator_type::infrastructure},
        {"interventions in temporary collective shelter", indicator_type::infrastructure},
        {"interventions in shelter", indicator_type::infrastructure},
        {"infrastructure", indicator_type::infrastructure},
        {"infraestructura", indicator_type::infrastructure},
        {"spaces functioning", indicator_type::infrastructure},
        {"kits distributed", indicator_type::other},
    };
    const auto t = detail::lower_ascii(text);
    for (const auto& c : cues)
        if (t.find(c.words) != std::string::npos)
            return wording_type{c.type, c.words};
    return std::nullopt;
}

/// A user's list of indicator types: (indicator, type), optionally for one sector and one plan
/// year. Matching ignores case, blanks and punctuation; an entry with a sector or a year wins
/// over one without.
class indicator_types {
  public:
    struct entry {
        std::string indicator;
        indicator_type type;
        std::string sector; ///< empty: any sector
        int year = 0;       ///< 0: any year
    };

    void add(entry e) { entries_.push_back(std::move(e)); }
    bool empty() const noexcept { return entries_.empty(); }
    std::size_t size() const noexcept { return entries_.size(); }
    const std::vector<entry>& entries() const noexcept { return entries_; }

    /// The type the list gives indicator (of sector, in plan year), or std::nullopt.
    std::optional<indicator_type> find(std::string_view indicator, std::string_view sector,
                                       int year) const {
        const auto key = detail::indicator_key(indicator), sk = detail::indicator_key(sector);
        const entry* best = nullptr;
        int best_score = -1;
        for (const auto& e : entries_) {
            if (detail::indicator_key(e.indicator) != key)
                continue;
            if (!e.sector.empty() && detail::indicator_key(e.sector) != sk)
                continue;
            if (e.year != 0 && e.year != year)
                continue;
            const int score = (e.sector.empty() ? 0 : 1) + (e.year == 0 ? 0 : 2);
            if (score > best_score) {
                best = &e;
                best_score = score;
            }
        }
        return best ? std::optional<indicator_type>(best->type) : std::nullopt;
    }

  private:
    std::vector<entry> entries_;
};

/// Where an indicator's type came from (see the file comment).
enum class indicator_typing_source : std::uint8_t { user, file, catalog, wording, fallback };

struct indicator_typing {
    indicator_type type = indicator_type::direct_assistance;
    indicator_typing_source source = indicator_typing_source::fallback;
    std::string_view cue; ///< the words that decided a type by wording
};

/// Rules 1, 3, 4 and 5 of the file comment for an indicator whose file gives no type.
inline indicator_typing type_indicator(std::string_view indicator, std::string_view sector,
                                       int year, const indicator_types* user) {
    if (user)
        if (auto t = user->find(indicator, sector, year))
            return {*t, indicator_typing_source::user, {}};
    if (const auto* k = find_r4v_indicator(indicator, year))
        return {k->type, indicator_typing_source::catalog, {}};
    if (auto w = type_by_wording(indicator))
        return {w->type, indicator_typing_source::wording, w->cue};
    return {indicator_type::direct_assistance, indicator_typing_source::fallback, {}};
}

} // namespace tally
