#pragma once
// The library version, and the one check every public header makes first: tally needs C++20.
// Each header includes this one, directly or through the first tally header it includes, before
// any code of its own, so an older standard gives this sentence first instead of thousands of
// lines about concepts and ranges.

// MSVC leaves __cplusplus at 199711L unless /Zc:__cplusplus is given; _MSVC_LANG tells the truth.
// Any value above C++17's 201703L passes (g++ 10 says 201709L for -std=c++20). With CMake,
// linking tally::tally asks for C++20 (cxx_std_20); tally.pc gives -std=c++20.
#if defined(_MSVC_LANG)
#define TALLY_DETAIL_CPLUSPLUS _MSVC_LANG
#else
#define TALLY_DETAIL_CPLUSPLUS __cplusplus
#endif
#if TALLY_DETAIL_CPLUSPLUS <= 201703L
#error "tally needs C++20 or later: compile with -std=c++20 (MSVC: /std:c++20)"
// Stop here: #error does not end the compilation, and what follows would bury the sentence
// above under thousands of errors. A missing #include is fatal for every compiler.
#include <tally/stop_here_tally_needs_cpp20>
#endif

#define TALLY_VERSION_MAJOR 0
#define TALLY_VERSION_MINOR 2
#define TALLY_VERSION_PATCH 0
#define TALLY_VERSION_STRING "0.2.0"

// The optional compiled component (docs/packaging.md): with TALLY_COMPILED defined (linking
// tally::compiled defines it), the heaviest entry points of the library (the 5W, plan, flow CSV
// and requirements readers, the reach pipeline) are declared by their headers and defined once in
// the static library; TALLY_INLINE is then empty. Header-only (the default), their definitions
// are in the headers and inline. Templates on the amount type (the FTS readers, the join, the
// misalignment measures) are instantiated there for usd_amount and declared extern.
#ifdef TALLY_COMPILED
#define TALLY_INLINE
#else
#define TALLY_INLINE inline
#endif

namespace tally {
/// The library version, as "MAJOR.MINOR.PATCH".
inline constexpr const char* version_string = TALLY_VERSION_STRING;
} // namespace tally
