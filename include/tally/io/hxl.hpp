#pragma once
// HXL (Humanitarian Exchange Language) hashtag rows: a row of tags such as "#adm1+code" or
// "#affected +f +children" under (or instead of) the human column names, as HDX files carry.
//
// A tag spec is '#' name, then attributes each introduced by '+'; names and attributes are
// letters, digits and '_' (starting with a letter), compared without regard to case; blanks
// around and between the parts are allowed ("#affected +f +children"). A row is the hashtag row
// when it has at least one non-empty cell and more than half of its non-empty cells are valid
// tag specs (the HXL standard's rule; a title or a header row of plain names fails it).
// find_header_row looks for it (or any other header) within the first rows of a table, so that
// title rows above a header are skipped.
//
// A column matches a pattern ("#adm1+code") when it has the pattern's name and at least all of
// its attributes. Two columns with the same name and the same attributes are refused when the
// header is read (hxl_columns::require_distinct, for every tag, used or not): the HXL standard
// allows it, but a reader could neither add nor choose between them. Several columns with one
// name and different attributes are a breakdown (hxl_columns::figure): `#reached` is the total,
// `#reached+f+children` and `#reached+in_destination` are parts of it.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/io/csv.hpp>
#include <utility>
#include <vector>

namespace tally::io {

/// One parsed tag spec: its name and attributes, lower-cased, without '#' and '+'.
struct hxl_tag {
    std::string name;
    std::vector<std::string> attributes; ///< in the order written

    bool has(std::string_view attribute) const {
        return std::find(attributes.begin(), attributes.end(), attribute) != attributes.end();
    }
    /// Same name and the same set of attributes (order does not matter).
    bool same_as(const hxl_tag& o) const {
        if (name != o.name || attributes.size() != o.attributes.size())
            return false;
        return std::all_of(attributes.begin(), attributes.end(),
                           [&](const std::string& a) { return o.has(a); });
    }
};

namespace detail {
inline bool hxl_word(std::string_view w) {
    if (w.empty() || !std::isalpha(static_cast<unsigned char>(w.front())))
        return false;
    return std::all_of(w.begin(), w.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
    });
}
inline std::string hxl_lower(std::string_view w) {
    std::string s(w);
    for (auto& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}
} // namespace detail

/// The tag spec in cell ("#adm1 +code"), or std::nullopt when the cell is not one.
inline std::optional<hxl_tag> parse_hxl_tag(std::string_view cell) {
    auto blank = [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
    std::size_t i = 0;
    auto skip = [&] {
        while (i < cell.size() && blank(cell[i]))
            ++i;
    };
    auto word = [&] {
        const std::size_t b = i;
        while (i < cell.size() && cell[i] != '+' && !blank(cell[i]))
            ++i;
        return cell.substr(b, i - b);
    };
    skip();
    if (i == cell.size() || cell[i] != '#')
        return std::nullopt;
    ++i;
    hxl_tag t;
    const auto name = word();
    if (!detail::hxl_word(name))
        return std::nullopt;
    t.name = detail::hxl_lower(name);
    for (skip(); i < cell.size(); skip()) {
        if (cell[i] != '+')
            return std::nullopt;
        ++i;
        skip();
        const auto a = word();
        if (!detail::hxl_word(a))
            return std::nullopt;
        t.attributes.push_back(detail::hxl_lower(a));
    }
    return t;
}

/// Whether cells form a hashtag row: at least one non-empty cell, and more than half of the
/// non-empty cells are valid tag specs.
template <class Cells>
bool is_hxl_row(const Cells& cells) {
    std::size_t filled = 0, tags = 0;
    for (const auto& c : cells) {
        const std::string_view v(c);
        if (v.find_first_not_of(" \t") == std::string_view::npos)
            continue;
        ++filled;
        tags += parse_hxl_tag(v).has_value();
    }
    return filled > 0 && 2 * tags > filled;
}

/// The cell of a sex and age breakdown that the attributes beyond a figure's name give, as an
/// index of the age/gender cells of the tables (0 girls, 1 boys, 2 women, 3 men, 4 others under
/// 18, 5 others 18 and above: core/count.hpp cell_names), or std::nullopt when they are not
/// exactly one sex (+f, +m, +o or +other) and one age (+children or +adults).
inline std::optional<std::size_t> hxl_sex_age_cell(const std::vector<std::string>& extra) {
    if (extra.size() != 2)
        return std::nullopt;
    int sex = -1, age = -1;
    for (const auto& a : extra) {
        if (a == "f" || a == "m" || a == "o" || a == "other")
            sex = a == "f" ? 0 : a == "m" ? 1 : 2;
        else if (a == "children" || a == "adults")
            age = a == "children" ? 0 : 1;
    }
    if (sex < 0 || age < 0)
        return std::nullopt;
    return sex == 2 ? std::size_t(4 + age) : std::size_t(2 * age + sex);
}

/// Whether the parts of a breakdown cover everyone once, so that they add up to the total the
/// file lacks: exactly +f and +m; or +f and +m each with +children and +adults (the four
/// cells). Any other breakdown (population groups, a sex without its other, ages alone) may
/// leave people out or count them twice, and is never added up.
inline bool hxl_parts_cover_everyone(
    const std::vector<std::pair<std::size_t, std::vector<std::string>>>& parts) {
    auto has = [&](std::initializer_list<std::string_view> want) {
        return std::any_of(parts.begin(), parts.end(), [&](const auto& p) {
            return p.second.size() == want.size() &&
                   std::all_of(want.begin(), want.end(), [&](std::string_view a) {
                       return std::find(p.second.begin(), p.second.end(), a) != p.second.end();
                   });
        });
    };
    if (parts.size() == 2)
        return has({"f"}) && has({"m"});
    if (parts.size() == 4)
        return has({"f", "children"}) && has({"f", "adults"}) && has({"m", "children"}) &&
               has({"m", "adults"});
    return false;
}

/// How many rows of a table are searched for its header: title rows above it are skipped.
inline constexpr std::size_t header_search_rows = 25;

/// The index (0-based) of the first of the first `limit` rows for which is_header(row) holds,
/// or std::nullopt. Rows is any range of rows (a row: any range of cells); used for the HXL
/// hashtag row and for the header of a worksheet under its title rows.
template <class Rows, class Pred>
std::optional<std::size_t> find_header_row(const Rows& rows, Pred is_header,
                                           std::size_t limit = header_search_rows) {
    std::size_t i = 0;
    for (const auto& row : rows) {
        if (i == limit)
            break;
        if (is_header(row))
            return i;
        ++i;
    }
    return std::nullopt;
}

/// The tags of a hashtag row, one per column (std::nullopt for an untagged column).
class hxl_columns {
  public:
    hxl_columns() = default;
    template <class Cells>
    explicit hxl_columns(const Cells& cells) {
        for (const auto& c : cells)
            tags_.push_back(parse_hxl_tag(std::string_view(c)));
    }

    std::size_t size() const noexcept { return tags_.size(); }
    const std::optional<hxl_tag>& operator[](std::size_t i) const { return tags_.at(i); }

    /// The columns whose tag matches pattern ("#adm1+code": name adm1 with attribute code,
    /// other attributes allowed), and that have none of the attributes in without.
    /// Throws errc::invalid_argument for a pattern that is not a tag spec.
    std::vector<std::size_t> all(std::string_view pattern,
                                 std::initializer_list<std::string_view> without = {}) const {
        return matching(pattern, without);
    }
    /// all() with the attributes to leave out as a list of strings.
    std::vector<std::size_t> all(std::string_view pattern,
                                 const std::vector<std::string>& without) const {
        return matching(pattern, without);
    }

  private:
    template <class Without>
    std::vector<std::size_t> matching(std::string_view pattern, const Without& without) const {
        const auto p = parse_hxl_tag(pattern);
        if (!p)
            throw error(errc::invalid_argument,
                        "not an HXL tag pattern: '" + std::string(pattern) + "'");
        std::vector<std::size_t> out;
        for (std::size_t i = 0; i < tags_.size(); ++i) {
            const auto& t = tags_[i];
            if (!t || t->name != p->name)
                continue;
            if (!std::all_of(p->attributes.begin(), p->attributes.end(),
                             [&](const std::string& a) { return t->has(a); }))
                continue;
            if (std::any_of(without.begin(), without.end(),
                            [&](std::string_view a) { return t->has(a); }))
                continue;
            out.push_back(i);
        }
        return out;
    }

  public:
    /// The first two columns (0-based) that carry the same tag with the same attributes, or
    /// std::nullopt.
    std::optional<std::pair<std::size_t, std::size_t>> repeated() const {
        for (std::size_t i = 0; i < tags_.size(); ++i)
            for (std::size_t j = i + 1; j < tags_.size(); ++j)
                if (tags_[i] && tags_[j] && tags_[i]->same_as(*tags_[j]))
                    return std::pair{i, j};
        return std::nullopt;
    }

    /// Throws errc::parse naming source and line when two columns carry the same tag with the
    /// same attributes (any tag, whether a reader looks it up or not).
    void require_distinct(const std::string& source, std::size_t line) const {
        if (const auto r = repeated())
            throw error(errc::parse, source_position{source, line, 0},
                        "HXL tag '" + spec(r->first) + "' appears twice (columns " +
                            std::to_string(r->first + 1) + " and " + std::to_string(r->second + 1) +
                            ")");
    }

    /// The tag of column i written back as a spec ("#reached+f+children"), "" for none.
    std::string spec(std::size_t i) const {
        const auto& t = tags_.at(i);
        if (!t)
            return {};
        std::string s = "#" + t->name;
        for (const auto& a : t->attributes)
            s += "+" + a;
        return s;
    }

    /// A figure and its breakdown: the column whose attributes are exactly the pattern's (the
    /// total), and every other column matching it, each with the attributes it has beyond the
    /// pattern's (the parts, in column order).
    struct breakdown {
        std::optional<std::size_t> total;
        std::vector<std::pair<std::size_t, std::vector<std::string>>> parts;
    };
    /// The total and the parts of pattern (see all()). Throws errc::invalid_argument for a
    /// pattern that is not a tag spec.
    /// A column whose only attribute beyond the pattern's is +total (`#inneed+total`) is the
    /// total too, when no column has exactly the pattern's attributes.
    breakdown figure(std::string_view pattern,
                     std::initializer_list<std::string_view> without = {}) const {
        const auto p = parse_hxl_tag(pattern);
        breakdown b;
        std::optional<std::size_t> plus_total;
        for (auto i : all(pattern, without)) {
            if (tags_[i]->same_as(*p)) {
                b.total = i;
                continue;
            }
            std::vector<std::string> extra;
            for (const auto& a : tags_[i]->attributes)
                if (!p->has(a))
                    extra.push_back(a);
            if (extra.size() == 1 && extra[0] == "total" && !plus_total) {
                plus_total = i;
                continue;
            }
            b.parts.emplace_back(i, std::move(extra));
        }
        if (plus_total) {
            if (b.total) // both #x and #x+total: the second is a part no reader can place
                b.parts.emplace(b.parts.begin(), *plus_total, std::vector<std::string>{"total"});
            else
                b.total = plus_total;
        }
        return b;
    }

    /// The one column matching pattern (see all()), or std::nullopt. When several match, the
    /// one whose attributes are exactly the pattern's is taken; throws errc::parse naming
    /// source and line when two columns carry the same tag with the same attributes, or when
    /// several match and none exactly.
    std::optional<std::size_t> find(std::string_view pattern, const std::string& source,
                                    std::size_t line,
                                    std::initializer_list<std::string_view> without = {}) const {
        return find_of(pattern, source, line, without);
    }
    /// find() with the attributes to leave out as a list of strings.
    std::optional<std::size_t> find(std::string_view pattern, const std::string& source,
                                    std::size_t line,
                                    const std::vector<std::string>& without) const {
        return find_of(pattern, source, line, without);
    }

  private:
    template <class Without>
    std::optional<std::size_t> find_of(std::string_view pattern, const std::string& source,
                                       std::size_t line, const Without& without) const {
        const auto hits = all(pattern, without);
        if (hits.empty())
            return std::nullopt;
        if (hits.size() == 1)
            return hits.front();
        const auto p = *parse_hxl_tag(pattern);
        std::optional<std::size_t> exact;
        for (auto i : hits)
            if (tags_[i]->same_as(p)) {
                if (exact)
                    throw error(errc::parse, source_position{source, line, 0},
                                "HXL tag '" + std::string(pattern) + "' appears twice (columns " +
                                    std::to_string(*exact + 1) + " and " + std::to_string(i + 1) +
                                    ")");
                exact = i;
            }
        if (!exact)
            throw error(errc::parse, source_position{source, line, 0},
                        "HXL tag '" + std::string(pattern) + "' matches " +
                            std::to_string(hits.size()) + " columns and none exactly");
        return exact;
    }

  private:
    std::vector<std::optional<hxl_tag>> tags_;
};

/// The header of a table read by name and, for what no name gives, by an HXL hashtag row: the
/// first record (names, or the hashtag row itself) and, when the first is names, the record
/// under it when that is a hashtag row. Built from the reader just after its first record
/// (in rec); reads at most one more. When that second record is a data row, pending is true and
/// rec holds it, for the caller to read first.
struct tagged_header {
    header_index names;              ///< empty when the first record is the hashtag row
    std::optional<hxl_columns> tags; ///< the hashtag row, when there is one
    std::size_t line = 0, width = 0; ///< line and width of the first record
    std::size_t tags_line = 0;
    bool pending = false;
    /// The cells of the first record (names, or the hashtag row), blanks around them trimmed,
    /// and those of the hashtag row (empty when there is none), as written: for
    /// io::resolve_columns.
    std::vector<std::string> cells, tag_cells;

    /// Throws errc::parse naming the line when two columns have the same name, or two the same
    /// tag with the same attributes (io::hxl_columns::require_distinct).
    tagged_header(csv_reader& r, csv_record& rec, const std::string& source)
        : line(rec.line), width(rec.size()), source_(source) {
        auto copy = [](const csv_record& x) {
            std::vector<std::string> out;
            for (auto f : x.fields) {
                while (!f.empty() && (f.front() == ' ' || f.front() == '\t'))
                    f.remove_prefix(1);
                while (!f.empty() && (f.back() == ' ' || f.back() == '\t' || f.back() == '\r'))
                    f.remove_suffix(1);
                out.emplace_back(f);
            }
            return out;
        };
        cells = copy(rec);
        if (is_hxl_row(rec.fields)) {
            tags.emplace(rec.fields);
            tags_line = rec.line;
            tag_cells = cells;
        } else {
            names = header_index(rec);
            names.require_distinct(source, rec.line);
            if (r.next(rec)) {
                if (is_hxl_row(rec.fields)) {
                    tags.emplace(rec.fields);
                    tags_line = rec.line;
                    tag_cells = copy(rec);
                    tag_cells.resize(cells.size());
                } else
                    pending = true;
            }
        }
        if (tags)
            tags->require_distinct(source, tags_line);
    }

    /// The column of the first of names in the names row, else of the first of patterns that a
    /// column of the hashtag row matches (io::hxl_columns::find, which throws errc::parse for an
    /// ambiguous match), or std::nullopt.
    std::optional<std::size_t> find(std::initializer_list<std::string_view> by_name,
                                    std::initializer_list<std::string_view> patterns = {},
                                    std::initializer_list<std::string_view> without = {}) const {
        if (auto i = names.find(by_name))
            return i;
        if (tags)
            for (auto p : patterns)
                if (auto i = tags->find(p, source_, tags_line, without))
                    return i;
        return std::nullopt;
    }

  private:
    std::string source_;
};

} // namespace tally::io
