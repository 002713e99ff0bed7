#pragma once
// `tally reach --in-transit-sketches DIR`: the distinct people in transit of the region or of
// each platform, estimated from one keyed sketch per country (docs/sketch.md), written as rows
// of their own after the reach rows, with scope "in_transit_sketch" and a footnote giving the
// method and the 95% interval. reached is the rounded estimate, reached_upper the upper end of
// the interval; JSON also has reached_lower. Partner columns are empty: sketches hold no partner.

#include "figure_output.hpp"
#include "sketch_key_input.hpp"
#include <cmath>
#include <optional>
#include <tally/core/geography.hpp>
#include <tally/dedup/rules.hpp>
#include <tally/sketch/in_transit.hpp>

namespace tally::cli {

/// The figures of the sketches in dir, authenticated with the key of key_file (the shared key
/// or its authentication key), read and checked before any reach row is written. Throws
/// errc::usage unless the keys are region and/or platform, in-transit people are not already
/// included in the country sums and a key file is given; the errors of read_sketch_auth_key,
/// read_sketch_dir and in_transit_figures.
inline std::vector<sketch::in_transit_figure>
in_transit_sketch_figures(const std::string& dir, const std::optional<std::string>& key_file,
                          const geography& geo, const std::vector<dedup::reach_key>& by,
                          dedup::in_transit_rule rule) {
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
    if (!key_file)
        throw error(errc::usage, "--in-transit-sketches needs --key-file KEY: the shared key or "
                                 "its authentication key (tally sketch auth-key), to check that "
                                 "the sketches were made by a holder of the key");
#if defined(TALLY_HAVE_SODIUM)
    const auto sketches = sketch::read_sketch_dir(dir, read_sketch_auth_key(*key_file));
    return sketch::in_transit_figures(geo, sketches, by_platform);
#else
    (void)dir;
    (void)geo;
    (void)by_platform;
    no_sketch_authentication();
#endif
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
        // A figure beyond what a sketch can count (a saturated sketch) is n/a (null), never a
        // float cast out of range.
        const auto count = [](const char* name, std::optional<std::int64_t> v) {
            return v ? number_field(name, *v) : field{name, "n/a", "null"};
        };
        fs.push_back(count("reached", sketch::whole_count(f.people.value)));
        fs.push_back(
            count("reached_upper", sketch::whole_count(f.people.upper, sketch::rounding::up)));
        fs.push_back({"appealing_partners", "", "null"});
        fs.push_back({"implementing_partners", "", "null"});
        fs.push_back(text_field("scope", "in_transit_sketch"));
        fs.push_back(text_field("note", f.footnote()));
        w.write(
            fs,
            {count("reached_lower", sketch::whole_count(f.people.lower, sketch::rounding::down)),
             {"exact", f.people.exact ? "true" : "false", f.people.exact ? "true" : "false"}});
    }
}

} // namespace tally::cli
