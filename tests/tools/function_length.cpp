// The function-length check: no function body in the headers is longer than a limit (100
// lines), except those listed, each with a reason, in an exceptions file. Run as a ctest entry,
// or by hand from the top of the repository:
//   function_length include 100 tests/function_length_exceptions.txt
// It prints every body over the limit as `path:line: name is N lines`, every exception that no
// longer matches a body over the limit (so the list only shrinks), and fails when either is found.
//
// How it reads a header: comments, string, character and raw-string literals are blanked out
// (their line breaks kept), then braces are tracked. A `{` outside any function body, whose text
// since the previous `;`, `{` or `}` holds a `(` and does not open a namespace, class, struct,
// union or enum, opens a function body; lambdas and blocks inside it count towards it. A brace
// of a constructor's member initialiser (`: a_{x}`) or of a default argument (`o = {}`) is not a
// body. The length of a body is the
// number of lines from its `{` to its `}`, both included. It is a reading of the text, not a
// parser: macros and unusual declarations may be misread, which the sample tree of
// tests/data/function_length/ keeps in check for the forms the headers use.
//
// Exceptions file: one exception a line, `path function-name reason...`, the path as printed
// (relative to the working directory), the name as printed; `#` starts a comment line.

#include <algorithm>
#include <cctype>
#include <cstddef>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace {

struct body {
    std::string path;
    std::size_t line = 0; ///< the line of the `{`
    std::string name;
    std::size_t lines = 0;
};

/// Blanks every character of [from, to) of s but line breaks.
void blank(std::string& s, std::size_t from, std::size_t to) {
    for (std::size_t i = from; i < to && i < s.size(); ++i)
        if (s[i] != '\n')
            s[i] = ' ';
}

bool is_ident(char c) {
    return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_';
}

/// src with comments and literals blanked out; line breaks are kept, so lines still count.
std::string strip(std::string src) {
    std::size_t i = 0;
    const std::size_t n = src.size();
    while (i < n) {
        if (src.compare(i, 2, "//") == 0) {
            std::size_t j = src.find('\n', i);
            j = j == std::string::npos ? n : j;
            blank(src, i, j);
            i = j;
        } else if (src.compare(i, 2, "/*") == 0) {
            std::size_t j = src.find("*/", i + 2);
            j = j == std::string::npos ? n : j + 2;
            blank(src, i, j);
            i = j;
        } else if (src[i] == 'R' && i + 1 < n && src[i + 1] == '"' &&
                   (i == 0 || !is_ident(src[i - 1]) || src[i - 1] == '8' || src[i - 1] == 'u' ||
                    src[i - 1] == 'U' || src[i - 1] == 'L')) {
            const std::size_t open = src.find('(', i + 2);
            if (open == std::string::npos)
                break;
            const std::string close = ")" + src.substr(i + 2, open - i - 2) + "\"";
            std::size_t j = src.find(close, open);
            j = j == std::string::npos ? n : j + close.size();
            blank(src, i, j);
            i = j;
        } else if (src[i] == '"' || src[i] == '\'') {
            // A digit separator (1'000'000) is not a character literal.
            if (src[i] == '\'' && i > 0 && std::isxdigit(static_cast<unsigned char>(src[i - 1])) &&
                i + 1 < n && std::isxdigit(static_cast<unsigned char>(src[i + 1]))) {
                ++i;
                continue;
            }
            const char q = src[i];
            std::size_t j = i + 1;
            while (j < n && src[j] != q && src[j] != '\n')
                j += src[j] == '\\' ? 2 : 1;
            blank(src, i + 1, std::min(j, n));
            i = j + 1;
        } else {
            ++i;
        }
    }
    return src;
}

/// The text of s without surrounding white space.
std::string_view trim(std::string_view s) {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

/// True when the declaration text head opens a namespace, class, struct, union or enum.
bool opens_scope(std::string_view head) {
    static const char* const words[] = {"namespace", "class", "struct", "union", "enum"};
    for (const char* w : words) {
        const std::string_view word(w);
        for (std::size_t at = head.find(word); at != std::string_view::npos;
             at = head.find(word, at + 1)) {
            const bool starts = at == 0 || !is_ident(head[at - 1]);
            const bool ends = at + word.size() >= head.size() || !is_ident(head[at + word.size()]);
            // `template <class T> void f(T)` names a parameter kind, not a scope.
            const bool in_template = at > 0 && head.substr(0, at).find('<') != std::string::npos &&
                                     head.substr(at).find('>') != std::string_view::npos &&
                                     head.substr(at).find('(') != std::string_view::npos;
            if (starts && ends && !in_template)
                return true;
        }
    }
    return false;
}

/// The name of the function declared by head: the qualified name before its parameter list.
std::string function_name(std::string_view head) {
    // Skip template parameter lists: the parameter list is the first '(' at angle depth 0.
    int angle = 0;
    std::size_t paren = std::string_view::npos;
    for (std::size_t i = 0; i < head.size(); ++i) {
        const char c = head[i];
        if (c == '<')
            ++angle;
        else if (c == '>' && angle > 0 && !(i > 0 && head[i - 1] == '-'))
            --angle;
        else if (c == '(' && angle == 0) {
            paren = i;
            break;
        }
    }
    if (paren == std::string_view::npos)
        paren = head.find('(');
    std::size_t end = paren;
    while (end > 0 && std::isspace(static_cast<unsigned char>(head[end - 1])))
        --end;
    std::size_t begin = end;
    while (begin > 0) {
        const char c = head[begin - 1];
        if (is_ident(c) || c == ':' || c == '~')
            --begin;
        else if (head.substr(0, begin).ends_with("operator"))
            break;
        else if (c == '>' || c == '<' || c == '=' || c == '[' || c == ']' || c == '+' || c == '-' ||
                 c == '*' || c == '/' || c == '!' || c == '&' || c == '|') {
            // operator==, operator() and the like: keep the symbols after `operator`.
            const std::size_t op = head.substr(0, begin).rfind("operator");
            if (op == std::string_view::npos)
                break;
            begin = op;
            break;
        } else
            break;
    }
    std::string name(trim(head.substr(begin, end - begin)));
    return name.empty() ? std::string("(unnamed)") : name;
}

/// True when the `{` at `at` of s opens a member initialiser (`: a_{x}` or `, b_{y}`) of a
/// constructor whose declaration text is head.
bool member_initialiser(const std::string& s, std::size_t at, std::string_view head) {
    if (at == 0 || !is_ident(s[at - 1]))
        return false;
    const std::size_t close = head.rfind(')');
    if (close == std::string_view::npos)
        return false;
    // The identifier before the brace follows a ':' or ',' that comes after the parameter list.
    std::size_t k = head.size();
    while (k > 0 && (is_ident(head[k - 1]) || head[k - 1] == ':'))
        --k;
    while (k > 0 && std::isspace(static_cast<unsigned char>(head[k - 1])))
        --k;
    return k > 0 && (head[k - 1] == ':' || head[k - 1] == ',') &&
           head.substr(0, k).find(')') != std::string_view::npos;
}

std::size_t line_of(const std::vector<std::size_t>& breaks, std::size_t at) {
    return static_cast<std::size_t>(std::upper_bound(breaks.begin(), breaks.end(), at) -
                                    breaks.begin()) +
           1;
}

/// Every function body of the stripped text s.
void bodies(const std::string& path, const std::string& s, std::vector<body>& out) {
    enum class kind { function, initialiser, other };
    struct open {
        kind k;
        std::size_t at;
        std::string head;
        std::size_t head_from; ///< where the declaration text started (kept across initialisers)
    };
    std::vector<std::size_t> breaks;
    for (std::size_t i = 0; i < s.size(); ++i)
        if (s[i] == '\n')
            breaks.push_back(i);
    std::vector<open> stack;
    std::size_t last = 0;
    std::size_t functions_open = 0;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (c == '{') {
            const std::string head(trim(std::string_view(s).substr(last, i - last)));
            kind k = kind::other;
            if (functions_open == 0 && head.find('(') != std::string::npos && !opens_scope(head)) {
                // A brace inside an open parameter list (`options = {}`) or a member
                // initialiser belongs to the declaration, not to a body.
                const auto opened = std::count(head.begin(), head.end(), '(');
                const auto closed = std::count(head.begin(), head.end(), ')');
                k = opened > closed || member_initialiser(s, i, head) ? kind::initialiser
                                                                      : kind::function;
            }
            if (k == kind::function)
                ++functions_open;
            stack.push_back({k, i, head, last});
            last = i + 1;
        } else if (c == '}') {
            if (stack.empty()) {
                last = i + 1;
                continue;
            }
            const open o = stack.back();
            stack.pop_back();
            if (o.k == kind::initialiser) {
                last = o.head_from; // the declaration goes on after the initialiser
                continue;
            }
            last = i + 1;
            if (o.k == kind::function) {
                --functions_open;
                const std::size_t l1 = line_of(breaks, o.at);
                const std::size_t l2 = line_of(breaks, i);
                out.push_back({path, l1, function_name(o.head), l2 - l1 + 1});
            }
        } else if (c == ';') {
            last = i + 1;
        }
    }
}

std::string read(const std::filesystem::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: function_length <directory> <limit> [exceptions-file]\n";
        return 2;
    }
    const std::filesystem::path root = argv[1];
    const std::size_t limit = std::stoul(argv[2]);
    if (!std::filesystem::is_directory(root)) {
        std::cerr << "function_length: " << root.string() << " is not a directory\n";
        return 2;
    }

    // (path, name) -> reason
    std::map<std::pair<std::string, std::string>, std::string> exceptions;
    if (argc > 3) {
        std::ifstream in(argv[3]);
        if (!in) {
            std::cerr << "function_length: cannot read " << argv[3] << "\n";
            return 2;
        }
        std::string line;
        std::size_t number = 0;
        while (std::getline(in, line)) {
            ++number;
            const std::string_view t = trim(line);
            if (t.empty() || t.front() == '#')
                continue;
            std::istringstream fields{std::string(t)};
            std::string path, name, reason;
            fields >> path >> name;
            std::getline(fields, reason);
            if (name.empty() || trim(reason).empty()) {
                std::cerr << argv[3] << ":" << number
                          << ": an exception is `path function-name reason`\n";
                return 2;
            }
            exceptions[{path, name}] = std::string(trim(reason));
        }
    }

    std::vector<std::filesystem::path> files;
    for (const auto& e : std::filesystem::recursive_directory_iterator(root))
        if (e.is_regular_file() && (e.path().extension() == ".hpp" || e.path().extension() == ".h"))
            files.push_back(e.path());
    std::sort(files.begin(), files.end());

    std::vector<body> all;
    for (const auto& f : files)
        bodies(f.generic_string(), strip(read(f)), all);

    std::size_t too_long = 0, excused = 0;
    std::set<std::pair<std::string, std::string>> used;
    for (const body& b : all) {
        if (b.lines <= limit)
            continue;
        const auto ex = exceptions.find({b.path, b.name});
        if (ex != exceptions.end()) {
            used.insert(ex->first);
            ++excused;
            continue;
        }
        ++too_long;
        std::cout << b.path << ":" << b.line << ": " << b.name << " is " << b.lines
                  << " lines (limit " << limit << ")\n";
    }
    std::size_t stale = 0;
    for (const auto& [key, reason] : exceptions) {
        if (used.count(key) != 0)
            continue;
        ++stale;
        std::cout << key.first << ": exception for " << key.second
                  << " matches no function over the limit; remove it from the list\n";
    }
    std::cout << all.size() << " function bodies read in " << files.size() << " headers, "
              << excused << " over " << limit << " lines by exception, " << too_long
              << " over it without one, " << stale << " stale exceptions\n";
    return too_long == 0 && stale == 0 ? 0 : 1;
}
