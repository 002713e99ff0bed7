// A figure with its bound and provenance prints its own footnote.
#include <iostream>
#include <tally/tally.hpp>

int main() {
    using namespace tally;
    reached_count<> protection(1239), food_host(76);
    provenance how;
    how.step("max per population group across sectors per admin1 and month")
        .exclude("people in transit");
    figure<reached_count<>> f(protection + food_host, reached_count<>(2356), how);
    std::cout << f.value().value() << "\n" << f.footnote() << "\n";
    // 1315
    // De-duplication: max per population group across sectors per admin1 and month. Does not
    // include people in transit. Upper bound without de-duplication: 2,356.
}
