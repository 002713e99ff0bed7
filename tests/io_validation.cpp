#include <doctest/doctest.h>
#include <tally/io/validation.hpp>

using namespace tally;

TEST_CASE("a validation report keeps rows read equal to rows used plus rows rejected") {
    io::validation_report a;
    a.use();
    a.reject({"a.csv", 3, 0}, "negative number");
    a.tell({"a.csv", 2, 0}, "admin1 'X' does not resolve");
    CHECK(a.rows_read == 2);
    CHECK(a.balanced());
    CHECK_FALSE(a.clean());
    io::validation_report b;
    b.use();
    b.use();
    a.merge(b);
    CHECK(a.rows_read == 4);
    CHECK(a.rows_used == 3);
    CHECK(a.balanced());
    CHECK(a.rejected.front().where.line == 3);
    CHECK(a.notices.size() == 1);
}
