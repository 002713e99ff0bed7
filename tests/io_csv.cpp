#include <doctest/doctest.h>
#include <string>
#include <tally/io/csv.hpp>
#include <vector>

namespace test_io_csv {

using namespace tally;
using rows_t = std::vector<std::vector<std::string>>;

static rows_t read_all(std::string text, std::vector<std::size_t>* lines = nullptr) {
    io::csv_reader rd(std::move(text), "t.csv");
    io::csv_record rec;
    rows_t out;
    while (rd.next(rec)) {
        out.emplace_back(rec.fields.begin(), rec.fields.end());
        if (lines)
            lines->push_back(rec.line);
    }
    return out;
}

TEST_CASE("plain CSV splits on commas and newlines") {
    CHECK(read_all("a,b,c\n1,2,3\n") == rows_t{{"a", "b", "c"}, {"1", "2", "3"}});
    CHECK(read_all("a,,c") == rows_t{{"a", "", "c"}});
    CHECK(read_all("a,b,\n") == rows_t{{"a", "b", ""}});
}

TEST_CASE("quoted fields keep commas, doubled quotes and newlines") {
    std::vector<std::size_t> lines;
    auto rows = read_all(
        "name,note\n\"Manabí, EC\",\"said \"\"hi\"\"\"\n\"two\nlines\",x\nlast,1\n", &lines);
    CHECK(rows ==
          rows_t{
              {"name", "note"}, {"Manabí, EC", "said \"hi\""}, {"two\nlines", "x"}, {"last", "1"}});
    // The record after a quoted newline starts on line 5 of the file.
    CHECK(lines == std::vector<std::size_t>{1, 2, 3, 5});
}

TEST_CASE("a UTF-8 byte-order mark and CRLF line ends are handled") {
    CHECK(read_all("\xEF\xBB\xBF"
                   "a,b\r\n1,\"2\"\r\n") == rows_t{{"a", "b"}, {"1", "2"}});
    CHECK(read_all("a,b\r\n\r\n1,2") == rows_t{{"a", "b"}, {"1", "2"}});
}

TEST_CASE("blank lines are skipped but counted") {
    std::vector<std::size_t> lines;
    CHECK(read_all("a\n\n\nb\n", &lines) == rows_t{{"a"}, {"b"}});
    CHECK(lines == std::vector<std::size_t>{1, 4});
}

TEST_CASE("an unclosed quote is an error naming the line and column of the quote") {
    io::csv_reader rd("a,b\n1,\"oops\n2,3\n", "bad.csv");
    io::csv_record rec;
    REQUIRE(rd.next(rec));
    try {
        rd.next(rec);
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::parse);
        CHECK(e.where() == source_position{"bad.csv", 2, 3});
    }
}

TEST_CASE("a missing file is an io error naming the file") {
    try {
        (void)io::csv_reader::open("/nonexistent/x.csv");
        FAIL("no error");
    } catch (const tally::error& e) {
        CHECK(e.code() == errc::io);
        CHECK(e.where().file == "/nonexistent/x.csv");
    }
}

TEST_CASE("header lookup ignores case, blanks, spaces and hyphens") {
    io::csv_reader rd(" New beneficiaries ,IN_TRANSIT,Appealing-org\n");
    io::csv_record rec;
    REQUIRE(rd.next(rec));
    io::header_index h(rec);
    CHECK(h.find("new_beneficiaries") == 0);
    CHECK(h.find("in transit") == 1);
    CHECK(h.find({"partner", "appealing_org"}) == 2);
    CHECK_FALSE(h.find("sector"));
}

TEST_CASE("a lone carriage return ends a line, as in classic Mac spreadsheets") {
    std::vector<std::size_t> lines;
    CHECK(read_all("a,b\r1,2\r\r3,4\r", &lines) == rows_t{{"a", "b"}, {"1", "2"}, {"3", "4"}});
    // The blank line (a second CR) is counted: 3,4 is on line 4.
    CHECK(lines == std::vector<std::size_t>{1, 2, 4});
    lines.clear();
    // CR, LF and CRLF mixed; a quoted CR stays in the field and counts as a line end.
    CHECK(read_all("a\r\"x\ry\",z\nb\r\nc", &lines) == rows_t{{"a"}, {"x\ry", "z"}, {"b"}, {"c"}});
    CHECK(lines == std::vector<std::size_t>{1, 2, 4, 5});
}

TEST_CASE("a quoted field followed by a lone CR ends the record") {
    CHECK(read_all("\"a\"\r\"b\"\"c\"\rd") == rows_t{{"a"}, {"b\"c"}, {"d"}});
}

TEST_CASE("several escaped fields in one record each keep their own text") {
    // Escaped fields are unescaped into one buffer of the reader; the views must not overlap
    // or move when a later field grows it.
    std::string long_field(500, 'q');
    CHECK(read_all("\"a\"\"1\",plain,\"" + long_field + "\"\"\",\"b\"x\n") ==
          rows_t{{"a\"1", "plain", long_field + "\"", "bx"}});
}

TEST_CASE("the reader reads a slice of a buffer without changing it, with its own line numbers") {
    const std::string text = "skip,me\n\"a\"\"b\",c\n\nd,e\n";
    const std::string before = text;
    const std::size_t from = text.find('\n') + 1;
    io::csv_reader rd(text.data() + from, text.size() - from, "t.csv", ',', 7);
    io::csv_record rec;
    REQUIRE(rd.next(rec));
    CHECK(rec.line == 7);
    CHECK(rec[0] == "a\"b");
    CHECK(rd.position() == text.size() - from - 5); // just after the first record's line end
    REQUIRE(rd.next(rec));
    CHECK(rec.line == 9);
    CHECK(rec[1] == "e");
    CHECK_FALSE(rd.next(rec));
    CHECK(text == before);
}

TEST_CASE("records read 16 bytes at a time are those read byte by byte") {
    // A record is read in blocks of 16 bytes only when it has no quote and ends 16 bytes or
    // more before the end of the input; the same record as the last of an input is read byte
    // by byte. Each record below is read both ways (alone, then followed by a long line).
    const std::vector<std::string> records = {
        "ECU,ECU-01,2023-09,PROTECTION,PROTECTION-01,WHO,host_community,1",
        ",,,,",
        "a,b\r",
        "one field only and rather long, no: two",
        "x,y\r\n",
        "mid\"quote,is kept,as text in a long unquoted field",
        "\"quoted, with comma\",plain,after,the,quote,and more",
        "exactly-sixteen,",
        "a;b;c;d;e;f;g;h;i;j;k;l;m;n;o;p;q",
        "tab\tseparated\tis one field here,x",
    };
    const std::string tail = "\nzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz,zz\n";
    for (const auto& r : records) {
        CAPTURE(r);
        std::vector<std::size_t> lines_alone, lines_followed;
        const auto alone = read_all("h\n" + r, &lines_alone);
        auto followed = read_all("h\n" + r + tail, &lines_followed);
        REQUIRE(followed.size() == alone.size() + 1);
        followed.pop_back();
        lines_followed.pop_back();
        CHECK(followed == alone);
        CHECK(lines_followed == lines_alone);
    }
    // A semicolon file: the delimiter is the header's, also in blocks.
    const auto semi = read_all("a;b;c\n1;2;3,4;5555555555555555555555\n6;7;8\n");
    REQUIRE(semi.size() == 3);
    CHECK(semi[1] == std::vector<std::string>{"1", "2", "3,4", "5555555555555555555555"});
}

TEST_CASE("a header with two columns of the same name is refused, blank names may repeat") {
    io::csv_reader r("country,Sector,COUNTRY,,\n");
    io::csv_record rec;
    REQUIRE(r.next(rec));
    const io::header_index h(rec);
    CHECK_THROWS_WITH_AS(h.require_distinct("h.csv", rec.line),
                         "[tally.parse.101] h.csv:1: column 'country' appears twice (columns 1 "
                         "and 3)",
                         error);
    io::csv_reader ok("country,sector,,\n");
    REQUIRE(ok.next(rec));
    CHECK_NOTHROW(io::header_index(rec).require_distinct("ok.csv", rec.line));
}

TEST_CASE("a record knows its last line, read 16 bytes at a time or byte by byte") {
    const std::string text = "a,b\n1,2\n\"x\ny\",3\n\n" + std::string(40, 'z') + ",4\n5,\"6\r\n7\"";
    io::csv_reader rd(text, "t.csv");
    io::csv_record rec;
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    while (rd.next(rec))
        spans.emplace_back(rec.line, rec.last_line);
    CHECK(spans ==
          std::vector<std::pair<std::size_t, std::size_t>>{{1, 1}, {2, 2}, {3, 4}, {6, 6}, {7, 8}});
}

TEST_CASE("a line read on its own splits at delimiters, a quote that does not close is text") {
    CHECK(io::fields_on_line("a,b,c", ',') == 3);
    CHECK(io::fields_on_line("", ',') == 1);
    CHECK(io::fields_on_line("a,\"b,c\",d", ',') == 3);
    CHECK(io::fields_on_line("a,\"b,c", ',') == 3);        // the quote never closes: text
    CHECK(io::fields_on_line("\"x\"\"y,\",z", ',') == 2);  // an escaped quote inside
    CHECK(io::fields_on_line("\"x\" tail,z;w", ',') == 2); // text after the closing quote
    CHECK(io::fields_on_line("a;b;c", ';') == 3);
}

TEST_CASE(
    "a quoted field with line breaks is legal, one that swallows lines like records is told") {
    // A cell with a line break: the line it takes has 1 field, not the record's 3.
    {
        io::csv_reader rd("id,note,n\n1,\"line one\nline two\",5\n", "t.csv");
        io::csv_record rec;
        REQUIRE(rd.next(rec));
        REQUIRE(rd.next(rec));
        CHECK(rec.lines() == 2);
        CHECK_FALSE(rd.swallowed(3));
    }
    // The line of a proper closing quote holds the rest of the record: with commas in the cell
    // it can have the record's number of fields by chance (an HDX FTS export's description,
    // "Health,Water, Sanitation and Hygiene,Multipurpose\n Cash Assistance,Protection,..."),
    // and is not a record of its own.
    {
        io::csv_reader rd("date,description,amount,donor\n"
                          "2020,\"Health,Water,\n Cash,Protection\",100,\"US, Gov\"\n",
                          "fts.csv");
        io::csv_record rec;
        REQUIRE(rd.next(rec));
        REQUIRE(rd.next(rec));
        CHECK(rec.size() == 4);
        CHECK(io::fields_on_line(" Cash,Protection\",100,\"US, Gov\"", ',') == 4);
        CHECK_FALSE(rd.swallowed(4));
    }
    // Issue 24: a stray opening quote makes one record of lines 2 to 5, and that record even has
    // the header's 4 fields ("1", everything up to the quote before w, "11", "12").
    io::csv_reader rd("a,b,c,d\n1,\"x,2,3\n4,y,5,6\n7,z,8,9\n10,\"w,11,12\n13,v,14,15\n", "s.csv");
    io::csv_record rec;
    REQUIRE(rd.next(rec));
    REQUIRE(rd.next(rec));
    CHECK(rec.size() == 4);
    CHECK(rec.line == 2);
    CHECK(rec.last_line == 5);
    const auto s = rd.swallowed(4);
    REQUIRE(s);
    CHECK(s->open_line == 2);
    CHECK(s->open_column == 3);
    CHECK(s->first == 3);
    CHECK(s->last == 5);
    CHECK(s->like_records == 3); // line 5's own quote never closes on it: text, so 4 fields
    CHECK(io::swallowed_reason(*s, rec.line, 4) ==
          "a quoted field opened here (column 3) takes the 3 lines below it, which all look like "
          "rows of 4 fields: a stray quote? The row and the lines it takes are not used");
    CHECK_FALSE(rd.swallowed(1)); // one field: every line would look like a record
    CHECK_FALSE(rd.swallowed(5)); // lines of 4 fields do not look like records of 5
    REQUIRE(rd.next(rec));
    CHECK(rec.line == 6);
    CHECK_FALSE(rd.swallowed(4)); // a record of one line
}

} // namespace test_io_csv
