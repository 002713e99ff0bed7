#pragma once
// An open-addressing hash map from packed 64-bit keys to a small trivially copyable value: the
// hot path of the de-duplication pipeline. Linear probing, power-of-two capacity, no per-insert
// allocation (the table doubles when three quarters full). The key ~0 is reserved as "empty".

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <tally/core/error.hpp>
#include <utility>
#include <vector>

namespace tally::detail {

inline constexpr std::uint64_t empty_key = ~std::uint64_t{0};

/// A 64-bit mixer (the finaliser of MurmurHash3): packed keys differ mostly in low bits.
inline std::uint64_t mix64(std::uint64_t k) noexcept {
    k ^= k >> 33;
    k *= 0xff51afd7ed558ccdULL;
    k ^= k >> 33;
    k *= 0xc4ceb9fe1a85ec53ULL;
    k ^= k >> 33;
    return k;
}

template <class V>
class flat_hash {
  public:
    explicit flat_hash(std::size_t expected = 16) { rehash(capacity_for(expected)); }

    /// The value of key, value-initialised when new.
    V& operator[](std::uint64_t key) {
        if ((size_ + 1) * 4 > keys_.size() * 3)
            rehash(keys_.size() * 2);
        std::size_t i = mix64(key) & mask_;
        while (true) {
            const std::uint64_t k = keys_[i];
            if (k == key)
                return values_[i];
            if (k == empty_key) {
                keys_[i] = key;
                values_[i] = V{};
                ++size_;
                return values_[i];
            }
            i = (i + 1) & mask_;
        }
    }

    const V* find(std::uint64_t key) const noexcept {
        std::size_t i = mix64(key) & mask_;
        while (true) {
            const std::uint64_t k = keys_[i];
            if (k == key)
                return &values_[i];
            if (k == empty_key)
                return nullptr;
            i = (i + 1) & mask_;
        }
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    /// Calls f(key, value) for every entry, in no particular order.
    template <class F>
    void for_each(F&& f) const {
        for (std::size_t i = 0; i < keys_.size(); ++i)
            if (keys_[i] != empty_key)
                f(keys_[i], values_[i]);
    }

    /// The entries as (key, value) pairs sorted by key.
    std::vector<std::pair<std::uint64_t, V>> sorted() const {
        std::vector<std::pair<std::uint64_t, V>> out;
        out.reserve(size_);
        for_each([&](std::uint64_t k, const V& v) { out.emplace_back(k, v); });
        std::sort(out.begin(), out.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        return out;
    }

  private:
    static std::size_t capacity_for(std::size_t n) {
        std::size_t c = 16;
        while (c * 3 < n * 4)
            c *= 2;
        return c;
    }
    void rehash(std::size_t cap) {
        std::vector<std::uint64_t> old_keys(cap, empty_key);
        std::vector<V> old_values(cap);
        old_keys.swap(keys_);
        old_values.swap(values_);
        mask_ = cap - 1;
        size_ = 0;
        for (std::size_t i = 0; i < old_keys.size(); ++i)
            if (old_keys[i] != empty_key)
                (*this)[old_keys[i]] = old_values[i];
    }

    std::vector<std::uint64_t> keys_;
    std::vector<V> values_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

/// Packs several small unsigned fields into one 64-bit key, most significant field first, so
/// that sorting packed keys sorts by the fields in order.
class key_packer {
  public:
    /// Adds a field whose values are < cardinality; returns its index. Throws errc::overflow when
    /// the fields together need more than 63 bits (the all-ones key is reserved).
    std::size_t field(std::uint64_t cardinality) {
        unsigned w = 0;
        while (w < 64 && (std::uint64_t{1} << w) < cardinality)
            ++w;
        if (total_ + w > 63)
            throw error(errc::overflow, "too many distinct key values to pack into 64 bits");
        width_.push_back(w);
        shift_.push_back(0);
        total_ += w;
        return width_.size() - 1;
    }
    std::uint64_t pack(std::initializer_list<std::uint64_t> values) const noexcept {
        std::uint64_t k = 0;
        std::size_t i = 0;
        for (auto v : values)
            k |= v << shift_[i++];
        return k;
    }
    std::uint64_t get(std::uint64_t key, std::size_t f) const noexcept {
        return width_[f] == 0 ? 0 : (key >> shift_[f]) & ((std::uint64_t{1} << width_[f]) - 1);
    }
    std::uint64_t shift(std::size_t f) const noexcept { return shift_[f]; }
    unsigned bits() const noexcept { return total_; }

    /// Fields are added most significant first, then finalised: shifts are assigned once all
    /// widths are known.
    void finish() {
        unsigned s = total_;
        for (std::size_t i = 0; i < width_.size(); ++i) {
            s -= width_[i];
            shift_[i] = s;
        }
    }

  private:
    std::vector<unsigned> width_;
    std::vector<unsigned> shift_;
    unsigned total_ = 0;
};

} // namespace tally::detail
