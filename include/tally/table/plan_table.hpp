#pragma once
// The plan table: people in need (PiN) and targets per country, admin1, sector and population
// group, dictionary-encoded; stored row by row since plan tables are small (thousands of rows,
// not millions). A row whose sector is "Intersector" is a precomputed
// all-sector figure for its place and group: it is kept apart (is_intersector) and never added
// to sector rows. A country total (R4V's "Country level" rows in the planning workbook) is the
// country's figure, not a part of it: above admin1 it stands for its country's lines of the same
// sector and group (dedup/plan.hpp). A line read from a sheet of PiN only (or targets only) says
// so, so that the other sheet's figure for the same key joins it instead of repeating it.

#include <cstdint>
#include <span>
#include <string_view>
#include <tally/core/count.hpp>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/population_group.hpp>
#include <vector>

namespace tally {

struct plan_line {
    code_id country = no_code;
    code_id admin1 = no_code; ///< no_code: country level
    code_id sector = no_code; ///< no_code together with intersector = true
    bool intersector = false;
    code_id group = no_code;
    /// The country's figure (admin1 is no_code): see the file comment.
    bool country_total = false;
    std::int64_t pin = 0;
    std::int64_t target = 0;
    /// Whether the source gave the PiN and the target (a sheet of PiN only gives no target).
    bool has_pin = true, has_target = true;
    bool has_cells = false;
    cells pin_cells = cells::Zero();
    cells target_cells = cells::Zero();
    code_id file = no_code;
    std::uint32_t source_line = 0;
};

class plan_table {
  public:
    explicit plan_table(population_groups groups = population_groups::r4v())
        : groups_(std::move(groups)) {}

    dictionary countries, admin1s, sectors, files;

    const population_groups& groups() const noexcept { return groups_; }

    /// The id of the group found by code (or a spelling of it); when there is none, the group is
    /// added with label and rule (a reader of tables with groups of their own, such as an HNO's
    /// "all population groups" total).
    code_id group_or_add(std::string_view code, std::string_view label, cross_country_rule rule) {
        if (auto g = groups_.find(code))
            return *g;
        return groups_.add(code, label, rule);
    }

    /// Throws errc::invalid_argument for negative figures or an unknown group id.
    void append(const plan_line& l) {
        if (l.pin < 0 || l.target < 0 || l.group >= groups_.size())
            throw error(errc::invalid_argument, "bad plan line");
        rows_.push_back(l);
    }

    /// Joins the figure that line i lacks (has_pin or has_target false) from l, a line of the
    /// same key read from a source that gives it: the PiN or the target and its cells. Throws
    /// errc::invalid_argument when i gives that figure already or l gives neither missing one.
    void join(std::size_t i, const plan_line& l) {
        auto& r = rows_.at(i);
        const bool pin = !r.has_pin && l.has_pin, target = !r.has_target && l.has_target;
        if ((!pin && !target) || (l.has_pin && r.has_pin) || (l.has_target && r.has_target))
            throw error(errc::invalid_argument, "plan lines do not join: a figure is given twice");
        if (pin) {
            r.pin = l.pin;
            r.pin_cells = l.pin_cells;
            r.has_pin = true;
        }
        if (target) {
            r.target = l.target;
            r.target_cells = l.target_cells;
            r.has_target = true;
        }
        r.has_cells = r.has_cells || l.has_cells;
    }

    std::size_t size() const noexcept { return rows_.size(); }
    bool empty() const noexcept { return rows_.empty(); }
    const plan_line& operator[](std::size_t i) const { return rows_[i]; }
    std::span<const plan_line> lines() const noexcept { return rows_; }

  private:
    population_groups groups_;
    std::vector<plan_line> rows_;
};

} // namespace tally
