#pragma once
// The definitions of the 5W activity reader declared in io/activity_reader.hpp (the rules are
// told there): the header resolution, the row parser and the parallel read. Included by
// io/activity_reader.hpp in the default header-only mode, where every program that reads
// activities compiles them (the most expensive part of the reader at -O2); with TALLY_COMPILED
// they are compiled once, into the library tally::compiled (src/compiled.cpp).

#include <tally/io/activity_reader.hpp>

#include <algorithm>
#include <array>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <deque>
#include <exception>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/indicator_catalog.hpp>
#include <tally/core/period.hpp>
#include <tally/core/sector.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/repeated_lines.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/activity_table.hpp>
#include <thread>
#include <utility>
#include <vector>

namespace tally::detail {

/// Where each field of an activity file is, resolved once from the header.
struct activity_columns {
    std::size_t country = absent_column, admin1 = absent_column, admin2 = absent_column,
                month = absent_column, appealing = absent_column, implementing = absent_column,
                partner = absent_column, sector = absent_column, indicator = absent_column,
                type = absent_column, activity = absent_column, cva = absent_column,
                total = absent_column, fresh = absent_column, group = absent_column,
                implementation = absent_column;
    std::array<std::size_t, cell_count> cells{absent_column, absent_column, absent_column,
                                              absent_column, absent_column, absent_column};
    /// Wide form: (column, group id) of each population-group column.
    std::vector<std::pair<std::size_t, code_id>> groups;
    /// Columns left out by the user's map whose names are those of an age/gender cell
    /// (cells_unread) or a population group (groups_unread): when a row's cells or groups do
    /// not add up, the reason says what these hold.
    std::vector<std::size_t> cells_unread, groups_unread;
    bool long_form = false;
};

/// The columns of an activity file from the binding of its header to roles (by names,
/// io/column_map.hpp, or by HXL tags): `used` marks the columns read. Throws errc::parse, naming
/// the header line, when the header mixes the long form (population_group) and the wide form (a
/// column per population group), and when the long form has no value column.
inline activity_columns columns_of_binding(const io::resolved_columns& b,
                                           const population_groups& groups,
                                           const std::string& source, std::size_t line,
                                           std::vector<bool>& used) {
    used.assign(b.header.size(), false);
    auto col = [&](std::string_view role) {
        if (auto i = b.find(role)) {
            used[*i] = true;
            return *i;
        }
        return absent_column;
    };
    activity_columns c;
    c.country = col("country");
    c.admin1 = col("admin1");
    c.admin2 = col("admin2");
    c.month = col("month");
    c.appealing = col("appealing_org");
    c.implementing = col("implementing_org");
    c.partner = col("partner");
    c.implementation = col("implementation");
    c.sector = col("sector");
    c.indicator = col("indicator");
    c.type = col("indicator_type");
    c.activity = col("activity");
    c.cva = col("cva");
    c.total = col("total_monthly");
    c.group = col("population_group");
    for (std::size_t k = 0; k < static_cast<std::size_t>(cell_count); ++k)
        c.cells[k] = col(cell_names[k]);
    for (const auto& [i, code] : b.groups_of("new_beneficiaries")) {
        c.groups.emplace_back(i, groups.id_of(code));
        used[i] = true;
    }
    for (std::size_t i = 0; i < b.header.size(); ++i) {
        if (b.how[i] != io::column_binding::user_ignored)
            continue;
        const auto near = near_role(squash_name(b.header[i]), io::activity_layouts(), 0);
        if (!near)
            continue;
        const auto& r = near->first;
        if (r.rfind("new_beneficiaries@", 0) == 0)
            c.groups_unread.push_back(i);
        else if (std::find(cell_names.begin(), cell_names.end(), r) != cell_names.end())
            c.cells_unread.push_back(i);
    }
    const auto fresh = col("new_beneficiaries"), reached = col("reached");
    if (c.group != absent_column) {
        // Long form: the value column is `reached` (or new_beneficiaries when there is none).
        c.long_form = true;
        if (!c.groups.empty())
            throw error(errc::parse, source_position{source, line, 0},
                        "the header has both a population_group column (long form) and "
                        "population-group columns such as '" +
                            b.header[c.groups.front().first] + "' (wide form)");
        c.fresh = reached != absent_column ? reached : fresh;
        if (c.fresh == absent_column)
            throw error(errc::parse, source_position{source, line, 0},
                        "not an activity file: missing column(s) reached (the value of each "
                        "population_group row)");
        if (reached != absent_column && fresh != absent_column)
            used[fresh] = false; // told as not used, as before
    } else {
        c.fresh = fresh;
        if (reached != absent_column) {
            // `reached` without population_group: the row's people reached, as new beneficiaries.
            if (c.fresh == absent_column)
                c.fresh = reached;
            else
                used[reached] = false;
        }
    }
    return c;
}

/// Finds the columns of an activity file by the names of its header (io/column_map.hpp): the
/// user's map first, then the built-in layout that fits best (io/layouts.hpp). binding, when
/// given, receives the binding (layout and the role of each column), for `tally check` and for
/// the notices of columns not read. Throws errc::parse, naming the header line, as
/// io::resolve_columns and columns_of_binding do.
inline activity_columns resolve_activity_header(const io::csv_record& header,
                                                const population_groups& groups,
                                                const std::string& source, std::vector<bool>& used,
                                                const io::column_map& user = {},
                                                io::resolved_columns* binding = nullptr) {
    std::vector<std::string> names;
    names.reserve(header.size());
    for (auto f : header.fields)
        names.emplace_back(trim(f));
    io::resolved_columns b = io::resolve_columns(names, io::activity_roles(groups),
                                                 io::activity_layouts(), user, source, header.line);
    auto c = columns_of_binding(b, groups, source, header.line, used);
    if (binding)
        *binding = std::move(b);
    return c;
}

/// Throws errc::parse, naming line of source, for the HXL tags of the fields that c (the
/// columns of a hashtag row) lacks and that a user's map (mapped: the roles it gives) does not
/// give either.
inline void require_activity_hxl_fields(const activity_columns& c,
                                        const std::vector<std::string>& mapped,
                                        const std::string& source, std::size_t line) {
    std::string missing;
    auto need = [&](bool ok, std::string_view what) {
        if (!ok)
            add_reason(missing, what);
    };
    // Roles a user's map gives (mapped) are there whatever the tags say.
    auto given = [&](std::string_view role) {
        return std::find(mapped.begin(), mapped.end(), role) != mapped.end();
    };
    need(c.country != absent_column || given("country"), "#country");
    need(c.month != absent_column || given("month"), "#date");
    need(c.sector != absent_column || given("sector"), "#sector");
    need(c.indicator != absent_column || given("indicator"), "#indicator");
    need(c.appealing != absent_column || c.implementing != absent_column ||
             given("appealing_org") || given("implementing_org") || given("partner"),
         "#org");
    const bool value_given = given("new_beneficiaries") || given("reached");
    if (c.long_form)
        need(c.fresh != absent_column || value_given, "#reached");
    else
        need(c.fresh != absent_column || !c.groups.empty() || value_given,
             "#reached (a total, or parts by population group)");
    if (!missing.empty())
        throw error(errc::parse, source_position{source, line, 0},
                    "not an activity file: missing HXL tag(s) " + missing);
}

/// Finds the columns of an activity file from its HXL hashtag row (io/hxl.hpp): the first
/// pattern of a list that matches an unused column is taken (several matching columns: the one
/// with exactly the pattern's attributes, else errc::parse naming them):
///   country `#country+code` (`+iso3`, plain; else `+name`), admin1 and admin2 `#adm1`/`#adm2`
///   likewise, sector `#sector` (+code, plain, +name), month `#date+month` or `#date` (not
///   +start/+end), indicator `#indicator` (+code, plain, +name; not +type), indicator type
///   `#indicator+type`, activity `#activity` (else `#subsector`, the finer line of work under
///   the sector), implementing organisation `#org+impl`, appealing `#org+prog` or a plain `#org`
///   (not +impl, +funder);
///   people reached, `#reached` and its breakdown: the total (`#reached`, or `#reached+new` /
///   `+total`) is new beneficiaries; a part with one sex and one age (`+f+children`,
///   `+m+adults`, `+o+children`…) is that age/gender cell; a part with one attribute naming a
///   population group of the registry (`+in_destination`, `+host`, `+returnees`) is that group's
///   column (wide form); `#population_group` (+code) makes it the long form, `#reached` its value.
/// A part that is neither (a sex without an age, a group by sex) fits no field of the table and
/// is told as not used. Throws errc::parse, naming the line, for a repeated tag, an ambiguous
/// match, two parts for one group or cell, or a missing field (named by its tag).
inline activity_columns resolve_activity_hxl(const io::csv_record& header,
                                             const population_groups& groups,
                                             const std::string& source, std::vector<bool>& used,
                                             const std::vector<std::string>& mapped = {}) {
    const io::hxl_columns cols(header.fields);
    const std::size_t line = header.line;
    cols.require_distinct(source, line);
    used.assign(header.size(), false);
    auto fail = [&](const std::string& why) {
        throw error(errc::parse, source_position{source, line, 0}, why);
    };
    auto col = [&](std::initializer_list<std::string_view> patterns,
                   std::initializer_list<std::string_view> without = {}) {
        for (auto p : patterns) {
            std::vector<std::size_t> hits;
            for (auto i : cols.all(p, without))
                if (!used[i])
                    hits.push_back(i);
            if (hits.empty())
                continue;
            std::size_t pick = hits.front();
            if (hits.size() > 1) {
                const auto want = *io::parse_hxl_tag(p);
                const auto exact = std::find_if(hits.begin(), hits.end(),
                                                [&](auto i) { return cols[i]->same_as(want); });
                if (exact == hits.end())
                    fail("HXL tag '" + std::string(p) + "' matches columns " +
                         std::to_string(hits[0] + 1) + " (" + cols.spec(hits[0]) + ") and " +
                         std::to_string(hits[1] + 1) + " (" + cols.spec(hits[1]) +
                         "), and neither exactly");
                pick = *exact;
            }
            used[pick] = true;
            return pick;
        }
        return absent_column;
    };
    auto place = [&](std::string_view tag) {
        const std::string t(tag);
        const auto c = col({t + "+code", t + "+iso3", t}, {"name"});
        return c != absent_column ? c : col({t + "+name"});
    };
    activity_columns c;
    c.country = place("#country");
    c.admin1 = place("#adm1");
    c.admin2 = place("#adm2");
    c.sector = col({"#sector+code", "#sector"}, {"name"});
    if (c.sector == absent_column)
        c.sector = col({"#sector+name"});
    c.month = col({"#date+month", "#date"}, {"start", "end"});
    c.type = col({"#indicator+type"});
    c.indicator = col({"#indicator+code", "#indicator"}, {"name", "type"});
    if (c.indicator == absent_column)
        c.indicator = col({"#indicator+name"}, {"type"});
    c.activity = col({"#activity+code", "#activity"}, {"name"});
    if (c.activity == absent_column)
        c.activity = col({"#activity+name", "#subsector+code", "#subsector"});
    c.implementing = col({"#org+impl"});
    c.appealing = col({"#org+prog", "#org"}, {"impl", "funder"});
    c.group = col({"#population_group+code", "#population_group"});
    c.long_form = c.group != absent_column;
    const auto reached = cols.figure("#reached");
    if (reached.total)
        c.fresh = *reached.total;
    for (const auto& [i, extra] : reached.parts) {
        if (used[i])
            continue;
        if (c.fresh == absent_column && extra.size() == 1 &&
            (extra[0] == "new" || extra[0] == "total")) {
            c.fresh = i;
        } else if (const auto k = io::hxl_sex_age_cell(extra)) {
            if (c.cells[*k] != absent_column)
                fail("columns " + std::to_string(c.cells[*k] + 1) + " (" + cols.spec(c.cells[*k]) +
                     ") and " + std::to_string(i + 1) + " (" + cols.spec(i) +
                     ") are both the cell " + std::string(cell_names[*k]));
            c.cells[*k] = i;
        } else if (const auto g = extra.size() == 1 ? groups.find(extra[0]) : std::nullopt;
                   g && !c.long_form) {
            for (const auto& [other, og] : c.groups)
                if (og == *g)
                    fail("columns " + std::to_string(other + 1) + " (" + cols.spec(other) +
                         ") and " + std::to_string(i + 1) + " (" + cols.spec(i) +
                         ") both name population group '" + groups.info(*g).code + "'");
            c.groups.emplace_back(i, *g);
        } else {
            continue; // fits no field: told as not used
        }
        used[i] = true;
    }
    if (c.fresh != absent_column)
        used[c.fresh] = true;
    require_activity_hxl_fields(c, mapped, source, line);
    return c;
}

/// Whether a record looks like a title row above a header: at most two non-empty cells.
inline bool title_like(const io::csv_record& r) {
    std::size_t cells = 0;
    for (auto f : r.fields)
        cells += trim(f).empty() ? 0 : 1;
    return cells <= 2;
}

/// The binding of an activity file read by its HXL hashtag row, for `tally check`: each tag
/// and the role it was read as.
inline io::resolved_columns hxl_binding(const io::csv_record& header, const activity_columns& c,
                                        const population_groups& groups) {
    io::resolved_columns b;
    b.layout = "HXL";
    for (auto f : header.fields)
        b.header.emplace_back(trim(f));
    b.role.assign(b.header.size(), "");
    b.how.assign(b.header.size(), io::column_binding::unused);
    b.instead.assign(b.header.size(), absent_column);
    auto bind = [&](std::size_t i, std::string role) {
        if (i == absent_column)
            return;
        b.role[i] = std::move(role);
        b.how[i] = io::column_binding::layout;
    };
    bind(c.country, "country");
    bind(c.admin1, "admin1");
    bind(c.admin2, "admin2");
    bind(c.month, "month");
    bind(c.appealing, "appealing_org");
    bind(c.implementing, "implementing_org");
    bind(c.partner, "partner");
    bind(c.sector, "sector");
    bind(c.indicator, "indicator");
    bind(c.type, "indicator_type");
    bind(c.activity, "activity");
    bind(c.group, "population_group");
    bind(c.fresh, c.long_form ? "reached" : "new_beneficiaries");
    for (std::size_t k = 0; k < static_cast<std::size_t>(cell_count); ++k)
        bind(c.cells[k], std::string(cell_names[k]));
    for (const auto& [i, g] : c.groups)
        bind(i, "new_beneficiaries@" + groups.info(g).code);
    return b;
}

/// The columns of a file read by its hashtag row `header`, with the user's map applied: the
/// columns the map names by their hashtags (`#reached+f+children = girls`) are taken out of the
/// tag row before the tags are read, then bound as mapped.
inline activity_columns resolve_mapped_hxl(const io::csv_record& header,
                                           const population_groups& groups,
                                           const std::string& source, std::vector<bool>& used,
                                           const io::column_map& user,
                                           io::resolved_columns* binding) {
    io::csv_record tags = header;
    std::vector<std::string> mapped;
    std::vector<std::pair<std::size_t, std::string>> bound;
    for (const auto& [key, role] : user.entries) {
        std::optional<std::size_t> at;
        for (std::size_t i = 0; i < header.size() && !at; ++i)
            if (squash_name(trim(header[i])) == squash_name(key))
                at = i;
        if (!at)
            throw error(errc::parse, source_position{source, header.line, 0},
                        "the column map (" + user.origin + ") names column '" + key +
                            "', which is not in the file's hashtag row");
        const auto canon = canonical_role(io::activity_roles(groups), role);
        if (!canon)
            throw error(errc::parse, source_position{source, header.line, 0},
                        "the column map (" + user.origin + ") maps '" + key + "' to '" + role +
                            "', which is not a role of activities files");
        tags.fields[*at] = std::string_view{};
        bound.emplace_back(*at, *canon);
        if (*canon != "ignore")
            mapped.push_back(*canon);
    }
    auto b = hxl_binding(tags, resolve_activity_hxl(tags, groups, source, used, mapped), groups);
    b.header.clear();
    for (auto f : header.fields)
        b.header.emplace_back(trim(f));
    for (const auto& [i, role] : bound) {
        if (role == "ignore") {
            b.how[i] = io::column_binding::user_ignored;
            continue;
        }
        for (std::size_t j = 0; j < b.role.size(); ++j)
            if (b.role[j] == role) {
                b.role[j].clear();
                b.how[j] = io::column_binding::duplicate;
                b.instead[j] = i;
            }
        b.role[i] = role;
        b.how[i] = io::column_binding::user;
    }
    if (!user.empty())
        b.layout = "HXL, with the column map";
    auto c = columns_of_binding(b, groups, source, header.line, used);
    if (binding)
        *binding = std::move(b);
    return c;
}

/// How many records below the current one the first hashtag row lies, within
/// io::header_search_rows; 0 when there is none. Looked for with a copy of the reader (a view of
/// the same text), so that rd stays on the first data row.
inline std::size_t hxl_row_below(const io::csv_reader& rd) {
    io::csv_reader look = rd;
    io::csv_record r;
    try {
        for (std::size_t k = 1; k < io::header_search_rows && look.next(r); ++k)
            if (io::is_hxl_row(r.fields))
                return k;
    } catch (const error&) {
        // an unclosed quote: the rows are read, and reported, as data
    }
    return 0;
}

/// Title rows above a header of names (a template saved as text): when the first record holds
/// at most two cells, the first of the next io::header_search_rows records that a layout reads
/// is the header, if every record above it holds at most two cells too. Its delimiter is its
/// own (a title has none to tell). Returns how many records below `header` it lies and that
/// delimiter; 0 when there is no such header.
inline std::pair<std::size_t, char> header_below_titles(const io::csv_reader& rd,
                                                        const io::csv_record& header,
                                                        const population_groups& groups,
                                                        const std::string& source) {
    const auto roles = io::activity_roles(groups);
    const auto rest = rd.input().substr(std::min(rd.position(), rd.input().size()));
    const char delim = io::detect_delimiter(rest);
    try {
        io::csv_reader look(rest.data(), rest.size(), source, delim, header.line + 1);
        io::csv_record r;
        for (std::size_t k = 1; k < io::header_search_rows && look.next(r); ++k) {
            std::vector<std::string> names;
            for (auto f : r.fields)
                names.emplace_back(trim(f));
            if (io::fitting_layout(names, roles, io::activity_layouts()))
                return {k, delim};
            if (!title_like(r))
                break;
        }
    } catch (const error&) {
    }
    return {0, delim};
}

/// Finds the columns of an activity file whose first record is header (read from rd): by
/// name (resolve_activity_header above, with the user's map), or from an HXL hashtag row
/// (resolve_mapped_hxl), which may be the first record or come within the first
/// io::header_search_rows records under a row of names and title rows. When it comes later, rd
/// is moved past it and header becomes it, so the rows above it are never data. binding, when
/// given, receives how the columns were bound. Throws as the two resolutions do (the error of
/// the names when there is no hashtag row). A user's map applies to a file read by its hashtags
/// too, naming its columns by their tags (`#reached+f+children = girls`): the columns it names
/// are bound as it says, and the tags of the others read as usual. When the first record is
/// no header a layout reads and one of the next records is, the rows above it are titles (a
/// template saved as text): rd moves past them and title_rows, when given, receives the first
/// title line and the header's line.
inline activity_columns
resolve_activity_header(io::csv_reader& rd, io::csv_record& header, const population_groups& groups,
                        const std::string& source, std::vector<bool>& used,
                        const io::column_map& user = {}, io::resolved_columns* binding = nullptr,
                        std::pair<std::size_t, std::size_t>* title_rows = nullptr) {
    if (io::is_hxl_row(header.fields))
        return resolve_mapped_hxl(header, groups, source, used, user, binding);
    if (const std::size_t below = hxl_row_below(rd); below > 0) {
        for (std::size_t k = 0; k < below; ++k)
            rd.next(header);
        return resolve_mapped_hxl(header, groups, source, used, user, binding);
    }
    const std::size_t first_line = header.line;
    try {
        return resolve_activity_header(header, groups, source, used, user, binding);
    } catch (const error& e) {
        if (e.code() != errc::parse || !title_like(header))
            throw;
        const auto [found, delim] = header_below_titles(rd, header, groups, source);
        if (found == 0)
            throw;
        // Read again from the start with the header's delimiter, past the titles.
        const auto all = rd.input();
        rd = io::csv_reader(all.data(), all.size(), source, delim, 1);
        for (std::size_t k = 0; k <= found; ++k)
            rd.next(header);
        if (title_rows)
            *title_rows = {first_line, header.line};
        return resolve_activity_header(header, groups, source, used, user, binding);
    }
}

/// Parses a CVA flag ("yes"/"no" and the usual spellings); std::nullopt when unreadable.
inline std::optional<cva_flag> parse_cva(std::string_view s) {
    const auto n = io::normalize_name(s);
    if (n == "yes" || n == "y" || n == "true" || n == "1" || n == "si" || n == "sí" || n == "x")
        return cva_flag::yes;
    if (n == "no" || n == "n" || n == "false" || n == "0")
        return cva_flag::no;
    return std::nullopt;
}

} // namespace tally::detail

namespace tally::detail {

/// What the header says about every row: resolved once, shared by the chunk parsers.
struct activity_layout {
    activity_columns c;
    std::size_t width = 0;
    std::vector<std::string> column_name; ///< as written in the header, for messages
    char delimiter = ',';                 ///< of the header line, for every slice
    bool any_cells = false;               ///< whether any age/gender cell has a column
    /// The user's list of indicator types (core/indicator_catalog.hpp), or nullptr.
    const indicator_types* user_types = nullptr;
    /// Whether cells that hold double-encoded UTF-8 are repaired one by one (the file holds
    /// such text but could not be repaired as a whole).
    bool repair_cells = false;
};

/// How the indicators of a file without a type for them were typed (core/indicator_catalog.hpp):
/// one entry per indicator and plan year, with its first line and row count.
struct typed_indicator {
    std::string indicator;
    int year = 0;
    indicator_typing typing;
    notice_count count;
};

/// The result of parsing one slice of an activity file. Lines are counted from the slice's own
/// first line number; the caller shifts them once the line the slice starts on is known.
/// Bytes and rows read so far by every slice, for a progress line.
struct read_progress {
    std::atomic<std::size_t> bytes{0}, rows{0};
};

struct activity_chunk {
    io::validation_report rep; ///< rejected rows and row counts
    /// Notices told once for all the rows they concern (an unreadable CVA spelling, an
    /// implementation set-up that contradicts the partner columns, ...), in order of first
    /// sight, with their first line and row count.
    std::vector<std::pair<std::string, notice_count>> notes;
    /// Indicators typed by tally (the file gives no type for them).
    std::vector<typed_indicator> typed;
    std::size_t first_start = 0; ///< offset of the first record at or after the slice's start
    std::size_t first_line = 0;  ///< the line of first_start
    std::size_t stop = 0;        ///< offset of the first record at or after the limit (or the end)
    std::size_t stop_line = 0;   ///< the line of stop
    /// The fingerprint of every record of the slice (lines of the slice), sorted at its end, for
    /// the search of lines repeated in every field (io/repeated_lines.hpp).
    io::print_set prints;
    std::exception_ptr failure;
};

/// What the columns left out (the user's map ignores them, though their names are those of
/// cells or groups) hold on a row whose cells or groups miss `gap` people: " (column 'X', not
/// read, holds N, which would close the gap)", or "" when they are empty or hold something else.
inline std::string unread_would_close(const io::csv_record& rec,
                                      const std::vector<std::size_t>& columns,
                                      const std::vector<std::string>& names, std::int64_t gap) {
    if (columns.empty())
        return {};
    std::int64_t held = 0;
    std::string which;
    for (auto i : columns) {
        std::int64_t v = 0;
        if (i < rec.size() && parse_count(rec[i], v) == number_status::ok && v > 0) {
            held += v;
            which += (which.empty() ? "'" : ", '") + names[i] + "'";
        }
    }
    if (which.empty() || held != gap)
        return {};
    return " (column" + std::string(which.find(',') != std::string::npos ? "s " : " ") + which +
           ", not read, hold" + (which.find(',') != std::string::npos ? " " : "s ") +
           std::to_string(held) + ", which would make them add up)";
}

/// The implementing organisation of a row with an implementation set-up column (R4V's
/// `Implementation`: Yes when the appealing organisation implements through the partner named in
/// `Implementing_partner`, No when it implements itself): No -> the appealing organisation; Yes
/// -> the partner (the appealing organisation, with a notice, when none is named); empty or
/// unreadable -> the partner when named, else the appealing organisation, with a notice for an
/// unreadable value. note(message, line) tells a notice once for all its rows.
template <class Note>
std::string_view set_up_implementer(std::string_view set_up, std::string_view appealing,
                                    std::string_view partner, std::string_view fallback,
                                    std::size_t line, Note& note) {
    const auto yn = set_up.empty() ? std::nullopt : parse_cva(set_up);
    if (yn == cva_flag::no) {
        if (!partner.empty() && partner != appealing)
            note("Implementation is 'No' (the appealing organisation implements) but an "
                 "implementing partner is named: the appealing organisation is counted as the "
                 "implementing one",
                 line);
        return appealing;
    }
    if (yn == cva_flag::yes) {
        if (partner.empty())
            note("Implementation is 'Yes' but no implementing partner is named: the appealing "
                 "organisation is counted as the implementing one",
                 line);
        return partner.empty() ? appealing : partner;
    }
    if (!set_up.empty())
        note("Implementation '" + std::string(set_up) +
                 "' is not yes or no: the implementing partner is taken where one is named",
             line);
    return fallback;
}

/// Tells, in one notice, the indicators tally typed by their wording (not in its list of R4V
/// indicators, no type in the file): each with its type and the words that decided it, so a
/// user can give their own list.
inline void tell_typed_indicators(io::validation_report& rep, const std::string& source,
                                  const std::vector<typed_indicator>& typed) {
    std::string list;
    std::size_t first = 0, count = 0;
    for (const auto& t : typed) {
        if (t.typing.source != indicator_typing_source::wording)
            continue;
        bool again = false; // the same indicator in another year: named once
        for (const auto& u : typed)
            if (&u == &t)
                break;
            else
                again |= u.indicator == t.indicator &&
                         u.typing.source == indicator_typing_source::wording;
        if (again)
            continue;
        list += (list.empty() ? "'" : "; '") + t.indicator + "' is " +
                std::string(to_string(t.typing.type)) + " ('" + std::string(t.typing.cue) + "')";
        first = count++ == 0 ? t.count.first_line : std::min(first, t.count.first_line);
    }
    if (count > 0)
        rep.tell({source, first, 0},
                 std::to_string(count) + " indicator" + (count == 1 ? " is" : "s are") +
                     " not in tally's list of R4V indicators and typed by " +
                     (count == 1 ? "its" : "their") + " wording, not direct assistance: " + list +
                     " (a list of your own, indicator,type[,sector][,year], takes precedence)");
}

/// The first word (a run without blanks) of cell that holds double-encoded UTF-8, or "" when
/// none does (then the cell holds no such text).
inline std::string_view first_double_encoded_word(std::string_view cell) {
    std::size_t p = 0;
    while (p < cell.size()) {
        while (p < cell.size() && (cell[p] == ' ' || cell[p] == '\t'))
            ++p;
        std::size_t e = p;
        while (e < cell.size() && cell[e] != ' ' && cell[e] != '\t')
            ++e;
        const auto word = cell.substr(p, e - p);
        if (!word.empty() && io::repair_double_encoded(word))
            return word;
        p = e;
    }
    return {};
}

/// Tells, column by column, the cells of text (after the header on header_line) that hold
/// double-encoded UTF-8 ("OrientaciÃ³n" for "Orientación"): their count, the first line and an
/// example, and whether they were repaired (twice: the whole file was; else the cells of the
/// columns read are, one by one) or, for a column not read, only seen. Never a reason to refuse
/// a row. One pass over the records, made only for files the encoding check found such text in.
inline void tell_double_encoded_columns(io::validation_report& rep, const std::string& source,
                                        std::string_view text, char delimiter,
                                        std::size_t header_line, const io::resolved_columns& b,
                                        io::double_encoding twice) {
    std::vector<notice_count> seen(b.header.size());
    std::vector<std::string> example(b.header.size());
    try {
        io::csv_reader rd(text.data(), text.size(), source, delimiter, 1);
        io::csv_record rec;
        while (rd.next(rec)) {
            if (rec.line <= header_line)
                continue;
            for (std::size_t i = 0; i < rec.size() && i < seen.size(); ++i) {
                if (!io::repair_double_encoded(rec[i]))
                    continue;
                if (seen[i].rows == 0) {
                    const auto word = first_double_encoded_word(rec[i]);
                    example[i] = "'" + std::string(word) + "' for '" +
                                 io::repair_double_encoded(word).value_or(std::string(word)) + "'";
                }
                seen[i].see(rec.line);
            }
        }
    } catch (const error&) {
        // an unclosed quote: the reader reports it; the cells before it are told
    }
    for (std::size_t i = 0; i < seen.size(); ++i) {
        if (seen[i].rows == 0)
            continue;
        const bool read = !b.role[i].empty();
        rep.tell({source, seen[i].first_line, 0},
                 "column '" + b.header[i] + "': " + std::to_string(seen[i].rows) + " cell" +
                     (seen[i].rows == 1 ? " holds" : "s hold") +
                     " text encoded twice as UTF-8 (such as " + example[i] +
                     "), first on this "
                     "line: " +
                     (twice == io::double_encoding::repaired
                          ? std::string("repaired (the whole file was encoded twice)")
                      : read ? std::string("repaired cell by cell")
                             : std::string("left as it is (the column is not read)")));
    }
}

/// The offset just after the first line end at or after p (text size when there is none).
inline std::size_t next_line_start(const char* text, std::size_t size, std::size_t p) noexcept {
    while (p < size && text[p] != '\n' && text[p] != '\r')
        ++p;
    if (p < size && text[p] == '\r' && p + 1 < size && text[p + 1] == '\n')
        ++p;
    return p < size ? p + 1 : size;
}

/// About how many lines text[from, to) has, from the line length of its first 256 KiB (a
/// little more, so that the columns are reserved once; reserved pages that are never written
/// cost no memory).
inline std::size_t estimate_lines(const char* text, std::size_t from, std::size_t to) noexcept {
    const std::size_t sample = std::min<std::size_t>(to - from, std::size_t{256} << 10);
    std::size_t ends = 0;
    for (std::size_t i = from; i < from + sample; ++i)
        ends += text[i] == '\n' || (text[i] == '\r' && (i + 1 >= to || text[i + 1] != '\n'));
    if (sample == 0)
        return 0;
    const double per_byte = static_cast<double>(ends + 1) / static_cast<double>(sample);
    return static_cast<std::size_t>(per_byte * static_cast<double>(to - from) * 1.1) + 16;
}

/// One row of an activity file as chunk_parser reads it, step by step: its cells, its type,
/// its numbers and the reasons it is refused (empty, and unallocated, for a good row).
struct activity_row {
    std::size_t line = 0;
    std::string_view country, month_text, sector, indicator;
    std::string_view appealing, implementing_cell, implementing;
    std::optional<month> when;
    int year = 0;
    std::optional<indicator_type> type;
    bool typed_later = false; ///< typed by tally once the indicator has its table id
    code_id long_group = no_code;
    bool numbers_ok = true; ///< every number cell parsed
    std::int64_t fresh = 0, total = -1, group_sum = 0;
    cells age_gender = cells::Zero();
    bool has_cells = false, overflow = false;
    std::string why;
};

/// Parses one slice of an activity file (parse_activity_chunk): the reader, the caches of
/// spellings and names shared by the rows of the slice, and one function per step of a row.
class activity_chunk_parser {
    // The steps of a row are inlined into the row loop (gnu::always_inline): called as
    // functions they cost about 200 instructions a row (valgrind --tool=callgrind).
  public:
    activity_chunk_parser(const char* text, std::size_t size, std::size_t from,
                          std::size_t first_line, const std::string& source,
                          const activity_layout& layout, activity_table& t, activity_chunk& out)
        : text_(text), size_(size), from_(from), source_(source), layout_(layout), c_(layout.c),
          t_(t), out_(out), rep_(out.rep),
          rd_(text + from, size - from, source, layout.delimiter, first_line),
          file_(t.files.intern(source)), countries_(t.countries), admin1s_(t.admin1s),
          admin2s_(t.admin2s), orgs_(t.orgs), sectors_(t.sectors), indicators_(t.indicators),
          activities_(t.activities) {
        breakdown_.reserve(c_.groups.size() + 1);
    }

    /// Reads the records that start before limit (see parse_activity_chunk).
    void run(std::size_t limit, const io::mapped_file* map, read_progress* progress) {
        if (const std::size_t to = std::min(limit, size_); to > from_)
            out_.prints.reserve(estimate_lines(text_, from_, to));
        for (;;) {
            const auto got = next_record(limit, map, progress);
            if (got == record_read::end)
                break;
            if (got == record_read::rejected)
                continue; // a quoted field took lines that look like rows (reject_swallowing)
            if (check_row_width(rec_, layout_.width, rep_, source_))
                read_row();
        }
        out_.prints.sort();
    }

  private:
    /// Moves to the next record: keeps the slice's first and stopping points, the progress and
    /// the pages given back up to date, and fingerprints every record, good or bad, while its
    /// bytes are in cache. record_read::end at limit or at the end of the input.
    record_read next_record(std::size_t limit, const io::mapped_file* map,
                            read_progress* progress) {
        const std::size_t start = from_ + rd_.skip_blank_lines();
        if (first_) {
            out_.first_start = start;
            out_.first_line = rd_.line();
            first_ = false;
        }
        out_.stop = start;
        out_.stop_line = rd_.line();
        if (start >= limit || start >= size_)
            return record_read::end;
        if (progress && start - reported_ >= (std::size_t{4} << 20)) {
            progress->bytes += start - reported_;
            progress->rows += rows_since_;
            reported_ = start;
            rows_since_ = 0;
        }
        ++rows_since_;
        constexpr std::size_t release_every = std::size_t{32} << 20;
        if (map && start - released_ >= release_every) {
            map->release(released_, start);
            released_ = start;
        }
        const auto got = read_record(rd_, rec_, rep_, layout_.width);
        if (got == record_read::end) {
            out_.stop = size_; // an unclosed quote: the rest of the input is that one record
            return got;
        }
        out_.prints.add(
            io::fingerprint(text_ + start, from_ + rd_.record_end() - start, rec_.line));
        return got;
    }

    /// A row of the current record: refused with its reasons, or appended to the table.
    [[gnu::always_inline]] void read_row() {
        repaired_.clear();
        activity_row r;
        r.line = rec_.line;
        read_names(r);
        read_type(r);
        read_long_group(r);
        read_numbers(r);
        if (r.numbers_ok)
            check_sums(r);
        if (!r.why.empty()) {
            rep_.reject({source_, r.line, 0}, std::move(r.why));
            return;
        }
        store(r);
    }

    /// A cell as read: repaired when it holds double-encoded UTF-8 and repair_cells is set.
    [[gnu::always_inline]] std::string_view cell(std::size_t i) {
        const auto v = i == absent_column ? std::string_view{} : trim(rec_[i]);
        if (!layout_.repair_cells || v.empty())
            return v;
        if (auto fixed = io::repair_double_encoded(v)) {
            repaired_.push_back(std::move(*fixed));
            return repaired_.back();
        }
        return v;
    }

    /// Tells a notice once for all its rows, with its first line and row count.
    void note(std::string message, std::size_t line) {
        for (auto& [m, n] : out_.notes)
            if (m == message) {
                n.see(line);
                return;
            }
        out_.notes.emplace_back(std::move(message), notice_count{});
        out_.notes.back().second.see(line);
    }

    /// Country, month, sector, indicator and organisations: each one required.
    [[gnu::always_inline]] void read_names(activity_row& r) {
        r.country = cell(c_.country);
        if (r.country.empty())
            add_reason(r.why, "missing country");
        r.month_text = cell(c_.month);
        if (r.month_text.empty())
            add_reason(r.why, "missing month");
        else if (!(r.when = month::try_parse(r.month_text)))
            add_reason(r.why, "month '" + std::string(r.month_text) + "' is not YYYY-MM");
        r.year = r.when ? r.when->year() : 0;
        r.sector = cell(c_.sector);
        if (r.sector.empty())
            add_reason(r.why, "missing sector");
        r.indicator = cell(c_.indicator);
        if (r.indicator.empty())
            add_reason(r.why, "missing indicator");
        const auto appealing_cell = cell(c_.appealing), partner_cell = cell(c_.partner);
        r.implementing_cell = cell(c_.implementing);
        auto first_given = [](std::string_view a, std::string_view b, std::string_view d) {
            return !a.empty() ? a : !b.empty() ? b : d;
        };
        r.appealing = first_given(appealing_cell, partner_cell, r.implementing_cell);
        r.implementing = first_given(r.implementing_cell, partner_cell, appealing_cell);
        if (r.appealing.empty())
            add_reason(r.why, "missing organisation");
    }

    /// The type: the user's list, the file's type column, else tally's typing of the indicator
    /// (core/indicator_catalog.hpp), which waits for the indicator's table id (typed_later)
    /// unless the breakdown checks need it first (type_now).
    [[gnu::always_inline]] void read_type(activity_row& r) {
        const auto ty = cell(c_.type);
        if (layout_.user_types && !r.indicator.empty())
            r.type = layout_.user_types->find(r.indicator, r.sector, r.year);
        if (!r.type && !ty.empty()) {
            if (auto parsed =
                    types_.get(ty, [](std::string_view s) { return parse_indicator_type(s); }))
                r.type = *parsed;
            else
                add_reason(r.why, "indicator type '" + std::string(ty) + "' is not known");
        }
        r.typed_later = !r.type;
    }

    indicator_type type_now(activity_row& r) const {
        if (!r.type)
            r.type = type_indicator(r.indicator, r.sector, r.year, layout_.user_types).type;
        return *r.type;
    }

    /// The population group of a long-form row (one group a row).
    [[gnu::always_inline]] void read_long_group(activity_row& r) {
        breakdown_.clear();
        if (!c_.long_form)
            return;
        const auto g = cell(c_.group);
        if (g.empty()) {
            add_reason(r.why, "missing population_group");
            return;
        }
        r.long_group = group_spellings_.get(
            g, [&](std::string_view s) { return t_.groups().find(s).value_or(no_code); });
        if (r.long_group == no_code)
            add_reason(r.why, "unknown population group '" + std::string(g) + "'");
    }

    /// One number cell: true when it holds a count; a cell that is not a count is a reason to
    /// refuse the row and makes the sums meaningless (numbers_ok).
    [[gnu::always_inline]] bool number(activity_row& r, std::size_t col, std::int64_t& v) {
        if (col == absent_column)
            return false;
        const auto st = parse_count(rec_[col], v);
        if (st == number_status::ok)
            return true;
        v = 0;
        if (st != number_status::empty) {
            r.numbers_ok = false;
            add_reason(r.why, number_problem(st, layout_.column_name[col], rec_[col]));
        }
        return false;
    }

    /// New beneficiaries, total monthly, the age/gender cells and the population groups.
    [[gnu::always_inline]] void read_numbers(activity_row& r) {
        std::int64_t v = 0;
        number(r, c_.fresh, r.fresh);
        if (!number(r, c_.total, r.total))
            r.total = -1;
        for (int k = 0; k < cell_count && layout_.any_cells; ++k)
            if (number(r, c_.cells[static_cast<std::size_t>(k)], v)) {
                r.age_gender[k] = v;
                r.has_cells = true;
            }
        for (const auto& [col, g] : c_.groups)
            if (number(r, col, v)) {
                breakdown_.push_back({g, v});
                r.overflow |= __builtin_add_overflow(r.group_sum, v, &r.group_sum);
            }
        if (c_.long_form && r.long_group != no_code)
            breakdown_.push_back({r.long_group, r.fresh});
        if (r.numbers_ok && !c_.long_form && c_.fresh == absent_column)
            r.fresh = r.group_sum;
    }

    /// The breakdowns add up to new beneficiaries on direct-assistance lines (as R4V checks
    /// them), and new beneficiaries do not exceed the total monthly.
    [[gnu::always_inline]] void check_sums(activity_row& r) {
        std::int64_t cell_sum = 0;
        for (int k = 0; k < cell_count; ++k)
            r.overflow |= __builtin_add_overflow(cell_sum, r.age_gender[k], &cell_sum);
        const bool groups_off = !c_.groups.empty() && r.group_sum != r.fresh;
        const bool cells_off = r.has_cells && cell_sum != r.fresh;
        if (r.overflow) {
            add_reason(r.why, "the breakdown does not fit in 64 bits");
        } else if ((groups_off || cells_off) && counts_as_reached(type_now(r))) {
            if (groups_off)
                add_reason(r.why,
                           "population groups add up to " + std::to_string(r.group_sum) +
                               ", not new beneficiaries " + std::to_string(r.fresh) +
                               unread_would_close(rec_, c_.groups_unread, layout_.column_name,
                                                  r.fresh - r.group_sum));
            if (cells_off)
                add_reason(r.why, "age/gender cells add up to " + std::to_string(cell_sum) +
                                      ", not new beneficiaries " + std::to_string(r.fresh) +
                                      unread_would_close(rec_, c_.cells_unread, layout_.column_name,
                                                         r.fresh - cell_sum));
        } else if (groups_off || cells_off) {
            // Other lines are kept (they never count as people reached, and their
            // organisations are partners all the same).
            note("the population-group or age/gender breakdown does not add up to new "
                 "beneficiaries on lines of indicators that are not direct assistance: kept, "
                 "as their beneficiaries never count as people reached",
                 r.line);
        }
        if (r.total >= 0 && r.fresh > r.total)
            add_reason(r.why, "new beneficiaries " + std::to_string(r.fresh) +
                                  " exceed total monthly " + std::to_string(r.total));
    }

    /// The type of an indicator of the table (by its id) for the plan year and sector it was
    /// last seen with, when the file gives none: typed once per indicator and year, not per row
    /// (core/indicator_catalog.hpp), and recorded in out.typed for the notices.
    indicator_type typed_by_tally(code_id id, const activity_row& r, code_id sec) {
        // The sector matters only to a user's list that names sectors.
        const code_id sid = layout_.user_types ? sec : no_code;
        if (id >= typed_of_.size())
            typed_of_.resize(id + 1);
        auto& slot = typed_of_[id];
        if (slot.year != r.year || slot.sector != sid) {
            const auto typing = type_indicator(r.indicator, r.sector, r.year, layout_.user_types);
            std::size_t k = 0;
            while (k < out_.typed.size() &&
                   !(out_.typed[k].year == r.year && out_.typed[k].indicator == r.indicator))
                ++k;
            if (k == out_.typed.size())
                out_.typed.push_back({std::string(r.indicator), r.year, typing, {}});
            slot = {r.year, sid, k};
        }
        auto& e = out_.typed[slot.entry];
        e.count.see(r.line);
        return e.typing.type;
    }

    /// A good row: its implementing organisation and CVA flag settled, its names interned,
    /// appended to the table.
    [[gnu::always_inline]] void store(const activity_row& r) {
        auto implementing = r.implementing;
        if (c_.implementation != absent_column) {
            auto tell = [this](std::string m, std::size_t line) { note(std::move(m), line); };
            implementing = set_up_implementer(cell(c_.implementation), r.appealing,
                                              r.implementing_cell, implementing, r.line, tell);
        }
        cva_flag cva = cva_flag::unknown;
        if (const auto f = cell(c_.cva); !f.empty()) {
            if (auto parsed = cvas_.get(f, [](std::string_view s) { return parse_cva(s); }))
                cva = *parsed;
            else
                note("CVA '" + std::string(f) + "' is not yes or no; kept as unknown", r.line);
        }
        const char* const end = text_ + size_; // most cells lie in text: heads are read ahead
        activity_line l;
        l.country = countries_.intern(r.country, text_, end);
        const auto a1 = cell(c_.admin1), a2 = cell(c_.admin2), act = cell(c_.activity);
        l.admin1 = a1.empty() ? no_code : admin1s_.intern(a1, text_, end);
        l.admin2 = a2.empty() ? no_code : admin2s_.intern(a2, text_, end);
        l.when = *r.when;
        l.appealing_org = orgs_.intern(r.appealing, text_, end);
        l.implementing_org =
            implementing == r.appealing ? l.appealing_org : orgs_.intern(implementing, text_, end);
        l.sector = sectors_.intern(r.sector, text_, end);
        l.indicator = indicators_.intern(r.indicator, text_, end);
        l.type = r.typed_later ? typed_by_tally(l.indicator, r, l.sector) : *r.type;
        l.activity = act.empty() ? no_code : activities_.intern(act, text_, end);
        l.cva = cva;
        l.total_monthly = r.total;
        l.new_beneficiaries = r.fresh;
        l.has_cells = r.has_cells;
        l.age_gender = r.age_gender;
        l.file = file_;
        l.source_line = static_cast<std::uint32_t>(r.line);
        t_.append(l, breakdown_);
        rep_.use();
    }

    struct typed_slot {
        int year = -1;
        code_id sector = no_code;
        std::size_t entry = 0; // index in out.typed
    };

    const char* text_;
    std::size_t size_, from_;
    const std::string& source_;
    const activity_layout& layout_;
    const activity_columns& c_;
    activity_table& t_;
    activity_chunk& out_;
    io::validation_report& rep_;
    io::csv_reader rd_;
    io::csv_record rec_;
    code_id file_;
    spelling_cache<std::optional<indicator_type>> types_;
    spelling_cache<code_id> group_spellings_;
    spelling_cache<std::optional<cva_flag>> cvas_;
    std::vector<typed_slot> typed_of_;
    std::deque<std::string> repaired_; ///< cells repaired in the current row
    std::vector<group_value> breakdown_;
    intern_cache countries_, admin1s_, admin2s_, orgs_, sectors_, indicators_, activities_;
    std::size_t released_ = from_, reported_ = from_, rows_since_ = 0;
    bool first_ = true;
};

/// Parses the records of text[from, size) that start before limit into t, validating every row
/// (see the file comment). first_line is the line number given to offset `from`. Reading stops
/// at the first record starting at or after limit, or at an unclosed quote (which takes the rest
/// of the input, as a sequential read would: stop is then the end of the input). When map is
/// set, the pages already read are given back as the slice is read.
inline void parse_activity_chunk(const char* text, std::size_t size, std::size_t from,
                                 std::size_t limit, std::size_t first_line,
                                 const std::string& source, const activity_layout& layout,
                                 activity_table& t, activity_chunk& out, const io::mapped_file* map,
                                 read_progress* progress = nullptr) {
    activity_chunk_parser(text, size, from, first_line, source, layout, t, out)
        .run(limit, map, progress);
}

} // namespace tally::detail

namespace tally::io {

/// Whether stderr is a terminal (progress lines are shown only there).
inline bool stderr_is_terminal() noexcept {
#ifdef TALLY_HAS_MMAP
    return ::isatty(2) == 1;
#else
    return false;
#endif
}

} // namespace tally::io

namespace tally::detail {

/// Reads the header of an activity file from rd (its first record is in rec) and what it says
/// about every row: the columns, their names, the delimiter, the user's types, whether cells
/// are repaired one by one. Tells in rep the title rows above the header, how the columns were
/// bound and the columns that hold double-encoded text.
inline activity_layout read_activity_layout(io::csv_reader& rd, io::csv_record& rec,
                                            io::validation_report& rep, const std::string& source,
                                            activity_table& into,
                                            const io::activity_read_options& options,
                                            std::string_view text, const io::decoded_input* decoded,
                                            std::string_view original) {
    activity_layout layout;
    std::vector<bool> used;
    io::resolved_columns binding;
    std::pair<std::size_t, std::size_t> titles{0, 0};
    layout.c = resolve_activity_header(rd, rec, into.groups(), source, used, options.columns,
                                       &binding, &titles);
    if (titles.first != 0) {
        const bool several = titles.second - titles.first > 1;
        rep.tell({source, titles.first, 0},
                 "line" + std::string(several ? "s " : " ") + std::to_string(titles.first) +
                     (several ? " to " + std::to_string(titles.second - 1) : std::string()) +
                     " above the header (line " + std::to_string(titles.second) +
                     ") read as titles, not data");
    }
    io::tell_columns(rep, source, rec.line, binding);
    layout.width = rec.size();
    layout.delimiter = rd.delimiter();
    layout.any_cells = std::any_of(layout.c.cells.begin(), layout.c.cells.end(),
                                   [](std::size_t col) { return col != absent_column; });
    for (auto f : rec.fields)
        layout.column_name.emplace_back(trim(f));
    layout.user_types = options.types && !options.types->empty() ? options.types : nullptr;
    if (decoded && decoded->twice != io::double_encoding::none) {
        layout.repair_cells = decoded->twice == io::double_encoding::left;
        tell_double_encoded_columns(rep, source, original.empty() ? text : original,
                                    layout.delimiter, rec.line, binding, decoded->twice);
    }
    return layout;
}

/// The slices of text[body, size) one per thread (at least 4 MiB each) or of options'
/// chunk_bytes, cut at line starts: slice k is [cut[k], cut[k + 1]).
inline std::vector<std::size_t> slice_cuts(const char* text, std::size_t size, std::size_t body,
                                           unsigned threads, std::size_t chunk) {
    if (chunk == 0)
        chunk = std::max<std::size_t>((size - body + threads - 1) / threads, std::size_t{4} << 20);
    std::vector<std::size_t> cut{body};
    while (cut.back() < size) {
        const std::size_t want = cut.back() + chunk;
        cut.push_back(want >= size ? size : next_line_start(text, size, want - 1));
    }
    return cut;
}

/// The slices of an activity file being parsed: slice 0 goes straight into the caller's table;
/// the others into tables of their own, appended after (append_slices).
struct activity_slices {
    std::vector<std::size_t> cut;
    std::vector<activity_chunk> parts;
    std::vector<std::unique_ptr<activity_table>> tables;
    std::vector<std::int64_t> shift; ///< what to add to slice k's lines (line_shifts)

    std::size_t size() const { return parts.size(); }
};

/// Shows a progress line on stderr until `done` reaches workers.
inline void show_progress(const std::string& source, std::size_t size,
                          const read_progress& progress, const std::atomic<std::size_t>& done,
                          std::size_t workers) {
    const auto t0 = std::chrono::steady_clock::now();
    while (done < workers) {
        std::this_thread::sleep_for(std::chrono::milliseconds(250));
        const double s =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        std::fprintf(stderr, "\r%s: %zu of %zu MB, %.0f rows/s   ", source.c_str(),
                     progress.bytes.load() >> 20, size >> 20,
                     s > 0 ? static_cast<double>(progress.rows.load()) / s : 0.0);
    }
    std::fprintf(stderr, "\r%*s\r", static_cast<int>(source.size()) + 48, "");
}

/// Parses every slice of text, on `threads` threads. Slices after the first number their lines
/// from 2 (never 1, which would skip a byte-order mark); the real numbers are known once the
/// slice before has been read (line_shifts). A slice whose cut fell inside a record (a quoted
/// field with a line end) is read again from where the one before really ended. Rethrows the
/// first slice's failure.
inline void parse_slices(activity_slices& s, const char* text, std::size_t size,
                         std::size_t body_line, const std::string& source,
                         const activity_layout& layout, activity_table& into, unsigned threads,
                         bool show, const io::mapped_file* map) {
    const std::size_t slices = s.size();
    read_progress progress;
    auto parse = [&](std::size_t k, std::size_t from, std::size_t first_line) {
        try {
            // Into a chunk of this thread's own, moved into parts at the end: the counters and
            // the fingerprint list are written on every row, and parts[k] shares cache lines
            // with parts[k + 1], which another thread writes as often.
            activity_chunk own;
            parse_activity_chunk(text, size, from, s.cut[k + 1], first_line, source, layout,
                                 k == 0 ? into : *s.tables[k], own, map, &progress);
            s.parts[k] = std::move(own);
        } catch (...) {
            s.parts[k].failure = std::current_exception();
        }
    };
    const std::size_t workers = std::min<std::size_t>(threads, slices);
    if (workers <= 1) {
        // One thread: every slice starts where the one before really ended.
        for (std::size_t k = 0; k < slices; ++k) {
            parse(k, k == 0 ? s.cut[0] : s.parts[k - 1].stop,
                  k == 0 ? body_line : s.parts[k - 1].stop_line);
            if (s.parts[k].failure)
                std::rethrow_exception(s.parts[k].failure);
        }
        return;
    }
    std::atomic<std::size_t> next{0}, done{0};
    std::vector<std::thread> pool;
    pool.reserve(workers);
    for (std::size_t w = 0; w < workers; ++w)
        pool.emplace_back([&] {
            for (std::size_t k; (k = next.fetch_add(1)) < slices;)
                parse(k, s.cut[k], k == 0 ? body_line : 2);
            ++done;
        });
    if (show && size >= (std::size_t{64} << 20) && io::stderr_is_terminal())
        show_progress(source, size, progress, done, workers);
    for (auto& th : pool)
        th.join();
    for (std::size_t k = 0; k < slices; ++k) {
        if (s.parts[k].failure)
            std::rethrow_exception(s.parts[k].failure);
        if (k == 0 || s.parts[k].first_start == s.parts[k - 1].stop)
            continue;
        const std::size_t from = s.parts[k - 1].stop, from_line = s.parts[k - 1].stop_line;
        s.parts[k] = activity_chunk{};
        s.tables[k] = std::make_unique<activity_table>(into.groups());
        parse(k, from, from_line);
        if (s.parts[k].failure)
            std::rethrow_exception(s.parts[k].failure);
    }
}

/// Lines: slice k starts on the line where slice k-1 stopped.
inline void line_shifts(activity_slices& s) {
    s.shift.assign(s.size(), 0);
    for (std::size_t k = 1; k < s.size(); ++k) {
        const auto stop_line = static_cast<std::int64_t>(s.parts[k - 1].stop_line) + s.shift[k - 1];
        s.shift[k] = stop_line - static_cast<std::int64_t>(s.parts[k].first_line);
    }
}

/// Tells the lines repeated in every field, before the tables are appended (the fingerprints
/// are given back before the appended table grows). A rejected line is not kept, so its
/// repeating an earlier one changes no figure (the rejection says what is wrong with it).
inline void tell_repeats(io::validation_report& rep, const std::string& source,
                         activity_slices& s) {
    std::vector<io::print_set> prints(s.size());
    for (std::size_t k = 0; k < s.size(); ++k) {
        s.parts[k].prints.shift_lines(s.shift[k]); // the same shift for all: the order stays
        prints[k] = std::move(s.parts[k].prints);
    }
    auto repeats = io::repeats_among(prints);
    std::vector<std::size_t> rejected;
    for (std::size_t k = 0; k < s.size(); ++k)
        for (const auto& r : s.parts[k].rep.rejected)
            rejected.push_back(
                static_cast<std::size_t>(static_cast<std::int64_t>(r.where.line) + s.shift[k]));
    if (!rejected.empty() && !repeats.empty()) {
        std::sort(rejected.begin(), rejected.end());
        std::erase_if(repeats, [&](const auto& r) {
            return std::binary_search(rejected.begin(), rejected.end(), r.line);
        });
    }
    io::tell_repeated_lines(rep, source, repeats);
}

/// The notices of the slices merged into one list (first line and rows of each), and the
/// indicators typed by tally.
struct slice_notices {
    std::vector<std::pair<std::string, notice_count>> notes;
    std::vector<typed_indicator> typed;
};

/// Appends the slices' tables to `into` in order, their reports to rep, and merges their
/// notices, every line shifted to its place in the file.
inline slice_notices append_slices(io::validation_report& rep, activity_table& into,
                                   activity_slices& s, unsigned threads) {
    slice_notices out;
    for (std::size_t k = 0; k < s.size(); ++k) {
        auto& p = s.parts[k];
        auto shifted = [&](std::size_t line) {
            return static_cast<std::size_t>(static_cast<std::int64_t>(line) + s.shift[k]);
        };
        for (auto& r : p.rep.rejected) {
            r.where.line = shifted(r.where.line);
            if (r.through)
                r.through = shifted(r.through);
        }
        rep.merge(p.rep);
        for (const auto& note : p.notes) {
            const auto& message = note.first; // not a structured binding: captured below
            const auto& n = note.second;
            auto it = std::find_if(out.notes.begin(), out.notes.end(),
                                   [&](const auto& e) { return e.first == message; });
            if (it == out.notes.end())
                out.notes.emplace_back(message, notice_count{shifted(n.first_line), n.rows});
            else
                it->second.rows += n.rows;
        }
        for (const auto& e : p.typed) {
            auto it = std::find_if(out.typed.begin(), out.typed.end(), [&](const auto& t) {
                return t.year == e.year && t.indicator == e.indicator;
            });
            if (it == out.typed.end())
                out.typed.push_back({e.indicator, e.year, e.typing,
                                     notice_count{shifted(e.count.first_line), e.count.rows}});
            else
                it->count.rows += e.count.rows;
        }
        if (k > 0) {
            into.merge(std::move(*s.tables[k]), s.shift[k], threads);
            s.tables[k].reset();
        }
    }
    return out;
}

/// Notices over the lines just read (rows from start_row), in order, as if told while reading:
/// places the geography does not know, indicators that are not direct assistance, the slices'
/// notices and the indicators typed by tally.
inline void tell_row_notices(io::validation_report& rep, const std::string& source,
                             const activity_table& into, std::size_t start_row,
                             const geography* geography, const slice_notices& found) {
    geography_check geo(geography);
    std::vector<notice_count> indicator_notes; // by table indicator id
    std::vector<indicator_type> indicator_type_seen;
    const auto country = into.country(), admin1 = into.admin1(), indicator = into.indicator();
    const auto& type = into.type();
    const auto fresh = into.new_beneficiaries();
    const auto& line = into.source_line();
    // Nothing to tell without a geography when every line is direct assistance (one type on
    // every line: the column stores a single value).
    const bool nothing_to_tell =
        !geography && type.uniform() && !type.empty() && counts_as_reached(type[0]);
    for (std::size_t i = nothing_to_tell ? into.size() : start_row; i < into.size(); ++i) {
        geo.row(into.countries, country[i], into.admin1s, admin1[i], line[i]);
        if (!counts_as_reached(type[i]) && fresh[i] > 0) {
            if (indicator[i] >= indicator_notes.size()) {
                indicator_notes.resize(indicator[i] + 1);
                indicator_type_seen.resize(indicator[i] + 1);
            }
            indicator_notes[indicator[i]].see(line[i]);
            indicator_type_seen[indicator[i]] = type[i];
        }
    }
    geo.finish(rep, source, into.countries, into.admin1s);
    for (code_id i = 0; i < indicator_notes.size(); ++i)
        if (const auto& n = indicator_notes[i]; n.rows)
            rep.tell({source, n.first_line, 0},
                     "indicator '" + into.indicators[i] + "' is " +
                         std::string(to_string(indicator_type_seen[i])) +
                         ", not direct assistance: its beneficiaries are kept but never count "
                         "as people reached" +
                         rows_suffix(n.rows));
    for (const auto& [message, n] : found.notes)
        rep.tell({source, n.first_line, 0}, message + rows_suffix(n.rows));
    tell_typed_indicators(rep, source, found.typed);
    std::stable_sort(
        rep.notices.begin(), rep.notices.end(),
        [](const io::notice& a, const io::notice& b) { return a.where.line < b.where.line; });
}

} // namespace tally::detail

namespace tally::io {

/// Reads activity rows from the CSV text[0, size) into `into` (appending; its dictionaries grow)
/// and returns the validation report; map, when given, is the mapping text lives in (its pages
/// are given back as they are read). source names the input in the report.
///
/// Large inputs are parsed in parallel: the text after the header is cut into slices at line
/// ends, each slice parsed on its own thread into its own dictionaries, and the slices appended
/// in order with their ids re-encoded, so the table, its ids (in order of first appearance), the
/// report and its line numbers are exactly those of reading the text from start to end. A cut
/// that falls inside a quoted field is found (the slice before it does not end where the next
/// one began) and the slice after it is read again from where the one before really ended.
TALLY_INLINE validation_report read_activities_utf8(const char* text, std::size_t size,
                                                    std::string source, activity_table& into,
                                                    const activity_read_options& options,
                                                    const mapped_file* map,
                                                    const decoded_input* decoded,
                                                    std::string_view original) {
    using namespace tally::detail;
    csv_reader rd(text, size, source);
    csv_record rec;
    validation_report rep;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty file: no header");
    const activity_layout layout = read_activity_layout(
        rd, rec, rep, source, into, options, std::string_view(text, size), decoded, original);
    const std::size_t body = rd.position(), body_line = rd.line();

    const unsigned threads =
        std::max(options.threads ? options.threads : std::thread::hardware_concurrency(), 1u);
    activity_slices s;
    s.cut = slice_cuts(text, size, body, threads, options.chunk_bytes);
    const std::size_t slices = s.cut.size() - 1;
    const std::size_t start_row = into.size();
    const auto entries_per_line = layout.c.long_form ? 1 : layout.c.groups.size();
    {
        const std::size_t lines = estimate_lines(text, body, size);
        into.reserve(lines, lines * entries_per_line);
    }
    s.parts.resize(slices);
    s.tables.resize(slices);
    for (std::size_t k = 1; k < slices; ++k) {
        s.tables[k] = std::make_unique<activity_table>(into.groups());
        const std::size_t lines = estimate_lines(text, s.cut[k], s.cut[k + 1]);
        s.tables[k]->reserve(lines, lines * entries_per_line);
    }
    parse_slices(s, text, size, body_line, source, layout, into, threads, options.progress, map);
    line_shifts(s);
    tell_repeats(rep, source, s);
    const auto found = append_slices(rep, into, s, threads);
    tell_row_notices(rep, source, into, start_row, options.geo, found);
    return rep;
}

/// Reads the activity rows of the bytes [text, text + size) (see read_activities_utf8): UTF-8 is
/// read in place; other encodings are first decoded to UTF-8 (io/encoding.hpp), with notices.
TALLY_INLINE validation_report read_activities_span(const char* text, std::size_t size,
                                                    std::string source, activity_table& into,
                                                    const activity_read_options& options,
                                                    const mapped_file* map) {
    const decoded_input d = decode_input(std::string_view(text, size), source);
    const std::string_view utf8 = d.text ? std::string_view(*d.text) : std::string_view(text, size);
    // The check of the encoding read every page of a mapped file: give them back (they stay in
    // the page cache), or the whole file would stay resident beside the table.
    if (map && !d.text)
        map->release(0, size);
    validation_report rep = read_activities_utf8(
        utf8.data(), utf8.size(), source, into, options, d.text ? nullptr : map, &d,
        d.twice == double_encoding::repaired ? std::string_view(text, size) : std::string_view{});
    // The notice of double encoding is told column by column by the reader.
    for (std::size_t i = 0; i < d.notices.size(); ++i)
        if (static_cast<int>(i) != d.twice_notice)
            rep.notices.push_back(d.notices[i]);
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

/// Reads activity rows from CSV text into `into` (appending; its dictionaries grow) and returns
/// the validation report. source names the input in the report (usually the file path).
/// Throws errc::parse when the text is empty or the header is not that of an activity file (see
/// the file comment); never for a bad row.
TALLY_INLINE validation_report read_activities_text(std::string text, std::string source,
                                                    activity_table& into,
                                                    const activity_read_options& options) {
    return read_activities_span(text.data(), text.size(), std::move(source), into, options);
}

/// Reads the activity file at path into `into`, from a memory map of it when it is a regular
/// file (no copy; pages are given back as they are read). Throws errc::io when the file cannot
/// be read, errc::parse when it is empty or its header is not that of an activity file.
TALLY_INLINE validation_report read_activities(const std::string& path, activity_table& into,
                                               const activity_read_options& options) {
    const mapped_file map(path);
    if (map.ok())
        return read_activities_span(map.data(), map.size(), path, into, options, &map);
    const std::string text = read_file(path);
    return read_activities_span(text.data(), text.size(), path, into, options);
}

} // namespace tally::io
