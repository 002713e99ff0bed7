// People in transit are assisted in several countries: figures of two countries are added only
// through sum_countries, naming the in-transit rule.
#include <array>
#include <tally/dedup/scope.hpp>

using namespace tally::dedup;

scoped_reach<intersector_scope> f(country_reach<intersector_scope> ecu,
                                  country_reach<intersector_scope> per) {
#if defined(TALLY_OK)
    const std::array<country_reach<intersector_scope>, 2> both{ecu, per};
    return sum_countries(exclude_in_transit{},
                         std::span<const country_reach<intersector_scope>>(both));
#else
    return ecu + per;
#endif
}
