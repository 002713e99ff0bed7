#pragma once
// Reduction steps of the de-duplication pipeline, as policy types.
//
// A step reduces the *members* of one dimension (the indicators of a sector, the sectors of an
// admin1 and month) to one figure per *unit* (a population group, a population group x
// age/gender cell, or a single total). Every member's value is first summed over its own rows
// (partners and activities add: they are disjoint), then the rule combines the members:
//
//   sum_rule          value[u] = sum over members m of v[m][u]            (disjoint members)
//   max_rule          value[u] = max over members m of v[m][u]            (overlapping members;
//                     with units = groups this is "max per population group", with one unit a
//                     plain max)
//   max_cell_rule     per population group, the sum over age/gender cells of the max over
//                     members (R4V "maxsector"), or the largest member total of the group when
//                     that is larger (people whose cells are not known)
//   max_member_rule   value[u] = v[m*][u], m* = the member with the highest total over all units
//                     (the 2021 rule "whole sector with the highest total"; ties: lowest id)
//   composite_rule    value[u] = sum over terms t of (max or sum over the members of t) — e.g.
//                     the southern-cone model max{Shelter, Humanitarian Transportation, WASH,
//                     Food Security} + Protection (General) + sum{MPC, Integration, Health,
//                     Education}
//
// Every step keeps, beside the de-duplicated value, the plain sum of its inputs' upper bounds:
// upper[u] = sum over members of upper[m][u]. A maximum is a lower bound of the union of
// overlapping groups and the sum an upper bound, so value <= upper always.
//
// Mergeable states of these steps, for a caller who aggregates in parts: dedup/states.hpp.

#include <algorithm>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <tally/core/checked.hpp>
#include <tally/core/count.hpp>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/sector.hpp>
#include <tally/detail/flat_hash.hpp>
#include <vector>

namespace tally::dedup {

/// A de-duplicated value with the plain sum beside it (its upper bound).
struct bounded {
    std::int64_t value = 0;
    std::int64_t upper = 0;

    /// Adds disjoint parts. Throws errc::overflow.
    bounded& operator+=(const bounded& o) {
        value = detail::checked_add(value, o.value);
        upper = detail::checked_add(upper, o.upper);
        return *this;
    }
    friend bounded operator+(bounded a, const bounded& b) { return a += b; }
    friend bool operator==(const bounded&, const bounded&) = default;
};

/// The units of an age/gender-aware step: population group g, cell c (0..5 the cells of
/// tally::cell, 6 = cells not known).
inline constexpr std::uint32_t cells_per_group = cell_count + 1;
inline constexpr std::uint32_t unknown_cell = cell_count;
constexpr std::uint32_t cell_unit(std::uint32_t group, std::uint32_t c) noexcept {
    return group * cells_per_group + c;
}

/// The values of the members of one reduction, unit by unit: members() rows x units() columns.
/// Reused between reductions (reset keeps the capacity), so the pipeline does not allocate per
/// reduction once warm.
class member_matrix {
  public:
    void reset(std::size_t units) {
        units_ = units;
        members_.clear();
        cells_.clear();
    }
    /// Appends a member row of zeros and returns its row index.
    std::size_t add_member(code_id id) {
        members_.push_back(id);
        cells_.resize(cells_.size() + units_);
        std::fill(cells_.end() - static_cast<std::ptrdiff_t>(units_), cells_.end(), bounded{});
        return members_.size() - 1;
    }
    bounded& at(std::size_t row, std::size_t unit) { return cells_[row * units_ + unit]; }
    const bounded& at(std::size_t row, std::size_t unit) const {
        return cells_[row * units_ + unit];
    }
    std::span<const code_id> members() const noexcept { return members_; }
    std::size_t rows() const noexcept { return members_.size(); }
    std::size_t units() const noexcept { return units_; }

  private:
    std::size_t units_ = 1;
    std::vector<code_id> members_;
    std::vector<bounded> cells_;
};

/// A rule: combine(m, out) writes the de-duplicated value of each unit into out
/// (out.size() == m.units()); describe() names the rule in a provenance step.
template <class R>
concept MemberRule = requires(const R& r, const member_matrix& m, std::span<std::int64_t> out) {
    r.combine(m, out);
    { r.describe() } -> std::convertible_to<std::string>;
};

/// Disjoint members add.
struct sum_rule {
    static std::string describe() { return "sum"; }
    void combine(const member_matrix& m, std::span<std::int64_t> out) const {
        for (std::size_t u = 0; u < m.units(); ++u) {
            std::int64_t s = 0;
            for (std::size_t r = 0; r < m.rows(); ++r)
                s = detail::checked_add(s, m.at(r, u).value);
            out[u] = s;
        }
    }
};

/// Overlapping members: the largest member of each unit.
struct max_rule {
    static std::string describe() { return "max"; }
    void combine(const member_matrix& m, std::span<std::int64_t> out) const {
        for (std::size_t u = 0; u < m.units(); ++u) {
            std::int64_t x = 0;
            for (std::size_t r = 0; r < m.rows(); ++r)
                x = std::max(x, m.at(r, u).value);
            out[u] = x;
        }
    }
};

/// Max per age/gender cell ("maxsector"), for units = population group x cell (cell_unit;
/// units() a multiple of cells_per_group). Per group: K = the sum over the six cells of the max
/// over members; T = the max over members of the group's total, which also counts people whose
/// cells are not known (cell unknown_cell). Both are lower bounds of the union, so the group's
/// figure is max(K, T): K written into the six cells when K >= T, else T into the unknown cell.
/// When every member gives its cells, K >= T and this is the plain cell-wise maximum.
struct max_cell_rule {
    static std::string describe() { return "max per age/gender cell"; }
    void combine(const member_matrix& m, std::span<std::int64_t> out) const {
        std::fill(out.begin(), out.end(), 0);
        const std::size_t units = m.units();
        // A state that has seen only the first cells of its last group has fewer units.
        const std::size_t groups = (units + cells_per_group - 1) / cells_per_group;
        auto at = [&](std::size_t r, std::size_t u) { return u < units ? m.at(r, u).value : 0; };
        for (std::size_t g = 0; g < groups; ++g) {
            const std::size_t base = g * cells_per_group;
            std::int64_t k_sum = 0, t_max = 0;
            for (std::size_t c = 0; c < cell_count && base + c < units; ++c) {
                std::int64_t x = 0;
                for (std::size_t r = 0; r < m.rows(); ++r)
                    x = std::max(x, at(r, base + c));
                out[base + c] = x;
                k_sum = detail::checked_add(k_sum, x);
            }
            for (std::size_t r = 0; r < m.rows(); ++r) {
                std::int64_t t = 0;
                for (std::size_t c = 0; c < cells_per_group; ++c)
                    t = detail::checked_add(t, at(r, base + c));
                t_max = std::max(t_max, t);
            }
            if (t_max > k_sum) {
                // t_max > 0 only when some member has people in the unknown cell (otherwise each
                // member total is at most k_sum), so that unit exists.
                for (std::size_t c = 0; c < cell_count && base + c < units; ++c)
                    out[base + c] = 0;
                out[base + unknown_cell] = t_max;
            }
        }
    }
};

/// The whole member with the highest total over all units (ties: the lowest member id).
struct max_member_rule {
    static std::string describe() { return "whole member with the highest total"; }
    void combine(const member_matrix& m, std::span<std::int64_t> out) const {
        std::fill(out.begin(), out.end(), 0);
        if (m.rows() == 0)
            return;
        std::size_t best = 0;
        std::int64_t best_total = -1;
        for (std::size_t r = 0; r < m.rows(); ++r) {
            std::int64_t t = 0;
            for (std::size_t u = 0; u < m.units(); ++u)
                t = detail::checked_add(t, m.at(r, u).value);
            if (t > best_total || (t == best_total && m.members()[r] < m.members()[best])) {
                best = r;
                best_total = t;
            }
        }
        for (std::size_t u = 0; u < m.units(); ++u)
            out[u] = m.at(best, u).value;
    }
};

/// A sum of terms, each the max or the sum over its own members. Members not assigned to any
/// term go to the fallback term (by default a max term named "other sectors": an unlisted
/// sector is assumed to overlap, which keeps the figure a lower bound).
class composite_rule {
  public:
    enum class term_kind { max, sum };

    /// Adds a term; returns its index.
    std::size_t term(std::string name, term_kind kind) {
        terms_.push_back({std::move(name), kind});
        return terms_.size() - 1;
    }
    /// Puts member id into term t. Throws errc::invalid_argument for an unknown term.
    void assign(code_id member, std::size_t t) {
        if (t >= terms_.size())
            throw error(errc::invalid_argument, "composite rule: no such term");
        if (role_.size() <= member)
            role_.resize(member + 1, -1);
        role_[member] = static_cast<int>(t);
    }
    /// The term of members not assigned (must be an existing term). Throws errc::invalid_argument.
    void fallback(std::size_t t) {
        if (t >= terms_.size())
            throw error(errc::invalid_argument, "composite rule: no such term");
        fallback_ = static_cast<int>(t);
    }

    /// The southern-cone model over the sector ids of a table's dictionary, recognising the
    /// spellings of catalog (R4V by default): max{Shelter, Humanitarian Transportation, WASH,
    /// Food Security} + max{Protection (General)} + sum{MPC, Integration, Health, Education}.
    /// The protection sub-sectors (Child Protection, GBV, Human Trafficking and Smuggling) join
    /// the Protection term, whose members overlap; any other sector (Nutrition, unknown names)
    /// joins the first, overlapping term.
    static composite_rule southern_cone(const dictionary& sectors,
                                        const sector_catalog& catalog = sector_catalog::r4v()) {
        composite_rule r;
        const auto basic = r.term("max{Shelter, Humanitarian Transportation, WASH, Food Security}",
                                  term_kind::max);
        const auto prot = r.term("Protection (General)", term_kind::max);
        const auto add = r.term("sum{MPC, Integration, Health, Education}", term_kind::sum);
        r.fallback(basic);
        auto code_of = [&](code_id s) -> std::string {
            if (auto id = catalog.find(sectors[s]))
                return catalog.info(*id).code;
            return {};
        };
        for (code_id s = 0; s < sectors.size(); ++s) {
            const auto code = code_of(s);
            if (code == "SHE" || code == "HTR" || code == "WSH" || code == "FSC")
                r.assign(s, basic);
            else if (code == "PRO" || code.rfind("PRO-", 0) == 0)
                r.assign(s, prot);
            else if (code == "MPC" || code == "INT" || code == "HEA" || code == "EDU")
                r.assign(s, add);
        }
        return r;
    }

    std::string describe() const {
        std::string s;
        for (std::size_t i = 0; i < terms_.size(); ++i) {
            s += i ? " + " : "";
            s += terms_[i].name;
        }
        return s.empty() ? "empty composite" : s;
    }

    void combine(const member_matrix& m, std::span<std::int64_t> out) const {
        // Per unit: one accumulator per term.
        std::fill(out.begin(), out.end(), 0);
        for (std::size_t u = 0; u < m.units(); ++u) {
            std::int64_t total = 0;
            for (std::size_t t = 0; t < terms_.size(); ++t) {
                std::int64_t acc = 0;
                for (std::size_t r = 0; r < m.rows(); ++r) {
                    if (term_of(m.members()[r]) != static_cast<int>(t))
                        continue;
                    const auto v = m.at(r, u).value;
                    acc = terms_[t].kind == term_kind::max ? std::max(acc, v)
                                                           : detail::checked_add(acc, v);
                }
                total = detail::checked_add(total, acc);
            }
            out[u] = total;
        }
    }

    int term_of(code_id member) const noexcept {
        if (member < role_.size() && role_[member] >= 0)
            return role_[member];
        return fallback_;
    }

  private:
    struct term_info {
        std::string name;
        term_kind kind;
    };
    std::vector<term_info> terms_;
    std::vector<int> role_;
    int fallback_ = 0;
};

/// Applies rule to m: out[u].value by the rule, out[u].upper = sum of the members' upper bounds.
/// out.size() must be m.units().
template <MemberRule Rule>
void reduce(const Rule& rule, const member_matrix& m, std::span<bounded> out,
            std::vector<std::int64_t>& scratch) {
    scratch.assign(m.units(), 0);
    rule.combine(m, scratch);
    for (std::size_t u = 0; u < m.units(); ++u) {
        std::int64_t up = 0;
        for (std::size_t r = 0; r < m.rows(); ++r)
            up = detail::checked_add(up, m.at(r, u).upper);
        out[u] = bounded{scratch[u], up};
    }
}

} // namespace tally::dedup
