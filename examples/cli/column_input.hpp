#pragma once
// The options that say how a command reads its files' columns and indicators: `--columns MAP`
// (a column map: `Header=role,...` inline, or the path of a map file with one `Header = role`
// per line; io/column_map.hpp) and `--indicator-types FILE` (a list of indicator,type[,sector]
// [,year]; core/indicator_catalog.hpp).

#include "cli.hpp"
#include <optional>
#include <string>
#include <tally/core/indicator_catalog.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/file.hpp>
#include <tally/io/indicator_types_csv.hpp>

namespace tally::cli {

/// The help lines of the two options, for the commands' usage texts.
inline constexpr std::string_view column_options_help =
    "  --columns MAP          how to read columns no built-in layout names: `Header=role,...`\n"
    "                         or a file with one `Header = role` per line (`tally check\n"
    "                         --show-map FILE` prints the map of a file as a start); `ignore`\n"
    "                         leaves a column out on purpose\n"
    "  --indicator-types F    CSV indicator,type[,sector][,year]: the type of each indicator,\n"
    "                         over the file's own and over tally's typing of R4V indicators\n";

/// The column map of --NAME (--columns unless told), or an empty map; its messages name that
/// option. Throws errc::usage for a value that is neither entries nor a readable file,
/// errc::parse for a bad entry.
inline io::column_map column_map_input(const options& opt, const std::string& name = "columns") {
    const std::string option = "--" + name;
    io::column_map m;
    m.origin = option;
    m.option = option;
    const auto v = opt.value(name);
    if (!v)
        return m;
    if (v->find('=') != std::string::npos) {
        m = io::column_map::parse(*v, option);
    } else {
        std::string text;
        try {
            text = io::read_file(*v);
        } catch (const error& e) {
            throw error(errc::usage, option + " " + *v +
                                         ": neither Header=role entries nor a readable map file (" +
                                         e.detail() + ")");
        }
        m = io::column_map::parse(text + "\n", *v); // a file: one entry per line
    }
    m.option = option;
    return m;
}

/// The list of --indicator-types, or std::nullopt. Throws as io::read_indicator_types.
inline std::optional<indicator_types> indicator_types_input(const options& opt) {
    const auto v = opt.value("indicator-types");
    if (!v)
        return std::nullopt;
    return io::read_indicator_types(*v);
}

} // namespace tally::cli
