#include <doctest/doctest.h>
#include <string>
#include <tally/detail/utf8.hpp>
#include <tally/io/activity_reader.hpp>
#include <tally/io/csv.hpp>
#include <tally/io/encoding.hpp>
#include <tally/io/input_files.hpp>
#include <tally/io/plan_reader.hpp>
#include <utility>

namespace test_io_encoding {

using namespace tally;

namespace {

bool has_notice(const std::vector<io::notice>& ns, std::size_t line, const std::string& text) {
    for (const auto& n : ns)
        if (n.where.line == line && n.message.find(text) != std::string::npos)
            return true;
    return false;
}

// UTF-16 of ASCII-and-Latin-1 text (every character below U+0100), with its byte order mark.
std::string utf16(const std::u32string& s, bool little) {
    std::string out = little ? "\xFF\xFE" : "\xFE\xFF";
    for (char32_t c : s) {
        const char lo = static_cast<char>(c & 0xFF), hi = static_cast<char>((c >> 8) & 0xFF);
        out += little ? lo : hi;
        out += little ? hi : lo;
    }
    return out;
}

// A small 5W file: two rows of Ecuador, Manabí (written in UTF-8 here), 7 + 5 reached.
const std::string activity_utf8 = "country,admin1,month,partner,sector,indicator,"
                                  "population_group,reached\n"
                                  "ECU,Manab\xC3\xAD,2023-01,A,Health,H1,in_destination,7\n"
                                  "ECU,Manab\xC3\xAD,2023-01,B,Health,H1,in_destination,5\n";

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
    for (std::size_t p = 0; (p = s.find(from, p)) != std::string::npos; p += to.size())
        s.replace(p, from.size(), to);
    return s;
}

} // namespace

TEST_CASE("the check of the encoding cut in parts finds what one walk finds") {
    // Multi-byte characters everywhere (so cuts fall inside them), then an invalid byte, a stray
    // continuation byte or a double-encoded pair at every position of a 60-byte text.
    const std::string base = "a\xC3\xAD\xE2\x82\xAC,\xF0\x9F\x98\x80;b\xC3\xB3\n";
    std::string clean;
    while (clean.size() < 60)
        clean += base;
    const std::string inserts[] = {"\xFF", "\x80", "\xC3\x83\xC2\xB3", "\xE2\x82"};
    std::size_t cases = 0, found_invalid = 0, found_suspect = 0;
    for (const auto& ins : inserts)
        for (std::size_t at = 0; at <= clean.size(); ++at) {
            const std::string text = clean.substr(0, at) + ins + clean.substr(at);
            const auto one = detail::find_invalid_and_suspect(text, 1);
            found_invalid += one.first < text.size();
            found_suspect += one.second < text.size();
            for (unsigned parts = 2; parts <= 7; ++parts) {
                CAPTURE(at);
                CAPTURE(parts);
                CHECK(detail::find_invalid_and_suspect(text, parts) == one);
                ++cases;
            }
        }
    CHECK(cases > 1000);
    CHECK(found_invalid > 100); // the search finds something to agree on
    CHECK(found_suspect > 30);
    CHECK(detail::find_invalid_and_suspect(clean, 5) ==
          std::pair<std::size_t, std::size_t>{clean.size(), clean.size()});
}

TEST_CASE("the delimiter is the most frequent of comma, semicolon and tab in the header line") {
    CHECK(io::detect_delimiter("a,b,c\n1;2;3;4;5\n") == ',');
    CHECK(io::detect_delimiter("a;b;c\n1,2\n") == ';');
    CHECK(io::detect_delimiter("a\tb\tc\r\n") == '\t');
    // Inside quotes a delimiter does not count; no delimiter at all is a comma.
    CHECK(io::detect_delimiter("\"a;b;c\",d\n") == ',');
    CHECK(io::detect_delimiter("country\n") == ',');
    CHECK(io::detect_delimiter("\xEF\xBB\xBF"
                               "a;b\n") == ';');
}

TEST_CASE("a semicolon file is read field by field, with decimal commas kept inside fields") {
    io::csv_reader rd(std::string("a;b;c\n1,5;\"x;y\";3\n"), "s.csv");
    CHECK(rd.delimiter() == ';');
    io::csv_record rec;
    REQUIRE(rd.next(rec));
    REQUIRE(rd.next(rec));
    REQUIRE(rec.size() == 3);
    CHECK(rec[0] == "1,5");
    CHECK(rec[1] == "x;y");
    CHECK(rec[2] == "3");
}

TEST_CASE("valid UTF-8, with or without a byte order mark, is used as it is") {
    for (const std::string& t : {activity_utf8, "\xEF\xBB\xBF" + activity_utf8}) {
        const auto d = io::decode_input(t, "a.csv");
        CHECK(d.encoding == io::text_encoding::utf8);
        CHECK_FALSE(d.text.has_value());
        CHECK(d.notices.empty());
    }
}

TEST_CASE("bytes that are not UTF-8 are read as Windows-1252, with a notice naming the line") {
    // Line 3 has 0xED (í) and 0x80 (the euro sign in Windows-1252, not in Latin-1).
    const std::string t = "a,b\nx,y\nManab\xED,\x80\n";
    const auto d = io::decode_input(t, "w.csv");
    CHECK(d.encoding == io::text_encoding::windows1252);
    REQUIRE(d.text.has_value());
    CHECK(*d.text == "a,b\nx,y\nManab\xC3\xAD,\xE2\x82\xAC\n");
    REQUIRE(d.notices.size() == 1);
    CHECK(d.notices[0].where == source_position{"w.csv", 3, 0});
    CHECK(d.notices[0].message.find("Windows-1252") != std::string::npos);
}

TEST_CASE("UTF-16 LE and BE with a byte order mark are transcoded to UTF-8") {
    const std::u32string text = U"a\tb\r\nManab\u00ED\t\u20AC\r\n";
    const std::string want = "a\tb\r\nManab\xC3\xAD\t\xE2\x82\xAC\r\n";
    for (bool little : {true, false}) {
        const auto d = io::decode_input(utf16(text, little), "u.txt");
        CHECK(d.encoding == (little ? io::text_encoding::utf16le : io::text_encoding::utf16be));
        REQUIRE(d.text.has_value());
        CHECK(*d.text == want);
        CHECK(has_notice(d.notices, 1, "UTF-16"));
    }
    // An unpaired surrogate and a last odd byte become U+FFFD, with a notice; never bad UTF-8.
    // FF FE, 'a', an unpaired high surrogate D800, 'b', then one odd byte 'x'.
    const std::string bad{'\xFF', '\xFE', 'a', '\0', '\0', '\xD8', 'b', '\0', 'x'};
    const auto d = io::decode_input(bad, "u.txt");
    REQUIRE(d.text.has_value());
    CHECK(*d.text == "a\xEF\xBF\xBD"
                     "b\xEF\xBF\xBD");
    CHECK(has_notice(d.notices, 1, "2 invalid UTF-16"));
    CHECK(tally::detail::is_valid_utf8(*d.text));
}

TEST_CASE("double-encoded UTF-8 is repaired when the whole file is double-encoded") {
    // "Orientación" written as UTF-8, read as Windows-1252 and written again as UTF-8.
    const std::string t = "sector\nProtection\nOrientaci\xC3\x83\xC2\xB3n\n";
    const auto d = io::decode_input(t, "d.csv");
    REQUIRE(d.text.has_value());
    CHECK(*d.text == "sector\nProtection\nOrientaci\xC3\xB3n\n");
    REQUIRE(d.notices.size() == 1);
    CHECK(d.notices[0].where.line == 3);
    CHECK(d.notices[0].message.find("repaired") != std::string::npos);
}

TEST_CASE("double-encoded UTF-8 next to correct text is reported, not repaired") {
    // Line 2 is correct ("Perú"), line 3 double-encoded: undoing the whole file would break line 2.
    const std::string t = "name\nPer\xC3\xBA\nOrientaci\xC3\x83\xC2\xB3n\n";
    const auto d = io::decode_input(t, "d.csv");
    CHECK_FALSE(d.text.has_value());
    REQUIRE(d.notices.size() == 1);
    CHECK(d.notices[0].where.line == 3);
    CHECK(d.notices[0].message.find("read as it is") != std::string::npos);
}

TEST_CASE("the activity reader gives the same rows for every encoding and delimiter") {
    activity_table base;
    const auto r0 = io::read_activities_text(activity_utf8, "a.csv", base);
    REQUIRE(r0.rows_used == 2);
    const std::string semicolon_1252 =
        replace_all(replace_all(activity_utf8, ",", ";"), "\xC3\xAD", "\xED");
    std::u32string wide;
    for (std::size_t i = 0; i < activity_utf8.size(); ++i) {
        if (activity_utf8.compare(i, 2, "\xC3\xAD") == 0) {
            wide += U'\u00ED';
            ++i;
        } else {
            wide += activity_utf8[i] == ',' ? U'\t' : static_cast<char32_t>(activity_utf8[i]);
        }
    }
    for (const std::string& t : {semicolon_1252, utf16(wide, true), utf16(wide, false)}) {
        activity_table a;
        const auto r = io::read_activities_text(t, "a.csv", a);
        CHECK(r.rows_read == 2);
        CHECK(r.rows_used == 2);
        CHECK(r.balanced());
        REQUIRE(a.admin1s.size() == 1);
        CHECK(a.admin1s[0] == base.admin1s[0]);
        CHECK(a.new_beneficiaries()[0] + a.new_beneficiaries()[1] == 12);
        CHECK(io::detect_file_kind(t, "a.csv") == io::file_kind::activities);
    }
    activity_table a;
    const auto r = io::read_activities_text(semicolon_1252, "a.csv", a);
    CHECK(has_notice(r.notices, 2, "Windows-1252"));
}

TEST_CASE("the plan reader reads a semicolon Windows-1252 file") {
    plan_table t;
    const auto r = io::read_plan_text("country;admin1;sector;population_group;pin;target\n"
                                      "ECU;Manab\xED;Health;in_destination;10;5\n",
                                      "p.csv", t);
    CHECK(r.rows_used == 1);
    CHECK(has_notice(r.notices, 2, "Windows-1252"));
}

} // namespace test_io_encoding
