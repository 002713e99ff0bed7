# The layering of the headers: a header includes only headers of its own layer or of the layers
# below it. Run as a ctest entry, or by hand:
#   cmake -DINCLUDE_DIR=include -P tests/layering.cmake
# Fails listing every include that runs back up, and every header in a directory of no layer.
#
# The layers, bottom to top (a directory's own `detail/` internals, such as io/detail/, are part
# of its layer):
#   core      the vocabulary: counts, money, checked arithmetic, errors, geography, sectors,
#             periods, figures, dictionaries (version.hpp is here: it includes nothing)
#   detail    generic internals: allocators, hashing, sorting, threads, bytes, UTF-8
#   table     the columnar tables: activities, plan, presence, flows
#   dedup     the de-duplication rules over the tables: reach, plan, presence
#   funding   flows, requirements, grouping, coverage, allocation (uses dedup/plan.hpp)
#   io        the readers, which fill the tables and the funding types
#   sketch    identifier sketches (reads its key files through io/file.hpp)
#   metrics   the joined table and the misalignment metrics over reach, plan and funding
#   report    the report model and its renderings
#   facade    the commands as functions over plain columns, for bindings (tally/facade.hpp is
#             here too)
# and tally/tally.hpp (every layer but the report, the sketches and the facade) and tally/all.hpp
# (every layer but the facade) on top.

if(NOT INCLUDE_DIR)
    message(FATAL_ERROR "usage: cmake -DINCLUDE_DIR=<dir holding tally/> -P layering.cmake")
endif()

get_filename_component(INCLUDE_DIR "${INCLUDE_DIR}" ABSOLUTE)

set(layers core detail table dedup funding io sketch metrics report facade)

# The rank of a path below tally/ (such as io/detail/row_reading.hpp), in out; -1 when it is in
# no layer.
function(layer_rank path out)
    if(path STREQUAL "version.hpp")
        set(${out} 0 PARENT_SCOPE)
        return()
    endif()
    if(path STREQUAL "facade.hpp")
        list(FIND layers facade rank)
        set(${out} ${rank} PARENT_SCOPE)
        return()
    endif()
    if(path STREQUAL "tally.hpp" OR path STREQUAL "all.hpp")
        list(LENGTH layers n)
        set(${out} ${n} PARENT_SCOPE)
        return()
    endif()
    string(REGEX MATCH "^[^/]+" dir "${path}")
    if(NOT path MATCHES "/")
        set(dir "")
    endif()
    list(FIND layers "${dir}" rank)
    set(${out} ${rank} PARENT_SCOPE)
endfunction()

function(layer_name rank out)
    list(LENGTH layers n)
    if(rank EQUAL n)
        set(${out} "the top (tally.hpp, all.hpp)" PARENT_SCOPE)
    else()
        list(GET layers ${rank} name)
        set(${out} "${name}" PARENT_SCOPE)
    endif()
endfunction()

file(GLOB_RECURSE headers RELATIVE ${INCLUDE_DIR}/tally ${INCLUDE_DIR}/tally/*.hpp)
list(SORT headers)
if(NOT headers)
    message(FATAL_ERROR "no headers under ${INCLUDE_DIR}/tally")
endif()

set(problems "")
set(count 0)
foreach(h IN LISTS headers)
    layer_rank("${h}" from)
    if(from EQUAL -1)
        string(APPEND problems "  tally/${h} is in a directory of no layer (add it to the list in "
                               "tests/layering.cmake)\n")
        continue()
    endif()
    file(STRINGS ${INCLUDE_DIR}/tally/${h} lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line IN LISTS lines)
        if(line MATCHES "^[ \t]*#[ \t]*include[ \t]*[<\"]tally/([^>\"]+)[>\"]")
            set(target "${CMAKE_MATCH_1}")
            if(h STREQUAL "version.hpp" AND target STREQUAL "stop_here_tally_needs_cpp20")
                continue() # the include that ends a compilation older than C++20, on purpose
            endif()
            layer_rank("${target}" to)
            math(EXPR count "${count} + 1")
            if(to EQUAL -1)
                string(APPEND problems "  tally/${h} includes tally/${target}, in no layer\n")
            elseif(to GREATER from)
                layer_name(${from} from_name)
                layer_name(${to} to_name)
                string(APPEND problems "  tally/${h} (${from_name}) includes tally/${target} "
                                       "(${to_name}, above it)\n")
            endif()
        elseif(line MATCHES "^[ \t]*#[ \t]*include[ \t]*\"")
            string(APPEND problems "  tally/${h}: ${line} (include tally headers as <tally/...>)\n")
        endif()
    endforeach()
endforeach()

list(LENGTH headers nh)
if(problems)
    string(REPLACE ";" " < " order "${layers}")
    message(FATAL_ERROR "includes against the layering (${order}):\n${problems}")
endif()
message(STATUS "layering: ${nh} headers, ${count} includes of tally headers, none upward")
