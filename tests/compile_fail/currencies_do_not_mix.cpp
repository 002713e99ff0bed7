// Dollars and euros are not added without a conversion.
#include <tally/core/money.hpp>

tally::money<tally::usd> f(tally::money<tally::usd> a, tally::money<tally::eur> b) {
#if defined(TALLY_OK)
    return a + tally::money<tally::usd>(b.value());
#else
    return a + b;
#endif
}
