// tally::compiled (built with -DTALLY_COMPILED=ON; docs/packaging.md): the join of
// <tally/metrics/joined.hpp> (metrics::joiner and metrics::join) for usd_amount, instantiated once
// here instead of in every program that joins. With TALLY_COMPILED the header declares these
// instantiations extern.
#include <tally/metrics/joined.hpp>

namespace tally::metrics {
template class joiner<usd_amount>;
template joined_table<usd_amount> join<usd_amount>(const join_inputs<usd_amount>&,
                                                   const join_options&);
} // namespace tally::metrics
