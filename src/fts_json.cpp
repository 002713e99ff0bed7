// tally::compiled (built with -DTALLY_COMPILED=ON; docs/packaging.md): the FTS API JSON reader of
// <tally/io/fts_json.hpp> for usd_amount, instantiated once here instead of in every program that
// reads funding. With TALLY_COMPILED the header declares this instantiation extern.
#include <tally/io/fts_json.hpp>

namespace tally::io {
template fts_page parse_fts_json<usd_amount>(std::string_view, std::string,
                                             funding::flow_set<usd_amount>&, validation_report&);
template fts_page read_fts_json<usd_amount>(const std::string&, funding::flow_set<usd_amount>&,
                                            validation_report&);
} // namespace tally::io
