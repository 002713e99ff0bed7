#pragma once
// Mergeable states of the de-duplication steps (dedup/steps.hpp), for a caller who aggregates
// an input in parts (by file, by thread, on several machines) and merges the parts. The
// queries of dedup/reach.hpp and dedup/plan.hpp do not use them: they aggregate in one pass.
//
// States (sum_state, member_state<Rule>, distinct_count_state) have the verbs update / merge /
// result / empty / serialize / deserialize. merge adds the members' partial sums (or unites
// sets), so it is commutative and associative, the empty state is its identity, and the state
// of a split input merges into the state of the whole: the rule is only applied in result(),
// by reduce (dedup/steps.hpp), the function the queries use. Member and unit ids come from one
// shared dictionary; remap ids before merging states built on different dictionaries.

#include <algorithm>
#include <cstdint>
#include <span>
#include <sstream>
#include <string>
#include <string_view>
#include <tally/core/checked.hpp>
#include <tally/core/count.hpp>
#include <tally/core/error.hpp>
#include <tally/dedup/steps.hpp>
#include <tally/detail/flat_hash.hpp>
#include <vector>

namespace tally::detail {
/// Reads the first line of a serialized state. Throws errc::parse when it is not header.
inline void expect_header(std::istringstream& in, std::string_view header) {
    std::string h;
    if (!std::getline(in, h) || h != header)
        throw error(errc::parse, "not a serialized " + std::string(header) + " state");
}
} // namespace tally::detail

namespace tally::dedup {

/// A plain sum of disjoint parts (partners and activities within one indicator, admin1 areas
/// within a country, months within a period). Exact: upper == value.
class sum_state {
  public:
    /// Throws errc::invalid_argument for a negative value, errc::overflow.
    void update(std::int64_t v) {
        if (v < 0)
            throw error(errc::invalid_argument, "a reached count cannot be negative");
        sum_ = detail::checked_add(sum_, v);
        empty_ = false;
    }
    void merge(const sum_state& o) {
        sum_ = detail::checked_add(sum_, o.sum_);
        empty_ = empty_ && o.empty_;
    }
    bounded result() const noexcept { return {sum_, sum_}; }
    bool empty() const noexcept { return empty_; }

    std::string serialize() const {
        return "tally.sum_state.v1\n" + std::to_string(empty_ ? -1 : sum_) + "\n";
    }
    /// Throws errc::parse for bytes that are not a serialized sum_state.
    static sum_state deserialize(const std::string& bytes) {
        std::istringstream in(bytes);
        detail::expect_header(in, "tally.sum_state.v1");
        long long v = 0;
        if (!(in >> v) || v < -1)
            throw error(errc::parse, "corrupt sum_state");
        sum_state s;
        if (v >= 0) {
            s.sum_ = v;
            s.empty_ = false;
        }
        return s;
    }

  private:
    std::int64_t sum_ = 0;
    bool empty_ = true;
};

/// The state of one reduction over members: the partial sum of every (member, unit) seen so far.
/// result() applies Rule. Merging adds the partial sums, so the rule sees whole members even when
/// one member's rows were split between states.
template <MemberRule Rule>
class member_state {
  public:
    explicit member_state(Rule rule = Rule{}) : rule_(std::move(rule)) {}

    /// Adds v people of member in unit (a row of that member). Throws errc::invalid_argument for a
    /// negative v, errc::overflow.
    void update(code_id member, std::uint32_t unit, std::int64_t v) {
        update(member, unit, {v, v});
    }
    /// Adds an already reduced figure (the result of an inner step) to member in unit.
    void update(code_id member, std::uint32_t unit, bounded b) {
        if (b.value < 0 || b.upper < b.value)
            throw error(errc::invalid_argument, "a member value must satisfy 0 <= value <= upper");
        cells_[key(member, unit)] += b;
        units_ = std::max<std::size_t>(units_, std::size_t{unit} + 1);
    }
    void merge(const member_state& o) {
        o.cells_.for_each([&](std::uint64_t k, const bounded& b) { cells_[k] += b; });
        units_ = std::max(units_, o.units_);
    }
    bool empty() const noexcept { return cells_.empty(); }
    const Rule& rule() const noexcept { return rule_; }

    /// The de-duplicated figure of every unit 0..units()-1, with its upper bound.
    std::vector<bounded> result() const {
        member_matrix m;
        m.reset(units_);
        for (const auto& [k, b] : cells_.sorted()) {
            const auto member = static_cast<code_id>(k >> 32);
            if (m.rows() == 0 || m.members().back() != member)
                m.add_member(member);
            m.at(m.rows() - 1, static_cast<std::size_t>(k & 0xffffffffu)) = b;
        }
        std::vector<bounded> out(units_);
        std::vector<std::int64_t> scratch;
        reduce(rule_, m, out, scratch);
        return out;
    }
    /// The figure over all units: units are disjoint, so their values add.
    bounded total() const {
        bounded t;
        for (const auto& b : result())
            t += b;
        return t;
    }

    /// Text bytes: a header, then one "member unit value upper" line per entry, sorted, so equal
    /// states serialize to equal bytes. The rule is not serialized: deserialize takes it.
    std::string serialize() const {
        std::string s = "tally.member_state.v1\n" + std::to_string(units_) + "\n";
        for (const auto& [k, b] : cells_.sorted())
            s += std::to_string(k >> 32) + " " + std::to_string(k & 0xffffffffu) + " " +
                 std::to_string(b.value) + " " + std::to_string(b.upper) + "\n";
        return s;
    }
    /// Throws errc::parse for bytes that are not a serialized member_state.
    static member_state deserialize(const std::string& bytes, Rule rule = Rule{}) {
        std::istringstream in(bytes);
        detail::expect_header(in, "tally.member_state.v1");
        member_state s(std::move(rule));
        unsigned long long units = 0, member = 0, unit = 0;
        long long value = 0, upper = 0;
        if (!(in >> units))
            throw error(errc::parse, "corrupt member_state");
        while (in >> member >> unit >> value >> upper)
            s.update(static_cast<code_id>(member), static_cast<std::uint32_t>(unit),
                     bounded{value, upper});
        if (!in.eof())
            throw error(errc::parse, "corrupt member_state");
        s.units_ = std::max<std::size_t>(s.units_, units);
        return s;
    }

  private:
    static std::uint64_t key(code_id member, std::uint32_t unit) noexcept {
        return (std::uint64_t{member} << 32) | unit;
    }
    Rule rule_;
    detail::flat_hash<bounded> cells_;
    std::size_t units_ = 1;
};

/// A distinct count (of partner organisations): a set of ids. Merge is set union, so a partner
/// met in two parts of the input is counted once; result() is a partner_count, which cannot be
/// added to another.
class distinct_count_state {
  public:
    void update(code_id id) {
        if (id != no_code)
            ids_[id] = 1;
    }
    void merge(const distinct_count_state& o) {
        o.ids_.for_each([&](std::uint64_t k, char) { ids_[k] = 1; });
    }
    partner_count result() const noexcept {
        return partner_count(static_cast<std::int64_t>(ids_.size()));
    }
    bool empty() const noexcept { return ids_.empty(); }

    std::string serialize() const {
        std::string s = "tally.distinct_count_state.v1\n";
        for (const auto& [k, v] : ids_.sorted())
            s += std::to_string(k) + "\n";
        return s;
    }
    /// Throws errc::parse for bytes that are not a serialized distinct_count_state.
    static distinct_count_state deserialize(const std::string& bytes) {
        std::istringstream in(bytes);
        detail::expect_header(in, "tally.distinct_count_state.v1");
        distinct_count_state s;
        unsigned long long id = 0;
        while (in >> id)
            s.update(static_cast<code_id>(id));
        if (!in.eof())
            throw error(errc::parse, "corrupt distinct_count_state");
        return s;
    }

  private:
    detail::flat_hash<char> ids_;
};

} // namespace tally::dedup
