#pragma once
// A sample for the function-length check (tests/tools/function_length.cpp): too_long has a body
// of 101 lines from its `{` to its `}`, with braces in comments and literals that must not count;
// the other functions are short and must not be reported.

#include <string>
#include <vector>

namespace sample {

struct options {
    int width = 0;
};

class holder {
  public:
    explicit holder(int n) : n_{n}, v_{1, 2} {}
    int n() const { return n_; }

  private:
    int n_;
    std::vector<int> v_;
};

/// Too long: the check reports it.
inline std::string too_long(const std::string& in, const options& o = {}) {
    std::string out = in; // a comment with a } brace
    /* a block comment { with braces }
       on two lines } */
    out += "}}} a string with braces {";
    out += '}';
    out += R"x(a raw string ) " with } braces)x";
    const int million = 1'000'000;
    out += std::to_string(million + o.width);
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
    out += "line";
}

/// Short, after the long one: read as its own body.
inline int short_one(int x) {
    auto twice = [](int y) { return 2 * y; };
    return twice(x);
}

} // namespace sample
