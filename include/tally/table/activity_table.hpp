#pragma once
// The activity table: 5W activity reports, columnar and dictionary-encoded.
//
// One *line* per accepted input row (activity x admin area x month x indicator x organisation),
// with its key columns, its two measures (total monthly beneficiaries, new beneficiaries), the
// optional age/gender cells of the new beneficiaries (stored only for the lines that have them:
// most files have none, and six 64-bit cells on every line would be most of the table), and its
// population-group breakdown of the new beneficiaries stored sparsely: line i owns entries
// [group_offset(i), group_offset(i+1)) of (group, value). A wide input row (one column per group)
// gives up to one entry per group; a long input row (`population_group`, `reached`) gives one
// entry, whose value is the line's new beneficiaries: while every line is such a line, the
// offsets and the values are not stored (the group of line i is entry i, its value new(i)).
// Likewise the implementing organisation is not stored while it is the appealing one on every
// line, nor the source lines while they follow each other (a file without blank or rejected
// lines), nor the has-cells flags while no line has cells.
//
// String columns are encoded through the table's dictionaries; ids are dense, so aggregations can
// index arrays by them. Two tables merge (append) by remapping the other table's ids.

#include <algorithm>
#include <cstdint>
#include <functional>
#include <iterator>
#include <span>
#include <string_view>
#include <tally/core/count.hpp>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/period.hpp>
#include <tally/core/population_group.hpp>
#include <tally/core/sector.hpp>
#include <tally/detail/big_pages.hpp>
#include <tally/detail/parallel.hpp>
#include <vector>

namespace tally {

/// Whether a line is cash and voucher assistance.
enum class cva_flag : std::int8_t { unknown = -1, no = 0, yes = 1 };

/// One line to append, with its string columns already encoded into the table's dictionaries.
struct activity_line {
    code_id country = no_code;
    code_id admin1 = no_code; ///< no_code: reported at country level
    code_id admin2 = no_code;
    month when;
    code_id appealing_org = no_code;
    code_id implementing_org = no_code;
    code_id sector = no_code;
    code_id indicator = no_code;
    indicator_type type = indicator_type::direct_assistance;
    code_id activity = no_code;
    cva_flag cva = cva_flag::unknown;
    std::int64_t total_monthly = -1; ///< -1: not reported
    std::int64_t new_beneficiaries = 0;
    bool has_cells = false;
    cells age_gender = cells::Zero();
    code_id file = no_code;
    std::uint32_t source_line = 0;
};

/// A column that stores nothing while every value in it is the same: most files leave admin2,
/// the activity, total monthly and the CVA flag empty on every line and come from one file, so
/// these columns cost a few bytes instead of one value per line. The first value that differs
/// writes the column out in full. Reads as an array: operator[] and size().
/// A counting column (Counting = true, an integer T) stores nothing while value i is the first
/// value plus i: the source lines of a file whose every line became a line of the table.
template <class T, bool Counting = false>
class uniform_column {
  public:
    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }
    /// True while nothing is stored per line (every value the same, or counting up by one).
    bool uniform() const noexcept { return values_.empty(); }
    T operator[](std::size_t i) const { return values_.empty() ? implicit(i) : values_[i]; }

    void push_back(T v) {
        if (values_.empty()) {
            if (size_ == 0)
                first_ = v;
            if (v == implicit(size_)) {
                ++size_;
                return;
            }
            write_out(size_ + 1);
        }
        values_.push_back(v);
        ++size_;
    }
    /// Room for n values in all, used once the column is written out.
    void reserve(std::size_t n) {
        reserved_ = std::max(reserved_, n);
        if (!values_.empty())
            values_.reserve(n);
    }
    /// Appends o's values (o is emptied).
    void append(uniform_column&& o) {
        if (o.size_ == 0)
            return;
        if (values_.empty() && o.values_.empty() && (size_ == 0 || o.first_ == implicit(size_))) {
            if (size_ == 0)
                first_ = o.first_;
            size_ += o.size_;
        } else {
            if (values_.empty())
                write_out(size_ + o.size_);
            values_.reserve(size_ + o.size_);
            for (std::size_t i = 0; i < o.size_; ++i)
                values_.push_back(o[i]);
            size_ += o.size_;
        }
        o = uniform_column();
    }
    /// Replaces every value v by f(v). On a counting column, f must keep differences (v + k).
    template <class F>
    void transform(F&& f) {
        if (values_.empty())
            first_ = f(first_);
        else
            for (auto& v : values_)
                v = f(v);
    }

  private:
    T implicit(std::size_t i) const noexcept {
        if constexpr (Counting)
            return static_cast<T>(first_ + static_cast<T>(i));
        else
            return first_;
    }
    void write_out(std::size_t need) {
        values_.reserve(std::max(reserved_, need));
        values_.resize(size_);
        for (std::size_t i = 0; i < size_; ++i)
            values_[i] = implicit(i);
    }

    detail::big_vector<T> values_; ///< empty while every value i is implicit(i)
    T first_{};
    std::size_t size_ = 0;
    std::size_t reserved_ = 0;
};

/// One entry of a line's population-group breakdown.
struct group_value {
    code_id group;
    std::int64_t value;
};

class activity_table {
  public:
    explicit activity_table(population_groups groups = population_groups::r4v())
        : groups_(std::move(groups)) {}

    // Dictionaries: the values as written in the input.
    dictionary countries, admin1s, admin2s, orgs, sectors, indicators, activities, files;

    const population_groups& groups() const noexcept { return groups_; }

    /// Appends a line and its group breakdown. Values must be non-negative (the readers validate
    /// before appending); throws errc::invalid_argument otherwise.
    // Flattened: a reader calls it once per row, and the columns' push_back calls, left out of
    // line, cost as much as the row's parse.
    [[gnu::flatten]] void append(const activity_line& l, std::span<const group_value> breakdown) {
        if (l.new_beneficiaries < 0 || l.total_monthly < -1)
            throw error(errc::invalid_argument, "negative beneficiaries in an activity line");
        for (const auto& g : breakdown)
            if (g.value < 0 || g.group >= groups_.size())
                throw error(errc::invalid_argument,
                            "bad population-group entry in an activity line");
        if (one_entry_per_line_ &&
            !(breakdown.size() == 1 && breakdown[0].value == l.new_beneficiaries))
            write_out_entries();
        if (one_entry_per_line_) {
            group_.push_back(breakdown[0].group);
        } else {
            for (const auto& g : breakdown) {
                group_.push_back(g.group);
                group_value_.push_back(g.value);
            }
            group_offset_.push_back(static_cast<std::uint32_t>(group_.size()));
        }
        country_.push_back(l.country);
        admin1_.push_back(l.admin1);
        admin2_.push_back(l.admin2);
        month_.push_back(l.when.index());
        if (same_orgs_ && l.implementing_org != l.appealing_org)
            write_out_implementing();
        appealing_.push_back(l.appealing_org);
        if (!same_orgs_)
            implementing_.push_back(l.implementing_org);
        sector_.push_back(l.sector);
        indicator_.push_back(l.indicator);
        type_.push_back(l.type);
        activity_.push_back(l.activity);
        cva_.push_back(l.cva);
        total_monthly_.push_back(l.total_monthly);
        new_.push_back(l.new_beneficiaries);
        if (l.has_cells) {
            cell_line_.push_back(static_cast<std::uint32_t>(has_cells_.size()));
            cells_.push_back(l.age_gender);
        }
        has_cells_.push_back(l.has_cells ? 1 : 0);
        file_.push_back(l.file);
        source_line_.push_back(l.source_line);
    }

    std::size_t size() const noexcept { return country_.size(); }
    bool empty() const noexcept { return country_.empty(); }

    /// Makes room for `lines` more lines with `entries` more group entries in all, so a reader
    /// that knows roughly how many rows it will append does not copy the columns as they grow.
    /// A hint only: appending more is fine.
    void reserve(std::size_t lines, std::size_t entries) {
        const auto n = size() + lines;
        for (auto* v : {&country_, &admin1_, &appealing_, &sector_, &indicator_})
            v->reserve(n);
        if (!same_orgs_)
            implementing_.reserve(n);
        for (auto* v : {&admin2_, &activity_, &file_})
            v->reserve(n);
        month_.reserve(n);
        type_.reserve(n);
        cva_.reserve(n);
        total_monthly_.reserve(n);
        new_.reserve(n);
        has_cells_.reserve(n);
        source_line_.reserve(n);
        group_.reserve(group_.size() + entries);
        if (!one_entry_per_line_) {
            group_offset_.reserve(n + 1);
            group_value_.reserve(group_value_.size() + entries);
        }
    }

    // Columns, one value per line.
    std::span<const code_id> country() const noexcept { return country_; }
    std::span<const code_id> admin1() const noexcept { return admin1_; }
    const uniform_column<code_id>& admin2() const noexcept { return admin2_; }
    std::span<const std::int32_t> month_index() const noexcept { return month_; }
    std::span<const code_id> appealing_org() const noexcept { return appealing_; }
    /// (The appealing column itself while every line has one organisation in both roles.)
    std::span<const code_id> implementing_org() const noexcept {
        return same_orgs_ ? std::span<const code_id>(appealing_) : implementing_;
    }
    std::span<const code_id> sector() const noexcept { return sector_; }
    std::span<const code_id> indicator() const noexcept { return indicator_; }
    const uniform_column<indicator_type>& type() const noexcept { return type_; }
    const uniform_column<code_id>& activity() const noexcept { return activity_; }
    const uniform_column<cva_flag>& cva() const noexcept { return cva_; }
    const uniform_column<std::int64_t>& total_monthly() const noexcept { return total_monthly_; }
    std::span<const std::int64_t> new_beneficiaries() const noexcept { return new_; }
    const uniform_column<std::uint8_t>& has_cells() const noexcept { return has_cells_; }
    /// The age/gender cells of line i; all zero when the line has none.
    cells age_gender_of(std::size_t i) const {
        if (!has_cells_[i])
            return cells::Zero();
        const auto it =
            std::lower_bound(cell_line_.begin(), cell_line_.end(), static_cast<std::uint32_t>(i));
        return cells_[static_cast<std::size_t>(it - cell_line_.begin())];
    }
    /// The lines that have age/gender cells, in order, and their cells.
    std::span<const std::uint32_t> cell_lines() const noexcept { return cell_line_; }
    std::span<const cells> cell_values() const noexcept { return cells_; }
    const uniform_column<code_id>& file() const noexcept { return file_; }
    const uniform_column<std::uint32_t, true>& source_line() const noexcept { return source_line_; }

    /// The population-group breakdown of line i.
    std::span<const code_id> groups_of(std::size_t i) const {
        if (one_entry_per_line_)
            return std::span<const code_id>(group_).subspan(i, 1);
        return std::span<const code_id>(group_).subspan(group_offset_[i],
                                                        group_offset_[i + 1] - group_offset_[i]);
    }
    std::span<const std::int64_t> group_values_of(std::size_t i) const {
        if (one_entry_per_line_)
            return std::span<const std::int64_t>(new_).subspan(i, 1);
        return std::span<const std::int64_t>(group_value_)
            .subspan(group_offset_[i], group_offset_[i + 1] - group_offset_[i]);
    }
    /// A table with no lines, this table's groups and a copy of its dictionaries, so that the
    /// ids of line() can be appended to it as they are (a filtered copy starts from it).
    activity_table empty_like() const {
        activity_table out(groups());
        out.countries = countries;
        out.admin1s = admin1s;
        out.admin2s = admin2s;
        out.orgs = orgs;
        out.sectors = sectors;
        out.indicators = indicators;
        out.activities = activities;
        out.files = files;
        return out;
    }
    /// Line i as it was appended, with this table's ids, and its population-group breakdown
    /// into bd (cleared first): `out.append(t.line(i, bd), bd)` copies line i of t into out
    /// when both share their dictionaries.
    activity_line line(std::size_t i, std::vector<group_value>& bd) const {
        activity_line l;
        l.country = country_[i];
        l.admin1 = admin1_[i];
        l.admin2 = admin2_[i];
        l.when = month::from_index(month_[i]);
        l.appealing_org = appealing_[i];
        l.implementing_org = implementing_org()[i];
        l.sector = sector_[i];
        l.indicator = indicator_[i];
        l.type = type_[i];
        l.activity = activity_[i];
        l.cva = cva_[i];
        l.total_monthly = total_monthly_[i];
        l.new_beneficiaries = new_[i];
        l.has_cells = has_cells_[i] != 0;
        l.age_gender = age_gender_of(i);
        l.file = file_[i];
        l.source_line = source_line_[i];
        bd.clear();
        const auto gs = groups_of(i);
        const auto vs = group_values_of(i);
        for (std::size_t k = 0; k < gs.size(); ++k)
            bd.push_back({gs[k], vs[k]});
        return l;
    }
    /// True while every line has one group entry whose value is its new beneficiaries, and
    /// so the breakdown is stored as one group per line (see the top of this file).
    bool one_entry_per_line() const noexcept { return one_entry_per_line_; }
    /// True while every line has one organisation in both roles, and so the implementing
    /// organisations are not stored (implementing_org() is the appealing column).
    bool implementing_is_appealing() const noexcept { return same_orgs_; }

    /// Appends every line of o, re-encoding its ids into this table's dictionaries. The groups
    /// must be the same registry (same codes in the same order); throws errc::mismatch otherwise.
    void merge(const activity_table& o) {
        check_same_groups(o);
        const auto rc = countries.merge(o.countries), ra1 = admin1s.merge(o.admin1s),
                   ra2 = admin2s.merge(o.admin2s), ro = orgs.merge(o.orgs),
                   rs = sectors.merge(o.sectors), ri = indicators.merge(o.indicators),
                   rac = activities.merge(o.activities), rf = files.merge(o.files);
        auto map = [](const std::vector<code_id>& r, code_id id) {
            return id == no_code ? no_code : r[id];
        };
        std::vector<group_value> bd;
        for (std::size_t i = 0; i < o.size(); ++i) {
            activity_line l = o.line(i, bd);
            l.country = map(rc, l.country);
            l.admin1 = map(ra1, l.admin1);
            l.admin2 = map(ra2, l.admin2);
            l.appealing_org = map(ro, l.appealing_org);
            l.implementing_org = map(ro, l.implementing_org);
            l.sector = map(rs, l.sector);
            l.indicator = map(ri, l.indicator);
            l.activity = map(rac, l.activity);
            l.file = map(rf, l.file);
            append(l, bd);
        }
    }

    /// Appends every line of o like merge(), but takes o's storage: each column of o is freed as
    /// soon as it is copied, so appending a large table needs little more memory than the result.
    /// o is left empty (its dictionaries stay). line_shift is added to o's source lines: a reader
    /// that read a slice of a file into o with lines counted from the slice's start passes the
    /// difference here.
    /// threads > 1 copies the columns on that many threads (each column on one; the
    /// dictionaries are merged first): a reader that parsed slices on every core appends them
    /// on every core too. The result does not depend on it.
    void merge(activity_table&& o, std::int64_t line_shift = 0, unsigned threads = 1) {
        check_same_groups(o);
        const std::size_t base = size(), n = o.size();
        const auto base_entries = static_cast<std::uint32_t>(group_.size());
        const auto rc = countries.merge(o.countries), ra1 = admin1s.merge(o.admin1s),
                   ra2 = admin2s.merge(o.admin2s), ro = orgs.merge(o.orgs),
                   rs = sectors.merge(o.sectors), ri = indicators.merge(o.indicators),
                   rac = activities.merge(o.activities), rf = files.merge(o.files);
        auto move_ids = [base, n](column<code_id>& to, column<code_id>& from,
                                  const std::vector<code_id>& remap) {
            to.reserve(base + n);
            for (auto id : from)
                to.push_back(id == no_code ? no_code : remap[id]);
            release(from);
        };
        // Entries and implementing organisations stay implicit only if they are in both tables
        // (written out here, before the tasks: they copy columns that the tasks move).
        if (one_entry_per_line_ && !o.one_entry_per_line_)
            write_out_entries();
        else if (!one_entry_per_line_ && o.one_entry_per_line_)
            o.write_out_entries();
        if (same_orgs_ && !o.same_orgs_)
            write_out_implementing();
        else if (!same_orgs_ && o.same_orgs_)
            o.write_out_implementing();
        // The largest columns first, so that two threads end together.
        const std::function<void()> tasks[] = {
            [&] { append_column(group_value_, o.group_value_); },
            [&] { append_column(new_, o.new_); },
            [&] {
                if (!o.one_entry_per_line_) {
                    group_offset_.reserve(base + n + 1);
                    for (std::size_t i = 1; i < o.group_offset_.size(); ++i)
                        group_offset_.push_back(base_entries + o.group_offset_[i]);
                }
                release(o.group_offset_);
                o.one_entry_per_line_ = true;
            },
            [&] { move_ids(country_, o.country_, rc); },
            [&] { move_ids(admin1_, o.admin1_, ra1); },
            [&] { move_ids(appealing_, o.appealing_, ro); },
            [&] {
                if (!same_orgs_)
                    move_ids(implementing_, o.implementing_, ro);
            },
            [&] { move_ids(sector_, o.sector_, rs); },
            [&] { move_ids(indicator_, o.indicator_, ri); },
            [&] {
                if (line_shift != 0)
                    o.source_line_.transform([line_shift](std::uint32_t l) {
                        return static_cast<std::uint32_t>(static_cast<std::int64_t>(l) +
                                                          line_shift);
                    });
                source_line_.append(std::move(o.source_line_));
            },
            [&] { append_column(group_, o.group_); },
            [&] { append_column(month_, o.month_); },
            [&] {
                for (auto& l : o.cell_line_)
                    l += static_cast<std::uint32_t>(base);
                append_column(cell_line_, o.cell_line_);
                append_column(cells_, o.cells_);
            },
            [&] {
                move_uniform_ids(admin2_, o.admin2_, ra2);
                move_uniform_ids(activity_, o.activity_, rac);
                move_uniform_ids(file_, o.file_, rf);
                type_.append(std::move(o.type_));
                has_cells_.append(std::move(o.has_cells_));
                cva_.append(std::move(o.cva_));
                total_monthly_.append(std::move(o.total_monthly_));
            },
        };
        detail::each_task(std::size(tasks), n < (std::size_t{1} << 16) ? 1 : threads,
                          [&](std::size_t k) { tasks[k](); });
    }

  private:
    /// Stores the implementing organisations, implicit (the appealing ones) until now.
    void write_out_implementing() {
        same_orgs_ = false;
        implementing_.reserve(std::max(appealing_.capacity(), appealing_.size() + 1));
        implementing_.assign(appealing_.begin(), appealing_.end());
    }
    /// Stores the offsets and values of the entries, implicit until now.
    void write_out_entries() {
        one_entry_per_line_ = false;
        group_offset_.resize(group_.size() + 1);
        for (std::size_t i = 0; i < group_offset_.size(); ++i)
            group_offset_[i] = static_cast<std::uint32_t>(i);
        group_value_.assign(new_.begin(), new_.end());
    }

    static void move_uniform_ids(uniform_column<code_id>& to, uniform_column<code_id>& from,
                                 const std::vector<code_id>& remap) {
        if (from.empty())
            return;
        from.transform([&](code_id id) { return id == no_code ? no_code : remap[id]; });
        to.append(std::move(from));
    }
    /// A column of one value per line (or per group entry).
    template <class T>
    using column = detail::big_vector<T>;

    template <class V>
    static void release(V& v) {
        V().swap(v);
    }
    template <class V>
    static void append_column(V& to, V& from) {
        if (to.empty() && to.capacity() < from.size())
            to.swap(from);
        else
            to.insert(to.end(), from.begin(), from.end());
        release(from);
    }
    void check_same_groups(const activity_table& o) const {
        if (o.groups_.size() != groups_.size())
            throw error(errc::mismatch, "activity tables with different population groups");
        for (code_id g = 0; g < groups_.size(); ++g)
            if (o.groups_.info(g).code != groups_.info(g).code)
                throw error(errc::mismatch, "activity tables with different population groups");
    }

    population_groups groups_;
    column<code_id> country_, admin1_, appealing_, sector_, indicator_;
    bool same_orgs_ = true;        ///< implementing_ is empty: each line's is its appealing org
    column<code_id> implementing_; ///< empty while same_orgs_
    uniform_column<code_id> admin2_, activity_, file_;
    column<std::int32_t> month_;
    uniform_column<indicator_type> type_;
    uniform_column<cva_flag> cva_;
    uniform_column<std::int64_t> total_monthly_;
    column<std::int64_t> new_;
    uniform_column<std::uint8_t> has_cells_;
    std::vector<std::uint32_t> cell_line_; ///< the lines with cells, ascending
    std::vector<cells> cells_;             ///< their cells
    uniform_column<std::uint32_t, true> source_line_;
    bool one_entry_per_line_ = true;     ///< see the top of this file
    column<std::uint32_t> group_offset_; ///< empty while one_entry_per_line_
    column<code_id> group_;
    column<std::int64_t> group_value_; ///< empty while one_entry_per_line_
};

} // namespace tally
