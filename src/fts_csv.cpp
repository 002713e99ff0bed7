// tally::compiled (built with -DTALLY_COMPILED=ON; docs/packaging.md): the HDX FTS flow export
// reader of <tally/io/fts_csv.hpp> for usd_amount, instantiated once here instead of in every
// program that reads funding. With TALLY_COMPILED the header declares this instantiation extern.
#include <tally/io/fts_csv.hpp>

namespace tally::io {
template void parse_fts_csv<usd_amount>(std::string, std::string, funding::flow_set<usd_amount>&,
                                        validation_report&, const fts_csv_options&);
template void read_fts_csv<usd_amount>(const std::string&, funding::flow_set<usd_amount>&,
                                       validation_report&, const fts_csv_options&);
} // namespace tally::io
