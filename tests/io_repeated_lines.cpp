#include <algorithm>
#include <cstdint>
#include <cstring>
#include <doctest/doctest.h>
#include <random>
#include <string>
#include <tally/io/activity_reader.hpp>
#include <tally/io/repeated_lines.hpp>
#include <vector>

namespace test_io_repeated_lines {

using namespace tally;

TEST_CASE("a line identical to an earlier one is found with both line numbers") {
    // Lines 2 and 4 are the same; line 5 differs from 2 only in its last field; line 7 (after a
    // blank line 6) repeats line 3. A quoted field with a newline spans lines 8-9 and is repeated
    // on lines 10-11.
    const std::string t = "h\nA,1\nB,2\nA,1\nA,2\n\nB,2\n\"x\ny\",1\n\"x\ny\",1\n";
    const auto [from, line] = io::after_header(t);
    CHECK(from == 2);
    CHECK(line == 2);
    const auto r = io::find_repeated_lines(t, from, line);
    REQUIRE(r.size() == 3);
    CHECK(r[0].line == 4);
    CHECK(r[0].earlier == 2);
    CHECK(r[1].line == 7);
    CHECK(r[1].earlier == 3);
    CHECK(r[2].line == 10);
    CHECK(r[2].earlier == 8);
}

TEST_CASE("CRLF and CR line ends give the same repeats, and the header never counts") {
    for (const std::string& t :
         {std::string("A,1\r\nA,1\r\nA,1\r\n"), std::string("A,1\rA,1\rA,1\r")}) {
        const auto [from, line] = io::after_header(t);
        const auto r = io::find_repeated_lines(t, from, line);
        // The header "A,1" is not a record: only line 3 repeats line 2.
        REQUIRE(r.size() == 1);
        CHECK(r[0].line == 3);
        CHECK(r[0].earlier == 2);
    }
}

TEST_CASE("the activity reader keeps identical lines and names both in a notice") {
    const std::string row = "ECU,EC01,2023-01,A,Health,H1,in_destination,4\n";
    const std::string t =
        "country,admin1,month,partner,sector,indicator,population_group,reached\n" + row +
        "ECU,EC02,2023-01,A,Health,H1,in_destination,4\n" + row + row;
    activity_table a;
    const auto rep = io::read_activities_text(t, "r.csv", a);
    // Kept: 4 rows read and used; the reached figures of lines 2, 4 and 5 all count.
    CHECK(rep.rows_read == 4);
    CHECK(rep.rows_used == 4);
    CHECK(rep.balanced());
    std::int64_t sum = 0;
    for (auto v : a.new_beneficiaries())
        sum += v;
    CHECK(sum == 16);
    std::vector<std::string> msgs;
    for (const auto& n : rep.notices)
        msgs.push_back(n.where.to_string() + ": " + n.message);
    CHECK(std::find(msgs.begin(), msgs.end(),
                    "r.csv:4: line 4 repeats line 2 in every field: kept, so its figures count "
                    "twice") != msgs.end());
    CHECK(std::find(msgs.begin(), msgs.end(),
                    "r.csv:5: line 5 repeats line 2 in every field: kept, so its figures count "
                    "twice") != msgs.end());
    CHECK(std::find(msgs.begin(), msgs.end(),
                    "r.csv:4: 2 lines of this file repeat an earlier line in every field; all "
                    "are kept") != msgs.end());
}

TEST_CASE("fingerprints sort in their buckets as by std::sort, and equal bytes print equal") {
    // Buckets large enough for the counting passes (above 256 prints), and a third of the
    // prints with h1 below 2^24, all in bucket 0 with equal leading bytes (sorted as one run);
    // lines not in order, as in a slice whose prints were shifted.
    std::mt19937_64 rng(7);
    std::vector<io::record_print> all;
    io::print_set set;
    set.reserve(1000);
    for (std::uint32_t i = 0; i < 600000; ++i) {
        const auto r = rng();
        const io::record_print p{r % 3 == 0 ? (r >> 40) : r, static_cast<std::uint32_t>(r >> 7),
                                 (i * 7919u) % 600011u};
        all.push_back(p);
        set.add(p);
    }
    auto expected = all;
    std::sort(expected.begin(), expected.end());
    set.sort();
    REQUIRE(set.size() == expected.size());
    std::vector<io::record_print> v;
    for (std::size_t b = 0; b < io::print_set::bucket_count; ++b)
        for (const auto& p : set.bucket(b)) {
            CHECK((p.h1 >> 56) == b);
            v.push_back(p);
        }
    REQUIRE(v.size() == expected.size());
    bool same = true;
    for (std::size_t i = 0; i < v.size(); ++i)
        same = same && v[i].h1 == expected[i].h1 && v[i].h2 == expected[i].h2 &&
               v[i].line == expected[i].line;
    CHECK(same);
    // Every length up to 40 bytes: the same bytes give the same print, one changed byte another.
    for (std::size_t len = 0; len <= 40; ++len) {
        std::string a(len, 'q'), b = a;
        CHECK(io::fingerprint(a.data(), len, 1).same_bytes(io::fingerprint(b.data(), len, 9)));
        for (std::size_t at = 0; at < len; ++at) {
            b = a;
            b[at] = 'r';
            CHECK_FALSE(
                io::fingerprint(a.data(), len, 1).same_bytes(io::fingerprint(b.data(), len, 1)));
        }
        // A longer text with the same first len bytes differs (the length counts).
        CHECK_FALSE(io::fingerprint(a.data(), len, 1)
                        .same_bytes(io::fingerprint((a + "q").data(), len + 1, 1)));
    }
}

TEST_CASE("the tail of a record is the word its bytes make, read ahead or assembled") {
    // Every tail length at every offset, read from the bytes behind it where there are 8 and
    // assembled from the tail alone: the same word as the bytes copied into a zeroed word.
    std::mt19937_64 rng(5);
    std::string bytes(64, '\0');
    for (auto& c : bytes)
        c = static_cast<char>(rng());
    bool same = true;
    for (std::size_t at = 0; at + 8 <= bytes.size(); ++at)
        for (std::size_t n = 0; n < 8; ++n) {
            std::uint64_t w = 0;
            std::memcpy(&w, bytes.data() + at, n);
            same = same && io::tail_word(bytes.data() + at, n, false) == w;
            if (at + n >= 8)
                same = same && io::tail_word(bytes.data() + at, n, true) == w;
        }
    CHECK(same);
    // So a record prints the same wherever it lies.
    const std::string a = "COL,COL-01,2023-01,FOOD,FOOD-01,WFP,in_transit,7";
    const std::string b = "xyz" + a;
    for (std::size_t n = 0; n <= a.size(); ++n) {
        const auto pa = io::fingerprint(a.data(), n, 1), pb = io::fingerprint(b.data() + 3, n, 1);
        same = same && pa.h1 == pb.h1 && pa.h2 == pb.h2;
    }
    CHECK(same);
}

TEST_CASE("a print set keeps every print when it grows, spills a bucket or is reserved late") {
    // No room at first (every bucket spills), then room reserved with prints in place, then
    // one print repeated many times (all in one bucket, past its region).
    std::mt19937_64 rng(11);
    std::vector<io::record_print> all;
    io::print_set set;
    auto add = [&](const io::record_print& p) {
        all.push_back(p);
        set.add(p);
    };
    for (std::uint32_t i = 0; i < 5000; ++i)
        add({rng(), static_cast<std::uint32_t>(i * 3), i});
    set.reserve(200000);
    for (std::uint32_t i = 5000; i < 60000; ++i)
        add({rng(), static_cast<std::uint32_t>(i * 3), i});
    for (std::uint32_t i = 60000; i < 100000; ++i)
        add({0x42ULL << 56, 5u, i});
    set.sort();
    std::sort(all.begin(), all.end());
    std::vector<io::record_print> v;
    for (std::size_t b = 0; b < io::print_set::bucket_count; ++b)
        for (const auto& p : set.bucket(b))
            v.push_back(p);
    REQUIRE(v.size() == all.size());
    CHECK(set.size() == all.size());
    bool same = true;
    for (std::size_t i = 0; i < v.size(); ++i)
        same = same && v[i].h1 == all[i].h1 && v[i].h2 == all[i].h2 && v[i].line == all[i].line;
    CHECK(same);
    CHECK(set.bucket(0x42).size() > 40000);
}

TEST_CASE("repeats merged in parts of the buckets are those of one merge") {
    // Three sorted slices with repeats inside each and across them; hashes drawn from a few
    // values near the part boundaries and from the whole range.
    std::mt19937_64 rng(11);
    const std::uint64_t near[] = {0,
                                  1,
                                  ~std::uint64_t{0} / 2,
                                  ~std::uint64_t{0} / 2 + 1,
                                  ~std::uint64_t{0} / 3,
                                  ~std::uint64_t{0}};
    std::vector<io::print_set> slices(3);
    std::uint32_t line = 2;
    for (auto& s : slices) {
        for (int i = 0; i < 3000; ++i) {
            const auto r = rng();
            const std::uint64_t h1 = r % 4 == 0 ? near[r % 6] : (r % 4 == 1 ? rng() : r % 500);
            s.add({h1, static_cast<std::uint32_t>(r % 3), line++});
        }
        s.sort();
    }
    const auto one = io::repeats_among(slices, 1);
    REQUIRE(one.size() > 5000);
    for (unsigned parts : {2u, 3u, 7u, 8u, 256u, 300u}) {
        CAPTURE(parts);
        const auto got = io::repeats_among(slices, parts);
        REQUIRE(got.size() == one.size());
        bool same = true;
        for (std::size_t i = 0; i < got.size(); ++i)
            same = same && got[i].line == one[i].line && got[i].earlier == one[i].earlier;
        CHECK(same);
    }
    // Each repeat names the first line of its bytes, which comes before it.
    CHECK(std::all_of(one.begin(), one.end(),
                      [](const io::repeated_line& r) { return r.earlier < r.line; }));
}

TEST_CASE("repeated lines found while parsing in slices are those of one sequential search") {
    // Repeats within and across slices, quoted fields with line ends, CRLF, blank lines and
    // rejected rows (repeats of bad rows are named too).
    const std::string head = "country,month,partner,sector,indicator,population_group,reached\r\n";
    std::string text = head;
    std::mt19937 rng(3);
    for (int i = 0; i < 400; ++i) {
        const int k = static_cast<int>(rng() % 60);
        if (k % 17 == 0)
            text += "ECU,2023-01,\"Org " + std::to_string(k) +
                    "\r\nline two\",H,H1,in_destination,1\r\n";
        else if (k % 13 == 0)
            text += "PER,2023-02,B,H,H1,in_destination,x" + std::to_string(k) + "\r\n"; // rejected
        else
            text += "COL,2023-03,P" + std::to_string(k) + ",H,H1,in_destination," +
                    std::to_string(k) + "\r\n";
        if (i % 50 == 0)
            text += "\r\n";
    }
    activity_table one;
    const auto r1 = io::read_activities_text(text, "s.csv", one);
    auto expected = io::find_repeated_records(text);
    REQUIRE(expected.size() > 300); // 400 lines drawn from 60 kinds
    // A rejected line changes no figure: its repeating another is not told.
    std::erase_if(expected, [&](const io::repeated_line& e) {
        return std::any_of(r1.rejected.begin(), r1.rejected.end(),
                           [&](const auto& x) { return x.where.line == e.line; });
    });
    std::vector<std::string> want;
    {
        io::validation_report rep;
        io::tell_repeated_lines(rep, "s.csv", expected);
        // As the reader gives them: in order of line.
        std::stable_sort(rep.notices.begin(), rep.notices.end(),
                         [](const auto& a, const auto& b) { return a.where.line < b.where.line; });
        for (const auto& n : rep.notices)
            want.push_back(n.where.to_string() + ": " + n.message);
    }
    auto repeat_notices = [](const io::validation_report& rep) {
        std::vector<std::string> got;
        for (const auto& n : rep.notices)
            if (n.message.find("repeat") != std::string::npos)
                got.push_back(n.where.to_string() + ": " + n.message);
        return got;
    };
    CHECK(repeat_notices(r1) == want);
    for (unsigned threads : {1u, 2u, 3u})
        for (std::size_t chunk : {1u, 5u, 64u, 500u, 4000u}) {
            CAPTURE(threads);
            CAPTURE(chunk);
            io::activity_read_options o;
            o.threads = threads;
            o.chunk_bytes = chunk;
            activity_table t;
            const auto r = io::read_activities_text(text, "s.csv", t, o);
            CHECK(repeat_notices(r) == want);
        }
}

} // namespace test_io_repeated_lines
