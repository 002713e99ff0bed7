#pragma once
// Funding-vs-reach misalignment (docs/rules.md#funding-against-reach-misalignment) on a joined
// table (metrics/joined.hpp): per-cell metrics, the summary across comparable cells, robust outlier
// flags and, for each flagged cell, the likely causes the data can support. Evidence, not verdicts:
// a cause says the misalignment "may stem from" it.
//
// Per cell (n/a where a denominator is 0 or missing, never inf or NaN):
//   attainment              = reached ÷ target
//   coverage                = funding ÷ requirements
//   coverage_upper          = (funding + money in no cell that could be the cell's) ÷ requirements
//                             (coverage is a lower bound, like reach; see
//                             joined_cell::outside_money)
//   gap                     = coverage − attainment
//   log_ratio               = ln(coverage ÷ attainment) = ln(cost_per_reached ÷
//   planned_cost_per_target)
//                             (n/a when either is 0 or n/a)
//   cost_per_reached        = funding ÷ reached
//   planned_cost_per_target = requirements ÷ target
//   funding_per_pin         = funding ÷ PiN
//   non_direct_share        = accepted lines whose indicator is not direct assistance ÷ accepted
//   lines
// Comparable cells have target > 0, requirements > 0 and funding >= 0. Over them
// (metrics/distribution.hpp): funding_share and reach_share (each cell's share of the comparable
// totals), their total variation and Jensen–Shannon divergence, the Spearman correlation of funding
// and reached, the PiN-weighted Gini of funding per PiN (cells with PiN > 0), the
// requirement-weighted mean of coverage and the target-weighted mean of attainment with their
// weighted standard deviations, the alignment with need (total variation between funding shares and
// PiN shares, and Theil's T = Σ s_i ln(s_i / n_i) split into between- and within-platform parts,
// both over the comparable cells with PiN > 0, shares taken over those cells), and the exact median
// and MAD of log_ratio where it is defined.
//
// Flags, in this order of precedence: negative_funding (net funding below zero: refunds or
// corrections exceed the funding; its one cause is refunds_exceed_funding, and the cell is not
// comparable, so it stays out of every share, correlation, weighted mean and z-score, with a note
// in the summary); funded_no_reach (funding > 0, reached = 0);
// reach_no_funding (reached > 0, funding = 0); otherwise, for comparable cells with a log_ratio,
// the robust z = (log_ratio − median) ÷ (1.4826 · MAD) gives funding_ahead (z > threshold) or
// reach_ahead (z < −threshold). z is reported wherever MAD > 0 and the cell has a log_ratio;
// z flags are raised only when at least 5 cells have a log_ratio.
//
// Likely causes of a flagged cell, kept to those that can explain its direction:
//   money ahead of reach (funded_no_reach, funding_ahead):
//     non_direct_activities  non_direct_share > 0 (awareness, capacity building and the like
//                            spend money and reach no one countable);
//     activities_unreported  funding > 0 and no accepted activity line in the cell;
//     reporting_lag          the cell's last reported month is before the last month of the data;
//   reach ahead of money (reach_no_funding, reach_ahead):
//     funding_unreported     reached > 0 and funding = 0;
//     money_outside_cells    money that fits no cell exists for the cell's country or for the
//                            whole region (its own funding is understated).

#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/metrics/distribution.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/metrics/ratio.hpp>
#include <vector>

namespace tally::metrics {

enum class misalignment_flag : std::uint8_t {
    none,
    funded_no_reach,
    reach_no_funding,
    funding_ahead,
    reach_ahead,
    negative_funding
};

inline constexpr std::string_view to_string(misalignment_flag f) noexcept {
    constexpr std::string_view n[] = {"",
                                      "funded_no_reach",
                                      "reach_no_funding",
                                      "funding_ahead",
                                      "reach_ahead",
                                      "negative_funding"};
    return n[static_cast<int>(f)];
}

enum class likely_cause : std::uint8_t {
    non_direct_activities,
    funding_unreported,
    activities_unreported,
    money_outside_cells,
    reporting_lag,
    refunds_exceed_funding
};

inline constexpr std::string_view to_string(likely_cause c) noexcept {
    constexpr std::string_view n[] = {"non_direct_activities", "funding_unreported",
                                      "activities_unreported", "money_outside_cells",
                                      "reporting_lag",         "refunds_exceed_funding"};
    return n[static_cast<int>(c)];
}

/// The sentence a report prints for a cause ("may stem from ...").
inline constexpr std::string_view describe(likely_cause c) noexcept {
    switch (c) {
    case likely_cause::non_direct_activities:
        return "activities that reach no one countable (awareness, capacity building, "
               "infrastructure) but spend money";
    case likely_cause::funding_unreported:
        return "funding that partners did not report to FTS";
    case likely_cause::activities_unreported:
        return "activities that partners did not report";
    case likely_cause::money_outside_cells:
        return "regional, multi-country, multi-sector or unspecified funding that no cell holds";
    case likely_cause::reporting_lag:
        return "activity reports that stop before the last month of the data";
    case likely_cause::refunds_exceed_funding:
        return "refunds or corrections larger than the funding reported (net funding below "
               "zero)";
    }
    return "";
}

/// The metrics of one cell of a joined table.
template <Amount A = usd_amount>
struct cell_metrics {
    maybe_ratio<reached_measure, target_measure> attainment;
    maybe_ratio<A, A> coverage, coverage_upper;
    std::optional<double> gap, log_ratio;
    maybe_ratio<A, reached_measure> cost_per_reached;
    maybe_ratio<A, target_measure> planned_cost_per_target;
    maybe_ratio<A, pin_measure> funding_per_pin;
    std::optional<double> non_direct_share;
    /// target > 0, requirements > 0 and funding >= 0.
    bool comparable = false;
    /// Shares of the comparable totals (n/a for other cells, or when the total is 0).
    std::optional<double> funding_share, reach_share;
    std::optional<double> z;
    misalignment_flag flag = misalignment_flag::none;
    std::vector<likely_cause> causes;
};

template <Amount A = usd_amount>
struct misalignment_summary {
    std::size_t comparable_cells = 0;
    std::optional<double> total_variation, jensen_shannon, spearman, gini_funding_per_pin;
    std::optional<mean_sd> coverage_weighted, attainment_weighted;
    std::optional<double> need_total_variation;
    /// Theil's T of funding shares against PiN shares, with its between- and within-platform
    /// parts (groups: the cells' platforms; one group when the grouping has no place below the
    /// region).
    std::optional<theil_index> theil_funding_per_pin;
    std::optional<double> median_log_ratio, mad_log_ratio;
    /// Comparable cells with a log_ratio, and whether z flags were raised at all (MAD > 0 and at
    /// least min_z_cells of them).
    std::size_t log_ratio_cells = 0;
    bool z_flags = false;
    std::size_t flagged = 0;
    /// Cells whose net funding is below zero (refunds exceed funding): flagged negative_funding
    /// and left out of every cross-cell metric.
    std::size_t negative_funding_cells = 0;
    A funding_outside_cells{};
    /// What a reader of the summary must know (cells left out of the share-based metrics).
    std::vector<std::string> notes;
};

struct misalignment_options {
    /// |z| above which a comparable cell is flagged.
    double threshold = 3.5;
    /// Fewest cells with a log_ratio for z flags.
    std::size_t min_z_cells = 5;
    /// Platforms of countries, for the Theil decomposition; nullptr: the R4V geography.
    const geography* geo = nullptr;
};

/// The metrics of every cell of a joined table (cells[i] belongs to table.cells[i]) and the
/// summary.
template <Amount A = usd_amount>
struct misalignment {
    std::vector<cell_metrics<A>> cells;
    misalignment_summary<A> summary;
    misalignment_options options;
};

/// The metrics of one cell, without the cross-cell parts (shares, z, flag, causes).
template <Amount A>
cell_metrics<A> measure_cell(const joined_cell<A>& c) {
    cell_metrics<A> m;
    const auto& reached = c.reached.value();
    const A funding = c.funding.value();
    if (c.target)
        m.attainment = attainment(reached, c.target->value());
    if (c.requirements) {
        const A need = c.requirements->value();
        m.coverage = coverage(funding, need);
        m.coverage_upper = coverage(funding + c.outside_money, need);
        if (c.target)
            m.planned_cost_per_target = planned_cost_per_target(need, c.target->value());
    }
    m.gap = gap<A>(m.coverage, m.attainment);
    m.log_ratio = log_ratio<A>(m.coverage, m.attainment);
    m.cost_per_reached = cost_per_reached(funding, reached);
    if (c.pin)
        m.funding_per_pin = funding_per_pin(funding, c.pin->value());
    if (c.lines > 0)
        m.non_direct_share = static_cast<double>(c.non_direct_lines) / static_cast<double>(c.lines);
    // A cell whose refunds exceed its funding has a net funding below zero: a share of a
    // negative amount means nothing, so it is not compared with the others (it is flagged).
    m.comparable = c.target && c.target->value().total() > 0 && c.requirements &&
                   c.requirements->value().value() > 0 && funding.value() >= 0;
    return m;
}

namespace detail {

// The steps of measure(), in order; each fills its part of r.

// Shares of funding and of people reached over the comparable cells (comp), their distances,
// correlation and weighted means.
template <Amount A>
void measure_shares(const joined_table<A>& t, misalignment<A>& r,
                    const std::vector<std::size_t>& comp) {
    auto& s = r.summary;
    std::vector<double> funding, reached, coverage_v, requirements, attainment_v, target;
    for (auto i : comp) {
        const auto& c = t.cells[i];
        funding.push_back(static_cast<double>(c.funding.value().value()));
        reached.push_back(static_cast<double>(c.reached.value().total()));
        coverage_v.push_back(r.cells[i].coverage->value());
        requirements.push_back(static_cast<double>(c.requirements->value().value()));
        attainment_v.push_back(r.cells[i].attainment->value());
        target.push_back(static_cast<double>(c.target->value().total()));
    }
    const auto fs = shares(funding), rs = shares(reached);
    for (std::size_t k = 0; k < comp.size(); ++k) {
        if (fs)
            r.cells[comp[k]].funding_share = (*fs)[k];
        if (rs)
            r.cells[comp[k]].reach_share = (*rs)[k];
    }
    if (fs && rs) {
        s.total_variation = total_variation(*fs, *rs);
        s.jensen_shannon = jensen_shannon(*fs, *rs);
    }
    s.spearman = spearman(funding, reached);
    s.coverage_weighted = weighted_mean_sd(coverage_v, requirements);
    s.attainment_weighted = weighted_mean_sd(attainment_v, target);
}

// The platform of a cell: its platform key, else its country's platform ("" without either).
template <Amount A>
std::string platform_of_cell(const joined_table<A>& t, const joined_cell<A>& c,
                             const geography& geo) {
    std::string p;
    for (std::size_t k = 0; k < t.by.size(); ++k) {
        if (t.by[k] == dedup::reach_key::platform)
            p = c.keys[k];
        else if (t.by[k] == dedup::reach_key::country && p.empty()) {
            const auto id = geo.find_country(c.keys[k]);
            p = id ? geo.platform(geo.country(*id).platform).name : "(unknown)";
        }
    }
    return p;
}

// Alignment with need: the comparable cells with PiN > 0.
template <Amount A>
void measure_need(const joined_table<A>& t, misalignment<A>& r,
                  const std::vector<std::size_t>& comp, const misalignment_options& opt) {
    auto& s = r.summary;
    const geography own = opt.geo ? geography() : geography::r4v();
    const geography& geo = opt.geo ? *opt.geo : own;
    std::vector<double> f_need, pin, per_pin;
    std::vector<std::size_t> platform;
    std::map<std::string, std::size_t> platform_ids;
    for (auto i : comp) {
        const auto& c = t.cells[i];
        if (!c.pin || c.pin->value().total() <= 0)
            continue;
        f_need.push_back(static_cast<double>(c.funding.value().value()));
        pin.push_back(static_cast<double>(c.pin->value().total()));
        per_pin.push_back(r.cells[i].funding_per_pin->value());
        const auto p = platform_of_cell(t, c, geo);
        platform.push_back(platform_ids.emplace(p, platform_ids.size()).first->second);
    }
    s.gini_funding_per_pin = weighted_gini(per_pin, pin);
    const auto fsn = shares(f_need), ns = shares(pin);
    if (fsn && ns) {
        s.need_total_variation = total_variation(*fsn, *ns);
        s.theil_funding_per_pin = theil(*fsn, *ns, platform);
    }
}

// The robust z of each comparable cell's log_ratio.
template <Amount A>
void measure_z(misalignment<A>& r, const std::vector<std::size_t>& comp,
               const misalignment_options& opt) {
    auto& s = r.summary;
    std::vector<double> lr;
    for (auto i : comp)
        if (r.cells[i].log_ratio)
            lr.push_back(*r.cells[i].log_ratio);
    s.log_ratio_cells = lr.size();
    s.median_log_ratio = median(lr);
    s.mad_log_ratio = mad(lr);
    const bool z_defined = s.mad_log_ratio && *s.mad_log_ratio > 0;
    s.z_flags = z_defined && lr.size() >= opt.min_z_cells;
    if (z_defined)
        for (auto i : comp)
            if (r.cells[i].log_ratio)
                r.cells[i].z =
                    (*r.cells[i].log_ratio - *s.median_log_ratio) / (1.4826 * *s.mad_log_ratio);
}

// The flag of one cell (none when nothing stands out).
template <Amount A>
misalignment_flag flag_of(const cell_metrics<A>& m, const joined_cell<A>& c,
                          const misalignment_summary<A>& s, const misalignment_options& opt) {
    const auto money = c.funding.value().value();
    const auto people = c.reached.value().total();
    if (money < 0)
        return misalignment_flag::negative_funding;
    if (money > 0 && people == 0)
        return misalignment_flag::funded_no_reach;
    if (people > 0 && money == 0)
        return misalignment_flag::reach_no_funding;
    if (s.z_flags && m.z && *m.z > opt.threshold)
        return misalignment_flag::funding_ahead;
    if (s.z_flags && m.z && *m.z < -opt.threshold)
        return misalignment_flag::reach_ahead;
    return misalignment_flag::none;
}

// The likely causes of a flagged cell.
template <Amount A>
void add_causes(cell_metrics<A>& m, const joined_cell<A>& c, const joined_table<A>& t) {
    const auto money = c.funding.value().value();
    const auto people = c.reached.value().total();
    if (m.flag == misalignment_flag::negative_funding) {
        // Its own cause: no direction of misalignment can be read from it.
        m.causes.push_back(likely_cause::refunds_exceed_funding);
        return;
    }
    const bool money_ahead =
        m.flag == misalignment_flag::funded_no_reach || m.flag == misalignment_flag::funding_ahead;
    if (money_ahead) {
        if (m.non_direct_share && *m.non_direct_share > 0)
            m.causes.push_back(likely_cause::non_direct_activities);
        if (money > 0 && c.lines == 0)
            m.causes.push_back(likely_cause::activities_unreported);
        if (c.last_month && t.last_month && *c.last_month < *t.last_month)
            m.causes.push_back(likely_cause::reporting_lag);
    } else {
        if (people > 0 && money == 0)
            m.causes.push_back(likely_cause::funding_unreported);
        if (c.outside_money.value() > 0)
            m.causes.push_back(likely_cause::money_outside_cells);
    }
}

// Flags and causes of every cell.
template <Amount A>
void flag_cells(const joined_table<A>& t, misalignment<A>& r, const misalignment_options& opt) {
    auto& s = r.summary;
    for (std::size_t i = 0; i < r.cells.size(); ++i) {
        auto& m = r.cells[i];
        m.flag = flag_of(m, t.cells[i], s, opt);
        if (m.flag == misalignment_flag::none)
            continue;
        ++s.flagged;
        if (m.flag == misalignment_flag::negative_funding)
            ++s.negative_funding_cells;
        add_causes(m, t.cells[i], t);
    }
    if (s.negative_funding_cells > 0)
        s.notes.push_back(std::to_string(s.negative_funding_cells) +
                          " cell(s) with net funding below zero (refunds exceed funding) are "
                          "flagged negative_funding and left out of the comparable cells: their "
                          "shares, correlations, weighted means and z-scores would mean nothing");
}

} // namespace detail

/// All metrics of a joined table: per cell, the summary, flags and causes. The steps: each
/// cell's own metrics, the shares over the comparable cells, alignment with need, the robust z
/// of log_ratio, then flags and causes.
template <Amount A>
misalignment<A> measure(const joined_table<A>& t, const misalignment_options& opt = {}) {
    misalignment<A> r;
    r.options = opt;
    r.cells.reserve(t.cells.size());
    for (const auto& c : t.cells)
        r.cells.push_back(measure_cell(c));
    r.summary.funding_outside_cells = t.outside.total;
    std::vector<std::size_t> comp; // the comparable cells
    for (std::size_t i = 0; i < r.cells.size(); ++i)
        if (r.cells[i].comparable)
            comp.push_back(i);
    r.summary.comparable_cells = comp.size();
    detail::measure_shares(t, r, comp);
    detail::measure_need(t, r, comp, opt);
    detail::measure_z(r, comp, opt);
    detail::flag_cells(t, r, opt);
    return r;
}

#ifdef TALLY_COMPILED
// With the compiled component (docs/packaging.md), the measures for usd_amount are compiled once,
// into tally::compiled (src/misalignment.cpp); other amount types are instantiated here as usual.
extern template misalignment<usd_amount> measure<usd_amount>(const joined_table<usd_amount>&,
                                                             const misalignment_options&);
#endif

} // namespace tally::metrics
