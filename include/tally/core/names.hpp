#pragma once
// The one normalization of names written by people (column headers, sector and group
// spellings), shared by core's vocabularies and io's header lookup.

#include <tally/version.hpp> // first: the C++20 check

#include <cctype>
#include <string>
#include <string_view>

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

} // namespace tally
