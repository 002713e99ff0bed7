#pragma once
// One sector filter for every command (`--sector` of reach, plan, funding, misalign and report):
// a sector or sub-sector named the way every entry point names one, and the rows of a table
// that lie in it.
//
// The rule. A name resolves through the sector catalog (sector_catalog::find: code, name or
// alias; case, surrounding blanks, spaces and hyphens do not matter; core/resolve.hpp). A name
// the catalog does not know is an error (errc::unknown_code) that lists the catalog's sectors:
// a filter is never guessed. A value of a table lies in the scope when it resolves to the
// scope's sector or to one of its sub-sectors ("Protection" holds "Protection (GBV)"; a
// sub-sector holds itself only). A row without a sector, a value the catalog does not know and
// a precomputed Intersector row lie in no scope.
//
// Sector figures are never summed into an intersector figure (docs/rules.md): a filter selects
// the rows of one sector, and the figures made from them are that sector's (note()).
//
// Cost: resolving a scope is one catalog lookup; a filter looks each dictionary value up once
// and copies the rows it keeps (one pass, one copy of the kept rows).

#include <tally/version.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/core/sector.hpp>
#include <tally/table/activity_table.hpp>
#include <tally/table/flow_table.hpp>
#include <tally/table/plan_table.hpp>
#include <vector>

namespace tally {

/// A sector or sub-sector of a catalog, or every sector (the default).
class sector_scope {
  public:
    /// Every sector: contains() is true for every value, the filters keep every row.
    sector_scope() = default;
    /// The sector or sub-sector `name` names in cat (code, name or alias). Throws
    /// errc::unknown_code, listing the catalog's sectors, when cat does not know it.
    sector_scope(const sector_catalog& cat, std::string_view name) : cat_(cat) {
        const auto id = cat.find(name);
        if (!id)
            throw error(errc::unknown_code, "unknown sector '" + std::string(name) +
                                                "'; the sectors are " + known_sectors(cat));
        id_ = *id;
    }
    /// The scope of `name` in the R4V catalog; every sector when name is empty.
    static sector_scope of(std::string_view name) {
        return name.empty() ? sector_scope() : sector_scope(sector_catalog::r4v(), name);
    }

    /// True for the scope of every sector.
    bool whole() const noexcept { return !id_; }
    /// The catalog's name of the scope ("Health"); "" for every sector.
    std::string name() const { return id_ ? cat_.info(*id_).name : std::string(); }
    /// True when s resolves to the scope's sector or to one of its sub-sectors (always, for
    /// every sector).
    bool contains(std::string_view s) const {
        if (!id_)
            return true;
        const auto id = cat_.find(s);
        return id && (*id == *id_ || cat_.rollup(*id) == *id_);
    }
    /// True when every sector of a flow's list lies in the scope; false for an empty list under
    /// a scope (money of no named sector is no sector's).
    bool contains_all(const std::vector<std::string>& sectors) const {
        if (!id_)
            return true;
        if (sectors.empty())
            return false;
        for (const auto& s : sectors)
            if (!contains(s))
                return false;
        return true;
    }
    /// Per value of a dictionary of sectors, 1 when it lies in the scope.
    std::vector<char> mask(const dictionary& sectors) const {
        std::vector<char> keep(sectors.size());
        for (code_id s = 0; s < sectors.size(); ++s)
            keep[s] = contains(sectors[s]) ? 1 : 0;
        return keep;
    }
    /// The sentence a figure of the scope carries: "Figure for one sector: Health (its
    /// sub-sectors included); never added into an intersector figure." ("" for every sector).
    std::string note() const {
        if (!id_)
            return {};
        return "Figure for one sector: " + name() + parts() +
               "; never added into an intersector figure.";
    }
    /// " (its sub-sectors included)" when the scope's sector has sub-sectors in the catalog; ""
    /// otherwise (a sub-sector, a sector without any, every sector).
    std::string parts() const {
        return id_ && cat_.has_subsectors(*id_) ? " (its sub-sectors included)" : "";
    }

    /// "EDU Education, FSC Food Security, ...": the codes and names of cat, in catalog order.
    static std::string known_sectors(const sector_catalog& cat) {
        std::string s;
        for (code_id id = 0; id < cat.size(); ++id) {
            if (!s.empty())
                s += ", ";
            s += cat.info(id).code;
            s += ' ';
            s += cat.info(id).name;
        }
        return s;
    }

  private:
    sector_catalog cat_;
    std::optional<code_id> id_;
};

/// The lines of t whose sector lies in the scope, in t's order, with t's dictionaries (so the
/// ids of the copy are those of t).
inline activity_table select_sector(const activity_table& t, const sector_scope& scope) {
    activity_table out = t.empty_like();
    const auto keep = scope.mask(t.sectors);
    std::vector<group_value> bd;
    for (std::size_t i = 0; i < t.size(); ++i) {
        const auto s = t.sector()[i];
        if (s == no_code ? !scope.whole() : !keep[s])
            continue;
        activity_line l = t.line(i, bd);
        out.append(l, bd);
    }
    return out;
}

/// True when a plan line lies in the scope: a sector row of the scope (an Intersector row is an
/// all-sector figure and lies in no scope).
inline bool in_sector_scope(const plan_table& t, const plan_line& l, const sector_scope& scope) {
    if (scope.whole())
        return true;
    return !l.intersector && l.sector != no_code && scope.contains(t.sectors[l.sector]);
}

/// The lines of t that lie in the scope, in t's order, with t's dictionaries.
inline plan_table select_sector(const plan_table& t, const sector_scope& scope) {
    plan_table out(t.groups());
    out.countries = t.countries;
    out.admin1s = t.admin1s;
    out.sectors = t.sectors;
    out.files = t.files;
    for (const auto& l : t.lines())
        if (in_sector_scope(t, l, scope))
            out.append(l);
    return out;
}

/// The rows of a flow table whose sector lies in the scope, with t's dictionaries.
inline flow_table select_sector(const flow_table& t, const sector_scope& scope) {
    flow_table out;
    out.donors = t.donors;
    out.recipients = t.recipients;
    out.countries = t.countries;
    out.sectors = t.sectors;
    const auto keep = scope.mask(t.sectors);
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (t.sector[i] == no_code ? !scope.whole() : !keep[t.sector[i]])
            continue;
        out.donor.push_back(t.donor[i]);
        out.recipient.push_back(t.recipient[i]);
        out.country.push_back(t.country[i]);
        out.sector.push_back(t.sector[i]);
        out.amount_usd.push_back(t.amount_usd[i]);
    }
    return out;
}

} // namespace tally
