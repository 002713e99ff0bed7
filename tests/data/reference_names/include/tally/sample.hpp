#pragma once
// The sample of the reference check (tests/tools/reference_names.cmake): three functions at
// namespace scope (one named by reference.md, one listed in exceptions.txt, one neither), a
// member and a detail function, which the check does not count.

namespace tally {

inline int documented(int x) {
    return x;
}

inline int undocumented(int x) {
    return x + 1;
}

inline int excused(int x) {
    return x + 2;
}

struct widget {
    int member(int y) const { return y; }
};

namespace detail {

inline int helper(int x) {
    return x;
}

} // namespace detail

} // namespace tally
