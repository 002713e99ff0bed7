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
// This header needs libsodium (<sodium.h>); the sketch types themselves do not. It is not part of
// the umbrella header tally.hpp.

#include <array>
#include <cstdint>
#include <sodium.h>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>
#include <tally/sketch/normalize.hpp>

namespace tally::sketch {

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
    /// A key from 64 hexadecimal digits (surrounding white space ignored). Throws
    /// errc::invalid_argument for anything else.
    static sketch_key from_hex(std::string_view hex) {
        while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
            hex.remove_suffix(1);
        while (!hex.empty() && (hex.front() == ' ' || hex.front() == '\n'))
            hex.remove_prefix(1);
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

} // namespace tally::sketch
