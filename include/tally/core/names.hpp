#pragma once
// The one normalization of names written by people (column headers, sector and group
// spellings), shared by core's vocabularies and io's header lookup.

#include <tally/version.hpp> // first: the C++20 check

#include <cctype>
#include <string>
#include <string_view>
#include <vector>

namespace tally {

/// Lower-cases ASCII letters and turns spaces and hyphens into underscores, so that
/// "New beneficiaries", "new_beneficiaries" and "NEW-BENEFICIARIES" compare equal.
inline std::string normalize_name(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    // Trim surrounding blanks.
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    for (char c : s) {
        if (c == ' ' || c == '-')
            out += '_';
        else
            out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

/// Splits "a,b,c" into its parts (empty parts dropped, blanks trimmed).
inline std::vector<std::string> split_list(std::string_view s) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= s.size()) {
        auto end = s.find(',', start);
        if (end == std::string_view::npos)
            end = s.size();
        auto part = s.substr(start, end - start);
        while (!part.empty() && part.front() == ' ')
            part.remove_prefix(1);
        while (!part.empty() && part.back() == ' ')
            part.remove_suffix(1);
        if (!part.empty())
            out.emplace_back(part);
        start = end + 1;
    }
    return out;
}

} // namespace tally
