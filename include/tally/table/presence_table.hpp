#pragma once
// The presence table: who works where, as OCHA's 3W operational presence files say it (an
// organisation, a place and a sector per row, no figures of people). Dictionary-encoded, stored
// row by row. Distinct organisations are counted from it by dedup/presence.hpp.

#include <cstdint>
#include <tally/core/dictionary.hpp>
#include <vector>

namespace tally {

/// One row of a presence table: an organisation present in a place and a sector.
struct presence_line {
    code_id country = no_code;
    code_id admin1 = no_code; ///< no_code: not given (country level)
    code_id admin2 = no_code; ///< no_code: not given
    code_id sector = no_code; ///< no_code: not given
    code_id organisation = no_code;
    code_id organisation_type = no_code; ///< no_code: not given
    code_id file = no_code;
    std::uint32_t source_line = 0;
};

class presence_table {
  public:
    dictionary countries, admin1s, admin2s, sectors, organisations, organisation_types, files;

    void append(const presence_line& l) { rows_.push_back(l); }
    std::size_t size() const noexcept { return rows_.size(); }
    const presence_line& operator[](std::size_t i) const { return rows_.at(i); }
    auto begin() const noexcept { return rows_.begin(); }
    auto end() const noexcept { return rows_.end(); }

  private:
    std::vector<presence_line> rows_;
};

} // namespace tally
