// Funding per (country, sector) from a plain flow CSV (donor,recipient,country,sector,amount_usd),
// as in Q4 of the peer benchmark: REGIONAL and MULTI stay their own rows, sums are exact.
//
//   example_funding_by_country_sector funding.csv > by_country_sector.csv
//
// Prints country,sector,funding_usd sorted by key in byte order, and the load and sum times
// on stderr.

#include <chrono>
#include <cstdio>
#include <iostream>
#include <tally/io/flow_csv.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: " << argv[0] << " FUNDING.csv\n";
        return 2;
    }
    try {
        using clock = std::chrono::steady_clock;
        const auto t0 = clock::now();
        tally::io::validation_report report;
        const auto table = tally::io::read_flow_csv(argv[1], report);
        const auto t1 = clock::now();
        const auto sums = table.funding_by_country_sector();
        const auto t2 = clock::now();
        std::string out = "country,sector,funding_usd\n";
        for (const auto& [key, amount] : sums.result())
            out += key[0] + "," + key[1] + "," + std::to_string(amount.value()) + "\n";
        std::fwrite(out.data(), 1, out.size(), stdout);
        const auto s = [](auto d) { return std::chrono::duration<double>(d).count(); };
        std::fprintf(stderr, "rows=%zu rejected=%zu load_s=%.3f sum_s=%.3f\n", report.rows_used,
                     report.rejected.size(), s(t1 - t0), s(t2 - t1));
        return report.clean() ? 0 : 1;
    } catch (const tally::error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
}
