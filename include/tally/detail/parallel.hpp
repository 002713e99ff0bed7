#pragma once
// Work cut over the cores, for the passes of the readers and of the reach pipeline over millions
// of lines or bytes: std::thread only, the calling thread doing its share, and an exception of
// any part rethrown on the calling thread once all have ended.

#include <tally/version.hpp> // first: the C++20 check

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <exception>
#include <thread>
#include <vector>

namespace tally::detail {

/// How many parts a pass over n items is cut into: 1 below `from` items (threads would cost
/// more than they give), else one per core, at most 8.
inline unsigned parts_for(std::size_t n, std::size_t from) {
    return n < from ? 1u : std::clamp(std::thread::hardware_concurrency(), 1u, 8u);
}

/// Runs task(k) for every k in [0, count) on `threads` threads (this one among them), each
/// taking the next k not yet taken: tasks listed from the largest end together. Rethrows the
/// first exception of a task, after every thread has ended.
template <class Task>
void each_task(std::size_t count, unsigned threads, Task&& task) {
    std::vector<std::exception_ptr> failed(count);
    std::atomic<std::size_t> next{0};
    auto work = [&] {
        for (std::size_t k; (k = next.fetch_add(1)) < count;)
            try {
                task(k);
            } catch (...) {
                failed[k] = std::current_exception();
            }
    };
    std::vector<std::thread> pool;
    for (std::size_t w = 1; w < std::min<std::size_t>(threads, count); ++w)
        pool.emplace_back(work);
    work();
    for (auto& t : pool)
        t.join();
    for (const auto& f : failed)
        if (f)
            std::rethrow_exception(f);
}

/// Runs body(p, lo, hi) for the `parts` equal ranges [lo, hi) of [0, n), each on a thread of its
/// own (part 0 on this one). Rethrows the first exception of a part, after all have ended.
template <class Body>
void in_parallel(std::size_t n, std::size_t parts, Body&& body) {
    each_task(parts, static_cast<unsigned>(parts),
              [&](std::size_t p) { body(p, n * p / parts, n * (p + 1) / parts); });
}

} // namespace tally::detail
