#include <doctest/doctest.h>
#include <string>
#include <tally/detail/row_reading.hpp>
#include <vector>

namespace test_detail_row_reading {

using namespace tally;

TEST_CASE("the intern cache gives the dictionary's ids, also past growth and for long keys") {
    dictionary d;
    d.intern("already-there");
    detail::intern_cache c(d);
    std::vector<std::string> keys;
    for (int i = 0; i < 500; ++i)
        keys.push_back(std::to_string(i) + "K");
    // Keys longer than 16 bytes that differ only after byte 16, and one of exactly 16.
    keys.push_back("HUMANITARIAN_TRANSPORT-01");
    keys.push_back("HUMANITARIAN_TRANSPORT-02");
    keys.push_back("0123456789abcdef");
    for (int round = 0; round < 2; ++round)
        for (const auto& k : keys) {
            const auto id = c.intern(k);
            CHECK(id == d.at(k));
        }
    CHECK(d.size() == keys.size() + 1);
    CHECK(c.intern("already-there") == 0);
    CHECK(d.size() == keys.size() + 1);
    const auto a = c.intern("HUMANITARIAN_TRANSPORT-01"), b = c.intern("HUMANITARIAN_TRANSPORT-02");
    CHECK(a != b);
    CHECK(d[a] == "HUMANITARIAN_TRANSPORT-01");
}

TEST_CASE("counts parse as whole non-negative numbers only") {
    std::int64_t v = 0;
    CHECK(detail::parse_count(" 42 ", v) == detail::number_status::ok);
    CHECK(v == 42);
    CHECK(detail::parse_count("", v) == detail::number_status::empty);
    CHECK(detail::parse_count("  ", v) == detail::number_status::empty);
    CHECK(detail::parse_count("-3", v) == detail::number_status::negative);
    CHECK(detail::parse_count("4.0", v) == detail::number_status::not_a_number);
    CHECK(detail::parse_count("1,000", v) == detail::number_status::not_a_number);
    CHECK(detail::parse_count("+4", v) == detail::number_status::not_a_number);
    CHECK(detail::parse_count("9223372036854775808", v) == detail::number_status::too_large);
}

} // namespace test_detail_row_reading
