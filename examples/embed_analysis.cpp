// A researcher's analysis program, from docs/library.md alone: for one sector, people reached
// per country, their attainment of the plan's target, the coverage of requirements by funding as
// of a date, and one misalignment measure (coverage − attainment, per country).
//
//   example_embed_analysis ACTIVITIES.csv PLAN.csv FTS.json REQUIREMENTS.csv SECTOR YYYY-MM-DD
//
// (for instance tests/data/metrics/activities.csv plan.csv fts_flows.json requirements.csv
// Health 2023-12-31). Every figure is printed with operator<<; a measure that is n/a prints
// "n/a".

#include <iostream>
#include <string>
#include <tally/metrics/misalignment.hpp>
#include <tally/tally.hpp>

namespace {

using namespace tally;

// People reached per country in the sector, and the attainment of the plan's target.
void reach_and_attainment(const activity_table& activities, const plan_table& plan,
                          const std::string& sector) {
    using dedup::reach_key;
    const dedup::reach_pipeline pipeline(activities);
    const auto reached = pipeline.query({reach_key::country, reach_key::sector});
    const auto planned = dedup::aggregate_plan(plan, {reach_key::country, reach_key::sector});
    std::cout << "country,reached,target,attainment\n";
    for (const auto& row : reached.rows) {
        if (row.keys[1] != sector)
            continue;
        std::cout << row.keys[0] << "," << row.reached;
        const dedup::plan_row* target = nullptr;
        for (const auto& p : planned.rows)
            if (p.keys == row.keys)
                target = &p;
        if (target)
            std::cout << "," << target->target << ","
                      << metrics::attainment(row.reached.value(), target->target.value()) << "\n";
        else
            std::cout << ",n/a,n/a\n";
    }
}

// Funding per country in the sector as of a date, and the coverage of its requirements.
void coverage_as_of(const funding::flow_set<usd_amount>& flows,
                    const funding::group_sums<usd_amount>& requirements, const std::string& sector,
                    date as_of) {
    using funding::group_key;
    auto grouped = funding::group_funding(flows, {group_key::country, group_key::sector}, as_of);
    // FTS names countries ("Peru"); requirements use ISO3 codes ("PER").
    std::vector<std::string> unresolved;
    grouped.funding = funding::resolve_countries(grouped.funding, geography::r4v(), unresolved);
    std::cout << "country,funding,requirements,coverage (as of " << as_of.to_string() << ")\n";
    for (const auto& row : funding::coverage(grouped, requirements))
        if (row.key[1] == sector)
            std::cout << row.key[0] << "," << row.funding << "," << print(row.requirements) << ","
                      << print(row.coverage) << "\n";
}

// coverage − attainment per country: > 0 where money is ahead of reach.
void misalignment_gap(const metrics::join_inputs<usd_amount>& in, const std::string& sector,
                      date as_of) {
    metrics::join_options options;
    options.by = {dedup::reach_key::country};
    options.scope = sector;
    options.as_of = as_of;
    const auto table = metrics::join(in, options);
    const auto m = metrics::measure(table);
    std::cout << "country,gap,flag\n";
    for (std::size_t i = 0; i < table.cells.size(); ++i)
        std::cout << table.cells[i].keys[0] << "," << print(m.cells[i].gap) << ","
                  << metrics::to_string(m.cells[i].flag) << "\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 7) {
        std::cerr << "usage: " << argv[0]
                  << " ACTIVITIES.csv PLAN.csv FTS.json REQUIREMENTS.csv SECTOR YYYY-MM-DD\n";
        return 2;
    }
    try {
        const std::string sector = argv[5];
        const date as_of = date::parse(argv[6]);
        activity_table activities;
        plan_table plan;
        funding::flow_set<usd_amount> flows;
        metrics::join_inputs<usd_amount> in;
        in.reports.activities = io::read_activities(argv[1], activities);
        in.reports.plan = io::read_plan(argv[2], plan);
        io::read_fts_json(argv[3], flows, in.reports.funding);
        const auto requirements = io::read_requirements_csv(argv[4], in.reports.requirements);
        in.activities = activities;
        in.plan = plan;
        in.requirements = requirements;
        in.funding = metrics::money_entries(flows, as_of);

        reach_and_attainment(activities, plan, sector);
        coverage_as_of(flows, requirements, sector, as_of);
        misalignment_gap(in, sector, as_of);
        return in.reports.activities.clean() && in.reports.plan.clean() ? 0 : 1;
    } catch (const error& e) { // a file that cannot be read, a bad date, an unknown sector
        std::cerr << e.what() << "\n";
        return 2;
    }
}
