#pragma once
// The sketch one office sends: the keyed hashes of the people it reached, as a HyperLogLog (for
// the distinct count of a union) and a theta sketch (for overlaps and Jaccard), with the
// countries it covers and the fingerprint of the key the hashes were made with.
//
// Verbs: update / merge / estimate / empty / serialize / deserialize. merge unites the countries
// and merges both parts: commutative, associative, idempotent, the empty sketch its identity.
// Sketches of different key fingerprints, precisions or lg_k are refused (errc::mismatch).
// It holds no identifier and no key: only 64-bit keyed hashes (see docs/sketch.md on what that
// reveals).
//
// Serialized form, version 1, little-endian: "TSKB", u16 version = 1, u64 key fingerprint,
// u8 number of countries, 3 bytes per country (ISO3, sorted), u32 length + the HyperLogLog bytes,
// u32 length + the theta sketch bytes, then the u64 FNV-1a checksum of all bytes before it.

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/sketch/byte_io.hpp>
#include <tally/sketch/hll.hpp>
#include <tally/sketch/theta.hpp>

namespace tally::sketch {

class identifier_sketch {
  public:
    static constexpr std::uint16_t format_version = 1;

    /// country is an ISO3 code (three upper-case letters) or empty. Throws
    /// errc::invalid_argument for another country code or a parameter out of range.
    explicit identifier_sketch(std::uint64_t key_fingerprint, std::string_view country = {},
                               int precision = hll_sketch::default_precision,
                               int lg_k = theta_sketch::default_lg_k)
        : fingerprint_(key_fingerprint), hll_(precision, key_fingerprint),
          theta_(lg_k, key_fingerprint) {
        if (!country.empty())
            countries_.insert(check_country(country));
    }

    std::uint64_t key_fingerprint() const noexcept { return fingerprint_; }
    const std::set<std::string>& countries() const noexcept { return countries_; }
    const hll_sketch& hll() const noexcept { return hll_; }
    const theta_sketch& theta() const noexcept { return theta_; }
    bool empty() const noexcept { return hll_.empty(); }

    void update(std::uint64_t hash) {
        hll_.update(hash);
        theta_.update(hash);
    }
    /// Throws errc::mismatch when the key fingerprints or the parameters differ.
    void merge(const identifier_sketch& o) {
        // Both parts are merged into copies first, so a refused merge leaves *this unchanged.
        auto h = hll_;
        h.merge(o.hll_);
        auto t = theta_;
        t.merge(o.theta_);
        hll_ = std::move(h);
        theta_ = std::move(t);
        countries_.insert(o.countries_.begin(), o.countries_.end());
    }
    /// Distinct people, from the HyperLogLog (the more precise of the two parts).
    sketch::estimate estimate() const { return hll_.estimate(); }

    friend bool operator==(const identifier_sketch&, const identifier_sketch&) = default;

    std::string serialize() const {
        detail::le_writer w;
        w.raw("TSKB");
        w.u16(format_version);
        w.u64(fingerprint_);
        w.u8(static_cast<std::uint8_t>(countries_.size()));
        for (const auto& c : countries_)
            w.raw(c);
        const auto h = hll_.serialize();
        w.u32(static_cast<std::uint32_t>(h.size()));
        w.raw(h);
        const auto t = theta_.serialize();
        w.u32(static_cast<std::uint32_t>(t.size()));
        w.raw(t);
        return std::move(w).finish();
    }

    /// Throws errc::parse for bytes that are not a version-1 identifier sketch (wrong magic or
    /// version, truncated, corrupt, a bad country code, parts that disagree on the key).
    static identifier_sketch deserialize(std::string_view bytes) {
        detail::le_reader r(bytes, "sketch");
        if (r.raw(4) != "TSKB")
            r.fail("not a tally sketch (magic)");
        if (const auto v = r.u16(); v != format_version)
            r.fail("unsupported format version " + std::to_string(v));
        identifier_sketch s(r.u64());
        const auto nc = r.u8();
        for (unsigned i = 0; i < nc; ++i) {
            const auto c = r.raw(3);
            if (!is_iso3(c))
                r.fail("bad country code in sketch");
            s.countries_.insert(std::string(c));
        }
        s.hll_ = hll_sketch::deserialize(r.raw(r.u32()));
        s.theta_ = theta_sketch::deserialize(r.raw(r.u32()));
        r.expect_end();
        if (s.hll_.key_fingerprint() != s.fingerprint_ ||
            s.theta_.key_fingerprint() != s.fingerprint_)
            r.fail("parts made with different keys");
        return s;
    }

  private:
    static bool is_iso3(std::string_view c) {
        return c.size() == 3 &&
               std::all_of(c.begin(), c.end(), [](char ch) { return ch >= 'A' && ch <= 'Z'; });
    }
    static std::string check_country(std::string_view c) {
        if (!is_iso3(c))
            throw error(errc::invalid_argument,
                        "country must be an ISO3 code (three capital letters), not '" +
                            std::string(c) + "'");
        return std::string(c);
    }

    std::uint64_t fingerprint_;
    std::set<std::string> countries_;
    hll_sketch hll_;
    theta_sketch theta_;
};

} // namespace tally::sketch
