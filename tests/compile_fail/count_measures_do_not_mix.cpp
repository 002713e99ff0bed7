// A target cannot be added to a reached count.
#include <tally/core/count.hpp>

tally::reached_count<> f() {
    tally::reached_count<> r(3);
    tally::target_count<> t(4);
#if defined(TALLY_OK)
    return r + r;
#else
    return r + t;
#endif
    (void)t;
}
