#pragma once
// Keyed hashing of beneficiary identifiers (optional component: link tally::sodium).
//
// hash(id) = the first 8 bytes, little-endian, of BLAKE2b-128 keyed with the 32-byte secret key
// (libsodium crypto_generichash) over the byte 0x00 followed by normalize_identifier(id).
// key fingerprint = the same over the byte 0x01 followed by "tally sketch key fingerprint".
// The distinct first bytes keep the two uses apart. Without the key nobody can compute the hash
// of a given identifier, so a sketch cannot be tested for a known person; the fingerprint names
// the key without revealing it (a keyed hash cannot be inverted to the key).
//
// Authentication key: auth = crypto_kdf_derive_from_key(32 bytes, subkey id 1, context
// "tallyskt", the shared key), libsodium's BLAKE2b key derivation. A sketch file's tag is keyed
// BLAKE2b-256 (crypto_generichash, 32-byte output) of its bytes under auth (identifier_sketch.hpp).
// auth cannot be turned back into the shared key, so it can go to offices that only merge and
// estimate: they can check sketches (and, a MAC being symmetric, make ones tally accepts) but
// cannot hash an identifier, so they cannot test a sketch for a person they know.
//
// Key files. A shared key file is 64 hexadecimal digits; an authentication key file is one line
// "tally-sketch-auth-key <16 hex digits: the shared key's fingerprint> <64 hex digits>". Either
// is read whatever the editor did to it: a UTF-8 byte order mark, UTF-16 with a byte order mark
// (Windows Notepad's "Unicode"), CRLF line ends and white space around the text are set aside.
//
// This header needs libsodium (<sodium.h>); the sketch types themselves do not. It is not part of
// the umbrella header tally.hpp.

#include <array>
#include <cstdint>
#include <sodium.h>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/sketch/byte_io.hpp>
#include <tally/sketch/identifier_sketch.hpp>
#include <tally/sketch/normalize.hpp>
#include <vector>

namespace tally::sketch {

namespace detail {
/// The text of a key file as its 7-bit content: a UTF-8 byte order mark dropped, UTF-16 (with a
/// byte order mark) whose every character is ASCII narrowed, and ASCII white space (space, tab,
/// CR, LF, VT, FF) trimmed at both ends. Anything else is left for the caller to refuse.
inline std::string key_text(std::string_view t) {
    std::string s;
    const auto starts = [&](std::string_view bom) { return t.substr(0, bom.size()) == bom; };
    if (starts("\xEF\xBB\xBF")) {
        s.assign(t.substr(3));
    } else if ((starts("\xFF\xFE") || starts("\xFE\xFF")) && t.size() % 2 == 0) {
        const bool le = t[0] == '\xFF';
        for (std::size_t i = 2; i + 1 < t.size(); i += 2) {
            const char lo = le ? t[i] : t[i + 1], hi = le ? t[i + 1] : t[i];
            if (hi != 0 || static_cast<unsigned char>(lo) >= 0x80)
                return std::string(t); // not ASCII: refused by the caller as it is
            s += lo;
        }
    } else {
        s.assign(t);
    }
    const auto blank = [](char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
    };
    while (!s.empty() && blank(s.back()))
        s.pop_back();
    std::size_t b = 0;
    while (b < s.size() && blank(s[b]))
        ++b;
    return s.substr(b);
}
} // namespace detail

/// A 32-byte secret key, wiped from memory when destroyed.
class sketch_key {
  public:
    static constexpr std::size_t size = 32;

    /// A key from libsodium's random generator. Throws errc::io when libsodium cannot start.
    static sketch_key generate() {
        init();
        sketch_key k;
        randombytes_buf(k.bytes_.data(), size);
        return k;
    }
    /// A key from 64 hexadecimal digits, as a key file holds them (a byte order mark, UTF-16,
    /// CRLF and surrounding white space are set aside: detail::key_text). Throws
    /// errc::invalid_argument for anything else.
    static sketch_key from_hex(std::string_view text) {
        const std::string kept = detail::key_text(text);
        const std::string_view hex = kept;
        sketch_key k;
        std::size_t len = 0;
        if (hex.size() != 2 * size ||
            sodium_hex2bin(k.bytes_.data(), size, hex.data(), hex.size(), nullptr, &len, nullptr) !=
                0 ||
            len != size)
            throw error(errc::invalid_argument,
                        "a sketch key is 64 hexadecimal characters (32 bytes)");
        return k;
    }
    std::string to_hex() const {
        std::array<char, 2 * size + 1> buf{};
        sodium_bin2hex(buf.data(), buf.size(), bytes_.data(), size);
        return std::string(buf.data(), 2 * size);
    }
    const unsigned char* data() const noexcept { return bytes_.data(); }

    sketch_key(const sketch_key&) = default;
    sketch_key& operator=(const sketch_key&) = default;
    ~sketch_key() { sodium_memzero(bytes_.data(), size); }

    /// Throws errc::io when libsodium cannot start.
    static void init() {
        if (sodium_init() < 0)
            throw error(errc::io, "libsodium could not be initialised");
    }

  private:
    sketch_key() = default;
    std::array<unsigned char, size> bytes_{};
};

namespace detail {
inline std::uint64_t keyed_blake2b64(const sketch_key& key, unsigned char domain,
                                     std::string_view msg) {
    sketch_key::init();
    crypto_generichash_state st;
    std::array<unsigned char, 16> out{};
    crypto_generichash_init(&st, key.data(), sketch_key::size, out.size());
    crypto_generichash_update(&st, &domain, 1);
    crypto_generichash_update(&st, reinterpret_cast<const unsigned char*>(msg.data()), msg.size());
    crypto_generichash_final(&st, out.data(), out.size());
    std::uint64_t h = 0;
    for (int i = 0; i < 8; ++i)
        h |= std::uint64_t{out[static_cast<std::size_t>(i)]} << (8 * i);
    return h;
}
} // namespace detail

/// The fingerprint recorded in sketches made with key.
inline std::uint64_t key_fingerprint(const sketch_key& key) {
    return detail::keyed_blake2b64(key, 1, "tally sketch key fingerprint");
}

/// The keyed hash of an identifier after normalize_identifier. Throws errc::parse for an
/// identifier that is not valid UTF-8.
inline std::uint64_t keyed_hash(const sketch_key& key, std::string_view identifier) {
    return detail::keyed_blake2b64(key, 0, normalize_identifier(identifier));
}

/// The key that makes and checks the tags of sketch files (a SketchAuthenticator), derived from
/// the shared key; see the top of this header. Wiped from memory when destroyed.
class sketch_auth_key {
  public:
    static constexpr std::size_t size = 32;
    static constexpr std::string_view file_label = "tally-sketch-auth-key";

    /// The authentication key of a shared key. Throws errc::io when libsodium cannot start.
    static sketch_auth_key derive(const sketch_key& key) {
        sketch_key::init();
        sketch_auth_key a;
        a.fingerprint_ = sketch::key_fingerprint(key);
        crypto_kdf_derive_from_key(a.bytes_.data(), size, 1, "tallyskt", key.data());
        return a;
    }
    /// The key of a key file: a shared key (64 hexadecimal digits), whose authentication key is
    /// derived, or an authentication key file (to_text()). Throws errc::invalid_argument for
    /// anything else.
    static sketch_auth_key from_text(std::string_view text) {
        const std::string t = detail::key_text(text);
        if (t.rfind(file_label, 0) != 0)
            return derive(sketch_key::from_hex(t));
        // "tally-sketch-auth-key" FINGERPRINT KEY, separated by blanks.
        std::vector<std::string> parts;
        std::string word;
        for (char c : t) {
            if (c == ' ' || c == '\t') {
                if (!word.empty())
                    parts.push_back(std::move(word));
                word.clear();
            } else {
                word += c;
            }
        }
        if (!word.empty())
            parts.push_back(std::move(word));
        sketch_auth_key a;
        std::array<unsigned char, 8> fp{};
        std::size_t fp_len = 0, key_len = 0;
        if (parts.size() != 3 || parts[1].size() != 16 || parts[2].size() != 2 * size ||
            sodium_hex2bin(fp.data(), fp.size(), parts[1].data(), parts[1].size(), nullptr, &fp_len,
                           nullptr) != 0 ||
            fp_len != fp.size() ||
            sodium_hex2bin(a.bytes_.data(), size, parts[2].data(), parts[2].size(), nullptr,
                           &key_len, nullptr) != 0 ||
            key_len != size)
            throw error(errc::invalid_argument,
                        "an authentication key file is one line: tally-sketch-auth-key, the key "
                        "fingerprint (16 hexadecimal characters) and the key (64)");
        for (int i = 0; i < 8; ++i) // the fingerprint is written most significant digit first
            a.fingerprint_ = (a.fingerprint_ << 8) | fp[static_cast<std::size_t>(i)];
        return a;
    }
    /// The authentication key file's line (without its line end).
    std::string to_text() const {
        std::array<char, 2 * size + 1> buf{};
        sodium_bin2hex(buf.data(), buf.size(), bytes_.data(), size);
        return std::string(file_label) + " " + tally::detail::hex64(fingerprint_) + " " +
               std::string(buf.data(), 2 * size);
    }

    /// The fingerprint of the shared key this key comes from.
    std::uint64_t key_fingerprint() const noexcept { return fingerprint_; }
    /// Keyed BLAKE2b-256 of bytes.
    sketch_tag tag(std::string_view bytes) const {
        sketch_tag t{};
        crypto_generichash(t.data(), t.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                           bytes.size(), bytes_.data(), size);
        return t;
    }
    /// Whether t is the tag of bytes (compared in constant time).
    bool verify(std::string_view bytes, const sketch_tag& t) const {
        const auto expected = tag(bytes);
        return crypto_verify_32(expected.data(), t.data()) == 0;
    }

    sketch_auth_key(const sketch_auth_key&) = default;
    sketch_auth_key& operator=(const sketch_auth_key&) = default;
    ~sketch_auth_key() { sodium_memzero(bytes_.data(), size); }

  private:
    sketch_auth_key() = default;
    std::array<unsigned char, size> bytes_{};
    std::uint64_t fingerprint_ = 0;
};

} // namespace tally::sketch
