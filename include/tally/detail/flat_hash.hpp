#pragma once
// An open-addressing hash map from packed 64-bit keys to a small trivially copyable value: the
// hot path of the de-duplication pipeline. Linear probing, power-of-two capacity, no per-insert
// allocation (the table doubles when three quarters full). The key ~0 is reserved as "empty".
// A key and its value share one slot, so a probe into a table larger than the cache costs one
// cache miss, not two.

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <tally/core/error.hpp>
#include <tally/detail/big_pages.hpp>
#include <tally/detail/radix_sort.hpp>
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
        if ((size_ + 1) * 4 > slots_.size() * 3)
            rehash(slots_.size() * 2);
        std::size_t i = mix64(key) & mask_;
        while (true) {
            slot& e = slots_[i];
            if (e.key == key)
                return e.value;
            if (e.key == empty_key) {
                e.key = key;
                e.value = V{};
                ++size_;
                return e.value;
            }
            i = (i + 1) & mask_;
        }
    }

    const V* find(std::uint64_t key) const noexcept {
        std::size_t i = mix64(key) & mask_;
        while (true) {
            const slot& e = slots_[i];
            if (e.key == key)
                return &e.value;
            if (e.key == empty_key)
                return nullptr;
            i = (i + 1) & mask_;
        }
    }

    /// Asks the processor to bring key's first slot into the cache (a hint: nothing changes).
    void prefetch(std::uint64_t key) const noexcept {
        __builtin_prefetch(slots_.data() + (mix64(key) & mask_), 1);
    }

    std::size_t size() const noexcept { return size_; }
    bool empty() const noexcept { return size_ == 0; }

    /// Calls f(key, value) for every entry, in no particular order.
    template <class F>
    void for_each(F&& f) const {
        for (const slot& e : slots_)
            if (e.key != empty_key)
                f(e.key, e.value);
    }

    /// The entries as (key, value) pairs sorted by key.
    std::vector<std::pair<std::uint64_t, V>> sorted() const {
        std::vector<std::pair<std::uint64_t, V>> out;
        out.reserve(size_);
        for_each([&](std::uint64_t k, const V& v) { out.emplace_back(k, v); });
        // Keys are distinct: the order by key alone is the whole order.
        radix_sort(
            out.data(), 0, out.size(), [](const auto& e) { return e.first; },
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
    struct slot {
        std::uint64_t key = empty_key;
        V value{};
    };
    void rehash(std::size_t cap) {
        big_vector<slot> old(cap);
        old.swap(slots_);
        mask_ = cap - 1;
        size_ = 0;
        for (const slot& e : old)
            if (e.key != empty_key)
                (*this)[e.key] = e.value;
    }

    big_vector<slot> slots_;
    std::size_t mask_ = 0;
    std::size_t size_ = 0;
};

/// Adds values to the keys of a flat_hash a few additions late: the slot of each key is
/// prefetched when the addition arrives and updated Depth additions later, so that the cache
/// misses of a table larger than the cache overlap instead of following one another.
/// add(key, v, f) calls f(slot of key, v) Depth additions later, in order of arrival; flush(f)
/// makes the outstanding ones (the destructor does not: call it).
template <class V, std::size_t Depth = 16>
class delayed_adds {
    static_assert((Depth & (Depth - 1)) == 0, "Depth is a power of two");

  public:
    explicit delayed_adds(flat_hash<V>& h) noexcept : h_(h) {}

    template <class F>
    void add(std::uint64_t key, const V& v, F&& f) {
        if (n_ >= Depth) {
            const auto& [k, old] = pending_[n_ & (Depth - 1)];
            f(h_[k], old);
        }
        h_.prefetch(key);
        pending_[n_ & (Depth - 1)] = {key, v};
        ++n_;
    }
    template <class F>
    void flush(F&& f) {
        for (std::size_t i = n_ >= Depth ? n_ - Depth : 0; i < n_; ++i) {
            const auto& [k, v] = pending_[i & (Depth - 1)];
            f(h_[k], v);
        }
        n_ = 0;
    }

  private:
    flat_hash<V>& h_;
    std::pair<std::uint64_t, V> pending_[Depth]{};
    std::size_t n_ = 0;
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
