#pragma once
// The input loop shared by the commands that read files (reach, plan, funding, and the input
// options of misalign and report): every file is tried, one that cannot be read does not stop the
// others.

#include <algorithm>
#include <initializer_list>
#include <ostream>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/file.hpp>
#include <tally/io/input_files.hpp>
#include <utility>
#include <vector>

#include "cli.hpp"
#include "workbook_input.hpp"

namespace tally::cli {

/// The text of one input: memory-mapped when the file is a regular file (the activity reader
/// reads the mapping in place, on every core), else read into memory (pipes, empty files).
struct input_text {
    std::string_view view;
    const io::mapped_file* map = nullptr; ///< the mapping, when there is one
    std::string owned;                    ///< the text, when it was read instead of mapped
    /// The text as a string of its own (a copy of a mapping).
    std::string take() { return map ? std::string(view) : std::move(owned); }
};

/// What a command could not read. A command that could not read an input writes no figure,
/// unless --keep-going asks for the figures of the inputs it read; its output then says first
/// which inputs were not read (write_not_read_lines, not_read_json).
struct read_failures {
    /// Each input not read, as its error message ("[tally.io.100] a.csv: cannot open: ...").
    std::vector<std::string> not_read;
    bool complete() const noexcept { return not_read.empty(); }
};

/// An error about an input that names it: the file (source) when the error named none, and
/// the option it was given to ("--plan"; "" for the command's own FILE arguments).
inline error naming_input(const error& e, const std::string& source, std::string_view option) {
    source_position where = e.where();
    if (where.file.empty())
        where = {source, 0, 0};
    if (option.empty())
        return error(e.code(), where, e.detail());
    return error(e.code(), where, e.detail() + " (given to " + std::string(option) + ")");
}

/// An error of a step over every input read (a sum that overflows 64 bits) that names the
/// inputs when it names no file: "[tally.overflow.102] a.csv, b.csv: 64-bit overflow in ...".
inline error naming_inputs(const error& e, const std::vector<std::string>& sources) {
    if (!e.where().file.empty() || sources.empty())
        return e;
    std::string files;
    for (const auto& s : sources)
        files += (files.empty() ? "" : ", ") + s;
    return error(e.code(), source_position{files, 0, 0}, e.detail());
}

/// Whether an input (a file, or a sheet of a workbook) has the same content as an earlier input
/// of the command: then a note says so on err, and it is not read again.
inline bool repeated(const input_text& in, const std::string& source, std::ostream& err,
                     io::input_registry& inputs) {
    if (auto earlier = inputs.repeat_of(source, in.view, [](const std::string& p) {
            std::string s;
            return input_text_of(p, s);
        })) {
        err << "note: " << source << " has the same content as " << *earlier << ": read once\n";
        return true;
    }
    return false;
}

/// Reads each of paths with read(input_text&, source, kind); source is the path, or
/// FILE[SHEET] for a workbook, whose sheet is read as CSV text (workbook_input.hpp). A directory,
/// an unreadable or empty file, a file of a kind not in kinds, or a file the reader refuses as a
/// whole (a missing column) is reported on err as its `[tally.…] FILE: reason (given to OPTION)`
/// error, recorded in failures and skipped; the other files are still read. option names the
/// option the paths were given to ("" for the command's FILE arguments). The same content given
/// again is read once, with a note. inputs holds what was read before (several calls of one
/// command share it, so that the same content given to two of its options is read once too).
/// With columns, the user's column map for these paths (--columns): a file's kind is told with
/// it too (io::detect_file_kind), and a file of a kind the command does not read is refused
/// saying what the readers it would take need, when a column looks like one they read.
template <class Read>
void read_inputs(const std::vector<std::string>& paths, std::initializer_list<io::file_kind> kinds,
                 std::string_view command, std::string_view option, std::ostream& err,
                 io::input_registry& inputs, read_failures& failures, const io::column_map& columns,
                 Read read) {
    for (const auto& path : paths) {
        std::string source = path; // FILE[SHEET] for a workbook
        try {
            const auto name = parse_input_name(path);
            io::mapped_file map(name.file);
            std::string owned;
            std::string_view bytes;
            if (map.ok()) {
                bytes = std::string_view(map.data(), map.size());
            } else {
                owned = io::read_file(name.file); // says so when path is a directory
                bytes = owned;
            }
            // A workbook named without a sheet: each sheet with a header tally knows is an
            // input of its own; those of another kind than the command reads are skipped.
            auto sheets = workbook_sheets_as_csv(bytes, name, &err, columns);
            if (!sheets.empty()) {
                std::size_t sheets_read = 0;
                std::string others;
                for (auto& sheet : sheets) {
                    source = sheet.first; // an error names the sheet
                    auto& csv = sheet.second;
                    const auto kind = io::detect_file_kind(csv, source, columns);
                    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
                        others += (others.empty() ? "" : ", ") + source + " (" +
                                  std::string(io::name_of(kind)) + ")";
                        continue;
                    }
                    input_text in;
                    in.owned = std::move(csv);
                    in.view = in.owned;
                    ++sheets_read;
                    if (!repeated(in, source, err, inputs))
                        read(in, source, kind);
                }
                if (sheets_read == 0)
                    throw error(errc::parse, source_position{name.file, 0, 0},
                                "no sheet of this workbook is input of tally " +
                                    std::string(command) + " (sheets read as: " + others + ")");
                if (!others.empty())
                    err << "note: " << name.file << ": " << others << " not read by tally "
                        << command << "\n";
                continue;
            }
            input_text in;
            if (map.ok()) {
                in.view = bytes;
                in.map = &map;
            } else {
                in.owned = std::move(owned);
                in.view = in.owned;
            }
            if (std::string csv; workbook_as_csv(in.view, name, csv, source, &err, columns)) {
                in.owned = std::move(csv);
                in.view = in.owned;
                in.map = nullptr;
            }
            const std::string_view text = in.view;
            if (text.find_first_not_of(" \t\r\n") == std::string_view::npos)
                throw error(errc::parse, source_position{source, 0, 0},
                            text.empty() ? "empty file" : "blank file: no header");
            // The same content again is read once, whatever its kind; then the kind.
            if (repeated(in, source, err, inputs))
                continue;
            if (text.substr(0, 4) == "TSKB" || text.substr(0, 4) == "THLL" ||
                text.substr(0, 4) == "TTHE")
                throw error(errc::parse, source_position{source, 0, 0},
                            "this is a tally sketch, not a table: sketches are read by tally "
                            "sketch and by tally reach --in-transit-sketches DIR");
            const auto kind = io::detect_file_kind(text, source, columns);
            if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
                std::string wanted;
                for (auto k : kinds)
                    wanted += (wanted.empty() ? "" : " or ") + io::kind_phrase(k);
                // What a reader of the command would need, when a column looks like one it
                // reads or the map is for it (its roles are that reader's): that of the reader
                // the header comes closest to.
                // None when the file reads cleanly as the kind it was told to be: then it is
                // that kind, and a column that looks like another reader's role is chance.
                std::string hint;
                std::size_t fewest = 0;
                const bool reads_as_told =
                    io::header_problem(text, source, kind, columns).problem.empty();
                for (auto k : reads_as_told ? std::vector<io::file_kind>{} : kinds) {
                    const auto p = io::header_problem(text, source, k, columns);
                    const bool near = p.problem.find(" looks like ") != std::string::npos;
                    const bool mapped =
                        !columns.empty() && !p.problem.empty() &&
                        p.problem.find("which is not a role of") == std::string::npos;
                    if ((near || mapped) && (hint.empty() || p.missing < fewest)) {
                        hint = "; read as " + io::kind_phrase(k) + ": " + p.problem;
                        fewest = p.missing;
                    }
                }
                throw error(errc::parse, source_position{source, 1, 0},
                            "this is " + io::kind_phrase(kind) + ", not " + wanted + hint);
            }
            read(in, source, kind);
        } catch (const error& e) {
            const error named =
                naming_input(e, source, option.empty() ? "tally " + std::string(command) : option);
            err << "tally " << command << ": " << named.what() << "\n";
            failures.not_read.push_back(named.what());
        }
    }
}

/// read_inputs without a column map.
template <class Read>
void read_inputs(const std::vector<std::string>& paths, std::initializer_list<io::file_kind> kinds,
                 std::string_view command, std::string_view option, std::ostream& err,
                 io::input_registry& inputs, read_failures& failures, Read read) {
    read_inputs(paths, kinds, command, option, err, inputs, failures, io::column_map{},
                std::move(read));
}

/// read_inputs for a command with one list of inputs (its FILE arguments), read with the
/// column map columns.
template <class Read>
read_failures read_inputs(const std::vector<std::string>& paths,
                          std::initializer_list<io::file_kind> kinds, std::string_view command,
                          std::ostream& err, const io::column_map& columns, Read read) {
    io::input_registry inputs;
    read_failures failures;
    read_inputs(paths, kinds, command, "", err, inputs, failures, columns, std::move(read));
    return failures;
}

/// read_inputs for a command with one list of inputs (its FILE arguments).
template <class Read>
read_failures read_inputs(const std::vector<std::string>& paths,
                          std::initializer_list<io::file_kind> kinds, std::string_view command,
                          std::ostream& err, Read read) {
    return read_inputs(paths, kinds, command, err, io::column_map{}, std::move(read));
}

/// The help lines of --keep-going, one text for every command that reads files (a macro, to
/// join the string literals of each usage).
#define TALLY_CLI_KEEP_GOING_HELP                                                                  \
    "  --keep-going       when an input cannot be read (missing, unreadable, of another kind,\n"   \
    "                     a required column missing), still write the output of the inputs\n"      \
    "                     read, saying first which were not ('# not read (--keep-going): ...';\n"  \
    "                     JSON: \"not_read\" first); the exit status is 2 all the same.\n"         \
    "                     Without it nothing is written.\n"

/// What a command that could not read all its inputs does without --keep-going: says that it
/// writes no figure, and returns exit_usage.
inline int refuse_partial(std::string_view command, const read_failures& f, std::ostream& err) {
    err << "tally " << command << ": no output: " << f.not_read.size() << " input"
        << (f.not_read.size() == 1 ? "" : "s")
        << " could not be read (--keep-going writes the figures of the inputs read, saying "
           "first which were not)\n";
    return exit_usage;
}

/// --keep-going, handled in one place: true when the command must stop and write nothing (an
/// input could not be read and --keep-going was not given).
inline bool refuses(const options& opt, const read_failures& f) {
    return !f.complete() && !opt.flag("keep-going");
}

/// The exit status of a command that wrote its output: 2 when an input could not be read (with
/// --keep-going), else 1 when --strict was given and rows were rejected, else 0.
inline int exit_status(const options& opt, const read_failures& f, bool rejected) {
    if (!f.complete())
        return exit_usage;
    return opt.flag("strict") && rejected ? exit_data : exit_ok;
}

/// The first lines of a partial CSV or text output: "# not read (--keep-going): ERROR".
inline void write_not_read_lines(std::ostream& out, const read_failures& f) {
    for (const auto& n : f.not_read)
        out << "# not read (--keep-going): " << n << "\n";
}

} // namespace tally::cli
