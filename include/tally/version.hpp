#pragma once

#define TALLY_VERSION_MAJOR 0
#define TALLY_VERSION_MINOR 1
#define TALLY_VERSION_PATCH 0
#define TALLY_VERSION_STRING "0.1.0"

namespace tally {
/// The library version, as "MAJOR.MINOR.PATCH".
inline constexpr const char* version_string = TALLY_VERSION_STRING;
} // namespace tally
