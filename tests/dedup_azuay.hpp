#pragma once
// The Ecuador worked example of docs/rules.md#de-duplication-level-by-level (Azuay, January 2023),
// one member per sector, units = population groups: 0 in destination, 1 host community; shared
// by the tests of the steps (dedup_steps.cpp) and of their states (dedup_states.cpp).

#include <cstdint>
#include <span>
#include <tally/dedup/states.hpp>
#include <utility>

namespace dedup_azuay {

struct entry {
    tally::code_id sector;
    std::uint32_t group;
    std::int64_t v;
};
inline const entry azuay[] = {
    {0, 0, 1239},             // Protection (General)
    {1, 0, 592},  {1, 1, 76}, // Food Security
    {2, 0, 225},              // Education
    {3, 0, 150},  {3, 1, 50}, // Health
    {4, 0, 24},               // WASH
};

template <class Rule>
tally::dedup::member_state<Rule> state_of(std::span<const entry> es, Rule r = Rule{}) {
    tally::dedup::member_state<Rule> s(std::move(r));
    for (const auto& e : es)
        s.update(e.sector, e.group, e.v);
    return s;
}

} // namespace dedup_azuay
