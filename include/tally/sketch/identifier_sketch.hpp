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
// Authenticity. A sketch file carries a tag (a MAC) over all its bytes, made with a key derived
// from the shared key (sketch/keyed_hash.hpp: sketch_auth_key, libsodium). serialize and
// deserialize take a SketchAuthenticator: only a holder of the shared key, or of the
// authentication key derived from it, can make a sketch that deserialize accepts. The checksum
// at the end tells a damaged file from a forged one.
//
// Consistency. Both parts are made from the same hashes, so deserialize refuses parts that
// disagree: when either part still holds every hash (an exact HyperLogLog, a theta of 1), the
// other must be exactly the part those hashes make; otherwise every hash the theta part retains
// must be one the HyperLogLog may have seen (its register at least the hash's rank).
//
// Serialized form, version 2, little-endian: "TSKB", u16 version = 2, u64 key fingerprint,
// u8 number of countries, 3 bytes per country (ISO3, sorted), u32 length + the HyperLogLog bytes,
// u32 length + the theta sketch bytes, the 32-byte tag of all bytes before it, then the u64
// FNV-1a checksum of all bytes before it. Version 1 (no tag) is refused with a message saying
// to rebuild the sketch: accepting it would let anyone make a sketch tally reads.

#include <algorithm>
#include <array>
#include <concepts>
#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/sketch/byte_io.hpp>
#include <tally/sketch/hll.hpp>
#include <tally/sketch/theta.hpp>

namespace tally::sketch {

/// The authentication tag of a sketch file: 32 bytes.
using sketch_tag = std::array<unsigned char, 32>;

/// What makes and checks the tag of a sketch file. tag(bytes) is the tag of the bytes before it;
/// verify(bytes, tag) compares in constant time; key_fingerprint() is the fingerprint of the
/// shared key the authentication key comes from (a sketch of another key is refused by name
/// before its tag is checked). sketch_auth_key (keyed_hash.hpp, libsodium) is the one tally
/// uses.
template <class T>
concept SketchAuthenticator = requires(const T& a, std::string_view bytes, const sketch_tag& t) {
    { a.tag(bytes) } -> std::same_as<sketch_tag>;
    { a.verify(bytes, t) } -> std::same_as<bool>;
    { a.key_fingerprint() } -> std::same_as<std::uint64_t>;
};

class identifier_sketch {
  public:
    static constexpr std::uint16_t format_version = 2;

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

    /// The bytes of a sketch file, tagged by auth. Throws errc::mismatch when auth comes from
    /// another key than the sketch's hashes.
    template <SketchAuthenticator Auth>
    std::string serialize(const Auth& auth) const {
        if (auth.key_fingerprint() != fingerprint_)
            throw error(errc::mismatch, "the authentication key (key fingerprint " +
                                            tally::detail::hex64(auth.key_fingerprint()) +
                                            ") is not the key of the sketch (" +
                                            tally::detail::hex64(fingerprint_) + ")");
        tally::detail::le_writer w;
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
        const auto tag = auth.tag(w.bytes());
        w.raw(std::string_view(reinterpret_cast<const char*>(tag.data()), tag.size()));
        return std::move(w).finish();
    }

    /// Reads a sketch file made by a holder of auth's key. Throws errc::mismatch for a sketch of
    /// another key (naming both fingerprints), and errc::parse for bytes tally does not accept:
    /// wrong magic, version 1 (no tag: rebuild the sketch) or another version, truncated,
    /// checksum mismatch (damaged), a tag that does not match (altered, or made without the
    /// key), a bad country code, country codes repeated or out of order, parts of other keys, parts
    /// that are not valid sketches (see hll_sketch::deserialize, theta_sketch::deserialize), or
    /// parts that disagree.
    template <SketchAuthenticator Auth>
    static identifier_sketch deserialize(std::string_view bytes, const Auth& auth) {
        tally::detail::le_reader r(bytes, "sketch");
        if (r.raw(4) != "TSKB")
            r.fail("not a tally sketch (magic)");
        const auto v = r.u16();
        if (v == 1)
            r.fail("format version 1 carries no authentication tag and is no longer read: "
                   "rebuild the sketch with tally sketch build (format version 2)");
        if (v != format_version)
            r.fail("unsupported format version " + std::to_string(v));
        identifier_sketch s(r.u64());
        if (s.fingerprint_ != auth.key_fingerprint())
            throw error(errc::mismatch, "sketch made with another key (key fingerprint " +
                                            tally::detail::hex64(s.fingerprint_) +
                                            "; the key given has " +
                                            tally::detail::hex64(auth.key_fingerprint()) + ")");
        // The tag is checked before anything else is read: unauthenticated bytes are not parsed.
        const std::size_t body = bytes.size() - 8; // le_reader checked there is a checksum
        if (body < 4 + 2 + 8 + tag_size)
            r.fail("truncated (no authentication tag)");
        sketch_tag tag{};
        std::copy_n(bytes.data() + body - tag_size, tag_size, reinterpret_cast<char*>(tag.data()));
        if (!auth.verify(bytes.substr(0, body - tag_size), tag))
            r.fail("authentication tag does not match: the sketch was altered, or made by "
                   "someone who does not hold the key");
        const auto nc = r.u8();
        for (unsigned i = 0; i < nc; ++i) {
            const auto c = r.raw(3);
            if (!is_iso3(c))
                r.fail("bad country code in sketch");
            // serialize writes the set in order, once each: anything else is not its bytes.
            if (!s.countries_.empty() && c <= *s.countries_.rbegin())
                r.fail("country codes repeated or out of order in sketch");
            s.countries_.insert(std::string(c));
        }
        s.hll_ = hll_sketch::deserialize(r.raw(r.u32()));
        s.theta_ = theta_sketch::deserialize(r.raw(r.u32()));
        (void)r.raw(tag_size);
        r.expect_end();
        if (s.hll_.key_fingerprint() != s.fingerprint_ ||
            s.theta_.key_fingerprint() != s.fingerprint_)
            r.fail("parts made with different keys");
        if (const auto why = parts_disagree(s.hll_, s.theta_); !why.empty())
            r.fail("its HyperLogLog and theta parts disagree: " + why);
        return s;
    }

    /// Why h and t cannot be the two parts of one sketch (they are made from the same hashes),
    /// or "" when they can. See the rule at the top of this header.
    static std::string parts_disagree(const hll_sketch& h, const theta_sketch& t) {
        if (t.theta() == theta_sketch::theta_one) {
            // The theta part holds every hash: the HyperLogLog is the one they make.
            hll_sketch made(h.precision(), h.key_fingerprint());
            for (auto x : t.hashes())
                made.update(x);
            if (!(made == h))
                return "the theta part holds all " + std::to_string(t.hashes().size()) +
                       " hashes, and the HyperLogLog part is not the one they make";
            return {};
        }
        if (h.is_sparse()) {
            // The HyperLogLog holds every hash: the theta part is the one they make (updated in
            // increasing order, each insertion is at the end).
            theta_sketch made(t.lg_k(), t.key_fingerprint());
            for (auto x : h.exact_hashes())
                made.update(x);
            if (!(made == t))
                return "the HyperLogLog part holds all " + std::to_string(h.exact_hashes().size()) +
                       " hashes, and the theta part is not the one they make";
            return {};
        }
        for (auto x : t.hashes())
            if (!h.may_contain(x))
                return "the theta part retains a hash the HyperLogLog part has not seen";
        return {};
    }

  private:
    static constexpr std::size_t tag_size = std::tuple_size_v<sketch_tag>;

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
