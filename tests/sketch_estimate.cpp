#include <doctest/doctest.h>
#include <limits>
#include <tally/sketch/estimate.hpp>

namespace test_sketch_estimate {

using namespace tally::sketch;

TEST_CASE("a whole count is rounded as asked, or n/a beyond 2^53, infinite, NaN or negative") {
    CHECK(whole_count(41.5) == 42);
    CHECK(whole_count(41.5, rounding::down) == 41);
    CHECK(whole_count(41.2, rounding::up) == 42);
    CHECK(whole_count(0.0) == 0);
    CHECK(whole_count(max_count) == std::int64_t{9007199254740992});
    // The values that a float-to-integer cast turned into -9223372036854775808.
    CHECK_FALSE(whole_count(std::numeric_limits<double>::infinity()));
    CHECK_FALSE(whole_count(std::numeric_limits<double>::quiet_NaN()));
    CHECK_FALSE(whole_count(18446744073709551616.0)); // 2^64: a theta of k / 2^64
    CHECK_FALSE(whole_count(max_count * 2));
    CHECK_FALSE(whole_count(-1.0));
}

} // namespace test_sketch_estimate
