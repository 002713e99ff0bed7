#pragma once
// People in transit across countries, from one keyed sketch per country.
//
// The R4V rule leaves people in transit out of platform and regional totals, because one person
// may be assisted in several countries and a sum would count them once per country. Sketches of
// keyed identifiers merge without double counting, so the distinct people in transit of a
// platform or of the region can be estimated: merge the sketches of its countries, estimate the
// union. The figure is an estimate with a 95% interval (exact below the sketch's exact limit), and
// it is reported on its own, never added to the figures that exclude people in transit.

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <tally/core/error.hpp>
#include <tally/core/figure.hpp>
#include <tally/core/geography.hpp>
#include <tally/io/file.hpp>
#include <tally/sketch/identifier_sketch.hpp>
#include <vector>

namespace tally::sketch {

/// The distinct people in transit of the region (platform empty) or of one platform.
struct in_transit_figure {
    std::string region;                 ///< region code
    std::string platform;               ///< platform name; empty for the region figure
    std::vector<std::string> countries; ///< ISO3 codes of the sketches merged, sorted
    sketch::estimate people;
    int precision = 0; ///< of the merged HyperLogLog

    /// How the figure was obtained and its error, to print with it.
    std::string footnote() const {
        std::string list;
        for (const auto& c : countries)
            list += (list.empty() ? "" : ", ") + c;
        std::string s = "People in transit, counted once across countries (" + list +
                        ") by merging keyed sketches of their identifiers";
        if (people.exact) {
            s += ": exact (every keyed hash is kept below the sketch's exact limit).";
        } else {
            char rse[32];
            std::snprintf(rse, sizeof rse, "%.2f%%", 104.0 / std::sqrt(std::ldexp(1.0, precision)));
            const auto written = [](std::optional<std::int64_t> v) {
                return v ? format_thousands(*v) : std::string("n/a");
            };
            s += ": HyperLogLog estimate, precision " + std::to_string(precision) +
                 " (relative standard error " + rse + "); 95% interval " +
                 written(whole_count(people.lower, rounding::down)) + " to " +
                 written(whole_count(people.upper, rounding::up)) + ".";
            if (!whole_count(people.value))
                s += " The sketch is saturated: it has seen more hashes than it can count, so "
                     "the figure is n/a.";
        }
        return s + " Not added to the figures that exclude people in transit.";
    }
};

/// The sketches in dir: every regular file whose name ends in ".sketch", in name order, each
/// authenticated by auth (identifier_sketch::deserialize). Throws errc::io when dir is not a
/// readable directory or holds no sketch, errc::parse (naming the file) for a file that is not a
/// sketch tally accepts, errc::mismatch (naming the file) for a sketch of another key.
template <SketchAuthenticator Auth>
std::vector<identifier_sketch> read_sketch_dir(const std::string& dir, const Auth& auth) {
    std::error_code ec;
    std::vector<std::filesystem::path> paths;
    for (const auto& e : std::filesystem::directory_iterator(dir, ec))
        if (e.is_regular_file() && e.path().extension() == ".sketch")
            paths.push_back(e.path());
    if (ec)
        throw error(errc::io, source_position{dir, 0, 0}, "cannot read directory: " + ec.message());
    if (paths.empty())
        throw error(errc::io, source_position{dir, 0, 0}, "no *.sketch file");
    std::sort(paths.begin(), paths.end());
    std::vector<identifier_sketch> out;
    for (const auto& p : paths) {
        try {
            out.push_back(identifier_sketch::deserialize(io::read_file(p.string()), auth));
        } catch (const error& e) {
            if (e.code() != errc::parse && e.code() != errc::mismatch)
                throw;
            throw error(e.code(), source_position{p.string(), 0, 0}, e.detail());
        }
    }
    return out;
}

/// One figure for the region, or (by_platform) one per platform that has sketches, in platform
/// order. Throws errc::invalid_argument for a sketch without a country, errc::unknown_code for a
/// country not in geo, errc::invalid_argument (by_platform) for a sketch whose countries lie in
/// several platforms, errc::mismatch for sketches of different keys or parameters.
inline std::vector<in_transit_figure>
in_transit_figures(const geography& geo, std::span<const identifier_sketch> sketches,
                   bool by_platform) {
    std::vector<std::optional<identifier_sketch>> merged(by_platform ? geo.platform_count() : 1);
    for (const auto& s : sketches) {
        if (s.countries().empty())
            throw error(errc::invalid_argument, "a sketch names no country");
        std::optional<code_id> platform;
        for (const auto& c : s.countries()) {
            const auto id = geo.find_country(c);
            if (!id)
                throw error(errc::unknown_code, "sketch of unknown country '" + c + "'");
            const auto p = geo.country(*id).platform;
            if (by_platform && platform && *platform != p)
                throw error(errc::invalid_argument,
                            "a sketch covers countries of several platforms: give one sketch "
                            "per country");
            platform = p;
        }
        auto& slot = merged[by_platform ? *platform : 0];
        if (slot)
            slot->merge(s);
        else
            slot = s;
    }
    std::vector<in_transit_figure> out;
    for (std::size_t i = 0; i < merged.size(); ++i) {
        if (!merged[i])
            continue;
        in_transit_figure f;
        f.region = geo.region_code();
        if (by_platform)
            f.platform = geo.platform(static_cast<code_id>(i)).name;
        f.countries.assign(merged[i]->countries().begin(), merged[i]->countries().end());
        f.people = merged[i]->estimate();
        f.precision = merged[i]->hll().precision();
        out.push_back(std::move(f));
    }
    return out;
}

} // namespace tally::sketch
