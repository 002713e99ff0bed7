#pragma once
// Checked 64-bit integer arithmetic: overflow is an error (errc::overflow), never a wrap.

#include <cstdint>
#include <string>
#include <tally/core/error.hpp>

namespace tally::detail {

[[noreturn]] inline void throw_overflow(const char* op, std::int64_t a, std::int64_t b) {
    throw error(errc::overflow, std::string("64-bit overflow in ") + std::to_string(a) + " " + op +
                                    " " + std::to_string(b));
}

inline std::int64_t checked_add(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_add_overflow(a, b, &r))
        throw_overflow("+", a, b);
    return r;
}

inline std::int64_t checked_sub(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_sub_overflow(a, b, &r))
        throw_overflow("-", a, b);
    return r;
}

inline std::int64_t checked_mul(std::int64_t a, std::int64_t b) {
    std::int64_t r;
    if (__builtin_mul_overflow(a, b, &r))
        throw_overflow("*", a, b);
    return r;
}

} // namespace tally::detail
