// Partner counts must never be summed.
#include <tally/core/count.hpp>

tally::partner_count f(tally::partner_count a, tally::partner_count b) {
#if defined(TALLY_OK)
    return a < b ? b : a;
#else
    return a + b;
#endif
}
