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
// its attributes; hxl_columns::find refuses two columns with the same name and the same
// attributes (the HXL standard allows it, but a reader could neither add nor choose between them).

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
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

    /// The one column matching pattern (see all()), or std::nullopt. When several match, the
    /// one whose attributes are exactly the pattern's is taken; throws errc::parse naming
    /// source and line when two columns carry the same tag with the same attributes, or when
    /// several match and none exactly.
    std::optional<std::size_t> find(std::string_view pattern, const std::string& source,
                                    std::size_t line,
                                    std::initializer_list<std::string_view> without = {}) const {
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

} // namespace tally::io
