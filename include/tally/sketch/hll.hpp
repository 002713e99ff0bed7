#pragma once
// HyperLogLog: a mergeable estimate of the number of distinct 64-bit hashes.
//
// Parameters: precision p (4..18, default 14), m = 2^p registers. A hash h goes to register
// j = the top p bits of h, which keeps the maximum of rank = 1 + the number of leading zeros of
// the other 64 - p bits (at most 65 - p).
//
// Exact (sparse) mode: up to m / 8 distinct hashes the sketch keeps the hashes themselves, sorted,
// and the estimate is their exact number (no larger than the m bytes of the dense registers).
// Past that it turns into the registers.
//
// Estimate (dense): Ertl's improved estimator ("New cardinality estimation algorithms for
// HyperLogLog sketches", 2017, eq. 10), which needs no empirical bias tables and is unbiased from
// small to large counts, so no separate small-range switch is needed:
//   E = m^2 / (2 ln 2) / (m sigma(C_0/m) + sum_{k=1..q} C_k 2^-k + m tau(1 - C_{q+1}/m) 2^-q)
// with q = 64 - p, C_k = the number of registers equal to k,
//   sigma(x) = x + sum_{k>=1} x^(2^k) 2^(k-1),  tau(x) = (1 - x - sum_{k>=1} (1 - x^(2^-k))^2 2^-k)
//   / 3.
// sigma is the small-range correction (it is linear counting's limit when few registers are set).
// Relative standard error 1.04 / sqrt(m) (0.81% at p = 14); the 95% interval is
// E (1 -+ 1.96 * 1.04 / sqrt(m)), and its lower end is never below the m / 8 + 1 hashes the sketch
// is known to have seen once dense. With every register at its maximum 65 - p (about 2^64
// hashes seen) E is +infinity, with upper end +infinity: a count beyond the sketch (n/a when
// written, estimate.hpp).
//
// Verbs: update / merge / estimate / empty / serialize / deserialize. merge takes the union of
// the hash sets (sparse) or the register-wise maximum (dense); the state is a function of the
// set of hashes seen, so merge is commutative, associative and idempotent, the empty sketch is
// its identity, and a split input merges into the sketch of the whole. Sketches merge only when
// their precision and key fingerprint agree.
//
// Serialized form, version 1, little-endian: "THLL", u16 version = 1, u8 p, u8 mode (0 sparse,
// 1 dense), u64 key fingerprint; sparse: u32 n, then n u64 hashes strictly increasing; dense:
// 2^p u8 registers; then the u64 FNV-1a checksum of all bytes before it.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/sketch/byte_io.hpp>
#include <tally/sketch/estimate.hpp>
#include <vector>

namespace tally::sketch {

class hll_sketch {
  public:
    static constexpr int min_precision = 4;
    static constexpr int max_precision = 18;
    static constexpr int default_precision = 14;
    static constexpr std::uint16_t format_version = 1;

    /// Throws errc::invalid_argument when p is outside 4..18.
    explicit hll_sketch(int p = default_precision, std::uint64_t key_fingerprint = 0)
        : p_(check_precision(p)), fingerprint_(key_fingerprint) {}

    int precision() const noexcept { return p_; }
    std::uint64_t key_fingerprint() const noexcept { return fingerprint_; }
    std::size_t registers() const noexcept { return std::size_t{1} << p_; }
    /// The largest number of hashes kept in exact mode: m / 8.
    std::size_t sparse_limit() const noexcept { return registers() / 8; }
    bool is_sparse() const noexcept { return dense_.empty(); }
    bool empty() const noexcept { return is_sparse() && sparse_.empty(); }

    void update(std::uint64_t hash) {
        if (!is_sparse()) {
            set_register(hash);
            return;
        }
        auto it = std::lower_bound(sparse_.begin(), sparse_.end(), hash);
        if (it != sparse_.end() && *it == hash)
            return;
        sparse_.insert(it, hash);
        if (sparse_.size() > sparse_limit())
            densify();
    }

    /// Throws errc::mismatch when precision or key fingerprint differ.
    void merge(const hll_sketch& o) {
        check_compatible(o);
        if (o.is_sparse()) {
            for (auto h : o.sparse_)
                update(h);
            return;
        }
        if (is_sparse())
            densify();
        for (std::size_t j = 0; j < dense_.size(); ++j)
            dense_[j] = std::max(dense_[j], o.dense_[j]);
    }

    /// The number of distinct hashes seen, with its 95% interval.
    sketch::estimate estimate() const {
        if (is_sparse()) {
            const auto n = static_cast<double>(sparse_.size());
            return {n, n, n, true};
        }
        const double m = static_cast<double>(registers());
        const int q = 64 - p_;
        std::vector<double> c(static_cast<std::size_t>(q) + 2, 0.0);
        for (auto r : dense_)
            c[r] += 1;
        double z = m * tau(1 - c[static_cast<std::size_t>(q) + 1] / m);
        for (int k = q; k >= 1; --k) {
            z += c[static_cast<std::size_t>(k)];
            z *= 0.5;
        }
        z += m * sigma(c[0] / m);
        // A dense sketch has seen more than sparse_limit() distinct hashes.
        const double floor = static_cast<double>(sparse_limit() + 1);
        // Every register at its maximum gives z = 0: the sketch has seen more hashes than it can
        // count, and the estimate is +infinity (written n/a), never a division's NaN.
        const double e = z > 0 ? std::max(floor, m * m / (2 * std::log(2.0)) / z)
                               : std::numeric_limits<double>::infinity();
        if (!std::isfinite(e))
            return {e, floor, e, false};
        const double half = z95 * 1.04 / std::sqrt(m) * e;
        return {e, std::max(floor, e - half), e + half, false};
    }

    /// Whether the sketch may have seen hash: in exact mode whether it holds it; dense, whether
    /// the hash's register is at least its rank (false means it never saw it).
    bool may_contain(std::uint64_t hash) const {
        if (is_sparse())
            return std::binary_search(sparse_.begin(), sparse_.end(), hash);
        return dense_[register_of(hash)] >= rank_of(hash);
    }
    /// The hashes kept in exact mode (sorted; empty once dense).
    const std::vector<std::uint64_t>& exact_hashes() const noexcept { return sparse_; }

    friend bool operator==(const hll_sketch&, const hll_sketch&) = default;

    std::string serialize() const {
        detail::le_writer w;
        w.raw("THLL");
        w.u16(format_version);
        w.u8(static_cast<std::uint8_t>(p_));
        w.u8(is_sparse() ? 0 : 1);
        w.u64(fingerprint_);
        if (is_sparse()) {
            w.u32(static_cast<std::uint32_t>(sparse_.size()));
            for (auto h : sparse_)
                w.u64(h);
        } else {
            for (auto r : dense_)
                w.u8(r);
        }
        return std::move(w).finish();
    }

    /// Throws errc::parse for bytes that are not a version-1 HyperLogLog sketch: wrong magic or
    /// version, truncated, checksum mismatch, precision out of range, a register above 65 - p,
    /// sparse hashes not strictly increasing or more of them than the sparse limit.
    static hll_sketch deserialize(std::string_view bytes) {
        detail::le_reader r(bytes, "HyperLogLog sketch");
        if (r.raw(4) != "THLL")
            r.fail("not a HyperLogLog sketch (magic)");
        if (const auto v = r.u16(); v != format_version)
            r.fail("unsupported format version " + std::to_string(v));
        const int p = r.u8();
        if (p < min_precision || p > max_precision)
            r.fail("precision " + std::to_string(p) + " outside 4..18");
        const auto mode = r.u8();
        hll_sketch s(p, r.u64());
        if (mode == 0) {
            const auto n = r.u32();
            if (n > s.sparse_limit())
                r.fail("sparse count " + std::to_string(n) + " above its limit");
            s.sparse_.reserve(n);
            for (std::uint32_t i = 0; i < n; ++i) {
                const auto h = r.u64();
                if (!s.sparse_.empty() && h <= s.sparse_.back())
                    r.fail("sparse hashes not strictly increasing");
                s.sparse_.push_back(h);
            }
        } else if (mode == 1) {
            s.dense_.resize(s.registers());
            for (auto& reg : s.dense_) {
                reg = r.u8();
                if (reg > 65 - p)
                    r.fail("register value " + std::to_string(reg) + " above 65 - p");
            }
            if (std::all_of(s.dense_.begin(), s.dense_.end(), [](auto v) { return v == 0; }))
                r.fail("dense registers all zero");
        } else {
            r.fail("unknown mode " + std::to_string(mode));
        }
        r.expect_end();
        return s;
    }

  private:
    static int check_precision(int p) {
        if (p < min_precision || p > max_precision)
            throw error(errc::invalid_argument,
                        "HyperLogLog precision must be 4..18, not " + std::to_string(p));
        return p;
    }
    void check_compatible(const hll_sketch& o) const {
        if (o.p_ != p_)
            throw error(errc::mismatch, "cannot merge HyperLogLog sketches of precision " +
                                            std::to_string(p_) + " and " + std::to_string(o.p_));
        if (o.fingerprint_ != fingerprint_)
            throw error(errc::mismatch,
                        "cannot merge sketches made with different keys (key fingerprints " +
                            detail::hex64(fingerprint_) + " and " + detail::hex64(o.fingerprint_) +
                            ")");
    }
    std::size_t register_of(std::uint64_t h) const noexcept {
        return static_cast<std::size_t>(h >> (64 - p_));
    }
    std::uint8_t rank_of(std::uint64_t h) const noexcept {
        const std::uint64_t rest = h << p_;
        const int rank = rest == 0 ? 65 - p_ : std::min(65 - p_, std::countl_zero(rest) + 1);
        return static_cast<std::uint8_t>(rank);
    }
    void set_register(std::uint64_t h) {
        auto& r = dense_[register_of(h)];
        r = std::max(r, rank_of(h));
    }
    void densify() {
        dense_.assign(registers(), 0);
        for (auto h : sparse_)
            set_register(h);
        sparse_.clear();
        sparse_.shrink_to_fit();
    }
    static double sigma(double x) {
        if (x == 1.0)
            return std::numeric_limits<double>::infinity();
        double y = 1, z = x, zp = 0;
        do {
            x *= x;
            zp = z;
            z += x * y;
            y += y;
        } while (zp != z);
        return z;
    }
    static double tau(double x) {
        if (x == 0.0 || x == 1.0)
            return 0.0;
        double y = 1, z = 1 - x, zp = 0;
        do {
            x = std::sqrt(x);
            zp = z;
            y *= 0.5;
            z -= (1 - x) * (1 - x) * y;
        } while (zp != z);
        return z / 3;
    }

    int p_;
    std::uint64_t fingerprint_;
    std::vector<std::uint64_t> sparse_; ///< sorted distinct hashes (exact mode)
    std::vector<std::uint8_t> dense_;   ///< 2^p registers, empty in exact mode
};

} // namespace tally::sketch
