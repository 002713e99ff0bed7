#include <atomic>
#include <cstddef>
#include <doctest/doctest.h>
#include <stdexcept>
#include <tally/detail/parallel.hpp>
#include <vector>

namespace test_detail_parallel {

using namespace tally::detail;

TEST_CASE("every task runs once, whatever the number of threads") {
    for (unsigned threads : {0u, 1u, 2u, 3u, 8u, 40u}) {
        CAPTURE(threads);
        std::vector<std::atomic<int>> ran(25);
        each_task(ran.size(), threads, [&](std::size_t k) { ++ran[k]; });
        int once = 0;
        for (const auto& r : ran)
            once += r.load() == 1;
        CHECK(once == 25);
    }
    each_task(0, 4, [](std::size_t) { FAIL("no task to run"); });
}

TEST_CASE("a failing task is rethrown after the others have run") {
    std::atomic<int> ran{0};
    CHECK_THROWS_AS(each_task(10, 3,
                              [&](std::size_t k) {
                                  ++ran;
                                  if (k == 4)
                                      throw std::runtime_error("part 4");
                              }),
                    std::runtime_error);
    CHECK(ran.load() == 10);
}

TEST_CASE("the ranges of a parallel pass cover all n items once, in order") {
    for (std::size_t parts : {1u, 2u, 3u, 7u}) {
        CAPTURE(parts);
        std::vector<std::size_t> lo(parts), hi(parts);
        in_parallel(1000, parts, [&](std::size_t p, std::size_t a, std::size_t b) {
            lo[p] = a;
            hi[p] = b;
        });
        CHECK(lo[0] == 0);
        CHECK(hi[parts - 1] == 1000);
        for (std::size_t p = 1; p < parts; ++p)
            CHECK(lo[p] == hi[p - 1]);
    }
    CHECK(parts_for(10, 100) == 1);
    CHECK(parts_for(1000, 100) >= 1);
    CHECK(parts_for(1000, 100) <= 8);
}

} // namespace test_detail_parallel
