#pragma once
// The activity table: 5W activity reports, columnar and dictionary-encoded.
//
// One *line* per accepted input row (activity x admin area x month x indicator x organisation),
// with its key columns, its two measures (total monthly beneficiaries, new beneficiaries), the
// optional age/gender cells of the new beneficiaries, and its population-group breakdown of the
// new beneficiaries stored sparsely: line i owns entries [group_offset(i), group_offset(i+1)) of
// (group, value). A wide input row (one column per group) gives up to one entry per group; a long
// input row (`population_group`, `reached`) gives one entry.
//
// String columns are encoded through the table's dictionaries; ids are dense, so aggregations can
// index arrays by them. Two tables merge (append) by remapping the other table's ids.

#include <cstdint>
#include <span>
#include <string_view>
#include <tally/core/count.hpp>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/period.hpp>
#include <tally/core/population_group.hpp>
#include <tally/core/sector.hpp>
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

/// One entry of a line's population-group breakdown.
struct group_value {
    code_id group;
    std::int64_t value;
};

class activity_table {
  public:
    explicit activity_table(population_groups groups = population_groups::r4v())
        : groups_(std::move(groups)) {
        group_offset_.push_back(0);
    }

    // Dictionaries: the values as written in the input.
    dictionary countries, admin1s, admin2s, orgs, sectors, indicators, activities, files;

    const population_groups& groups() const noexcept { return groups_; }

    /// Appends a line and its group breakdown. Values must be non-negative (the readers validate
    /// before appending); throws errc::invalid_argument otherwise.
    void append(const activity_line& l, std::span<const group_value> breakdown) {
        if (l.new_beneficiaries < 0 || l.total_monthly < -1)
            throw error(errc::invalid_argument, "negative beneficiaries in an activity line");
        for (const auto& g : breakdown) {
            if (g.value < 0 || g.group >= groups_.size())
                throw error(errc::invalid_argument,
                            "bad population-group entry in an activity line");
            group_.push_back(g.group);
            group_value_.push_back(g.value);
        }
        group_offset_.push_back(static_cast<std::uint32_t>(group_.size()));
        country_.push_back(l.country);
        admin1_.push_back(l.admin1);
        admin2_.push_back(l.admin2);
        month_.push_back(l.when.index());
        appealing_.push_back(l.appealing_org);
        implementing_.push_back(l.implementing_org);
        sector_.push_back(l.sector);
        indicator_.push_back(l.indicator);
        type_.push_back(l.type);
        activity_.push_back(l.activity);
        cva_.push_back(l.cva);
        total_monthly_.push_back(l.total_monthly);
        new_.push_back(l.new_beneficiaries);
        has_cells_.push_back(l.has_cells ? 1 : 0);
        cells_.push_back(l.has_cells ? l.age_gender : cells::Zero());
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
        for (auto* v : {&country_, &admin1_, &admin2_, &appealing_, &implementing_, &sector_,
                        &indicator_, &activity_, &file_})
            v->reserve(n);
        month_.reserve(n);
        type_.reserve(n);
        cva_.reserve(n);
        total_monthly_.reserve(n);
        new_.reserve(n);
        has_cells_.reserve(n);
        cells_.reserve(n);
        source_line_.reserve(n);
        group_offset_.reserve(n + 1);
        group_.reserve(group_.size() + entries);
        group_value_.reserve(group_value_.size() + entries);
    }

    // Columns, one value per line.
    std::span<const code_id> country() const noexcept { return country_; }
    std::span<const code_id> admin1() const noexcept { return admin1_; }
    std::span<const code_id> admin2() const noexcept { return admin2_; }
    std::span<const std::int32_t> month_index() const noexcept { return month_; }
    std::span<const code_id> appealing_org() const noexcept { return appealing_; }
    std::span<const code_id> implementing_org() const noexcept { return implementing_; }
    std::span<const code_id> sector() const noexcept { return sector_; }
    std::span<const code_id> indicator() const noexcept { return indicator_; }
    std::span<const indicator_type> type() const noexcept { return type_; }
    std::span<const code_id> activity() const noexcept { return activity_; }
    std::span<const cva_flag> cva() const noexcept { return cva_; }
    std::span<const std::int64_t> total_monthly() const noexcept { return total_monthly_; }
    std::span<const std::int64_t> new_beneficiaries() const noexcept { return new_; }
    std::span<const std::uint8_t> has_cells() const noexcept { return has_cells_; }
    std::span<const cells> age_gender() const noexcept { return cells_; }
    std::span<const code_id> file() const noexcept { return file_; }
    std::span<const std::uint32_t> source_line() const noexcept { return source_line_; }

    /// The population-group breakdown of line i.
    std::span<const code_id> groups_of(std::size_t i) const {
        return std::span<const code_id>(group_).subspan(group_offset_[i],
                                                        group_offset_[i + 1] - group_offset_[i]);
    }
    std::span<const std::int64_t> group_values_of(std::size_t i) const {
        return std::span<const std::int64_t>(group_value_)
            .subspan(group_offset_[i], group_offset_[i + 1] - group_offset_[i]);
    }

    /// Appends every line of o, re-encoding its ids into this table's dictionaries. The groups
    /// must be the same registry (same codes in the same order); throws errc::mismatch otherwise.
    void merge(const activity_table& o) {
        if (o.groups_.size() != groups_.size())
            throw error(errc::mismatch, "activity tables with different population groups");
        for (code_id g = 0; g < groups_.size(); ++g)
            if (o.groups_.info(g).code != groups_.info(g).code)
                throw error(errc::mismatch, "activity tables with different population groups");
        const auto rc = countries.merge(o.countries), ra1 = admin1s.merge(o.admin1s),
                   ra2 = admin2s.merge(o.admin2s), ro = orgs.merge(o.orgs),
                   rs = sectors.merge(o.sectors), ri = indicators.merge(o.indicators),
                   rac = activities.merge(o.activities), rf = files.merge(o.files);
        auto map = [](const std::vector<code_id>& r, code_id id) {
            return id == no_code ? no_code : r[id];
        };
        std::vector<group_value> bd;
        for (std::size_t i = 0; i < o.size(); ++i) {
            activity_line l;
            l.country = map(rc, o.country_[i]);
            l.admin1 = map(ra1, o.admin1_[i]);
            l.admin2 = map(ra2, o.admin2_[i]);
            l.when = month::from_index(o.month_[i]);
            l.appealing_org = map(ro, o.appealing_[i]);
            l.implementing_org = map(ro, o.implementing_[i]);
            l.sector = map(rs, o.sector_[i]);
            l.indicator = map(ri, o.indicator_[i]);
            l.type = o.type_[i];
            l.activity = map(rac, o.activity_[i]);
            l.cva = o.cva_[i];
            l.total_monthly = o.total_monthly_[i];
            l.new_beneficiaries = o.new_[i];
            l.has_cells = o.has_cells_[i] != 0;
            l.age_gender = o.cells_[i];
            l.file = map(rf, o.file_[i]);
            l.source_line = o.source_line_[i];
            bd.clear();
            const auto gs = o.groups_of(i);
            const auto vs = o.group_values_of(i);
            for (std::size_t k = 0; k < gs.size(); ++k)
                bd.push_back({gs[k], vs[k]});
            append(l, bd);
        }
    }

  private:
    population_groups groups_;
    std::vector<code_id> country_, admin1_, admin2_, appealing_, implementing_, sector_, indicator_,
        activity_, file_;
    std::vector<std::int32_t> month_;
    std::vector<indicator_type> type_;
    std::vector<cva_flag> cva_;
    std::vector<std::int64_t> total_monthly_, new_;
    std::vector<std::uint8_t> has_cells_;
    std::vector<cells> cells_;
    std::vector<std::uint32_t> source_line_;
    std::vector<std::uint32_t> group_offset_;
    std::vector<code_id> group_;
    std::vector<std::int64_t> group_value_;
};

} // namespace tally
