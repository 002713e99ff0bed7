// An intersector figure is already de-duplicated across sectors: adding a sector figure to it
// counts people twice.
#include <tally/dedup/scope.hpp>

using namespace tally::dedup;

scoped_reach<intersector_scope> f(scoped_reach<intersector_scope> azuay,
                                  scoped_reach<intersector_scope> pichincha,
                                  scoped_reach<sector_scope> health) {
    (void)health;
    (void)pichincha;
#if defined(TALLY_OK)
    return azuay + pichincha;
#else
    return azuay + health;
#endif
}
