// Attainment divides people reached by a target: a PiN is refused.
#include <tally/metrics/ratio.hpp>

double f() {
    const tally::reached_count<> r(10);
#if defined(TALLY_OK)
    return tally::metrics::attainment(r, tally::target_count<>(20))->value();
#else
    return tally::metrics::attainment(r, tally::pin_count<>(20))->value();
#endif
}
