#pragma once
// Misalignment for bindings: `tally misalign` as a function. The four inputs are read by
// metrics::read_join_files (facade/join_inputs.hpp), joined by metrics::join and measured by
// metrics::measure with the options of the tool; the cells come back as the columns of the
// tool's JSON: the keys, reached, target, pin, funding_usd, requirements_usd, the ratios
// (fractions rounded to four decimals, as the tool prints them), the other measures, z, flag and
// causes (a ';' list), NA where the tool prints null; the summary as a table of one row. No rule
// is applied here.
//
// Cost: that of the readers, the join and the measures.

#include <tally/version.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <tally/dedup/reach.hpp>
#include <tally/facade/inputs.hpp>
#include <tally/facade/join_inputs.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/metrics/misalignment.hpp>
#include <tally/report/format.hpp>
#include <vector>

namespace tally::facade {

/// The options of `tally misalign`, with its defaults.
struct misalign_options : join_read {
    std::string by = "country,sector";
    std::string sector; ///< one sector or sub-sector; empty: the whole response
    double threshold = 3.5;
    std::string in_transit = "exclude";
    bool strict = false; ///< errc::validation when rows were rejected
};

/// What misalign returns: the cells (rows), and the summary of the tool's JSON as one row.
struct misalign_result : result {
    table summary;
};

namespace detail {

inline void add_real(column& c, std::optional<double> v) {
    c.real.push_back(v ? *v : 0.0);
    c.mark(v.has_value());
}
inline void add_integer(column& c, std::optional<std::int64_t> v) {
    c.integer.push_back(v ? *v : 0);
    c.mark(v.has_value());
}
inline std::optional<double> ratio(std::optional<double> r) {
    return r ? std::optional<double>(report::ratio_rounded(*r)) : std::nullopt;
}
template <class R>
std::optional<double> value_of(const std::optional<R>& r) {
    return r ? std::optional<double>(r->value()) : std::nullopt;
}
template <class F>
std::optional<std::int64_t> count_of(const std::optional<F>& f) {
    return f ? std::optional<std::int64_t>(tally::detail::scalar_of(f->value())) : std::nullopt;
}

/// The summary of measures as the tool's JSON writes it, one row.
inline table misalign_summary(const metrics::misalignment_summary<usd_amount>& s) {
    table t;
    auto real = [&](const char* name, std::optional<double> v) {
        add_real(t.add(name, column_type::real), v);
    };
    auto integer = [&](const char* name, std::int64_t v) {
        t.add(name, column_type::integer).integer.push_back(v);
    };
    auto mean = [](const std::optional<metrics::mean_sd>& v) {
        return v ? std::optional<double>(v->mean) : std::nullopt;
    };
    auto sd = [](const std::optional<metrics::mean_sd>& v) {
        return v ? std::optional<double>(v->sd) : std::nullopt;
    };
    integer("comparable_cells", static_cast<std::int64_t>(s.comparable_cells));
    real("total_variation", s.total_variation);
    real("jensen_shannon", s.jensen_shannon);
    real("spearman", s.spearman);
    real("gini_funding_per_pin", s.gini_funding_per_pin);
    real("coverage_weighted_mean", mean(s.coverage_weighted));
    real("coverage_weighted_sd", sd(s.coverage_weighted));
    real("attainment_weighted_mean", mean(s.attainment_weighted));
    real("attainment_weighted_sd", sd(s.attainment_weighted));
    real("need_total_variation", s.need_total_variation);
    real("theil_funding_per_pin", s.theil_funding_per_pin
                                      ? std::optional<double>(s.theil_funding_per_pin->total)
                                      : std::nullopt);
    real("median_log_ratio", s.median_log_ratio);
    real("mad_log_ratio", s.mad_log_ratio);
    integer("flagged", static_cast<std::int64_t>(s.flagged));
    integer("negative_funding_cells", static_cast<std::int64_t>(s.negative_funding_cells));
    integer("funding_outside_cells_usd", s.funding_outside_cells.value());
    return t;
}

} // namespace detail

/// Misalignment per cell of o.by from the join's inputs. Throws tally::error as the tool stops:
/// errc::usage without activities nor funding, for a bad option (keys other than region, platform,
/// country and sector; the in-transit rule separate; a threshold not above 0; an unknown sector),
/// the reader's error for an input that cannot be read (unless keep_going).
inline misalign_result misalign(const join_sources& inputs, const misalign_options& o = {}) {
    if (inputs.activities.empty() && inputs.funding.empty())
        throw error(errc::usage, "misalign needs activities or funding (or both)");
    metrics::join_options jo;
    metrics::misalignment_options mo;
    try {
        jo.by = dedup::parse_reach_keys(o.by);
        jo.in_transit = dedup::parse_in_transit_rule(o.in_transit);
    } catch (const error& e) {
        throw error(errc::usage, e.detail());
    }
    if (!(o.threshold > 0))
        throw error(errc::usage, "threshold must be a positive number");
    mo.threshold = o.threshold;
    (void)sector_of(o.sector); // an unknown sector is refused before any input is read
    jo.scope = o.sector;
    if (jo.in_transit == dedup::in_transit_rule::separate)
        throw error(errc::usage, "in_transit must be exclude or include: each cell keeps people "
                                 "in transit apart already");
    const auto r = read_joined(inputs, o);
    jo.as_of = as_of_date(o.as_of);
    jo.reach.geo = r->geo ? &*r->geo : nullptr;
    mo.geo = jo.reach.geo;
    const auto all = all_reports(r->files.in.reports);
    check_strict(o.strict, all);
    const auto [joined, m] = [&] {
        try {
            auto t = metrics::join(r->files.in, jo);
            auto measured = metrics::measure(t, mo);
            return std::make_pair(std::move(t), std::move(measured));
        } catch (const error& e) {
            if (e.code() == errc::invalid_argument) // the keys or the in-transit rule
                throw error(errc::usage, e.detail());
            throw;
        }
    }();

    misalign_result out;
    out.not_read = r->not_read;
    auto& t = out.rows;
    const auto names = joined.key_names();
    for (const auto& n : names)
        t.add(n, column_type::text);
    const std::size_t n = names.size();
    for (auto h : {"reached", "target", "pin", "funding_usd", "requirements_usd"})
        t.add(h, column_type::integer);
    for (auto h : {"attainment", "coverage", "coverage_upper", "gap", "log_ratio",
                   "cost_per_reached", "planned_cost_per_target", "funding_per_pin",
                   "non_direct_share", "funding_share", "reach_share", "z"})
        t.add(h, column_type::real);
    t.add("flag", column_type::text);
    t.add("causes", column_type::text);
    auto& c = t.columns;
    for (std::size_t i = 0; i < joined.cells.size(); ++i) {
        const auto& cell = joined.cells[i];
        const auto& x = m.cells[i];
        for (std::size_t k = 0; k < n; ++k)
            c[k].text.push_back(cell.keys[k]);
        detail::add_integer(c[n], cell.reached.value().value());
        detail::add_integer(c[n + 1], detail::count_of(cell.target));
        detail::add_integer(c[n + 2], detail::count_of(cell.pin));
        detail::add_integer(c[n + 3], cell.funding.value().value());
        detail::add_integer(c[n + 4], detail::count_of(cell.requirements));
        detail::add_real(c[n + 5], detail::ratio(detail::value_of(x.attainment)));
        detail::add_real(c[n + 6], detail::ratio(detail::value_of(x.coverage)));
        detail::add_real(c[n + 7], detail::ratio(detail::value_of(x.coverage_upper)));
        detail::add_real(c[n + 8], detail::ratio(x.gap));
        detail::add_real(c[n + 9], x.log_ratio);
        detail::add_real(c[n + 10], detail::value_of(x.cost_per_reached));
        detail::add_real(c[n + 11], detail::value_of(x.planned_cost_per_target));
        detail::add_real(c[n + 12], detail::value_of(x.funding_per_pin));
        detail::add_real(c[n + 13], detail::ratio(x.non_direct_share));
        detail::add_real(c[n + 14], detail::ratio(x.funding_share));
        detail::add_real(c[n + 15], detail::ratio(x.reach_share));
        detail::add_real(c[n + 16], x.z);
        c[n + 17].text.emplace_back(metrics::to_string(x.flag));
        std::string causes;
        for (auto cause : x.causes)
            causes += (causes.empty() ? "" : ";") + std::string(metrics::to_string(cause));
        c[n + 18].text.push_back(std::move(causes));
    }
    out.summary = detail::misalign_summary(m.summary);
    auto notes = m.summary.notes;
    notes.insert(notes.end(), r->files.choice_notes.begin(), r->files.choice_notes.end());
    notes.insert(notes.end(), joined.notices.begin(), joined.notices.end());
    finish_query(out, {}, with_geography_notices(all, *r), notes);
    return out;
}

} // namespace tally::facade
