#pragma once
// The geography file a command is given (--geography, or --file of `tally geography`): loaded
// with io::read_geography_csv, its decoding notices (a Windows-1252 file transcoded) written on
// standard error, as every other input's are.

#include <ostream>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/validation.hpp>
#include <vector>

namespace tally::cli {

/// Loads the geography at path, given to option; its notices go to err as
/// `FILE:LINE: notice: ...`. Throws as io::read_geography_csv, the message naming the file and
/// the option ("... (given to --geography)").
inline geography read_geography_input(const std::string& path, std::ostream& err,
                                      std::string_view option = "--geography") {
    std::vector<io::notice> notices;
    geography g;
    try {
        g = io::read_geography_csv(path, &notices);
    } catch (const error& e) {
        source_position where = e.where();
        if (where.file.empty())
            where = {path, 0, 0};
        throw error(e.code(), where, e.detail() + " (given to " + std::string(option) + ")");
    }
    for (const auto& n : notices)
        err << n.where.to_string() << ": notice: " << n.message << "\n";
    return g;
}

} // namespace tally::cli
