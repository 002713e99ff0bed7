#include <cstdint>
#include <doctest/doctest.h>
#include <limits>
#include <string>
#include <string_view>
#include <tally/io/detail/row_reading.hpp>
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

TEST_CASE("keys read ahead in their buffer get the ids of the same keys read on their own") {
    // Every length up to 20 bytes, at every place in a buffer, the last ones too close to its
    // end to read 16 bytes ahead: the masked head must be the head of the key alone.
    const std::string buffer = "ECU,ECU-01,2023-09,PROTECTION,PROTECTION-01,WHO,host_community,1";
    dictionary viewed, copied;
    detail::intern_cache a(viewed), b(copied);
    const char* const begin = buffer.data();
    const char* const end = begin + buffer.size();
    for (std::size_t len = 0; len <= 20; ++len)
        for (std::size_t at = 0; at + len <= buffer.size(); ++at) {
            const std::string_view key(begin + at, len);
            const std::string alone(key); // a copy outside the buffer: no read-ahead
            CHECK(a.intern(key, begin, end) == b.intern(alone));
        }
    CHECK(viewed.size() == copied.size());
    for (code_id i = 0; i < viewed.size(); ++i)
        CHECK(viewed[i] == copied[i]);
    // A view outside the given buffer is read as one without it.
    const std::string other = "WHO";
    CHECK(a.intern(other, begin, end) == viewed.at("WHO"));
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

TEST_CASE("counts of up to 18 digits and longer ones parse alike, up to the 64-bit limit") {
    // The first 18 digits are read by a short loop, longer runs by std::from_chars: both give
    // the value, and the limit is told as too large, never wrapped.
    std::int64_t v = -1;
    CHECK(detail::parse_count("999999999999999999", v) == detail::number_status::ok); // 18
    CHECK(v == 999'999'999'999'999'999);
    CHECK(detail::parse_count("9223372036854775807", v) == detail::number_status::ok); // 19
    CHECK(v == std::numeric_limits<std::int64_t>::max());
    CHECK(detail::parse_count("9223372036854775808", v) == detail::number_status::too_large);
    CHECK(detail::parse_count("00000000000000000000012", v) == detail::number_status::ok);
    CHECK(v == 12);
    CHECK(detail::parse_count("007", v) == detail::number_status::ok);
    CHECK(v == 7);
    v = 5;
    CHECK(detail::parse_count("+5", v) == detail::number_status::not_a_number);
    CHECK(detail::parse_count("12a", v) == detail::number_status::not_a_number);
    CHECK(detail::parse_count("1 2", v) == detail::number_status::not_a_number);
    CHECK(detail::parse_count("-0", v) == detail::number_status::ok);
    CHECK(v == 0);
    CHECK(detail::parse_count("\t31\t", v) == detail::number_status::ok);
    CHECK(v == 31);
}

TEST_CASE("the row-width check passes a row of the header's width and rejects the others") {
    io::csv_reader rd(std::string("a,b,c\n1,2,3\n1,2\n1,2,3,4\n"), "rows.csv");
    io::csv_record rec;
    io::validation_report rep;
    REQUIRE(rd.next(rec));
    const std::size_t width = rec.size();
    REQUIRE(width == 3);
    REQUIRE(rd.next(rec));
    CHECK(detail::check_row_width(rec, width, rep, "rows.csv"));
    CHECK(rep.rejected.empty());
    CHECK(rep.rows_read == 0); // a row that passes is the reader's to use or reject
    REQUIRE(rd.next(rec));
    CHECK_FALSE(detail::check_row_width(rec, width, rep, "rows.csv"));
    REQUIRE(rd.next(rec));
    CHECK_FALSE(detail::check_row_width(rec, width, rep, "rows.csv"));
    REQUIRE(rep.rejected.size() == 2);
    CHECK(rep.rows_read == 2);
    CHECK(rep.rejected[0].where.file == "rows.csv");
    CHECK(rep.rejected[0].where.line == 3);
    CHECK(rep.rejected[0].reason == "expected 3 fields, found 2");
    CHECK(rep.rejected[1].where.line == 4);
    CHECK(rep.rejected[1].reason == "expected 3 fields, found 4");
    CHECK(detail::width_problem(4, 3) == rep.rejected[1].reason);
}

} // namespace test_detail_row_reading
