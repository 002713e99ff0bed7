// tally_peer — the shared benchmark workload (../shared/bench/README.md) computed through tally's
// public API: read the activities and funding files, compute Q1-Q4, write canonical CSV.
//
// Usage: tally_peer ACTIVITIES.csv FUNDING.csv OUTDIR
// Prints "peer=tally load_s=.. query_s=.. write_s=.. rows=N pipeline_s=.. grouping_ms=.." on
// stderr: load_s runs until both files are read, and so includes the pipeline's pass over the
// lines (pipeline_s), made while the flow file is read on another thread; query_s is the four
// groupings and the join; grouping_ms the slowest of the four groupings asked of the built
// pipeline (a new grouping on loaded data).
//
//   Q1 per (country, sector, population_group): reach pipeline, indicators within a sector by
//      max over indicators per admin1, month and group; summed over admin1 and months.
//   Q2 per (country, population_group): the same, then sectors -> intersector by max across
//      sectors per population group (max_group).
//   Q3 per sector: the sector figures summed over countries, people in transit excluded (the
//      pipeline's cross-country in-transit rule, `exclude`).
//   Q4 per (country, sector): FTS-style funding sums (REGIONAL and MULTI stay their own rows)
//      full-outer-joined with Q1 summed over population groups; cost_per_reached the exact
//      quotient rounded half-up to 6 decimals.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <future>
#include <iostream>
#include <string>
#include <tally/tally.hpp>
#include <thread>
#include <tuple>
#include <vector>

namespace {

using clock_type = std::chrono::steady_clock;
double seconds(clock_type::duration d) {
    return std::chrono::duration<double>(d).count();
}

__extension__ typedef __int128 int128; // a GCC/Clang extension, hence __extension__

/// The canonical cost_per_reached: F / R rounded half-up to 6 decimals, computed as
/// v = (2*F*10^6 + R) div (2R) in 128-bit integers (2*F*10^6 overflows 64 bits for F > 4.6e12).
std::string cost_per_reached(std::int64_t funding, std::int64_t reached) {
    if (reached == 0)
        return {};
    const int128 f = funding, r = reached;
    const int128 v = (2 * f * 1'000'000 + r) / (2 * r);
    const auto whole = static_cast<std::int64_t>(v / 1'000'000);
    const auto frac = static_cast<int>(v % 1'000'000);
    char buf[48];
    std::snprintf(buf, sizeof buf, "%lld.%06d", static_cast<long long>(whole), frac);
    return buf;
}

void write_file(const std::filesystem::path& p, const std::string& text) {
    std::ofstream out(p, std::ios::binary);
    out << text;
    if (!out)
        throw tally::error(tally::errc::io, tally::source_position{p.string(), 0, 0},
                           "cannot write");
}

/// "k1,k2,...,reached\n" for every row of a reach result (rows are already in byte order).
std::string reach_csv(const std::string& header, const tally::dedup::reach_result& r) {
    std::string s = header + "\n";
    for (const auto& row : r.rows) {
        for (const auto& k : row.keys) {
            s += k;
            s += ',';
        }
        s += std::to_string(row.reached.value().value());
        s += '\n';
    }
    return s;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 4) {
        std::cerr << "usage: tally_peer ACTIVITIES.csv FUNDING.csv OUTDIR\n";
        return 2;
    }
    try {
        using K = tally::dedup::reach_key;
        const std::filesystem::path out = argv[3];
        std::filesystem::create_directories(out);

        const auto t0 = clock_type::now();
        tally::activity_table acts;
        const auto act_report = tally::io::read_activities(argv[1], acts);
        // The flow file is read on a thread of its own while the pipeline is built over the
        // activities (the two share nothing): the flow reader is one thread, and the pipeline's
        // parts leave a core idle now and then.
        tally::io::validation_report fund_report;
        auto flows_read = std::async(
            std::launch::async, [&] { return tally::io::read_flow_csv(argv[2], fund_report); });

        tally::dedup::reach_options opt;
        opt.within_sector = tally::dedup::within_sector_rule::max_indicator;
        opt.intersector = tally::dedup::intersector_model::max_group;
        opt.partners = false;
        // The workload groups by sectors as written (its peers know no sector catalog): an
        // empty catalog keeps them so ("HEALTH" is not relabelled "Health").
        const tally::sector_catalog as_written;
        opt.catalog = &as_written;
        const auto pa = clock_type::now();
        const tally::dedup::reach_pipeline pipeline(acts, opt);
        const auto tp = clock_type::now();
        const auto flows = flows_read.get();
        const auto t1 = clock_type::now();
        if (!act_report.clean() || !fund_report.clean()) {
            std::cerr << "tally_peer: " << act_report.rejected.size() + fund_report.rejected.size()
                      << " rows rejected\n";
            return 1;
        }
        double grouping_s = 0;
        auto timed = [&](auto&& f) {
            const auto a = clock_type::now();
            auto r = f();
            grouping_s = std::max(grouping_s, seconds(clock_type::now() - a));
            return r;
        };
        const auto q1 = timed([&] {
            return pipeline.query({K::country, K::sector, K::population_group});
        });
        const auto q2 = timed([&] { return pipeline.query({K::country, K::population_group}); });
        // Across countries: people in transit are left out (the default in-transit rule).
        const auto q3 = timed(
            [&] { return pipeline.query({K::sector}, tally::dedup::in_transit_rule::exclude); });
        const auto reached = timed([&] { return pipeline.query({K::country, K::sector}); });
        const auto funding = flows.funding_by_country_sector();

        // Q4: full outer join of two key-sorted lists.
        std::string q4 = "country,sector,funding_usd,reached,cost_per_reached\n";
        const auto& fsums = funding.result();
        auto fi = fsums.begin();
        auto ri = reached.rows.begin();
        auto emit = [&](const std::string& c, const std::string& s, std::int64_t f,
                        std::int64_t r) {
            q4 += c + "," + s + "," + std::to_string(f) + "," + std::to_string(r) + "," +
                  cost_per_reached(f, r) + "\n";
        };
        while (fi != fsums.end() || ri != reached.rows.end()) {
            const bool take_f = ri == reached.rows.end() ||
                                (fi != fsums.end() && std::tie(fi->first[0], fi->first[1]) <=
                                                          std::tie(ri->keys[0], ri->keys[1]));
            const bool take_r = fi == fsums.end() || (ri != reached.rows.end() &&
                                                      std::tie(ri->keys[0], ri->keys[1]) <=
                                                          std::tie(fi->first[0], fi->first[1]));
            if (take_f && take_r) {
                emit(fi->first[0], fi->first[1], fi->second.value(), ri->reached.value().value());
                ++fi;
                ++ri;
            } else if (take_f) {
                emit(fi->first[0], fi->first[1], fi->second.value(), 0);
                ++fi;
            } else {
                emit(ri->keys[0], ri->keys[1], 0, ri->reached.value().value());
                ++ri;
            }
        }
        const std::string s1 = reach_csv("country,sector,population_group,reached", q1);
        const std::string s2 = reach_csv("country,population_group,reached", q2);
        const std::string s3 = reach_csv("sector,reached", q3);
        const auto t2 = clock_type::now();

        write_file(out / "q1.csv", s1);
        write_file(out / "q2.csv", s2);
        write_file(out / "q3.csv", s3);
        write_file(out / "q4.csv", q4);
        const auto t3 = clock_type::now();
        std::fprintf(
            stderr,
            "peer=tally version=%s threads=%u load_s=%.3f query_s=%.3f write_s=%.3f rows=%zu "
            "pipeline_s=%.3f grouping_ms=%.1f\n",
            tally::version_string, std::max(1u, std::thread::hardware_concurrency()),
            seconds(t1 - t0), seconds(t2 - t1), seconds(t3 - t2), acts.size(), seconds(tp - pa),
            grouping_s * 1000);
        return 0;
    } catch (const tally::error& e) {
        std::cerr << "tally_peer: " << e.what() << "\n";
        return 2;
    }
}
