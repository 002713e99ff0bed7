// A coverage cannot be added to another, nor to an attainment: ratios have no addition.
#include <tally/metrics/ratio.hpp>

double f() {
    const auto c = tally::metrics::coverage(tally::usd_amount(50), tally::usd_amount(100));
    const auto a = tally::metrics::attainment(tally::reached_count<>(1), tally::target_count<>(2));
#if defined(TALLY_OK)
    return c->value() + a->value();
#else
    return (*c + *c).value();
#endif
}
