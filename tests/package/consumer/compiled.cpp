// A program linked with tally::compiled: it reads a 5W file given as text and prints the people
// reached in each country, with the reader and the pipeline of the library, not of the headers;
// then reads a plan and a flow CSV and joins the three, with the plan and flow readers and the
// join of the library, and prints how many rows, flows and cells it has.
#include <iostream>
#include <tally/tally.hpp>

#ifndef TALLY_COMPILED
#error "linking tally::compiled defines TALLY_COMPILED"
#endif

int main() {
    tally::activity_table table;
    const auto report = tally::io::read_activities_text(
        "country,admin1,month,appealing_org,implementing_org,sector,indicator,in_destination,"
        "new_beneficiaries\n"
        "COL,,2024-01,A,A,Health,Consultations,30,30\n"
        "COL,,2024-01,B,B,Health,Consultations,12,12\n"
        "PER,,2024-01,A,A,Health,Consultations,5,5\n",
        "compiled.csv", table);
    const tally::dedup::reach_pipeline pipeline(table);
    for (const auto& row : pipeline.query({tally::dedup::reach_key::country}).rows)
        std::cout << row.keys[0] << " " << row.reached.value().value() << "\n";
    tally::plan_table plan;
    const auto plan_report =
        tally::io::read_plan_text("country,sector,population_group,pin,target\n"
                                  "COL,Health,in_destination,100,50\n",
                                  "plan.csv", plan);
    tally::io::validation_report flow_report;
    const auto flows = tally::io::parse_flow_csv(
        "donor,recipient,country,sector,amount_usd\nD,R,COL,Health,1000\n", "flows.csv",
        flow_report);
    tally::metrics::join_inputs<tally::usd_amount> in;
    in.activities = table;
    in.plan = plan;
    in.funding = tally::metrics::money_entries(flows);
    const auto joined = tally::metrics::join(in, {});
    std::cout << "plan " << plan.size() << " flows " << flows.size() << " cells "
              << joined.cells.size() << "\n";
    return report.rejected.empty() && plan_report.rejected.empty() && flow_report.rejected.empty()
               ? 0
               : 1;
}
