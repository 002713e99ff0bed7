// Reads 5W activity files and prints people reached per country and sector, then per country
// across sectors (intersector) and for the region, with the footnotes each figure carries.
//
//   example_reach_table FILE.csv [FILE.csv...]
//
// Copy it and change the keys or the rules (reach_options) to fit your question.

#include <algorithm>
#include <iomanip>
#include <iostream>
#include <map>
#include <sstream>
#include <tally/dedup/reach.hpp>
#include <tally/io/activity_reader.hpp>

using namespace tally;

namespace {

// Prints the rows of a result as an aligned table; each row points to its footnote by number.
void print_table(const std::string& title, const dedup::reach_result& r,
                 std::vector<std::string>& footnotes) {
    std::cout << title << "\n";
    std::vector<std::vector<std::string>> cells;
    std::vector<std::string> head;
    for (auto k : r.by)
        head.emplace_back(dedup::to_string(k));
    for (auto h : {"reached", "upper bound", "partners", "note"})
        head.emplace_back(h);
    cells.push_back(head);
    for (const auto& row : r.rows) {
        std::vector<std::string> line = row.keys;
        if (line.back().empty())
            line.back() = "(country level)";
        line.push_back(format_thousands(row.reached.value().value()));
        line.push_back(format_thousands(row.reached.upper().value()));
        line.push_back(std::to_string(row.appealing.value()));
        const auto text = row.reached.how().footnote();
        auto it = std::find(footnotes.begin(), footnotes.end(), text);
        if (it == footnotes.end())
            it = footnotes.insert(footnotes.end(), text);
        line.push_back("[" + std::to_string(it - footnotes.begin() + 1) + "]");
        cells.push_back(line);
    }
    std::vector<std::size_t> width(head.size(), 0);
    for (const auto& line : cells)
        for (std::size_t i = 0; i < line.size(); ++i)
            width[i] = std::max(width[i], line[i].size());
    for (const auto& line : cells) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            const bool number = i >= r.by.size() && i + 1 < line.size();
            const bool last = i + 1 == line.size();
            std::cout << "  " << (number ? std::right : std::left)
                      << std::setw(last ? 0 : static_cast<int>(width[i])) << line[i];
        }
        std::cout << "\n";
    }
    std::cout << "\n";
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: " << argv[0] << " FILE.csv [FILE.csv...]\n";
        return 2;
    }
    try {
        activity_table table;
        io::validation_report report;
        for (int i = 1; i < argc; ++i)
            report.merge(io::read_activities(argv[i], table));
        for (const auto& bad : report.rejected)
            std::cerr << bad.where.to_string() << ": rejected: " << bad.reason << "\n";

        // The R4V 2023 preset: indicators add within a sector, max per population group across
        // sectors, people in transit left out of regional figures.
        const dedup::reach_pipeline pipeline(table);
        using key = dedup::reach_key;
        std::vector<std::string> footnotes;
        print_table("People reached by country and sector",
                    pipeline.query({key::country, key::sector}), footnotes);
        print_table("People reached by country, all sectors", pipeline.query({key::country}),
                    footnotes);
        print_table("People reached in the region", pipeline.query({key::region}), footnotes);
        std::cout << "Notes\n";
        for (std::size_t i = 0; i < footnotes.size(); ++i)
            std::cout << "[" << i + 1 << "] " << footnotes[i] << "\n";
        std::cout << "Partners: distinct appealing organisations; do not sum partner counts.\n"
                  << report.rows_used << " of " << report.rows_read << " rows used";
        if (pipeline.lines_not_direct())
            std::cout << "; lines of other indicator types (capacity building, infrastructure, "
                         "advocacy) reach no one countable: "
                      << pipeline.lines_not_direct();
        std::cout << ".\n";
        return report.clean() ? 0 : 1;
    } catch (const error& e) {
        std::cerr << e.what() << "\n";
        return 2;
    }
}
