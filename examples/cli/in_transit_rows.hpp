#pragma once
// `tally reach --in-transit-sketches DIR`: the distinct people in transit of the region or of
// each platform, estimated from one keyed sketch per country (docs/sketch.md), written as rows
// of their own after the reach rows, with scope "in_transit_sketch" and a footnote giving the
// method and the 95% interval. reached is the rounded estimate, reached_upper the upper end of
// the interval; JSON also has reached_lower. Partner columns are empty: sketches hold no partner.

#include "figure_output.hpp"
#include <cmath>
#include <tally/core/geography.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/sketch/in_transit.hpp>

namespace tally::cli {

/// The figures of the sketches in dir, read and checked before any reach row is written.
/// Throws errc::usage unless the keys are region and/or platform and in-transit people are not
/// already included in the country sums; the errors of read_sketch_dir and in_transit_figures.
inline std::vector<sketch::in_transit_figure>
in_transit_sketch_figures(const std::string& dir, const geography& geo,
                          const std::vector<dedup::reach_key>& by, dedup::in_transit_rule rule) {
    bool by_platform = false;
    for (auto k : by) {
        if (k == dedup::reach_key::platform)
            by_platform = true;
        else if (k != dedup::reach_key::region)
            throw error(errc::usage, "--in-transit-sketches needs --by region and/or platform: "
                                     "a sketch has no " +
                                         std::string(dedup::to_string(k)));
    }
    if (rule == dedup::in_transit_rule::include)
        throw error(errc::usage, "--in-transit-sketches cannot be used with --in-transit include: "
                                 "the country sums would already count people in transit");
    const auto sketches = sketch::read_sketch_dir(dir);
    return sketch::in_transit_figures(geo, sketches, by_platform);
}

/// Writes the figures as rows of the reach output.
inline void write_in_transit_rows(const std::vector<sketch::in_transit_figure>& figures,
                                  const std::vector<dedup::reach_key>& by, bool separate_column,
                                  record_writer& w) {
    for (const auto& f : figures) {
        std::vector<field> fs;
        for (auto k : by)
            fs.push_back(text_field(std::string(dedup::to_string(k)),
                                    k == dedup::reach_key::platform ? f.platform : f.region));
        if (separate_column)
            fs.push_back(text_field("in_transit", "distinct_estimate"));
        fs.push_back(number_field("reached", std::llround(f.people.value)));
        fs.push_back(
            number_field("reached_upper", static_cast<std::int64_t>(std::ceil(f.people.upper))));
        fs.push_back({"appealing_partners", "", "null"});
        fs.push_back({"implementing_partners", "", "null"});
        fs.push_back(text_field("scope", "in_transit_sketch"));
        fs.push_back(text_field("note", f.footnote()));
        w.write(
            fs,
            {number_field("reached_lower", static_cast<std::int64_t>(std::floor(f.people.lower))),
             {"exact", f.people.exact ? "true" : "false", f.people.exact ? "true" : "false"}});
    }
}

} // namespace tally::cli
