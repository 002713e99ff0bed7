// Funding against people reached with the library alone: read the four inputs, join them per
// country and sector, measure, and print each flagged cell with the causes its misalignment may
// stem from, then the summary across comparable cells.
//
//   example_misalignment ACTIVITIES.csv PLAN.csv FLOWS.csv REQUIREMENTS.csv
//
// (for instance the fixture of tests/data/metrics/). FLOWS.csv is a plain flow CSV
// (donor,recipient,country,sector,amount_usd); for FTS JSON, read a funding::flow_set with
// io::read_fts_json and pass metrics::money_entries(flows) instead.

#include <cstdio>
#include <iostream>
#include <tally/io/activity_reader.hpp>
#include <tally/io/flow_csv.hpp>
#include <tally/io/plan_reader.hpp>
#include <tally/io/requirements_csv.hpp>
#include <tally/metrics/joined.hpp>
#include <tally/metrics/misalignment.hpp>

int main(int argc, char** argv) {
    if (argc != 5) {
        std::cerr << "usage: " << argv[0]
                  << " ACTIVITIES.csv PLAN.csv FLOWS.csv REQUIREMENTS.csv\n";
        return 2;
    }
    try {
        using namespace tally;
        activity_table activities;
        plan_table plan;
        metrics::join_inputs<usd_amount> in;
        in.reports.activities = io::read_activities(argv[1], activities);
        in.reports.plan = io::read_plan(argv[2], plan);
        in.funding =
            metrics::money_entries<usd_amount>(io::read_flow_csv(argv[3], in.reports.funding));
        const auto requirements = io::read_requirements_csv(argv[4], in.reports.requirements);
        in.activities = activities;
        in.plan = plan;
        in.requirements = requirements;

        const auto table = metrics::join(in, metrics::join_options{}); // by country, sector
        const auto m = metrics::measure(table);

        for (std::size_t i = 0; i < table.cells.size(); ++i) {
            const auto& cell = table.cells[i];
            const auto& x = m.cells[i];
            if (x.flag == metrics::misalignment_flag::none)
                continue;
            std::cout << cell.keys[0] << " / " << cell.keys[1] << ": " << metrics::to_string(x.flag)
                      << " (reached " << format_thousands(cell.reached.value().value())
                      << ", funding US$ " << format_thousands(cell.funding.value().value());
            if (x.z)
                std::printf(", z %.2f", *x.z);
            std::cout << ")\n";
            for (auto c : x.causes)
                std::cout << "  may stem from " << metrics::describe(c) << "\n";
        }
        const auto& s = m.summary;
        std::printf("comparable cells: %zu\n", s.comparable_cells);
        if (s.total_variation)
            std::printf("funding and reach shares differ by %.1f%% (total variation)\n",
                        100 * *s.total_variation);
        if (s.spearman)
            std::printf("rank correlation of funding and reach: %.3f\n", *s.spearman);
        if (s.coverage_weighted && s.attainment_weighted)
            std::printf("coverage %.1f%% of requirements, attainment %.1f%% of targets\n",
                        100 * s.coverage_weighted->mean, 100 * s.attainment_weighted->mean);
        std::cout << "funding in no cell: US$ " << format_thousands(table.outside.total.value())
                  << "\n";
        return 0;
    } catch (const tally::error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
}
