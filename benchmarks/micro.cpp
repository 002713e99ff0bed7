// Micro-benchmarks (Google Benchmark): reader throughput per format, reach pipeline throughput,
// and query latency on a loaded pipeline. The inputs are generated here (a fixed linear
// congruential sequence), shaped like the shared benchmark's files, so the numbers compare
// between runs of one machine. Bytes/s and items/s (rows) are reported per benchmark.
//
//   build/release/tally_micro                     all
//   build/release/tally_micro --benchmark_filter=read_activities

#include <benchmark/benchmark.h>
#include <cstdint>
#include <string>
#include <tally/tally.hpp>
#include <vector>

namespace {

struct lcg {
    std::uint64_t s = 42;
    std::uint32_t next(std::uint32_t n) {
        s = s * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<std::uint32_t>((s >> 33) % n);
    }
};

const char* const countries[] = {"COL", "PER", "BRA", "ECU", "CHL", "ARG", "MEX", "PAN"};
const char* const groups[] = {"in_destination", "host_community", "in_transit", "pendular",
                              "returnees"};

/// The shared benchmark's long layout: country,admin1,month,sector,indicator,partner,
/// population_group,reached. partner(i) names the partner of row i.
template <class Partner>
std::string long_file(std::size_t rows, Partner partner) {
    lcg r;
    std::string s = "country,admin1,month,sector,indicator,partner,population_group,reached\n";
    s.reserve(rows * 70);
    for (std::size_t i = 0; i < rows; ++i) {
        const auto c = r.next(8), sec = r.next(10);
        s += countries[c];
        s += ',';
        s += countries[c];
        s += '-' + std::to_string(r.next(30)) + ",2023-";
        const auto m = 1 + r.next(12);
        s += (m < 10 ? "0" : "") + std::to_string(m) + ",SECTOR" + std::to_string(sec) + ",SECTOR" +
             std::to_string(sec) + "-0" + std::to_string(r.next(4)) + ',' + partner(r, i) + ',' +
             groups[r.next(5)] + ',' + std::to_string(r.next(2000)) + '\n';
    }
    return s;
}

std::string agency(lcg& r, std::size_t) {
    return "NGO_" + std::to_string(r.next(200));
}

/// The R4V wide layout: one column per population group and the six age/gender cells.
std::string wide_file(std::size_t rows) {
    lcg r;
    std::string s = "country,admin1,month,appealing_org,implementing_org,sector,indicator,"
                    "indicator_type,cva,total_monthly,new_beneficiaries,in_destination,in_transit,"
                    "host_community,pendular,returnees,girls,boys,women,men,other_under_18,"
                    "other_above_18\n";
    for (std::size_t i = 0; i < rows; ++i) {
        const auto c = r.next(8);
        const int d = static_cast<int>(r.next(100)), h = static_cast<int>(r.next(50));
        const int n = d + h;
        s += std::string(countries[c]) + ',' + countries[c] + '-' + std::to_string(r.next(30)) +
             ",2023-0" + std::to_string(1 + r.next(9)) + ",NGO_" + std::to_string(r.next(200)) +
             ",NGO_" + std::to_string(r.next(200)) + ",SECTOR" + std::to_string(r.next(10)) +
             ",IND-" + std::to_string(r.next(40)) + ",Direct assistance,No," +
             std::to_string(n + 10) + ',' + std::to_string(n) + ',' + std::to_string(d) + ",0," +
             std::to_string(h) + ",0,0," + std::to_string(n / 4) + ',' + std::to_string(n / 4) +
             ',' + std::to_string(n / 4) + ',' + std::to_string(n - 3 * (n / 4)) + ",0,0\n";
    }
    return s;
}

void read_text(benchmark::State& st, const std::string& text, unsigned threads) {
    for (auto _ : st) {
        tally::activity_table t;
        tally::io::activity_read_options o;
        o.threads = threads;
        o.chunk_bytes = text.size() / threads + 1;
        const auto rep = tally::io::read_activities_text(text, "bench.csv", t, o);
        if (!rep.clean())
            st.SkipWithError("rows rejected");
        benchmark::DoNotOptimize(t.size());
        st.counters["rows"] = static_cast<double>(t.size());
    }
    st.SetBytesProcessed(st.iterations() * static_cast<std::int64_t>(text.size()));
    st.SetItemsProcessed(static_cast<std::int64_t>(st.iterations()) *
                         static_cast<std::int64_t>(st.counters["rows"].value));
}

void read_activities_long(benchmark::State& st) {
    static const std::string text = long_file(200'000, agency);
    read_text(st, text, static_cast<unsigned>(st.range(0)));
}
BENCHMARK(read_activities_long)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

void read_activities_wide(benchmark::State& st) {
    static const std::string text = wide_file(100'000);
    read_text(st, text, static_cast<unsigned>(st.range(0)));
}
BENCHMARK(read_activities_wide)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// 80,000 partner names sharing a 24-byte prefix against 80,000 random ones: interning must not
// fall into one probe chain for names that differ only at the end.
void read_activities_shared_prefix_partners(benchmark::State& st) {
    static const std::string text = long_file(200'000, [](lcg& r, std::size_t) {
        return "REGIONAL_PARTNER_NETWORK_" + std::to_string(100000 + r.next(80'000));
    });
    read_text(st, text, 1);
}
BENCHMARK(read_activities_shared_prefix_partners)->Unit(benchmark::kMillisecond);

void read_activities_random_partners(benchmark::State& st) {
    static const std::string text = long_file(200'000, [](lcg& r, std::size_t) {
        // As long as the shared-prefix names (31 bytes), random from the first byte.
        static const std::vector<std::string> names = [] {
            lcg g{7};
            std::vector<std::string> v(80'000, std::string(31, 'a'));
            for (auto& name : v)
                for (auto& ch : name)
                    ch = static_cast<char>('A' + g.next(26));
            return v;
        }();
        return names[r.next(80'000)];
    });
    read_text(st, text, 1);
}
BENCHMARK(read_activities_random_partners)->Unit(benchmark::kMillisecond);

void read_flow_csv(benchmark::State& st) {
    lcg r;
    std::string text = "donor,recipient,country,sector,amount_usd\n";
    for (int i = 0; i < 200'000; ++i)
        text += "DONOR_" + std::to_string(r.next(40)) + ",NGO_" + std::to_string(r.next(200)) +
                ',' + countries[r.next(8)] + ",SECTOR" + std::to_string(r.next(10)) + ',' +
                std::to_string(1000 + r.next(5'000'000)) + '\n';
    std::size_t rows = 0;
    for (auto _ : st) {
        tally::io::validation_report rep;
        const auto flows = tally::io::parse_flow_csv(text, "flows.csv", rep);
        rows = flows.size();
        benchmark::DoNotOptimize(rows);
    }
    st.SetBytesProcessed(st.iterations() * static_cast<std::int64_t>(text.size()));
    st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(rows));
}
BENCHMARK(read_flow_csv)->Unit(benchmark::kMillisecond);

const tally::activity_table& loaded_table() {
    static const tally::activity_table table = [] {
        tally::activity_table t;
        tally::io::read_activities_text(long_file(1'000'000, agency), "bench.csv", t);
        return t;
    }();
    return table;
}

tally::dedup::reach_options benchmark_options(bool partners) {
    tally::dedup::reach_options o;
    o.within_sector = tally::dedup::within_sector_rule::max_indicator;
    o.partners = partners;
    return o;
}

// The pipeline's pass over the lines (steps 1 and 2), with and without partner counts.
void reach_pipeline_build(benchmark::State& st) {
    const auto& t = loaded_table();
    for (auto _ : st) {
        const tally::dedup::reach_pipeline p(t, benchmark_options(st.range(0) != 0));
        benchmark::DoNotOptimize(p.lines_counted());
    }
    st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(t.size()));
}
BENCHMARK(reach_pipeline_build)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

// One more grouping of data already loaded: what a report pays per table.
void reach_query(benchmark::State& st) {
    using K = tally::dedup::reach_key;
    static const tally::dedup::reach_pipeline p(loaded_table(), benchmark_options(false));
    const std::vector<std::vector<K>> groupings = {{K::country, K::sector, K::population_group},
                                                   {K::country, K::population_group},
                                                   {K::sector},
                                                   {K::platform, K::month}};
    const auto& by = groupings[static_cast<std::size_t>(st.range(0))];
    for (auto _ : st) {
        const auto r = p.query(by);
        benchmark::DoNotOptimize(r.rows.size());
    }
}
BENCHMARK(reach_query)->DenseRange(0, 3)->Unit(benchmark::kMillisecond);

} // namespace

BENCHMARK_MAIN();
