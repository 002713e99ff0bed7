// tally::compiled (built with -DTALLY_COMPILED=ON; docs/packaging.md): the misalignment measures
// of <tally/metrics/misalignment.hpp> (metrics::measure) for usd_amount, instantiated once here
// instead of in every program that measures. With TALLY_COMPILED the header declares this
// instantiation extern.
#include <tally/metrics/misalignment.hpp>

namespace tally::metrics {
template misalignment<usd_amount> measure<usd_amount>(const joined_table<usd_amount>&,
                                                      const misalignment_options&);
} // namespace tally::metrics
