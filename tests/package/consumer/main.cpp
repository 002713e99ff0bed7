#include <iostream>
#include <tally/tally.hpp>

int main() {
    const auto g = tally::geography::r4v();
    tally::reached_count<> a(tally::reached_count<>(1239) + tally::reached_count<>(76));
    std::cout << "tally " << tally::version_string << " " << g.country_count() << " countries "
              << a.total() << "\n";
    return a.total() == 1315 && g.country_count() == 17 ? 0 : 1;
}
