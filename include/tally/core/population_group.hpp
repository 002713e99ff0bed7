#pragma once
// Population groups, as data rather than a closed enum (later plans add groups such as "on the
// move"). Each group has a cross-country rule: additive groups are summed from countries up to
// platforms and the region; per-country-only groups (people in transit, who pass through and are
// assisted in several countries) are reported per country and left out of platform and regional
// totals unless the caller names another rule.

#include <algorithm>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/dictionary.hpp>
#include <tally/core/error.hpp>
#include <tally/core/names.hpp>
#include <vector>

namespace tally {

enum class cross_country_rule { additive, per_country_only };

struct population_group_info {
    std::string code;
    std::string label;
    cross_country_rule rule = cross_country_rule::additive;
};

class population_groups {
  public:
    /// The R4V groups: in destination, in transit (per country only), host community, pendular,
    /// (Colombian) returnees, with the spellings of the R4V 5W export and of the 2025 5W
    /// template ("Refugees and Migrants IN DESTINATION") as aliases.
    static population_groups r4v() {
        population_groups g;
        g.add("in_destination", "In destination", cross_country_rule::additive,
              {"in destination", "destination", "en destino",
               "refugees and migrants in destination", "refugiados y migrantes en destino"});
        g.add("in_transit", "In transit", cross_country_rule::per_country_only,
              {"in transit", "transit", "en transito", "en tránsito",
               "refugees and migrants in transit", "refugiados y migrantes en tránsito"});
        g.add("host_community", "Host community", cross_country_rule::additive,
              {"host communities", "host_communities", "host", "comunidad de acogida",
               "comunidades de acogida"});
        g.add("pendular", "Pendular", cross_country_rule::additive, {"pendulars", "pendulares"});
        g.add("returnees", "Colombian returnees", cross_country_rule::additive,
              {"returnee", "colombian returnees", "colombian_returnees", "retornados"});
        return g;
    }

    /// Adds a group. Throws errc::duplicate_code when the code or an alias is already taken.
    code_id add(std::string_view code, std::string_view label, cross_country_rule rule,
                std::initializer_list<std::string_view> aliases = {}) {
        // Check every spelling first, so a failed add leaves the registry unchanged.
        std::vector<std::string> keys{normalize_name(code)};
        for (auto a : aliases)
            if (auto k = normalize_name(a); std::find(keys.begin(), keys.end(), k) == keys.end())
                keys.push_back(std::move(k));
        for (const auto& k : keys)
            if (keys_.contains(k))
                throw error(errc::duplicate_code,
                            "population group spelling '" + k + "' is defined twice");
        const auto id = static_cast<code_id>(groups_.size());
        groups_.push_back({std::string(code), std::string(label.empty() ? code : label), rule});
        for (const auto& k : keys) {
            keys_.intern(k);
            ids_.push_back(id);
        }
        return id;
    }

    /// Finds a group by code, label or alias (case, spaces and hyphens do not matter).
    std::optional<code_id> find(std::string_view s) const {
        if (auto k = keys_.find(normalize_name(s)))
            return ids_[*k];
        return std::nullopt;
    }
    /// Throws errc::unknown_code.
    code_id id_of(std::string_view s) const {
        if (auto id = find(s))
            return *id;
        throw error(errc::unknown_code, "unknown population group '" + std::string(s) + "'");
    }

    const population_group_info& info(code_id id) const { return groups_.at(id); }
    cross_country_rule rule(code_id id) const { return groups_.at(id).rule; }
    std::size_t size() const noexcept { return groups_.size(); }

  private:
    std::vector<population_group_info> groups_;
    dictionary keys_;
    std::vector<code_id> ids_;
};

/// One value per population group, indexed by group id; the value type is a count of any measure
/// and representation (or anything default-constructible).
template <class Value>
class per_group {
  public:
    per_group() = default;
    explicit per_group(std::size_t groups) : values_(groups) {}

    Value& operator[](code_id g) {
        if (g >= values_.size())
            values_.resize(g + 1);
        return values_[g];
    }
    const Value& at(code_id g) const { return values_.at(g); }
    std::size_t size() const noexcept { return values_.size(); }
    auto begin() const { return values_.begin(); }
    auto end() const { return values_.end(); }

  private:
    std::vector<Value> values_;
};

} // namespace tally
