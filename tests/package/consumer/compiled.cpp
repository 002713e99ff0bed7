// A program linked with tally::compiled: it reads a 5W file given as text and prints the people
// reached in each country, with the reader and the pipeline of the library, not of the headers.
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
    return report.rejected.empty() ? 0 : 1;
}
