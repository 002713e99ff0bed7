#pragma once
// Theta (KMV, "k minimum values") sketch: set operations on distinct 64-bit hashes.
//
// A theta sketch is a threshold theta in (0, 1] (stored as a 64-bit integer, theta * 2^64; the
// largest value means 1, "exact") and the hashes below it. Each distinct hash lies below theta
// with probability theta, so a sketch holding c hashes estimates c / theta distinct hashes.
// An update sketch of nominal size k = 2^lg_k (lg_k 4..20, default 12) keeps the k smallest
// hashes and sets theta to the (k+1)-th smallest: then c / theta is unbiased, with relative
// standard error about 1 / sqrt(k - 1) (1.6% at k = 4096).
//
// Set operations (on sketches of one lg_k and key fingerprint): theta = the smaller theta, and
//   union:         hashes of either below theta (then trimmed back to k)
//   intersection:  hashes of both below theta
//   difference:    hashes of a, not in b, below theta
// Jaccard similarity |A n B| / |A u B| = the share of the union's retained hashes that are in both.
//
// 95% interval: given theta, the c retained hashes of a set of n are Binomial(n, theta). The
// interval is the set of n where c is within z = 1.96 standard deviations of n theta (Wilson's
// score interval solved for n):
//   n = (b -+ sqrt(b^2 - 4 theta^2 c^2)) / (2 theta^2),  b = 2 c theta + z^2 theta (1 - theta),
// and never below c. It stays sound for c = 0 (upper end z^2 (1 - theta) / theta). Jaccard's
// interval is Wilson's score interval for the proportion of the union's retained hashes.
//
// merge (= union in place) is commutative, associative and idempotent with the empty sketch as
// identity: an update sketch is a function of the set of hashes seen (the k smallest below the
// (k+1)-th). The hash 2^64 - 1 is never retained (probability 2^-64 per person).
//
// Serialized form, version 1, little-endian: "TTHE", u16 version = 1, u8 lg_k, u8 0, u64 key
// fingerprint, u64 theta, u32 n, then n u64 hashes strictly increasing and below theta (n <= k,
// and n = k when theta is below 1: only update and union states are serialized), then the u64
// FNV-1a checksum of all bytes before it. An estimate may exceed 2^63 people for a small theta:
// it is written n/a (estimate.hpp).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <iterator>
#include <limits>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/sketch/byte_io.hpp>
#include <tally/sketch/estimate.hpp>
#include <vector>

namespace tally::sketch {

class theta_sketch {
  public:
    static constexpr int min_lg_k = 4;
    static constexpr int max_lg_k = 20;
    static constexpr int default_lg_k = 12;
    static constexpr std::uint16_t format_version = 1;
    static constexpr std::uint64_t theta_one = std::numeric_limits<std::uint64_t>::max();

    /// Throws errc::invalid_argument when lg_k is outside 4..20.
    explicit theta_sketch(int lg_k = default_lg_k, std::uint64_t key_fingerprint = 0)
        : lg_k_(check_lg_k(lg_k)), fingerprint_(key_fingerprint) {}

    int lg_k() const noexcept { return lg_k_; }
    std::size_t k() const noexcept { return std::size_t{1} << lg_k_; }
    std::uint64_t key_fingerprint() const noexcept { return fingerprint_; }
    /// theta * 2^64 (theta_one: every hash seen is retained).
    std::uint64_t theta() const noexcept { return theta_; }
    double theta_fraction() const noexcept {
        return theta_ == theta_one ? 1.0 : std::ldexp(static_cast<double>(theta_), -64);
    }
    const std::vector<std::uint64_t>& hashes() const noexcept { return hashes_; }
    bool empty() const noexcept { return hashes_.empty() && theta_ == theta_one; }

    void update(std::uint64_t hash) {
        if (hash >= theta_)
            return;
        auto it = std::lower_bound(hashes_.begin(), hashes_.end(), hash);
        if (it != hashes_.end() && *it == hash)
            return;
        hashes_.insert(it, hash);
        trim();
    }

    /// Union in place. Throws errc::mismatch when lg_k or key fingerprint differ.
    void merge(const theta_sketch& o) {
        check_compatible(*this, o);
        theta_ = std::min(theta_, o.theta_);
        std::vector<std::uint64_t> u;
        u.reserve(hashes_.size() + o.hashes_.size());
        std::set_union(hashes_.begin(), hashes_.end(), o.hashes_.begin(), o.hashes_.end(),
                       std::back_inserter(u));
        hashes_ = below(std::move(u), theta_);
        trim();
    }

    /// The number of distinct hashes, with its 95% interval.
    sketch::estimate estimate() const { return estimate_of(hashes_.size(), theta_fraction()); }

    friend bool operator==(const theta_sketch&, const theta_sketch&) = default;

    /// Throws errc::mismatch when lg_k or key fingerprint differ.
    friend theta_sketch set_union(const theta_sketch& a, const theta_sketch& b) {
        theta_sketch r = a;
        r.merge(b);
        return r;
    }
    /// Throws errc::mismatch when lg_k or key fingerprint differ.
    friend theta_sketch set_intersection(const theta_sketch& a, const theta_sketch& b) {
        check_compatible(a, b);
        theta_sketch r(a.lg_k_, a.fingerprint_);
        r.theta_ = std::min(a.theta_, b.theta_);
        std::set_intersection(a.hashes_.begin(), a.hashes_.end(), b.hashes_.begin(),
                              b.hashes_.end(), std::back_inserter(r.hashes_));
        r.hashes_ = below(std::move(r.hashes_), r.theta_);
        return r;
    }
    /// a without b. Throws errc::mismatch when lg_k or key fingerprint differ.
    friend theta_sketch set_difference(const theta_sketch& a, const theta_sketch& b) {
        check_compatible(a, b);
        theta_sketch r(a.lg_k_, a.fingerprint_);
        r.theta_ = std::min(a.theta_, b.theta_);
        std::set_difference(a.hashes_.begin(), a.hashes_.end(), b.hashes_.begin(), b.hashes_.end(),
                            std::back_inserter(r.hashes_));
        r.hashes_ = below(std::move(r.hashes_), r.theta_);
        return r;
    }

    /// Jaccard similarity |A n B| / |A u B| with its 95% interval (0 for two empty sketches).
    /// Throws errc::mismatch when lg_k or key fingerprint differ.
    friend sketch::estimate jaccard(const theta_sketch& a, const theta_sketch& b) {
        const auto u = set_union(a, b);
        const auto n = u.hashes_.size();
        std::size_t both = 0;
        for (auto h : u.hashes_)
            if (std::binary_search(a.hashes_.begin(), a.hashes_.end(), h) &&
                std::binary_search(b.hashes_.begin(), b.hashes_.end(), h))
                ++both;
        if (n == 0)
            return {0, 0, 0, true};
        const double j = static_cast<double>(both) / static_cast<double>(n);
        if (u.theta_ == theta_one)
            return {j, j, j, true};
        const double nn = static_cast<double>(n), z2 = z95 * z95;
        const double centre = (j + z2 / (2 * nn)) / (1 + z2 / nn);
        const double half = z95 / (1 + z2 / nn) * std::sqrt(j * (1 - j) / nn + z2 / (4 * nn * nn));
        return {j, std::max(0.0, centre - half), std::min(1.0, centre + half), false};
    }

    /// c hashes retained below theta (as a fraction): the estimate c / theta and its interval.
    static sketch::estimate estimate_of(std::size_t retained, double theta) {
        const double c = static_cast<double>(retained);
        if (theta >= 1.0)
            return {c, c, c, true};
        const double z2 = z95 * z95;
        const double b = 2 * c * theta + z2 * theta * (1 - theta);
        const double disc = std::sqrt(std::max(0.0, b * b - 4 * theta * theta * c * c));
        const double lo = (b - disc) / (2 * theta * theta);
        const double hi = (b + disc) / (2 * theta * theta);
        return {c / theta, std::max(c, lo), hi, false};
    }

    /// True for the state of an update sketch or a union of them: theta below 1 only once it
    /// holds exactly k hashes (theta is then the (k+1)-th smallest hash seen). The result of an
    /// intersection or a difference may hold fewer, and is an answer to read, not a state to
    /// merge or send.
    bool is_update_state() const noexcept { return theta_ == theta_one || hashes_.size() == k(); }

    /// Throws errc::invalid_argument for a sketch that is not an update state (an intersection
    /// or difference result): deserialize would refuse it.
    std::string serialize() const {
        if (!is_update_state())
            throw error(errc::invalid_argument,
                        "only update and union theta sketches are serialized, not the result of "
                        "an intersection or difference");
        detail::le_writer w;
        w.raw("TTHE");
        w.u16(format_version);
        w.u8(static_cast<std::uint8_t>(lg_k_));
        w.u8(0);
        w.u64(fingerprint_);
        w.u64(theta_);
        w.u32(static_cast<std::uint32_t>(hashes_.size()));
        for (auto h : hashes_)
            w.u64(h);
        return std::move(w).finish();
    }

    /// Throws errc::parse for bytes that are not a version-1 theta sketch: wrong magic or
    /// version, truncated, checksum mismatch, lg_k out of range, more than k hashes, hashes not
    /// strictly increasing or not below theta, a theta below 1 without k hashes.
    static theta_sketch deserialize(std::string_view bytes) {
        detail::le_reader r(bytes, "theta sketch");
        if (r.raw(4) != "TTHE")
            r.fail("not a theta sketch (magic)");
        if (const auto v = r.u16(); v != format_version)
            r.fail("unsupported format version " + std::to_string(v));
        const int lg_k = r.u8();
        if (lg_k < min_lg_k || lg_k > max_lg_k)
            r.fail("lg_k " + std::to_string(lg_k) + " outside 4..20");
        if (r.u8() != 0)
            r.fail("reserved byte not zero");
        theta_sketch s(lg_k, r.u64());
        s.theta_ = r.u64();
        if (s.theta_ == 0)
            r.fail("theta is zero");
        const auto n = r.u32();
        if (n > s.k())
            r.fail(std::to_string(n) + " hashes, more than k = " + std::to_string(s.k()));
        s.hashes_.reserve(n);
        for (std::uint32_t i = 0; i < n; ++i) {
            const auto h = r.u64();
            if (!s.hashes_.empty() && h <= s.hashes_.back())
                r.fail("hashes not strictly increasing");
            if (h >= s.theta_)
                r.fail("a hash is not below theta");
            s.hashes_.push_back(h);
        }
        // An update sketch lowers theta only once it holds k + 1 hashes, and then keeps k: a
        // theta below 1 with fewer hashes (a tiny theta over no hash estimates more people than
        // exist) is no state a sketch reaches.
        if (s.theta_ != theta_one && n != s.k()) {
            char theta[32];
            std::snprintf(theta, sizeof theta, "%g", s.theta_fraction());
            r.fail(std::string("theta ") + theta + " below 1 with " + std::to_string(n) +
                   " hashes: an update sketch holds k = " + std::to_string(s.k()) +
                   " once theta falls");
        }
        r.expect_end();
        return s;
    }

  private:
    static int check_lg_k(int lg_k) {
        if (lg_k < min_lg_k || lg_k > max_lg_k)
            throw error(errc::invalid_argument,
                        "theta sketch lg_k must be 4..20, not " + std::to_string(lg_k));
        return lg_k;
    }
    static void check_compatible(const theta_sketch& a, const theta_sketch& b) {
        if (a.lg_k_ != b.lg_k_)
            throw error(errc::mismatch, "cannot combine theta sketches of lg_k " +
                                            std::to_string(a.lg_k_) + " and " +
                                            std::to_string(b.lg_k_));
        if (a.fingerprint_ != b.fingerprint_)
            throw error(errc::mismatch,
                        "cannot combine sketches made with different keys (key fingerprints " +
                            detail::hex64(a.fingerprint_) + " and " +
                            detail::hex64(b.fingerprint_) + ")");
    }
    static std::vector<std::uint64_t> below(std::vector<std::uint64_t> v, std::uint64_t theta) {
        v.erase(std::lower_bound(v.begin(), v.end(), theta), v.end());
        return v;
    }
    /// Keeps the k smallest hashes; theta becomes the (k+1)-th smallest.
    void trim() {
        if (hashes_.size() <= k())
            return;
        theta_ = hashes_[k()];
        hashes_.resize(k());
    }

    int lg_k_;
    std::uint64_t fingerprint_;
    std::uint64_t theta_ = theta_one;
    std::vector<std::uint64_t> hashes_; ///< sorted, distinct, all below theta_
};

} // namespace tally::sketch
