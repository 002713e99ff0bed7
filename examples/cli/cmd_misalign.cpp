// tally misalign — funding against people reached, per cell and across cells, with robust
// outlier flags and the likely causes of each flagged cell (metrics/misalignment.hpp).

#include "cli.hpp"
#include "figure_output.hpp"
#include "geography_input.hpp"
#include "join_input.hpp"
#include "output.hpp"
#include "sector_input.hpp"
#include <cstdio>
#include <nlohmann/json.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/period.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/file.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/fts_csv.hpp>
#include <tally/io/fts_json.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/metrics/misalignment.hpp>

#include "requirements_input.hpp"

namespace tally::cli {

extern const std::string_view misalign_usage;
const std::string_view misalign_usage =
    "Usage: tally misalign --activities F... --plan F... --funding F... --requirements F...\n"
    "                      [--by KEYS] [--sector NAME] [--threshold Z] [--as-of DATE]\n"
    "                      [--in-transit exclude|include] [--geography GEO.csv]\n"
    "                      [--year YEAR] [--plan-code CODE] [--format csv|json] [-o FILE]\n"
    "                      [--strict] [--keep-going] [--activities-columns MAP]\n"
    "                      [--plan-columns MAP] [--funding-columns MAP]\n"
    "                      [--requirements-columns MAP]\n\n"
    "Joins people reached (5W activity files, de-duplicated as `tally reach` does), PiN and\n"
    "targets (plan files, as `tally plan`), funding (FTS JSON, HDX flow exports or flow CSVs,\n"
    "as `tally funding`) and requirements per cell of KEYS, and measures how far funding and\n"
    "reach disagree. Each input option takes one or more files and may be repeated.\n\n"
    "  --by KEYS        comma list of region, platform, country, sector (default\n"
    "                   country,sector); without sector, reached and plan figures are\n"
    "                   intersector figures.\n"
    "  --sector NAME    only this sector's (or sub-sector's) lines, plan rows, flows and\n"
    "                   requirements (`tally values` lists a file's sectors; --scope, the\n"
    "                   old spelling, is read as --sector for one release).\n"
    "  --threshold Z    |robust z| above which a cell is flagged (default 3.5).\n"
    "  --as-of DATE     leave out FTS flows dated after DATE (YYYY-MM-DD).\n"
    "  --in-transit     platform and region cells leave people in transit out (exclude,\n"
    "                   default) or count them (include).\n" TALLY_CLI_OUTPUT_HELP
        TALLY_CLI_KEEP_GOING_HELP TALLY_CLI_JOIN_COLUMNS_HELP
    "Requirements: country,sector,requirements_usd, FTS/HDX requirements files, the HDX HAPI\n"
    "funding table or an FTS plan overview.\n" TALLY_CLI_REQUIREMENTS_CHOICE_HELP "\n"
    "Per cell: attainment = reached/target, coverage = funding/requirements, coverage_upper\n"
    "(with the money in no cell that could be the cell's), gap = coverage - attainment,\n"
    "log_ratio = ln(coverage/attainment), cost_per_reached, planned_cost_per_target,\n"
    "funding_per_pin, non_direct_share; over comparable cells (target > 0, requirements > 0):\n"
    "funding_share, reach_share, z = (log_ratio - median)/(1.4826 MAD), flag and causes.\n"
    "Ratios (attainment, coverage, coverage_upper, gap, the shares) print as fractions with\n"
    "4 decimals, the other measures with 6 significant digits; n/a where a denominator is 0\n"
    "or missing.\n"
    "JSON: {\"cells\": [...], \"summary\": {...}}. Money that fits no cell is reported, not\n"
    "dropped (funding_outside_cells_usd; by reason on stderr). Rejected rows are listed on\n"
    "stderr; exit 0, 1 with --strict when rows were rejected, 2 when a file could not be read.\n";

namespace {

/// A measure that is not a ratio (log ratio, costs, z): 6 significant digits.
std::string measure_text(std::optional<double> v) {
    if (!v)
        return "n/a";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.6g", *v);
    return buf;
}
template <class R>
std::optional<double> value_of(const std::optional<R>& r) {
    if (!r)
        return std::nullopt;
    return r->value();
}
nlohmann::ordered_json json_number(std::optional<double> v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
}
template <class F>
std::optional<std::int64_t> count_of(const std::optional<F>& f) {
    if (!f)
        return std::nullopt;
    return detail::scalar_of(f->value());
}

} // namespace

int run_misalign(args_t args, std::ostream& out, std::ostream& err) {
    const auto split = split_inputs(args);
    options opt(split.rest,
                {"by", "sector", "threshold", "as-of", "in-transit", "geography", "format", "year",
                 "plan-code", "output", TALLY_CLI_JOIN_COLUMN_OPTIONS},
                {"strict", "keep-going"}, {{"scope", "sector"}}, err);
    if (!opt.positional().empty())
        throw error(errc::usage, "unexpected argument '" + opt.positional().front() +
                                     "' (inputs go after --activities, --plan, --funding or "
                                     "--requirements)");
    if (!split.given("activities") && !split.given("funding"))
        throw error(errc::usage, "tally misalign needs --activities or --funding (or both)");
    const auto fmt = opt.choice("format", {"csv", "json"}, "csv");
    metrics::join_options jo;
    metrics::misalignment_options mo;
    try {
        jo.by = dedup::parse_reach_keys(opt.value_or("by", "country,sector"));
        jo.in_transit = dedup::parse_in_transit_rule(opt.value_or("in-transit", "exclude"));
    } catch (const error& e) {
        throw error(errc::usage, e.detail());
    }
    for (auto k : jo.by)
        if (k != dedup::reach_key::region && k != dedup::reach_key::platform &&
            k != dedup::reach_key::country && k != dedup::reach_key::sector)
            throw error(errc::usage, "--by takes region, platform, country and sector, not '" +
                                         std::string(dedup::to_string(k)) + "'");
    if (jo.in_transit == dedup::in_transit_rule::separate)
        throw error(errc::usage, "--in-transit must be exclude or include: each cell keeps "
                                 "people in transit apart already");
    jo.scope = opt.value_or("sector", "");
    sector_input(opt); // an unknown sector is refused before any file is read
    if (auto z = opt.value("threshold")) {
        char* end = nullptr;
        mo.threshold = std::strtod(z->c_str(), &end);
        if (z->empty() || *end != '\0' || !(mo.threshold > 0))
            throw error(errc::usage, "--threshold must be a positive number, not '" + *z + "'");
    }
    if (auto s = opt.value("as-of")) {
        jo.as_of = date::try_parse(*s);
        if (!jo.as_of)
            throw error(errc::usage, "--as-of must be a date YYYY-MM-DD, not '" + *s + "'");
    }
    std::optional<geography> geo;
    if (auto g = opt.value("geography"))
        geo = read_geography_input(*g, err);
    jo.reach.geo = geo ? &*geo : nullptr;
    mo.geo = jo.reach.geo;

    const auto inputs =
        read_join_inputs(split, jo.reach.geo, jo.as_of, "misalign", err,
                         requirements_choice_of(opt), join_columns_input(opt, split));
    const auto& in = inputs->in;
    const std::size_t after_as_of = inputs->after_as_of;
    if (refuses(opt, inputs->failures))
        return refuse_partial("misalign", inputs->failures, err);

    std::vector<std::string> sources;
    for (const char* o : join_input_options)
        for (const auto& f : split.files(o))
            sources.push_back(f);
    const auto [table, m] = [&] {
        try {
            auto t = metrics::join(in, jo);
            auto measured = metrics::measure(t, mo);
            return std::make_pair(std::move(t), std::move(measured));
        } catch (const error& e) { // a sum beyond 64 bits: over every file read
            throw naming_inputs(e, sources);
        }
    }();

    const auto names = table.key_names();
    static constexpr const char* columns[] = {"reached",
                                              "target",
                                              "pin",
                                              "funding_usd",
                                              "requirements_usd",
                                              "attainment",
                                              "coverage",
                                              "coverage_upper",
                                              "gap",
                                              "log_ratio",
                                              "cost_per_reached",
                                              "planned_cost_per_target",
                                              "funding_per_pin",
                                              "non_direct_share",
                                              "funding_share",
                                              "reach_share",
                                              "z",
                                              "flag",
                                              "causes"};
    auto causes_text = [](const metrics::cell_metrics<usd_amount>& c) {
        std::string s;
        for (auto cause : c.causes) {
            s += s.empty() ? "" : ";";
            s += std::string(metrics::to_string(cause));
        }
        return s;
    };
    output_target target(opt, out);
    std::ostream& os = target.stream();
    if (fmt == "csv") {
        write_not_read_lines(os, inputs->failures);
        for (const auto& n : names)
            os << n << ",";
        for (std::size_t i = 0; i < std::size(columns); ++i)
            os << (i ? "," : "") << columns[i];
        os << "\n";
        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            const auto& c = table.cells[i];
            const auto& x = m.cells[i];
            auto count = [](std::optional<std::int64_t> v) {
                return v ? std::to_string(*v) : std::string("n/a");
            };
            for (const auto& k : c.keys)
                os << csv_field(k) << ",";
            os << c.reached.value().value() << "," << count(count_of(c.target)) << ","
               << count(count_of(c.pin)) << "," << c.funding.value().value() << ","
               << count(count_of(c.requirements)) << "," << ratio_csv(value_of(x.attainment)) << ","
               << ratio_csv(value_of(x.coverage)) << "," << ratio_csv(value_of(x.coverage_upper))
               << "," << ratio_csv(x.gap) << "," << measure_text(x.log_ratio) << ","
               << measure_text(value_of(x.cost_per_reached)) << ","
               << measure_text(value_of(x.planned_cost_per_target)) << ","
               << measure_text(value_of(x.funding_per_pin)) << "," << ratio_csv(x.non_direct_share)
               << "," << ratio_csv(x.funding_share) << "," << ratio_csv(x.reach_share) << ","
               << measure_text(x.z) << "," << metrics::to_string(x.flag) << ","
               << csv_field(causes_text(x)) << "\n";
        }
    } else {
        nlohmann::ordered_json j;
        if (!inputs->failures.complete())
            j["not_read"] = inputs->failures.not_read;
        auto& cells = j["cells"] = nlohmann::ordered_json::array();
        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            const auto& c = table.cells[i];
            const auto& x = m.cells[i];
            nlohmann::ordered_json row;
            for (std::size_t k = 0; k < names.size(); ++k)
                row[names[k]] = c.keys[k];
            auto count = [](std::optional<std::int64_t> v) {
                return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json();
            };
            row["reached"] = c.reached.value().value();
            row["target"] = count(count_of(c.target));
            row["pin"] = count(count_of(c.pin));
            row["funding_usd"] = c.funding.value().value();
            row["requirements_usd"] = count(count_of(c.requirements));
            row["attainment"] = ratio_json<nlohmann::ordered_json>(value_of(x.attainment));
            row["coverage"] = ratio_json<nlohmann::ordered_json>(value_of(x.coverage));
            row["coverage_upper"] = ratio_json<nlohmann::ordered_json>(value_of(x.coverage_upper));
            row["gap"] = ratio_json<nlohmann::ordered_json>(x.gap);
            row["log_ratio"] = json_number(x.log_ratio);
            row["cost_per_reached"] = json_number(value_of(x.cost_per_reached));
            row["planned_cost_per_target"] = json_number(value_of(x.planned_cost_per_target));
            row["funding_per_pin"] = json_number(value_of(x.funding_per_pin));
            row["non_direct_share"] = ratio_json<nlohmann::ordered_json>(x.non_direct_share);
            row["funding_share"] = ratio_json<nlohmann::ordered_json>(x.funding_share);
            row["reach_share"] = ratio_json<nlohmann::ordered_json>(x.reach_share);
            row["z"] = json_number(x.z);
            row["flag"] = std::string(metrics::to_string(x.flag));
            row["causes"] = causes_text(x);
            cells.push_back(std::move(row));
        }
        const auto& s = m.summary;
        auto mean = [](const std::optional<metrics::mean_sd>& v) {
            return json_number(v ? std::optional<double>(v->mean) : std::nullopt);
        };
        auto sd = [](const std::optional<metrics::mean_sd>& v) {
            return json_number(v ? std::optional<double>(v->sd) : std::nullopt);
        };
        j["summary"] = {{"comparable_cells", s.comparable_cells},
                        {"total_variation", json_number(s.total_variation)},
                        {"jensen_shannon", json_number(s.jensen_shannon)},
                        {"spearman", json_number(s.spearman)},
                        {"gini_funding_per_pin", json_number(s.gini_funding_per_pin)},
                        {"coverage_weighted_mean", mean(s.coverage_weighted)},
                        {"coverage_weighted_sd", sd(s.coverage_weighted)},
                        {"attainment_weighted_mean", mean(s.attainment_weighted)},
                        {"attainment_weighted_sd", sd(s.attainment_weighted)},
                        {"need_total_variation", json_number(s.need_total_variation)},
                        {"theil_funding_per_pin",
                         json_number(s.theil_funding_per_pin
                                         ? std::optional<double>(s.theil_funding_per_pin->total)
                                         : std::nullopt)},
                        {"median_log_ratio", json_number(s.median_log_ratio)},
                        {"mad_log_ratio", json_number(s.mad_log_ratio)},
                        {"flagged", s.flagged},
                        {"negative_funding_cells", s.negative_funding_cells},
                        {"funding_outside_cells_usd", s.funding_outside_cells.value()}};
        os << j.dump(2) << "\n";
    }
    target.commit();

    // Stderr: what fits no cell, and every rejected row and notice.
    const auto& o = table.outside;
    if (o.total.value() != 0) {
        err << "note: " << format_thousands(o.total.value()) << " USD of funding fits no cell (";
        bool first = true;
        for (std::size_t r = 0; r < metrics::outside_reason_count; ++r)
            if (o.by_reason[r].value() != 0) {
                err << (first ? "" : ", ")
                    << metrics::to_string(static_cast<metrics::outside_reason>(r)) << " "
                    << format_thousands(o.by_reason[r].value());
                first = false;
            }
        err << ")\n";
    }
    if (after_as_of)
        err << "note: " << after_as_of << " flow(s) dated after " << jo.as_of->to_string()
            << " left out\n";
    tell_undated(err, inputs->undated);
    for (const auto& n : m.summary.notes)
        err << "note: " << n << "\n";
    for (const auto& n : inputs->choice_notes)
        err << "note: " << n << "\n";
    if (!m.summary.z_flags)
        err << "note: no z flags: " << m.summary.log_ratio_cells
            << " comparable cell(s) with a log ratio (at least " << mo.min_z_cells
            << " and a MAD above 0 are needed)\n";
    io::validation_report all;
    for (const auto* r : {&table.reports.activities, &table.reports.plan, &table.reports.funding,
                          &table.reports.requirements})
        all.merge(*r);
    report_problems(all, table.notices, err);
    return exit_status(opt, inputs->failures, !all.rejected.empty());
}

} // namespace tally::cli
