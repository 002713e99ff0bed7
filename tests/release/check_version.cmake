# One version everywhere: project(VERSION) (VERSION, passed in), include/tally/version.hpp (the
# string and the three numbers), the newest heading of CHANGELOG.md ("## X.Y.Z — YYYY-MM-DD";
# an "## Unreleased" heading above it is passed over)
# and CITATION.cff (version, and date-released equal to that heading's date). Also the keys
# CITATION.cff must have to be valid CFF 1.2.0.
set(problems "")
string(REGEX MATCH "^([0-9]+)\\.([0-9]+)\\.([0-9]+)$" _ "${VERSION}")
set(want_major ${CMAKE_MATCH_1})
set(want_minor ${CMAKE_MATCH_2})
set(want_patch ${CMAKE_MATCH_3})

file(READ ${SOURCE_DIR}/include/tally/version.hpp header)
foreach(part IN ITEMS MAJOR MINOR PATCH)
    string(TOLOWER ${part} p)
    if(NOT header MATCHES "#define TALLY_VERSION_${part} ${want_${p}}\n")
        string(APPEND problems "\n  version.hpp: TALLY_VERSION_${part} is not ${want_${p}}")
    endif()
endforeach()
if(NOT header MATCHES "#define TALLY_VERSION_STRING \"${VERSION}\"")
    string(APPEND problems "\n  version.hpp: TALLY_VERSION_STRING is not \"${VERSION}\"")
endif()

file(STRINGS ${SOURCE_DIR}/CHANGELOG.md headings REGEX "^## " ENCODING UTF-8)
list(REMOVE_ITEM headings "## Unreleased") # changes not yet in a version
list(GET headings 0 newest)
if(NOT newest MATCHES "^## ([0-9.]+) — ([0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9])$")
    string(APPEND problems "\n  CHANGELOG.md: the newest heading '${newest}' is not '## X.Y.Z — YYYY-MM-DD'")
else()
    set(changelog_version ${CMAKE_MATCH_1})
    set(changelog_date ${CMAKE_MATCH_2})
    if(NOT changelog_version STREQUAL VERSION)
        string(APPEND problems "\n  CHANGELOG.md: the newest version is ${changelog_version}, not ${VERSION}")
    endif()
endif()

file(READ ${SOURCE_DIR}/CITATION.cff cff)
foreach(key IN ITEMS "cff-version: 1\\.2\\.0" "message: " "title: " "authors:" "version: ${VERSION}"
                "date-released: ${changelog_date}" "license: MIT")
    if(NOT cff MATCHES "(^|\n)${key}")
        string(APPEND problems "\n  CITATION.cff: no line '${key}' (regular expression)")
    endif()
endforeach()

if(problems)
    message(FATAL_ERROR "the version ${VERSION} of project() is not the same everywhere:${problems}")
endif()
message(STATUS "version ${VERSION} (${changelog_date}) in CMakeLists.txt, version.hpp, CHANGELOG.md and CITATION.cff")
