#pragma once
// A dictionary maps strings to dense integer ids 0..size()-1 in order of first appearance.
// Every table encodes its string columns through one; ids are stable for the dictionary's life.

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <unordered_map>
#include <vector>

namespace tally {

/// Dense id of a dictionary entry.
using code_id = std::uint32_t;
inline constexpr code_id no_code = static_cast<code_id>(-1);

namespace detail {
struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept {
        return std::hash<std::string_view>{}(s);
    }
};
} // namespace detail

class dictionary {
  public:
    dictionary() = default;
    // Keys are string_views into strings_, whose elements never move (std::deque), but the views
    // must be rebuilt on copy because they would point into the source.
    dictionary(const dictionary& o) : strings_(o.strings_) { reindex(); }
    dictionary& operator=(const dictionary& o) {
        if (this != &o) {
            strings_ = o.strings_;
            reindex();
        }
        return *this;
    }
    dictionary(dictionary&&) noexcept = default;
    dictionary& operator=(dictionary&&) noexcept = default;

    /// The id of s, adding it when new.
    code_id intern(std::string_view s) {
        if (auto it = index_.find(s); it != index_.end())
            return it->second;
        const auto id = static_cast<code_id>(strings_.size());
        strings_.emplace_back(s);
        index_.emplace(std::string_view(strings_.back()), id);
        return id;
    }

    /// The id of s, or std::nullopt.
    std::optional<code_id> find(std::string_view s) const {
        if (auto it = index_.find(s); it != index_.end())
            return it->second;
        return std::nullopt;
    }

    /// The id of s. Throws errc::unknown_code when s is not in the dictionary.
    code_id at(std::string_view s) const {
        if (auto id = find(s))
            return *id;
        throw error(errc::unknown_code, "'" + std::string(s) + "' is not a known code");
    }

    bool contains(std::string_view s) const { return index_.find(s) != index_.end(); }

    /// The string of id. Throws errc::invalid_argument for an id out of range.
    const std::string& name(code_id id) const {
        if (id >= strings_.size())
            throw error(errc::invalid_argument,
                        "dictionary id " + std::to_string(id) + " out of range");
        return strings_[id];
    }
    const std::string& operator[](code_id id) const { return strings_[id]; }

    std::size_t size() const noexcept { return strings_.size(); }
    bool empty() const noexcept { return strings_.empty(); }

    /// Adds every entry of o and returns, for each id of o, the id it has here. Used to merge
    /// tables that were encoded separately (for example two halves of an input).
    std::vector<code_id> merge(const dictionary& o) {
        std::vector<code_id> remap(o.size());
        for (code_id i = 0; i < o.size(); ++i)
            remap[i] = intern(o.strings_[i]);
        return remap;
    }

    auto begin() const { return strings_.begin(); }
    auto end() const { return strings_.end(); }

  private:
    void reindex() {
        index_.clear();
        for (code_id i = 0; i < strings_.size(); ++i)
            index_.emplace(std::string_view(strings_[i]), i);
    }

    std::deque<std::string> strings_;
    std::unordered_map<std::string_view, code_id, detail::string_hash, std::equal_to<>> index_;
};

} // namespace tally
