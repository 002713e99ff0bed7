#pragma once
// Tables of plain columns for bindings (R, Python): a column is text, 64-bit integers or doubles,
// with a validity flag per value (false: NA / None). Every entry point of the facade returns
// its figures, its footnotes and its rejected rows as such tables, so a binding converts
// columns, never figures (docs/python.md, docs/r.md).
//
// Cost: values are copied once out of the library's results; nothing here is on a hot path.

#include <tally/version.hpp>

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <vector>

namespace tally::facade {

enum class column_type { text, integer, real };

/// One named column; only the vector of its type is used. valid is empty when every value is
/// valid, else it has one flag per value.
struct column {
    std::string name;
    column_type type = column_type::text;
    std::vector<std::string> text;
    std::vector<std::int64_t> integer;
    std::vector<double> real;
    std::vector<std::uint8_t> valid;

    std::size_t size() const noexcept {
        return type == column_type::text      ? text.size()
               : type == column_type::integer ? integer.size()
                                              : real.size();
    }
    bool is_valid(std::size_t i) const noexcept { return valid.empty() || valid[i] != 0; }
    /// Marks the value just appended as valid or not (NA).
    void mark(bool ok) {
        if (ok && valid.empty())
            return;
        if (valid.empty())
            valid.assign(size() - 1, 1);
        valid.push_back(ok ? 1 : 0);
    }
};

/// Columns of one length, in order.
struct table {
    std::vector<column> columns;

    std::size_t rows() const noexcept { return columns.empty() ? 0 : columns.front().size(); }
    /// Appends an empty column; the reference is good until the next add.
    column& add(std::string name, column_type type) {
        columns.push_back({std::move(name), type, {}, {}, {}, {}});
        return columns.back();
    }
    /// The column named name, or nullptr.
    const column* find(std::string_view name) const noexcept {
        for (const auto& c : columns)
            if (c.name == name)
                return &c;
        return nullptr;
    }
    /// The column named name; errc::not_found when there is none.
    const column& at(std::string_view name) const {
        if (const auto* c = find(name))
            return *c;
        throw error(errc::not_found, "no column '" + std::string(name) + "'");
    }
};

namespace detail {

inline void csv_cell(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out += s;
        return;
    }
    out += '"';
    for (char c : s) {
        if (c == '"')
            out += '"';
        out += c;
    }
    out += '"';
}

} // namespace detail

/// The table as CSV text with a header line of its column names: integers in decimal, doubles
/// in their shortest form, NA as an empty cell. This is how an in-memory table reaches the
/// readers, so it is read by the same rules as a file.
inline std::string to_csv(const table& t) {
    std::string out;
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
        if (c)
            out += ',';
        detail::csv_cell(out, t.columns[c].name);
    }
    out += '\n';
    const std::size_t n = t.rows();
    for (const auto& c : t.columns)
        if (c.size() != n || (!c.valid.empty() && c.valid.size() != n))
            throw error(errc::invalid_argument,
                        "column '" + c.name + "' has " + std::to_string(c.size()) +
                            " values where the first column has " + std::to_string(n));
    char buf[400]; // a double in fixed notation: at most 309 digits before the point
    for (std::size_t i = 0; i < n; ++i) {
        for (std::size_t c = 0; c < t.columns.size(); ++c) {
            const auto& col = t.columns[c];
            if (c)
                out += ',';
            if (!col.is_valid(i))
                continue;
            switch (col.type) {
            case column_type::text:
                detail::csv_cell(out, col.text[i]);
                break;
            case column_type::integer: {
                const auto r = std::to_chars(buf, buf + sizeof buf, col.integer[i]);
                out.append(buf, r.ptr);
                break;
            }
            case column_type::real: {
                // fixed, not scientific: 1e+06 is no count the readers take
                const auto r =
                    std::to_chars(buf, buf + sizeof buf, col.real[i], std::chars_format::fixed);
                out.append(buf, r.ptr);
                break;
            }
            }
        }
        out += '\n';
    }
    return out;
}

} // namespace tally::facade
