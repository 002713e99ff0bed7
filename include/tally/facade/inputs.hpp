#pragma once
// The inputs of a facade call: files by path or in-memory tables, their kind told by
// io::detect_file_kind as the tool tells it, each read by the reader of its kind; the options
// given as the tool's options are (column maps as `Header=role,...` or a file, a geography
// file, an indicator types file). An input of another kind is refused with the tool's wording.
//
// Cost: a file is memory-mapped when it can be (activities) or read once into memory.

#include <tally/version.hpp>

#include <algorithm>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/geography.hpp>
#include <tally/core/indicator_catalog.hpp>
#include <tally/facade/table.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/file.hpp>
#include <tally/io/geography_csv.hpp>
#include <tally/io/indicator_types_csv.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/sector_scope.hpp>
#include <vector>

namespace tally::facade {

/// One input: a file, or a table held in memory (read as CSV under the name source).
struct input {
    std::string path;          ///< a file; empty for a table
    std::optional<table> data; ///< an in-memory table
    std::string source;        ///< the name messages give a table ("<data frame>")

    static input file(std::string p) { return {std::move(p), std::nullopt, {}}; }
    static input frame(table t, std::string name = "<data frame>") {
        return {{}, std::move(t), std::move(name)};
    }
    const std::string& name() const noexcept { return data ? source : path; }
};

/// The text of one input and, for a file, its mapping when it has one.
struct input_text {
    std::string_view view;
    const io::mapped_file* map = nullptr;
    std::string owned;
    std::string take() { return map ? std::string(view) : std::move(owned); }
};

/// The column map of an option value: `Header=role,...` entries, or the path of a file with one
/// `Header = role` per line; empty: no map. option names it in messages ("--columns").
inline io::column_map column_map_of(const std::string& value, const std::string& option) {
    io::column_map m;
    m.origin = option;
    m.option = option;
    if (value.empty())
        return m;
    if (value.find('=') != std::string::npos) {
        m = io::column_map::parse(value, option);
    } else {
        std::string text;
        try {
            text = io::read_file(value);
        } catch (const error& e) {
            throw error(errc::usage, option + " " + value +
                                         ": neither Header=role entries nor a readable map file (" +
                                         e.detail() + ")");
        }
        m = io::column_map::parse(text + "\n", value);
    }
    m.option = option;
    return m;
}

/// The geography of a CSV file (level,code,name,parent[,kind]); its notices go to notices.
inline geography geography_of(const std::string& path, std::vector<io::notice>& notices,
                              std::string_view option = "geography") {
    try {
        return io::read_geography_csv(path, &notices);
    } catch (const error& e) {
        source_position where = e.where();
        if (where.file.empty())
            where = {path, 0, 0};
        throw error(e.code(), where, e.detail() + " (given to " + std::string(option) + ")");
    }
}

inline std::optional<indicator_types> indicator_types_of(const std::string& path) {
    if (path.empty())
        return std::nullopt;
    return io::read_indicator_types(path);
}

/// The sector scope of a sector option ("" for every sector); errc::usage for an unknown name.
inline sector_scope sector_of(const std::string& name) {
    try {
        return sector_scope::of(name);
    } catch (const error& e) {
        throw error(errc::usage, "sector: " + e.detail());
    }
}

/// Reads each input of a kind in kinds with read(text, source, kind). An input that cannot be
/// read throws tally::error naming it; with keep_going its message is added to not_read
/// instead and the next input is read.
inline void
read_inputs(const std::vector<input>& inputs, std::initializer_list<io::file_kind> kinds,
            const io::column_map& columns, bool keep_going, std::vector<std::string>& not_read,
            const std::function<void(input_text&, const std::string&, io::file_kind)>& read) {
    for (const auto& in : inputs) {
        const std::string& source = in.name();
        try {
            input_text text;
            std::optional<io::mapped_file> map;
            if (in.data) {
                text.owned = to_csv(*in.data);
                text.view = text.owned;
            } else {
                map.emplace(in.path);
                if (map->ok()) {
                    text.view = std::string_view(map->data(), map->size());
                    text.map = &*map;
                } else {
                    text.owned = io::read_file(in.path);
                    text.view = text.owned;
                }
            }
            if (text.view.find_first_not_of(" \t\r\n") == std::string_view::npos)
                throw error(errc::parse, source_position{source, 0, 0},
                            text.view.empty() ? "empty file" : "blank file: no header");
            const auto kind = io::detect_file_kind(text.view, source, columns);
            if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) {
                std::string wanted;
                for (auto k : kinds)
                    wanted += (wanted.empty() ? "" : " or ") + io::kind_phrase(k);
                throw error(errc::parse, source_position{source, 1, 0},
                            "this is " + io::kind_phrase(kind) + ", not " + wanted);
            }
            read(text, source, kind);
        } catch (const error& e) {
            const error named = e.where().file.empty()
                                    ? error(e.code(), source_position{source, 0, 0}, e.detail())
                                    : e;
            if (!keep_going)
                throw named;
            not_read.push_back(named.what());
        }
    }
}

/// The rejected rows of a report as a table: file, line, reason (and the row's text as the
/// tool prints it).
inline table rejected_table(const io::validation_report& rep) {
    table t;
    t.add("file", column_type::text);
    t.add("line", column_type::integer);
    t.add("reason", column_type::text);
    t.add("message", column_type::text);
    for (const auto& r : rep.rejected) {
        t.columns[0].text.push_back(r.where.file);
        t.columns[1].integer.push_back(static_cast<std::int64_t>(r.where.line));
        t.columns[2].text.push_back(r.reason);
        t.columns[3].text.push_back(r.to_string());
    }
    return t;
}

/// The notices of a report, then the notices of a computation (no file, line 0), as a table:
/// file, line, message.
inline table notices_table(const io::validation_report& rep,
                           const std::vector<std::string>& others = {}) {
    table t;
    t.add("file", column_type::text);
    t.add("line", column_type::integer);
    t.add("message", column_type::text);
    for (const auto& n : rep.notices) {
        t.columns[0].text.push_back(n.where.file);
        t.columns[1].integer.push_back(static_cast<std::int64_t>(n.where.line));
        t.columns[2].text.push_back(n.message);
    }
    for (const auto& n : others) {
        t.columns[0].text.emplace_back();
        t.columns[1].integer.push_back(0);
        t.columns[2].text.push_back(n);
    }
    return t;
}

/// The distinct footnotes of a column of notes, in the order they first appear: number, note.
inline table footnotes_table(const std::vector<std::string>& notes) {
    table t;
    t.add("number", column_type::integer);
    t.add("note", column_type::text);
    for (const auto& n : notes) {
        auto& seen = t.columns[1].text;
        if (n.empty() || std::find(seen.begin(), seen.end(), n) != seen.end())
            continue;
        seen.push_back(n);
        t.columns[0].integer.push_back(static_cast<std::int64_t>(seen.size()));
    }
    return t;
}

/// What every figure entry point returns: the rows, their footnotes, the rows rejected by the
/// readers, the notices, and the inputs not read (keep_going).
struct result {
    table rows;
    table footnotes;
    table rejected;
    table notices;
    std::vector<std::string> not_read;
    std::size_t rows_read = 0, rows_used = 0;
};

/// Fills what an entry point returns besides its rows: the footnotes of its note column, the rows
/// the readers rejected, their notices then the query's, and the rows read and used.
inline void finish_query(result& out, const std::vector<std::string>& notes,
                         const io::validation_report& rep,
                         const std::vector<std::string>& query_notices) {
    out.footnotes = footnotes_table(notes);
    out.rejected = rejected_table(rep);
    out.notices = notices_table(rep, query_notices);
    out.rows_read = rep.rows_read;
    out.rows_used = rep.rows_used;
}

/// Ends a call: throws errc::validation when strict and rows were rejected.
inline void check_strict(bool strict, const io::validation_report& rep) {
    if (strict && !rep.rejected.empty())
        throw error(errc::validation, std::to_string(rep.rejected.size()) +
                                          " row(s) rejected (strict), the first: " +
                                          rep.rejected.front().to_string());
}

} // namespace tally::facade
