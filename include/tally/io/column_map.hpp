#pragma once
// Column maps: which column of a table holds which field (role) of a reader.
//
// Every reader of named columns finds them the same way (resolve_columns):
//   1. the user's map (`column_map`: `Header = role` entries, from `--columns` on the command
//      line, a map file kept next to the data, or a value built in a program) binds the columns
//      it names; a mapped column that is not in the file, a role the reader does not know, or a
//      role mapped twice is an error naming the file and the column;
//   2. the built-in layout (io/layouts.hpp) that binds the most of the remaining columns, among
//      those that then give the reader every role it needs, binds the rest. A layout is data:
//      for each role the header names that carry it, in order of preference (the first present
//      is read; another present is a duplicate, not read). Layouts may also name columns they
//      know and do not read (free text, CVA values): those are ignored without a word;
//   3. every column left is looked at: one whose name is close to a name some layout of the
//      reader reads (the same name once spaces, underscores, hyphens and case are set aside, or
//      one or two letters apart: 'traget', 'Subsector', 'Other_above', 'amountUS') is an error,
//      since a column that is not read can only make figures smaller, unless the user's map
//      reads it or ignores it (`Header = ignore`); any other column is told as not used.
// When no layout gives the required roles, the error names what is missing, the layout that
// came closest and the columns that look like the missing roles.
//
// HXL: a file with a hashtag row (io/hxl.hpp) gives resolve_columns its tags too. A name of a
// layout that begins with '#' is a tag pattern (`#country+code`: a column whose tag has that name
// and at least those attributes; `#value+funding+usd-required`: and not the attribute
// `required`); where several columns match, the one with exactly the pattern's attributes is
// read. A layout whose names are all patterns (by_tags) fills in, after the layout of the names,
// the roles that layout leaves unbound (an HDX file whose names tally does not know, above its
// hashtag row). A user's map names such a column by its name or by its tag. Columns are never a
// near miss by their tags: tags are read as the HXL standard says, or not at all.
//
// Roles are words: `country`, `sector`, `new_beneficiaries`, ... (each reader lists its own in
// its `reader_roles`), `ignore`, and for the figures a reader breaks down by population group,
// `FIGURE@GROUP` (`new_beneficiaries@in_transit`, `pin_girls@host_community`), where GROUP is any
// spelling of a population group the reader's registry knows.
//
// Cost: resolution compares each header with each name of each layout once per file (a few
// thousand short comparisons); nothing here runs per row.

#include <algorithm>
#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/io/hxl.hpp>
#include <tally/io/validation.hpp>
#include <utility>
#include <vector>

namespace tally::io {

/// One role of a layout and the header names that carry it, in order of preference.
struct layout_entry {
    std::string role;               ///< a role of the reader, or "ignore"
    std::vector<std::string> names; ///< header names, as the publisher writes them
};

/// A file layout: the column names of one kind of file and the role of each (io/layouts.hpp).
struct layout {
    std::string name;   ///< "R4V 5W export (2022)"
    std::string reader; ///< the reader it is for: "activities", "plan", ...
    std::vector<layout_entry> entries;
    /// Whether a column no entry binds that names a population group of the reader's registry
    /// (code, label or alias) is that group's part of `reader_roles::group_figures.front()`
    /// (tally's own layout: `in_destination`, `Host Communities`).
    bool groups_by_name = false;
    /// Whether its names make an unread column of a file of another layout a near miss. Off for
    /// the layouts of another language than English (a `Region` column of an English file is
    /// not a misspelt French `Région`); a layout's own names always count for its own files.
    bool guards_others = true;
    /// Whether its names are HXL tag patterns, read from a file's hashtag row to fill in the
    /// roles the layout of the file's names leaves unbound (see the file comment).
    bool by_tags = false;
};

/// A user's column map: header -> role entries, applied before any layout.
struct column_map {
    std::vector<std::pair<std::string, std::string>> entries; ///< (header, role)
    std::string origin = "--columns";                         ///< where it was given, for messages
    /// The command-line option that gives a map to the reader, named in the messages that say
    /// how to map a column (a command with several inputs has an option for each).
    std::string option = "--columns";

    bool empty() const noexcept { return entries.empty(); }

    /// Parses a map: one `Header = role` entry per line (a line that is `#` alone or begins
    /// with `# ` is a comment; blank lines are skipped), or, when text has no line end, entries
    /// separated by commas (`Subsector=sector,Beneficiarios nuevos=new_beneficiaries`). The
    /// entry is split at its last `=`; blanks around header and role are dropped. Throws
    /// errc::parse naming origin and the line for an entry without `=`, an empty header or role,
    /// or a header given twice.
    static column_map parse(std::string_view text, std::string origin);
};

/// What a reader reads: its roles and which are required.
struct reader_roles {
    std::string reader;  ///< "activities"
    std::string article; ///< "an activity file", for messages ("not an activity file: ...")
    std::vector<std::string> roles;
    /// Figures that take a population group: `FIGURE@GROUP` (the first is the one a layout's
    /// groups_by_name columns carry).
    std::vector<std::string> group_figures;
    /// The roles that are numbers (`FIGURE@GROUP` roles are too): two columns for one of them
    /// are an error, since which holds the figure cannot be told; two for a key (a country's
    /// name and its code) are not, and the first the layout names is read.
    std::vector<std::string> figures;
    /// Each entry: roles of which one must be bound ("appealing_org", "implementing_org",
    /// "partner"). A FIGURE@ entry ("new_beneficiaries@") is met by any group of that figure.
    std::vector<std::vector<std::string>> required;
    /// The code of the population group spelled s (nullopt when the registry has none); empty:
    /// the reader takes no groups.
    std::function<std::optional<std::string>(std::string_view)> group_code;
};

/// How a column was bound by resolve_columns.
enum class column_binding : std::uint8_t {
    layout,       ///< read, as the layout says
    user,         ///< read, as the user's map says
    known,        ///< not read: the layout knows it and does not read it
    user_ignored, ///< not read: the user's map says `ignore`
    duplicate,    ///< not read: another column carries the same role
    unused,       ///< not read: no layout knows it (told as a notice)
};

/// The columns of one table, bound to roles.
struct resolved_columns {
    std::string layout;              ///< the layout used ("" when the user's map bound them all)
    std::vector<std::string> header; ///< the column names as written
    std::vector<std::string> role;   ///< per column: its role, "" when not read
    std::vector<column_binding> how;
    /// Per column, for duplicates and user-displaced columns: the column read instead.
    std::vector<std::size_t> instead;

    /// The column that carries role, or std::nullopt.
    std::optional<std::size_t> find(std::string_view r) const {
        for (std::size_t i = 0; i < role.size(); ++i)
            if (role[i] == r)
                return i;
        return std::nullopt;
    }
    /// The (column, group code) of every `figure@GROUP` role, in column order.
    std::vector<std::pair<std::size_t, std::string>> groups_of(std::string_view figure) const {
        std::vector<std::pair<std::size_t, std::string>> out;
        for (std::size_t i = 0; i < role.size(); ++i)
            if (role[i].size() > figure.size() && role[i].compare(0, figure.size(), figure) == 0 &&
                role[i][figure.size()] == '@')
                out.emplace_back(i, role[i].substr(figure.size() + 1));
        return out;
    }
    /// The map as a user would write it to get this binding: one `Header = role` line per
    /// column (`ignore` for a column not read), after a comment naming the layout. Parsing it
    /// with column_map::parse gives back the same binding.
    std::string map_text() const;
};

} // namespace tally::io

namespace tally::detail {

/// A header name with case, blanks, underscores, hyphens and dots set aside ("New
/// Beneficiaries", "new_beneficiaries" and "NEW-BENEFICIARIES" are one name); other characters,
/// such as '<', '+' and non-ASCII letters, stay.
inline std::string squash_name(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (char c : s) {
        if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t' || c == '\r' || c == '\n')
            continue;
        out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
    }
    return out;
}

/// The optimal-string-alignment distance between a and b (insertions, deletions,
/// substitutions and swaps of neighbours), stopping once it exceeds limit (then limit + 1).
inline std::size_t edit_distance(std::string_view a, std::string_view b, std::size_t limit) {
    const std::size_t n = a.size(), m = b.size();
    if ((n > m ? n - m : m - n) > limit)
        return limit + 1;
    std::vector<std::size_t> prev2(m + 1), prev(m + 1), cur(m + 1);
    for (std::size_t j = 0; j <= m; ++j)
        prev[j] = j;
    for (std::size_t i = 1; i <= n; ++i) {
        cur[0] = i;
        std::size_t row_min = cur[0];
        for (std::size_t j = 1; j <= m; ++j) {
            const std::size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cur[j] = std::min(cur[j], prev2[j - 2] + 1);
            row_min = std::min(row_min, cur[j]);
        }
        if (row_min > limit)
            return limit + 1;
        prev2.swap(prev);
        prev.swap(cur);
    }
    return std::min(prev[m], limit + 1);
}

/// Whether a header squashed to a looks like the name squashed to b: the same, or one edit
/// apart for names of 5 or more characters, two for 9 or more, unless both hold digits and they
/// differ only in those (`admin3` is not a misspelt `admin2`; `other_above` is `other_above_18`).
inline bool close_names(std::string_view a, std::string_view b) {
    if (a == b)
        return true;
    const std::size_t shorter = std::min(a.size(), b.size());
    if (shorter < 5)
        return false;
    auto letters = [](std::string_view s) {
        std::string out;
        for (char c : s)
            if (c < '0' || c > '9')
                out += c;
        return out;
    };
    auto has_digit = [](std::string_view s) {
        return s.find_first_of("0123456789") != std::string_view::npos;
    };
    if (has_digit(a) && has_digit(b) && letters(a) == letters(b))
        return false;
    return edit_distance(a, b, 2) <= (shorter >= 9 ? 2u : 1u);
}

inline std::string quote_name(std::string_view s) {
    return "'" + std::string(s) + "'";
}

/// A name of a layout that is an HXL tag pattern: `#value+funding+usd-required` is the pattern
/// `#value+funding+usd` without the attribute `required`.
struct tag_pattern {
    io::hxl_tag tag;
    std::vector<std::string> without; ///< attributes the column's tag must not have
};

/// The tag pattern a layout name spells, or std::nullopt when it is no pattern (a plain name).
inline std::optional<tag_pattern> parse_tag_pattern(std::string_view name) {
    if (name.empty() || name.front() != '#')
        return std::nullopt;
    const auto minus = name.find('-');
    auto t = io::parse_hxl_tag(name.substr(0, minus));
    if (!t)
        return std::nullopt;
    tag_pattern p{std::move(*t), {}};
    for (std::size_t at = minus; at != std::string_view::npos;) {
        const auto next = name.find('-', at + 1);
        const auto a = name.substr(at + 1, next == std::string_view::npos ? next : next - at - 1);
        if (!io::detail::hxl_word(a))
            return std::nullopt;
        p.without.push_back(io::detail::hxl_lower(a));
        at = next;
    }
    return p;
}

/// Whether the tag of a column matches pattern p: its name, at least its attributes and none of
/// the attributes it excludes.
inline bool tag_matches(const io::hxl_tag& t, const tag_pattern& p) {
    if (t.name != p.tag.name)
        return false;
    for (const auto& a : p.tag.attributes)
        if (!t.has(a))
            return false;
    for (const auto& a : p.without)
        if (t.has(a))
            return false;
    return true;
}

} // namespace tally::detail

namespace tally::io {

inline column_map column_map::parse(std::string_view text, std::string origin) {
    column_map m;
    m.origin = std::move(origin);
    const bool lines = text.find_first_of("\r\n") != std::string_view::npos;
    const char sep = lines ? '\n' : ',';
    std::size_t line = 0;
    auto trim = [](std::string_view s) {
        while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r'))
            s.remove_prefix(1);
        while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r'))
            s.remove_suffix(1);
        return s;
    };
    if (text.substr(0, 3) == "\xEF\xBB\xBF")
        text.remove_prefix(3);
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find(sep, start);
        if (end == std::string_view::npos)
            end = text.size();
        ++line;
        const auto entry = trim(text.substr(start, end - start));
        start = end + 1;
        if (entry.empty() || entry == "#" || entry.substr(0, 2) == "# ")
            continue;
        const source_position at{m.origin, lines ? line : 0, 0};
        const auto eq = entry.rfind('=');
        if (eq == std::string_view::npos)
            throw error(errc::parse, at,
                        "column map entry " + tally::detail::quote_name(entry) +
                            " has no '=' (write Header = role)");
        const auto header = trim(entry.substr(0, eq)), role = trim(entry.substr(eq + 1));
        if (header.empty() || role.empty())
            throw error(errc::parse, at,
                        "column map entry " + tally::detail::quote_name(entry) +
                            (header.empty() ? " names no column" : " names no role"));
        for (const auto& [h, r] : m.entries)
            if (tally::detail::squash_name(h) == tally::detail::squash_name(header))
                throw error(errc::parse, at,
                            "column " + tally::detail::quote_name(header) +
                                " is mapped twice (to " + tally::detail::quote_name(r) + " and " +
                                tally::detail::quote_name(role) + ")");
        m.entries.emplace_back(std::string(header), std::string(role));
    }
    return m;
}

inline std::string resolved_columns::map_text() const {
    std::string out = layout.empty() ? std::string("# columns as mapped by the user\n")
                                     : "# layout: " + layout + "\n";
    for (std::size_t i = 0; i < header.size(); ++i) {
        if (header[i].empty())
            continue;
        out += header[i];
        out += " = ";
        out += role[i].empty() ? std::string("ignore") : role[i];
        out += '\n';
    }
    return out;
}

} // namespace tally::io

namespace tally::detail {

/// The role r checked against the reader's vocabulary and normalised (`FIGURE@GROUP` with the
/// group's code); nullopt when the reader does not know it.
inline std::optional<std::string> canonical_role(const io::reader_roles& rr, std::string_view r) {
    if (r == "ignore")
        return std::string(r);
    if (const auto at = r.find('@'); at != std::string_view::npos) {
        const auto figure = r.substr(0, at);
        if (!rr.group_code || std::find(rr.group_figures.begin(), rr.group_figures.end(), figure) ==
                                  rr.group_figures.end())
            return std::nullopt;
        if (auto code = rr.group_code(r.substr(at + 1)))
            return std::string(figure) + "@" + *code;
        return std::nullopt;
    }
    if (std::find(rr.roles.begin(), rr.roles.end(), r) != rr.roles.end())
        return std::string(r);
    return std::nullopt;
}

/// The roles a reader takes, for messages.
inline std::string role_list(const io::reader_roles& rr) {
    std::string out;
    for (const auto& r : rr.roles)
        out += (out.empty() ? "" : ", ") + r;
    for (const auto& f : rr.group_figures)
        out += ", " + f + "@GROUP";
    return out + ", ignore";
}

/// Whether the bound roles meet requirement req (one of its roles bound).
inline bool requirement_met(const std::vector<std::string>& req,
                            const std::vector<std::string>& bound) {
    for (const auto& r : req) {
        if (!r.empty() && r.back() == '@') {
            for (const auto& b : bound)
                if (b.compare(0, r.size(), r) == 0)
                    return true;
        } else if (std::find(bound.begin(), bound.end(), r) != bound.end()) {
            return true;
        }
    }
    return false;
}

inline std::string requirement_text(const std::vector<std::string>& req) {
    std::vector<std::string> plain;
    bool groups = false;
    for (const auto& r : req) {
        if (!r.empty() && r.back() == '@')
            groups = true;
        else
            plain.push_back(r);
    }
    std::string out;
    for (std::size_t i = 0; i < plain.size(); ++i) {
        out += i == 0 ? "" : (i + 1 == plain.size() ? " or " : ", ");
        out += plain[i];
    }
    if (groups)
        out +=
            plain.empty() ? "a column per population group" : " (or a column per population group)";
    return out;
}

/// One layout tried on a header: the role of each column, the number of columns it knows.
struct layout_fit {
    std::vector<std::string> role;
    std::vector<io::column_binding> how;
    std::vector<std::size_t> instead;
    std::size_t known = 0;
    std::size_t absent = 0;           ///< entries of the layout with no column in the header
    std::vector<std::string> missing; ///< requirements not met (as text)
    std::size_t filled = 0;           ///< columns bound by a layout of tags filling in (by_tags)
    std::size_t named = 0;            ///< of known, the columns the layout's names know
    std::string filled_by = {};       ///< the layout of tags that filled in, when one did
};

/// The columns of a header whose tag matches the tag pattern p and that are free: several are
/// one when one of them has exactly the pattern's attributes (the others are left alone, as
/// io::hxl_columns::find takes the exact one); otherwise all of them.
template <class Free>
std::vector<std::size_t> tag_hits(const tag_pattern& p,
                                  const std::vector<std::optional<io::hxl_tag>>& tags, Free free) {
    std::vector<std::size_t> hits;
    for (std::size_t i = 0; i < tags.size(); ++i)
        if (tags[i] && free(i) && tag_matches(*tags[i], p))
            hits.push_back(i);
    if (hits.size() > 1)
        for (auto i : hits)
            if (tags[i]->same_as(p.tag))
                return {i};
    return hits;
}

/// Tries layout l on a header (its names as written and squashed, its tags: empty when it has
/// no hashtag row) after the user's map (role, how). With after (a layout of tags filling in,
/// l.by_tags), starts from that fit and binds only roles it leaves unbound.
inline layout_fit fit_layout(const io::layout& l, const io::reader_roles& rr,
                             const std::vector<std::string>& header,
                             const std::vector<std::string>& squashed,
                             const std::vector<std::string>& role,
                             const std::vector<io::column_binding>& how,
                             const std::vector<std::optional<io::hxl_tag>>& tags = {},
                             const layout_fit* after = nullptr) {
    layout_fit f =
        after ? *after
              : layout_fit{
                    role, how, std::vector<std::size_t>(role.size(), static_cast<std::size_t>(-1)),
                    0,    0,   {},
                    0,    0,   {}};
    f.missing.clear();
    const std::size_t filled_before = f.filled;
    auto free = [&](std::size_t i) {
        return f.role[i].empty() && f.how[i] == io::column_binding::unused;
    };
    auto user_column = [&](const std::string& r) -> std::optional<std::size_t> {
        for (std::size_t i = 0; i < role.size(); ++i)
            if (how[i] == io::column_binding::user && role[i] == r)
                return i;
        return std::nullopt;
    };
    for (const auto& e : l.entries) {
        const auto canon = canonical_role(rr, e.role);
        if (!canon) // a layout of a registry without that group: the entry does not apply
            continue;
        if (after && *canon != "ignore" &&
            std::find(f.role.begin(), f.role.end(), *canon) != f.role.end())
            continue; // filling in: the role is bound already
        std::optional<std::size_t> first;
        bool present = false;
        auto bind = [&](std::size_t i) {
            ++f.known;
            present = true;
            if (*canon == "ignore") {
                f.how[i] = io::column_binding::known;
            } else if (const auto by_user = user_column(*canon); first || by_user) {
                f.how[i] = io::column_binding::duplicate;
                f.instead[i] = first ? *first : *by_user;
            } else {
                f.role[i] = *canon;
                f.how[i] = io::column_binding::layout;
                f.filled += after ? 1 : 0;
                first = i;
            }
        };
        for (const auto& name : e.names) {
            // Filling in, the first pattern that matches gives the role, as
            // io::tagged_header::find does: the columns of the patterns after it stay free.
            if (after && present)
                break;
            if (const auto p = parse_tag_pattern(name)) {
                for (auto i : tag_hits(*p, tags, free))
                    bind(i);
                continue;
            }
            const auto want = squash_name(name);
            for (std::size_t i = 0; i < squashed.size(); ++i)
                if (squashed[i] == want && free(i))
                    bind(i);
        }
        f.absent += present ? 0 : 1;
    }
    if (l.groups_by_name && rr.group_code && !rr.group_figures.empty())
        for (std::size_t i = 0; i < squashed.size(); ++i) {
            if (!free(i))
                continue;
            if (auto code = rr.group_code(header[i])) {
                const std::string r = rr.group_figures.front() + "@" + *code;
                std::optional<std::size_t> taken;
                for (std::size_t j = 0; j < f.role.size(); ++j)
                    if (f.role[j] == r)
                        taken = j;
                ++f.known;
                if (taken) {
                    f.how[i] = io::column_binding::duplicate;
                    f.instead[i] = *taken;
                } else {
                    f.role[i] = r;
                    f.how[i] = io::column_binding::layout;
                }
            }
        }
    for (const auto& req : rr.required)
        if (!requirement_met(req, f.role))
            f.missing.push_back(requirement_text(req));
    if (!after)
        f.named = f.known;
    else if (f.filled > filled_before)
        f.filled_by = l.name;
    return f;
}

/// Every layout of layouts tried on the header of h (after the user's map), each followed, when
/// the header has tags, by the layouts of tags filling in; one fit per layout, in order (a layout
/// of tags alone is tried too, but never chosen: see chosen_fits).
template <class Binding>
std::vector<layout_fit> fit_layouts(const Binding& h, const io::reader_roles& rr,
                                    const std::vector<io::layout>& layouts) {
    std::vector<layout_fit> fits;
    for (const auto& l : layouts) {
        auto f = fit_layout(l, rr, h.header, h.squashed, h.role, h.how, h.tags);
        if (!h.tags.empty() && !l.by_tags)
            for (const auto& t : layouts)
                if (t.by_tags)
                    f = fit_layout(t, rr, h.header, h.squashed, h.role, h.how, h.tags, &f);
        fits.push_back(std::move(f));
    }
    return fits;
}

/// The name of the layout of fit f of layout l: l's, or that of the layout of tags that bound
/// every column l's names did not know.
inline std::string fit_name(const io::layout& l, const layout_fit& f) {
    if (f.filled_by.empty())
        return l.name;
    return f.named == 0 ? f.filled_by : l.name + ", with " + f.filled_by;
}

} // namespace tally::detail

namespace tally::io {} // namespace tally::io

namespace tally::detail {

/// The role and name (with its layout's index) that a header squashed to h is close to, looking
/// first at layout `first` (the one chosen), then at the others in order; names of `ignore`
/// entries are not roles, and HXL tags (a header or a name that begins with '#') are never
/// near misses. std::nullopt when none is close.
inline std::optional<std::pair<std::string, std::pair<std::string, std::size_t>>>
near_role(const std::string& h, const std::vector<io::layout>& layouts, std::size_t first) {
    if (!h.empty() && h.front() == '#')
        return std::nullopt;
    for (std::size_t pass = 0; pass <= layouts.size(); ++pass) {
        const std::size_t k = pass == 0 ? first : pass - 1;
        if ((pass > 0 && (k == first || k >= layouts.size() || !layouts[k].guards_others)) ||
            k >= layouts.size())
            continue;
        for (const auto& e : layouts[k].entries) {
            if (e.role == "ignore")
                continue;
            for (const auto& name : e.names)
                if ((name.empty() || name.front() != '#') && close_names(h, squash_name(name)))
                    return std::make_pair(e.role, std::make_pair(name, k));
        }
    }
    return std::nullopt;
}

} // namespace tally::detail

namespace tally::io {} // namespace tally::io

namespace tally::detail {

/// The state of a header while its columns are bound (io::resolve_columns): the names as
/// written and squashed, and the role and binding of each column so far.
struct header_binding {
    const std::vector<std::string>& header;
    std::vector<std::string> squashed;
    std::vector<std::string> role;
    std::vector<io::column_binding> how;
    source_position at;
    /// The tag of each column (empty when the file has no hashtag row), and the cells as written.
    std::vector<std::optional<io::hxl_tag>> tags;
    std::vector<std::string> tag_cells;

    header_binding(const std::vector<std::string>& h, source_position where,
                   const std::vector<std::string>& tag_row = {})
        : header(h), role(h.size()), how(h.size(), io::column_binding::unused),
          at(std::move(where)), tag_cells(tag_row) {
        for (const auto& name : h)
            squashed.push_back(squash_name(name));
        for (const auto& cell : tag_row)
            tags.push_back(io::parse_hxl_tag(cell));
        if (!tags.empty())
            tags.resize(h.size());
    }

    /// The column a user's map names by name, else (a name beginning with '#') by tag.
    std::optional<std::size_t> column_named(std::string_view name) const {
        const auto it = std::find(squashed.begin(), squashed.end(), squash_name(name));
        if (it != squashed.end())
            return static_cast<std::size_t>(it - squashed.begin());
        if (const auto t = io::parse_hxl_tag(name))
            for (std::size_t i = 0; i < tags.size(); ++i)
                if (tags[i] && tags[i]->same_as(*t))
                    return i;
        return std::nullopt;
    }
};

/// Refuses two columns of one name: which one to read cannot be told.
inline void refuse_repeated_names(const header_binding& h) {
    for (std::size_t i = 0; i < h.squashed.size(); ++i)
        for (std::size_t j = i + 1; j < h.squashed.size(); ++j)
            if (!h.squashed[i].empty() && h.squashed[i] == h.squashed[j])
                throw error(errc::parse, h.at,
                            "column " + quote_name(h.header[i]) + " appears twice (columns " +
                                std::to_string(i + 1) + " and " + std::to_string(j + 1) + ")");
}

/// Step 1: binds the columns the user's map names (see io::resolve_columns for its errors).
inline void bind_user_map(header_binding& h, const io::reader_roles& rr,
                          const io::column_map& user) {
    for (const auto& [name, r] : user.entries) {
        const auto at = h.column_named(name);
        if (!at) {
            std::string cols;
            for (const auto& c : h.header)
                if (!c.empty())
                    cols += (cols.empty() ? "" : ", ") + c;
            std::string tags;
            if (h.tag_cells != h.header)
                for (const auto& c : h.tag_cells)
                    if (!c.empty())
                        tags += (tags.empty() ? "" : ", ") + c;
            throw error(errc::parse, h.at,
                        "the column map (" + user.origin + ") names column " + quote_name(name) +
                            ", which is not in the file (its columns: " + cols +
                            (tags.empty() ? std::string() : "; its tags: " + tags) + ")");
        }
        const auto canon = canonical_role(rr, r);
        if (!canon)
            throw error(errc::parse, h.at,
                        "the column map (" + user.origin + ") maps " + quote_name(name) + " to " +
                            quote_name(r) + ", which is not a role of " + rr.reader +
                            " files (roles: " + role_list(rr) + ")");
        const std::size_t i = *at;
        if (*canon == "ignore") {
            h.how[i] = io::column_binding::user_ignored;
            continue;
        }
        for (std::size_t j = 0; j < h.role.size(); ++j)
            if (h.role[j] == *canon)
                throw error(errc::parse, h.at,
                            "the column map (" + user.origin + ") maps role " + quote_name(*canon) +
                                " twice (columns " + quote_name(h.header[j]) + " and " +
                                quote_name(h.header[i]) + ")");
        h.role[i] = *canon;
        h.how[i] = io::column_binding::user;
    }
}

/// Whether fit a ranks before fit b: more columns known, then fewer names of its own missing,
/// then fewer columns bound by tags filling in.
inline bool fits_better(const layout_fit& a, const layout_fit& b) {
    return a.known > b.known ||
           (a.known == b.known &&
            (a.absent < b.absent || (a.absent == b.absent && a.filled < b.filled)));
}

/// Among the fits of layouts (fit_layouts; layouts of tags alone are not candidates): the best
/// of those that meet the reader's requirements, and the closest (fewest requirements missing).
inline std::pair<std::optional<std::size_t>, std::optional<std::size_t>>
chosen_fits(const std::vector<layout_fit>& fits, const std::vector<io::layout>& layouts) {
    std::optional<std::size_t> best, closest;
    for (std::size_t k = 0; k < fits.size(); ++k) {
        if (layouts[k].by_tags)
            continue;
        const auto& f = fits[k];
        if (f.missing.empty() && (!best || fits_better(f, fits[*best])))
            best = k;
        if (!closest || f.missing.size() < fits[*closest].missing.size() ||
            (f.missing.size() == fits[*closest].missing.size() && fits_better(f, fits[*closest])))
            closest = k;
    }
    return {best, closest};
}

/// The error of a header no layout reads: what is missing after the user's map and the closest
/// layout, and the unread columns whose names look like a role's.
[[noreturn]] inline void refuse_unreadable(const header_binding& h, const io::reader_roles& rr,
                                           const std::vector<io::layout>& layouts,
                                           const std::vector<layout_fit>& fits,
                                           std::optional<std::size_t> closest,
                                           const std::string& option) {
    const layout_fit none{h.role, h.how, {}, 0, 0, {}, 0, 0, {}};
    const auto& f = closest ? fits[*closest] : none;
    std::vector<std::string> missing = f.missing;
    if (!closest)
        for (const auto& req : rr.required)
            if (!requirement_met(req, h.role))
                missing.push_back(requirement_text(req));
    std::string what;
    for (const auto& m : missing)
        what += (what.empty() ? "" : "; ") + m;
    std::string msg = "not " + rr.article + ": missing column(s) " + what;
    if (closest)
        msg += " (the closest layout is " + quote_name(fit_name(layouts[*closest], f)) + ")";
    for (std::size_t i = 0; i < h.header.size(); ++i) {
        if (f.how[i] != io::column_binding::unused || h.squashed[i].empty())
            continue;
        if (const auto near = near_role(h.squashed[i], layouts, closest.value_or(0))) {
            const auto canon = canonical_role(rr, near->first);
            const std::string r = canon ? *canon : near->first;
            msg += "; " + quote_name(h.header[i]) + " looks like " + r + ": map it with " + option +
                   " '" + h.header[i] + "=" + r + "'";
        }
    }
    throw error(errc::parse, h.at, msg);
}

/// Refuses two columns for one figure of the chosen fit: which holds it cannot be told.
inline void refuse_figures_twice(const header_binding& h, const io::reader_roles& rr,
                                 const layout_fit& f) {
    const std::size_t n = h.header.size();
    for (std::size_t i = 0; i < n; ++i) {
        if (f.how[i] != io::column_binding::duplicate || f.instead[i] >= n)
            continue;
        const auto& r = f.role[f.instead[i]];
        if (r.find('@') != std::string::npos ||
            std::find(rr.figures.begin(), rr.figures.end(), r) != rr.figures.end())
            throw error(errc::parse, h.at,
                        "columns " + quote_name(h.header[f.instead[i]]) + " and " +
                            quote_name(h.header[i]) + " both give " + r +
                            ": which one holds the figure cannot be told (map one to ignore)");
    }
}

/// Step 3: refuses a column left unread whose name is close to a name some layout reads.
inline void refuse_near_misses(const header_binding& h, const io::reader_roles& rr,
                               const std::vector<io::layout>& layouts, std::size_t chosen,
                               const io::resolved_columns& out, const std::string& option) {
    for (std::size_t i = 0; i < h.header.size(); ++i) {
        if (out.how[i] != io::column_binding::unused || h.squashed[i].empty())
            continue;
        const auto near = near_role(h.squashed[i], layouts, chosen);
        if (!near)
            continue;
        const auto canon = canonical_role(rr, near->first);
        const std::string r = canon ? *canon : near->first;
        const auto read = out.find(r);
        throw error(
            errc::parse, h.at,
            "column " + quote_name(h.header[i]) + " is not read, but its name is close to " +
                quote_name(near->second.first) + " (" + r + " in layout " +
                quote_name(layouts[near->second.second].name) +
                (read ? "; " + r + " is read from " + quote_name(h.header[*read]) : std::string()) +
                "): a column left out can only make figures smaller. Map it (" + option + " '" +
                h.header[i] + "=" + r + "') or ignore it (" + option + " '" + h.header[i] +
                "=ignore')");
    }
}

} // namespace tally::detail

namespace tally::io {

/// Binds the columns of a header (the names as written) to the roles of a reader: the user's
/// map first, then the best-fitting layout of layouts (with tags, the cells of the file's HXL
/// hashtag row, one per column: the layouts of tags filling in), then the near-miss check (see
/// the file comment). source and line name the header in messages, user.option the option that
/// gives a map. Returns the binding; unused columns
/// are for the caller to tell as notices. Throws errc::parse (naming source, line, the column
/// and the roles the reader needs) for a mapped column not in the header, a role the reader does
/// not know, a role mapped twice, a column that repeats another's name, a required role no
/// layout gives, and a column close to a role's name that is neither read nor ignored.
inline resolved_columns resolve_columns(const std::vector<std::string>& header,
                                        const reader_roles& rr, const std::vector<layout>& layouts,
                                        const column_map& user, const std::string& source,
                                        std::size_t line,
                                        const std::vector<std::string>& tags = {}) {
    tally::detail::header_binding h(header, source_position{source, line, 0}, tags);
    tally::detail::refuse_repeated_names(h);
    tally::detail::bind_user_map(h, rr, user);

    // Step 2: the layout that knows the most columns among those that meet the requirements.
    auto fits = tally::detail::fit_layouts(h, rr, layouts);
    const auto [best, closest] = tally::detail::chosen_fits(fits, layouts);
    if (!best)
        tally::detail::refuse_unreadable(h, rr, layouts, fits, closest, user.option);
    auto& f = fits[*best];
    tally::detail::refuse_figures_twice(h, rr, f);
    resolved_columns out;
    out.header = header;
    out.layout = tally::detail::fit_name(layouts[*best], f);
    out.role = std::move(f.role);
    out.how = std::move(f.how);
    out.instead = std::move(f.instead);
    tally::detail::refuse_near_misses(h, rr, layouts, *best, out, user.option);
    return out;
}

/// Records in rep how the columns of source (its header on line) were bound, and tells each
/// column not read: "column 'X' is not used" (no layout knows it), or "column 'X' is not read:
/// ROLE is read from 'Y'" (a second column for one role). Columns a layout knows and does not
/// read, and those the user's map ignores, go without a word.
inline void tell_columns(validation_report& rep, const std::string& source, std::size_t line,
                         const resolved_columns& b) {
    rep.layouts.push_back({source, b.layout, b.map_text()});
    for (std::size_t i = 0; i < b.header.size(); ++i) {
        if (b.header[i].empty())
            continue;
        if (b.how[i] == column_binding::unused)
            rep.tell({source, line, 0}, "column '" + b.header[i] + "' is not used");
        else if (b.how[i] == column_binding::duplicate && b.instead[i] < b.header.size())
            rep.tell({source, line, 0}, "column '" + b.header[i] +
                                            "' is not read: " + b.role[b.instead[i]] +
                                            " is read from '" + b.header[b.instead[i]] + "'");
    }
}

/// The layout of layouts that gives a header every role the reader needs (the one
/// resolve_columns would choose with no user's map), or std::nullopt; never throws. For telling
/// what a file is before it is read.
inline std::optional<std::size_t> fitting_layout(const std::vector<std::string>& header,
                                                 const reader_roles& rr,
                                                 const std::vector<layout>& layouts) {
    tally::detail::header_binding h(header, source_position{});
    const auto fits = tally::detail::fit_layouts(h, rr, layouts);
    return tally::detail::chosen_fits(fits, layouts).first;
}

/// How well a header fits a reader, for telling what a file is before it is read: the layout
/// resolve_columns would choose after the user's map (and, with tags, the layouts of tags
/// filling in) and the number of columns then bound or known.
struct header_fit {
    std::size_t layout = 0;
    std::size_t known = 0;
};

/// The fit of a header (names, and tags when it has a hashtag row) to a reader, with the user's
/// map applied first, or std::nullopt when the reader's required roles are not all bound, or the
/// map names a column the header lacks, a role the reader does not have or a role twice. Never
/// throws.
inline std::optional<header_fit> fit_header(const std::vector<std::string>& header,
                                            const reader_roles& rr,
                                            const std::vector<layout>& layouts,
                                            const column_map& user,
                                            const std::vector<std::string>& tags = {}) {
    tally::detail::header_binding h(header, source_position{}, tags);
    try {
        tally::detail::bind_user_map(h, rr, user);
    } catch (const error&) {
        return std::nullopt;
    }
    std::size_t mapped = 0;
    for (auto how : h.how)
        mapped += how == column_binding::unused ? 0 : 1;
    const auto fits = tally::detail::fit_layouts(h, rr, layouts);
    const auto best = tally::detail::chosen_fits(fits, layouts).first;
    if (!best)
        return std::nullopt;
    return header_fit{*best, fits[*best].known + mapped};
}

} // namespace tally::io
