#pragma once
// Little-endian byte writing and bounds-checked reading for the serialized sketches.
//
// Every serialized sketch ends with a 64-bit FNV-1a checksum of all the bytes before it, so a
// flipped bit is refused as corrupt rather than read as a different sketch. Reading past the
// end throws errc::parse ("truncated"): no read ever leaves the buffer.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <tally/core/error.hpp>

namespace tally::detail {

/// FNV-1a, 64 bits: h = (h xor byte) * 1099511628211, starting from 14695981039346656037.
/// A checksum against accidental corruption, not a defence against forgery.
constexpr std::uint64_t fnv1a64(std::string_view bytes) noexcept {
    std::uint64_t h = 14695981039346656037ULL;
    for (char c : bytes) {
        h ^= static_cast<unsigned char>(c);
        h *= 1099511628211ULL;
    }
    return h;
}

/// 16 lower-case hexadecimal digits.
inline std::string hex64(std::uint64_t v) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s(16, '0');
    for (int i = 15; i >= 0; --i, v >>= 4)
        s[static_cast<std::size_t>(i)] = digits[v & 0xF];
    return s;
}

/// Appends unsigned integers in little-endian byte order, whatever the host order.
class le_writer {
  public:
    void u8(std::uint8_t v) { out_.push_back(static_cast<char>(v)); }
    void u16(std::uint16_t v) { put(v, 2); }
    void u32(std::uint32_t v) { put(v, 4); }
    void u64(std::uint64_t v) { put(v, 8); }
    void raw(std::string_view s) { out_.append(s); }
    /// Appends the checksum of everything written so far and returns the bytes.
    std::string finish() && {
        u64(fnv1a64(out_));
        return std::move(out_);
    }
    const std::string& bytes() const noexcept { return out_; }

  private:
    void put(std::uint64_t v, int n) {
        for (int i = 0; i < n; ++i)
            out_.push_back(static_cast<char>((v >> (8 * i)) & 0xFFu));
    }
    std::string out_;
};

/// Reads what le_writer wrote. what names the format in error messages ("HyperLogLog sketch").
/// The constructor checks the trailing checksum. Throws errc::parse when the bytes are shorter
/// than a checksum, the checksum does not match, or a read would pass the end.
class le_reader {
  public:
    le_reader(std::string_view bytes, std::string_view what) : what_(what) {
        if (bytes.size() < 8)
            fail("truncated (" + std::to_string(bytes.size()) + " bytes)");
        body_ = bytes.substr(0, bytes.size() - 8);
        std::uint64_t stored = 0;
        for (int i = 0; i < 8; ++i)
            stored |= std::uint64_t{static_cast<unsigned char>(
                          bytes[body_.size() + static_cast<std::size_t>(i)])}
                      << (8 * i);
        if (stored != fnv1a64(body_))
            fail("corrupt (checksum mismatch)");
    }
    std::uint8_t u8() { return static_cast<std::uint8_t>(get(1)); }
    std::uint16_t u16() { return static_cast<std::uint16_t>(get(2)); }
    std::uint32_t u32() { return static_cast<std::uint32_t>(get(4)); }
    std::uint64_t u64() { return get(8); }
    std::string_view raw(std::size_t n) {
        need(n);
        auto s = body_.substr(pos_, n);
        pos_ += n;
        return s;
    }
    std::size_t remaining() const noexcept { return body_.size() - pos_; }
    /// Throws errc::parse when bytes are left over before the checksum.
    void expect_end() const {
        if (remaining() != 0)
            fail(std::to_string(remaining()) + " unexpected bytes at the end");
    }
    /// Throws errc::parse with "<what>: <detail>".
    [[noreturn]] void fail(const std::string& detail) const {
        throw error(errc::parse, std::string(what_) + ": " + detail);
    }

  private:
    void need(std::size_t n) const {
        if (n > remaining())
            fail("truncated: needs " + std::to_string(n) + " bytes at offset " +
                 std::to_string(pos_) + ", " + std::to_string(remaining()) + " left");
    }
    std::uint64_t get(int n) {
        need(static_cast<std::size_t>(n));
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i)
            v |=
                std::uint64_t{static_cast<unsigned char>(body_[pos_ + static_cast<std::size_t>(i)])}
                << (8 * i);
        pos_ += static_cast<std::size_t>(n);
        return v;
    }
    std::string_view body_;
    std::string_view what_;
    std::size_t pos_ = 0;
};

} // namespace tally::detail
