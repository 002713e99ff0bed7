// read_join_inputs (join_input.hpp): metrics::read_join_files through the tool's input loop,
// compiled once for the commands that join (misalign, report) instead of in each of them.

#include "join_input.hpp"
#include <initializer_list>
#include <tally/metrics/join_files.hpp>

namespace tally::cli {

std::unique_ptr<join_files> read_join_inputs(const split_args& s, const geography* geo,
                                             std::optional<date> as_of, std::string_view command,
                                             std::ostream& err,
                                             const funding::requirements_choice& choice,
                                             const join_columns& columns) {
    auto r = std::make_unique<join_files>();
    io::input_registry seen;
    metrics::read_join_files(*r, {geo, as_of, choice, columns},
                             [&](const char* option, std::initializer_list<io::file_kind> kinds,
                                 const io::column_map& map, auto body) {
                                 read_inputs(s.files(option), kinds, command,
                                             "--" + std::string(option), err, seen, r->failures,
                                             map, body);
                                 return s.given(option);
                             });
    return r;
}

} // namespace tally::cli
