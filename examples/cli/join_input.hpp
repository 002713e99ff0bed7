#pragma once
// The four inputs of a joined table (metrics/joined.hpp), as `tally misalign` and
// `tally report` read them: --activities, --plan, --funding and --requirements, each taking
// every argument up to the next option ("--plan a.csv b.csv") and repeatable.

#include "cli.hpp"
#include "column_input.hpp"
#include "funding_input.hpp"
#include "inputs.hpp"
#include "requirements_input.hpp"
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <tally/core/period.hpp>
#include <tally/funding/flow_set.hpp>
#include <tally/metrics/join_files.hpp>
#include <tally/metrics/joined.hpp>
#include <vector>

namespace tally::cli {

/// The input options: the names of the join's four inputs (metrics/join_files.hpp).
inline constexpr const auto& join_input_options = metrics::join_file_inputs;

struct split_args {
    std::map<std::string, std::vector<std::string>> inputs;
    std::vector<std::string_view> rest;

    /// The files given to --name (empty when not given).
    std::vector<std::string> files(const char* name) const {
        auto it = inputs.find(name);
        return it == inputs.end() ? std::vector<std::string>{} : it->second;
    }
    bool given(const char* name) const { return inputs.contains(name); }
};

/// Splits the input options from the rest, which goes to the usual option parser. Throws
/// errc::usage when an input option has no file.
inline split_args split_inputs(args_t args) {
    split_args s;
    std::string current;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const std::string_view a = args[i];
        if (a.size() > 2 && a.substr(0, 2) == "--") {
            std::string name(a.substr(2));
            std::optional<std::string> value;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name.resize(eq);
            }
            current.clear();
            bool input = false;
            for (const char* o : join_input_options)
                input = input || name == o;
            if (!input) {
                s.rest.push_back(a);
                continue;
            }
            auto& files = s.inputs[name];
            if (value)
                files.push_back(*value);
            else
                current = name;
            continue;
        }
        if (a.size() > 1 && a[0] == '-') { // a short option (-o FILE) ends the list of files
            current.clear();
            s.rest.push_back(a);
        } else if (!current.empty())
            s.inputs[current].emplace_back(a);
        else
            s.rest.push_back(a);
    }
    for (const char* name : join_input_options)
        if (s.given(name) && s.files(name).empty())
            throw error(errc::usage, std::string("--") + name + " needs at least one FILE");
    return s;
}

/// The column maps of the four inputs: --activities-columns, --plan-columns, --funding-columns
/// and --requirements-columns, each applied to the files of its input only.
using join_columns = metrics::join_columns;

/// The names of the four options, for the commands' option lists.
#define TALLY_CLI_JOIN_COLUMN_OPTIONS                                                              \
    "activities-columns", "plan-columns", "funding-columns", "requirements-columns"

/// The help lines of the four options (a macro, to join the string literals of each usage).
#define TALLY_CLI_JOIN_COLUMNS_HELP                                                                \
    "  --activities-columns MAP, --plan-columns MAP, --funding-columns MAP,\n"                     \
    "  --requirements-columns MAP\n"                                                               \
    "                   how to read the columns of that input's files that no built-in\n"          \
    "                   layout names: `Header=role,...` or a file of `Header = role` lines\n"      \
    "                   (`tally layouts` prints the layouts tally knows, with their roles);\n"     \
    "                   each applies to the files of its input only.\n"

/// The column maps of the four options; a map for an input that is not given is a usage error.
inline join_columns join_columns_input(const options& opt, const split_args& s) {
    join_columns c;
    c.activities = column_map_input(opt, "activities-columns");
    c.plan = column_map_input(opt, "plan-columns");
    c.funding = column_map_input(opt, "funding-columns");
    c.requirements = column_map_input(opt, "requirements-columns");
    for (const char* name : join_input_options)
        if (opt.value(std::string(name) + "-columns") && !s.given(name))
            throw error(errc::usage, "--" + std::string(name) + "-columns goes with --" +
                                         std::string(name) + " FILE...");
    return c;
}

/// The tables read (metrics::join_files), and the files skipped for an error (the command then
/// writes nothing, or with --keep-going says first which were not read, and exits with
/// exit_usage).
struct join_files : metrics::join_files {
    read_failures failures;
};

/// Reads the files of each input option with metrics::read_join_files, through the input loop
/// every command uses (read_inputs): a directory, an unreadable file or a file of the wrong kind
/// is reported on err and skipped, the same content given twice (to one option or to two) is
/// read once with a note, and workbooks are read as CSV. The choice (--year, --plan-code)
/// selects among the requirements. command names the command in messages. Throws as
/// read_join_files does.
std::unique_ptr<join_files> read_join_inputs(const split_args& s, const geography* geo,
                                             std::optional<date> as_of, std::string_view command,
                                             std::ostream& err,
                                             const funding::requirements_choice& choice = {},
                                             const join_columns& columns = {});

} // namespace tally::cli
