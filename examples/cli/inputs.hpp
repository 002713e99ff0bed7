#pragma once
// The input loop shared by the commands that read files (reach, plan, funding, and the input
// options of misalign and report): every file is tried, one that cannot be read does not stop the
// others.

#include <algorithm>
#include <initializer_list>
#include <ostream>
#include <string>
#include <tally/core/error.hpp>
#include <tally/io/file.hpp>
#include <tally/io/input_files.hpp>
#include <utility>
#include <vector>

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
/// an unreadable file, a file of a kind not in kinds, or a file the reader refuses as a whole (a
/// missing column) is reported on err as its `[tally.…] FILE: reason` error and skipped; the other
/// files are still read. The same content given again is read once, with a note. Returns false when
/// some file was skipped for an error (the command then exits with exit_usage).
/// inputs holds what was read before (several calls of one command share it, so that the same
/// content given to two of its options is read once too).
template <class Read>
bool read_inputs(const std::vector<std::string>& paths, std::initializer_list<io::file_kind> kinds,
                 std::string_view command, std::ostream& err, io::input_registry& inputs,
                 Read read) {
    bool all = true;
    for (const auto& path : paths) {
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
            auto sheets = workbook_sheets_as_csv(bytes, name, &err);
            if (!sheets.empty()) {
                std::size_t sheets_read = 0;
                std::string others;
                for (auto& [source, csv] : sheets) {
                    const auto kind = io::detect_file_kind(csv, source);
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
            std::string source = path; // FILE[SHEET] for a workbook
            if (map.ok()) {
                in.view = bytes;
                in.map = &map;
            } else {
                in.owned = std::move(owned);
                in.view = in.owned;
            }
            if (std::string csv; workbook_as_csv(in.view, name, csv, source, &err)) {
                in.owned = std::move(csv);
                in.view = in.owned;
                in.map = nullptr;
            }
            // The same content again is read once, whatever its kind; then the kind.
            if (repeated(in, source, err, inputs))
                continue;
            const auto kind = io::detect_file_kind(in.view, source);
            if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
                throw error(errc::parse, source_position{source, 1, 0},
                            "this is a " + std::string(io::name_of(kind)) + " file, not input of " +
                                "tally " + std::string(command));
            read(in, source, kind);
        } catch (const error& e) {
            err << "tally " << command << ": " << e.what() << "\n";
            all = false;
        }
    }
    return all;
}

/// read_inputs for a command with one list of inputs.
template <class Read>
bool read_inputs(const std::vector<std::string>& paths, std::initializer_list<io::file_kind> kinds,
                 std::string_view command, std::ostream& err, Read read) {
    io::input_registry inputs;
    return read_inputs(paths, kinds, command, err, inputs, std::move(read));
}

} // namespace tally::cli
