#pragma once
// The definitions of the plan reader declared in io/plan_reader.hpp (the rules are told there):
// the header resolution, the row reader and the read. Included by io/plan_reader.hpp in the
// default header-only mode, where every program that reads plans compiles them; with
// TALLY_COMPILED they are compiled once, into the library tally::compiled (src/plan_reader.cpp).

#include <tally/io/plan_reader.hpp>

#include <algorithm>
#include <array>
#include <string>
#include <string_view>
#include <tally/core/geography.hpp>
#include <tally/core/sector.hpp>
#include <tally/io/column_map.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/detail/row_reading.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/file.hpp>
#include <tally/io/hno.hpp>
#include <tally/io/layouts.hpp>
#include <tally/io/validation.hpp>
#include <tally/table/plan_table.hpp>
#include <unordered_map>
#include <vector>

namespace tally::detail {

/// Whether admin1 is R4V's label of a country total ("Country level"): the row is then the
/// country's figure, not an admin1 area's (table/plan_table.hpp).
inline bool is_country_total_label(std::string_view admin1) {
    const auto n = normalize_name(admin1);
    return n == "country_level" || n == "countrylevel" || n == "national" ||
           n == "national_level" || n == "nivel_nacional" || n == "nivel_pais" ||
           n == "nivel_país" || n == "nacional";
}

/// Where each field of a plan file is, resolved once from the header.
struct plan_columns {
    std::size_t country = absent_column, admin1 = absent_column, sector = absent_column,
                group = absent_column;
    /// The long form (a population_group column): the PiN and target columns and their cells.
    std::size_t pin = absent_column, target = absent_column;
    std::array<std::size_t, cell_count> pin_cells{}, target_cells{};
    /// The wide form (a block of columns per population group, as in R4V's planning workbook):
    /// per group, its PiN and target and their cells; the columns above (pin, target and their
    /// cells) are then the totals over the groups, checked against their sum.
    struct block {
        code_id group = no_code;
        std::size_t pin = absent_column, target = absent_column;
        std::array<std::size_t, cell_count> pin_cells{}, target_cells{};
    };
    std::vector<block> blocks;
    bool has_pin = false, has_target = false; ///< whether the file gives each figure
};

/// Finds the columns of a plan file by the names of its header (io/io::column_map.hpp, layouts in
/// io/layouts.hpp), telling the columns not read in rep and recording the layout. Throws
/// errc::parse, naming the header line, as io::resolve_columns does, when the long form lacks
/// population_group, and when the header mixes the long form and group blocks.
inline plan_columns resolve_plan_header(const io::csv_record& rec, const population_groups& groups,
                                        const std::string& source, const io::column_map& user,
                                        io::validation_report& rep) {
    std::vector<std::string> names;
    for (auto f : rec.fields)
        names.emplace_back(trim(f));
    const auto roles = io::plan_roles(groups);
    const auto b = io::resolve_columns(names, roles, io::plan_layouts(), user, source, rec.line);
    io::tell_columns(rep, source, rec.line, b);
    auto col = [&](const std::string& role) { return b.find(role).value_or(absent_column); };
    plan_columns c;
    c.country = col("country");
    c.admin1 = col("admin1");
    c.sector = col("sector");
    c.group = col("population_group");
    c.pin = col("pin");
    c.target = col("target");
    for (std::size_t k = 0; k < static_cast<std::size_t>(cell_count); ++k) {
        c.pin_cells[k] = col("pin_" + std::string(cell_names[k]));
        c.target_cells[k] = col("target_" + std::string(cell_names[k]));
    }
    for (std::size_t i = 0; i < b.role.size(); ++i) {
        const auto& r = b.role[i];
        const auto at = r.find('@');
        if (at == std::string::npos)
            continue;
        const code_id g = groups.id_of(r.substr(at + 1));
        auto it = std::find_if(c.blocks.begin(), c.blocks.end(),
                               [&](const auto& bl) { return bl.group == g; });
        if (it == c.blocks.end()) {
            plan_columns::block bl;
            bl.group = g;
            bl.pin_cells.fill(absent_column);
            bl.target_cells.fill(absent_column);
            c.blocks.push_back(bl);
            it = c.blocks.end() - 1;
        }
        const auto figure = r.substr(0, at);
        if (figure == "pin")
            it->pin = i;
        else if (figure == "target")
            it->target = i;
        for (std::size_t k = 0; k < static_cast<std::size_t>(cell_count); ++k) {
            if (figure == "pin_" + std::string(cell_names[k]))
                it->pin_cells[k] = i;
            if (figure == "target_" + std::string(cell_names[k]))
                it->target_cells[k] = i;
        }
    }
    const source_position at{source, rec.line, 0};
    if (c.blocks.empty() && c.group == absent_column)
        throw error(errc::parse, at,
                    "not a plan file: missing column(s) population_group (or a block of "
                    "columns per population group, such as 'pin@in_destination')");
    if (!c.blocks.empty() && c.group != absent_column)
        throw error(errc::parse, at,
                    "the header has both a population_group column and columns per population "
                    "group such as '" +
                        names[c.blocks.front().pin != absent_column ? c.blocks.front().pin
                                                                    : c.blocks.front().target] +
                        "'");
    auto any = [](std::size_t column, const std::array<std::size_t, cell_count>& cells) {
        return column != absent_column ||
               std::any_of(cells.begin(), cells.end(), [](auto x) { return x != absent_column; });
    };
    c.has_pin = any(c.pin, c.pin_cells);
    c.has_target = any(c.target, c.target_cells);
    for (const auto& bl : c.blocks) {
        c.has_pin |= any(bl.pin, bl.pin_cells);
        c.has_target |= any(bl.target, bl.target_cells);
    }
    return c;
}

/// The plan cells of a table by key (country, admin1, sector or Intersector, group), to refuse
/// a repeated key, or to join the figure that a line read from a sheet of PiN only (or targets
/// only) lacks: a plan has one figure per cell, and two could neither be added nor chosen
/// between.
class plan_keys {
  public:
    /// Seeded with the lines already in t (an earlier file).
    explicit plan_keys(const plan_table& t) {
        for (std::size_t i = 0; i < t.size(); ++i)
            seen_.emplace(key_of(t[i]), i);
    }

    /// For each of lines, in at: the line of t it joins, or npos for a new line. Returns the
    /// reason to reject the row when a line repeats a key it cannot join ("" otherwise).
    std::string match(const std::vector<plan_line>& lines, const plan_table& t,
                      std::vector<std::size_t>& at) const {
        at.clear();
        for (const auto& l : lines) {
            const auto it = seen_.find(key_of(l));
            if (it == seen_.end()) {
                at.push_back(npos);
                continue;
            }
            const auto& e = t[it->second];
            const bool joins = (l.has_pin && !e.has_pin && !l.has_target) ||
                               (l.has_target && !e.has_target && !l.has_pin);
            if (!joins)
                return "repeats the country, admin1, sector and population group of " +
                       where(t, it->second);
            if (e.country_total != l.country_total)
                return "joins " + where(t, it->second) +
                       ", which is not a country total where this row is, or the other way round";
            at.push_back(it->second);
        }
        return {};
    }

    /// Joins or appends each of lines as match said; returns the index of each in t.
    std::vector<std::size_t> commit(const std::vector<plan_line>& lines,
                                    const std::vector<std::size_t>& at, plan_table& t) {
        std::vector<std::size_t> placed;
        for (std::size_t k = 0; k < lines.size(); ++k) {
            if (at[k] != npos) {
                t.join(at[k], lines[k]);
                placed.push_back(at[k]);
            } else {
                seen_.emplace(key_of(lines[k]), t.size());
                placed.push_back(t.size());
                t.append(lines[k]);
            }
        }
        return placed;
    }

    static constexpr std::size_t npos = static_cast<std::size_t>(-1);

  private:
    static std::string key_of(const plan_line& l) {
        return std::to_string(l.country) + ':' + std::to_string(l.admin1) + ':' +
               (l.intersector ? std::string("*") : std::to_string(l.sector)) + ':' +
               std::to_string(l.group);
    }
    /// A line by file and line: the same file read twice would otherwise give "line 2 repeats
    /// line 2".
    static std::string where(const plan_table& t, std::size_t i) {
        const auto& first = t[i];
        return (first.file != no_code ? t.files[first.file] : std::string("<plan>")) + ":" +
               std::to_string(first.source_line);
    }

    std::unordered_map<std::string, std::size_t> seen_;
};

/// Reads the figures of one record of a plan file (keys are the caller's): the reasons to
/// reject it are collected in why, as the other readers do.
class plan_row_reader {
  public:
    plan_row_reader(const io::csv_record& rec, const plan_columns& c,
                    const std::vector<std::string>& column_name)
        : rec_(rec), c_(c), names_(column_name) {}

    std::string why;

    /// The lines of the long form (one line, its group from population_group).
    void long_form(const population_groups& groups, std::vector<plan_line>& out) {
        plan_line l;
        const auto g = cell(c_.group);
        if (g.empty())
            add_reason(why, "missing population_group");
        else if (auto id = groups.find(g))
            l.group = *id;
        else
            add_reason(why, "unknown population group '" + std::string(g) + "'");
        const auto p = figure(c_.pin, c_.pin_cells, l.pin, l.pin_cells);
        const auto t = figure(c_.target, c_.target_cells, l.target, l.target_cells);
        if (numbers_ok_)
            check_cells(p, t, l, c_.pin, c_.target, "");
        finish(l);
        out.push_back(l);
    }

    /// The lines of the wide form (a line per group block), with the totals over the groups
    /// checked against their sum.
    void wide_form(const population_groups& groups, std::vector<plan_line>& out) {
        plan_line sum;
        bool overflow = false;
        for (const auto& bl : c_.blocks) {
            plan_line l;
            l.group = bl.group;
            const auto p = figure(bl.pin, bl.pin_cells, l.pin, l.pin_cells);
            const auto t = figure(bl.target, bl.target_cells, l.target, l.target_cells);
            if (numbers_ok_)
                check_cells(p, t, l, bl.pin, bl.target, " of " + groups.info(bl.group).code);
            finish(l);
            overflow |= __builtin_add_overflow(sum.pin, l.pin, &sum.pin);
            overflow |= __builtin_add_overflow(sum.target, l.target, &sum.target);
            for (int k = 0; k < cell_count; ++k) {
                overflow |=
                    __builtin_add_overflow(sum.pin_cells[k], l.pin_cells[k], &sum.pin_cells[k]);
                overflow |= __builtin_add_overflow(sum.target_cells[k], l.target_cells[k],
                                                   &sum.target_cells[k]);
            }
            out.push_back(l);
        }
        plan_line totals;
        const auto p = figure(c_.pin, c_.pin_cells, totals.pin, totals.pin_cells);
        const auto t = figure(c_.target, c_.target_cells, totals.target, totals.target_cells);
        if (numbers_ok_)
            check_cells(p, t, totals, c_.pin, c_.target, " of the total");
        if (overflow)
            add_reason(why, "the population groups do not fit in 64 bits");
        else if (numbers_ok_)
            check_totals(totals, sum);
    }

    /// A row whose every figure cell is empty has no figure to give.
    bool empty() const noexcept { return numbers_ok_ && !any_figure_; }

  private:
    /// One figure and its cells, as read.
    struct read_figure {
        bool any = false, overflow = false;
        std::int64_t sum = 0;
    };

    std::string_view cell(std::size_t i) const {
        return i == absent_column ? std::string_view{} : trim(rec_[i]);
    }

    bool number(std::size_t col, std::int64_t& v) {
        v = 0;
        if (col == absent_column)
            return false;
        const auto st = parse_count(rec_[col], v);
        if (st == number_status::ok) {
            any_figure_ = true;
            return true;
        }
        v = 0;
        if (st != number_status::empty) {
            numbers_ok_ = false;
            add_reason(why, number_problem(st, names_[col], rec_[col]));
        }
        return false;
    }

    read_figure figure(std::size_t col, const std::array<std::size_t, cell_count>& cols,
                       std::int64_t& total, cells& cs) {
        read_figure f;
        number(col, total);
        std::int64_t v = 0;
        for (std::size_t k = 0; k < static_cast<std::size_t>(cell_count); ++k)
            if (number(cols[k], v)) {
                cs[static_cast<int>(k)] = v;
                f.any = true;
                f.overflow |= __builtin_add_overflow(f.sum, v, &f.sum);
            }
        return f;
    }

    /// The PiN and the target of a line checked against their cells when any of the twelve is
    /// given (give both sets or neither); a figure with no column of its own is its cells' sum.
    void check_cells(read_figure p, read_figure t, plan_line& l, std::size_t pin_col,
                     std::size_t target_col, const std::string& of) {
        if (!p.any && !t.any)
            return;
        l.has_cells = true;
        if (p.overflow || t.overflow) {
            add_reason(why, "the age/gender cells" + of + " do not fit in 64 bits");
            return;
        }
        if (pin_col == absent_column && p.any)
            l.pin = p.sum;
        if (target_col == absent_column && t.any)
            l.target = t.sum;
        if (c_.has_pin && p.sum != l.pin)
            add_reason(why, "PiN age/gender cells" + of + " add up to " + std::to_string(p.sum) +
                                ", not pin " + std::to_string(l.pin));
        if (c_.has_target && t.sum != l.target)
            add_reason(why, "target age/gender cells" + of + " add up to " + std::to_string(t.sum) +
                                ", not target " + std::to_string(l.target));
    }

    /// The totals over the groups (the total block) against the sum of the group blocks.
    void check_totals(const plan_line& totals, const plan_line& sum) {
        auto check = [&](std::size_t col, std::int64_t total, std::int64_t of_groups) {
            if (col != absent_column && total != of_groups)
                add_reason(why, names_[col] + " " + std::to_string(total) +
                                    " is not the sum of its population groups, " +
                                    std::to_string(of_groups));
        };
        check(c_.pin, totals.pin, sum.pin);
        check(c_.target, totals.target, sum.target);
        for (std::size_t k = 0; k < static_cast<std::size_t>(cell_count); ++k) {
            const int ki = static_cast<int>(k);
            check(c_.pin_cells[k], totals.pin_cells[ki], sum.pin_cells[ki]);
            check(c_.target_cells[k], totals.target_cells[ki], sum.target_cells[ki]);
        }
    }

    void finish(plan_line& l) const {
        l.has_pin = c_.has_pin;
        l.has_target = c_.has_target;
    }

    const io::csv_record& rec_;
    const plan_columns& c_;
    const std::vector<std::string>& names_;
    bool numbers_ok_ = true, any_figure_ = false;
};

/// The plan lines of one record (keys left to the caller), or the reasons to reject it: a
/// missing country or sector, an unknown population group, a number cell that is not a whole
/// non-negative number, cells that do not add up to their figure, group blocks that do not add
/// up to the totals, and a row of group blocks whose every figure cell is empty.
inline std::string plan_row_lines(const io::csv_record& rec, const plan_columns& c,
                                  const std::vector<std::string>& column_name,
                                  const plan_table& into, std::vector<plan_line>& out) {
    out.clear();
    plan_row_reader row(rec, c, column_name);
    if (c.country >= rec.size() || trim(rec[c.country]).empty())
        add_reason(row.why, "missing country");
    if (c.sector >= rec.size() || trim(rec[c.sector]).empty())
        add_reason(row.why, "missing sector");
    if (c.blocks.empty())
        row.long_form(into.groups(), out);
    else
        row.wide_form(into.groups(), out);
    // A block row with no figure at all stands for nothing (R4V's sheets have such a row
    // before the one with the figures); a long-form row's empty cells count as 0.
    if (row.why.empty() && row.empty() && !c.blocks.empty())
        add_reason(row.why, "no figures: every PiN and target cell is empty");
    if (!row.why.empty())
        out.clear();
    return std::move(row.why);
}

} // namespace tally::detail

namespace tally::io {

TALLY_INLINE validation_report read_plan_text(std::string text, std::string source,
                                              plan_table& into, const plan_read_options& options) {
    using namespace tally::detail;
    validation_report rep;
    const decoded_input decoded = decode_in_place(text, source);
    if (is_hno_table(text, source, options.columns)) {
        auto hno = read_hno_text(std::move(text), std::move(source), into,
                                 {options.geo, options.country, options.level,
                                  options.breakdowns_as_groups, options.columns});
        hno.notices.insert(hno.notices.begin(), decoded.notices.begin(), decoded.notices.end());
        return hno;
    }
    tell_decoding(rep, decoded);
    csv_reader rd(std::move(text), source);
    csv_record rec;
    if (!rd.next(rec))
        throw error(errc::parse, source_position{source, 1, 0}, "empty file: no header");
    const tally::detail::plan_columns c =
        tally::detail::resolve_plan_header(rec, into.groups(), source, options.columns, rep);
    const std::size_t width = rec.size();
    std::vector<std::string> column_name;
    for (auto f : rec.fields)
        column_name.emplace_back(trim(f));

    const code_id file = into.files.intern(source);
    geography_check geo(options.geo);
    tally::detail::plan_keys keys(into);
    std::vector<plan_line> lines;
    std::vector<std::size_t> at;
    while (next_record(rd, rec, rep, width)) {
        const std::size_t line = rec.line;
        if (!check_row_width(rec, width, rep, source))
            continue;
        std::string why = tally::detail::plan_row_lines(rec, c, column_name, into, lines);
        if (!why.empty()) {
            rep.reject({source, line, 0}, std::move(why));
            continue;
        }
        // Encode, then refuse a repeated key (or join a missing figure) before anything is
        // appended: a row is used whole or not at all.
        const auto a1 = c.admin1 == absent_column ? std::string_view{} : trim(rec[c.admin1]);
        const auto sector = trim(rec[c.sector]);
        const bool total = tally::detail::is_country_total_label(a1);
        const bool intersector = is_intersector_label(sector);
        for (auto& l : lines) {
            l.country = into.countries.intern(trim(rec[c.country]));
            l.admin1 = a1.empty() || total ? no_code : into.admin1s.intern(a1);
            l.country_total = total;
            l.intersector = intersector;
            l.sector = intersector ? no_code : into.sectors.intern(sector);
            l.file = file;
            l.source_line = static_cast<std::uint32_t>(line);
        }
        why = keys.match(lines, into, at);
        if (!why.empty()) {
            rep.reject({source, line, 0}, std::move(why));
            continue;
        }
        for (const auto i : keys.commit(lines, at, into)) {
            const auto& l = into[i];
            if (l.has_pin && l.has_target && l.target > l.pin)
                rep.tell({source, line, 0},
                         "target " + std::to_string(l.target) + " is above PiN " +
                             std::to_string(l.pin) +
                             (lines.size() > 1 ? " (" + into.groups().info(l.group).code + ")"
                                               : std::string()));
        }
        rep.use();
        geo.row(into.countries, lines.front().country, into.admin1s, lines.front().admin1, line);
    }
    geo.finish(rep, source, into.countries, into.admin1s);
    std::stable_sort(rep.notices.begin(), rep.notices.end(),
                     [](const notice& a, const notice& b) { return a.where.line < b.where.line; });
    return rep;
}

TALLY_INLINE validation_report read_plan(const std::string& path, plan_table& into,
                                         const plan_read_options& options) {
    return read_plan_text(read_file(path), path, into, options);
}

} // namespace tally::io
