#pragma once
// The plan table: people in need (PiN) and targets per country, admin1, sector and population
// group, dictionary-encoded; stored row by row since plan tables are small (thousands of rows,
// not millions). A row whose sector is "Intersector" is a precomputed
// all-sector figure for its place and group: it is kept apart (is_intersector) and never added
// to sector rows.

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
    std::int64_t pin = 0;
    std::int64_t target = 0;
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

    std::size_t size() const noexcept { return rows_.size(); }
    bool empty() const noexcept { return rows_.empty(); }
    const plan_line& operator[](std::size_t i) const { return rows_[i]; }
    std::span<const plan_line> lines() const noexcept { return rows_; }

  private:
    population_groups groups_;
    std::vector<plan_line> rows_;
};

} // namespace tally
