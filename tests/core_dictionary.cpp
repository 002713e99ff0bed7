#include <doctest/doctest.h>
#include <tally/core/dictionary.hpp>

namespace test_core_dictionary {

using namespace tally;

TEST_CASE("a dictionary gives dense ids in order of first appearance") {
    dictionary d;
    CHECK(d.intern("COL") == 0);
    CHECK(d.intern("PER") == 1);
    CHECK(d.intern("COL") == 0);
    CHECK(d.size() == 2);
    CHECK(d.name(1) == "PER");
    CHECK(d.find("ECU") == std::nullopt);
    CHECK(d.at("PER") == 1);
    CHECK_THROWS_AS(d.at("ECU"), tally::error);
    CHECK_THROWS_AS(d.name(7), tally::error);
}

TEST_CASE("a copied dictionary keeps working after the original is gone") {
    dictionary copy;
    {
        dictionary d;
        for (int i = 0; i < 1000; ++i)
            d.intern("code-" + std::to_string(i));
        copy = d;
    }
    CHECK(copy.size() == 1000);
    CHECK(copy.at("code-999") == 999);
    dictionary moved = std::move(copy);
    CHECK(moved.at("code-500") == 500);
}

TEST_CASE("merging dictionaries returns the id remap") {
    dictionary a, b;
    a.intern("COL");
    a.intern("PER");
    b.intern("ECU");
    b.intern("COL");
    auto remap = a.merge(b);
    REQUIRE(remap.size() == 2);
    CHECK(remap[0] == 2); // ECU is new in a
    CHECK(remap[1] == 0); // COL was already there
    CHECK(a.size() == 3);
}

} // namespace test_core_dictionary
