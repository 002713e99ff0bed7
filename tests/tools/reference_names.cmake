# Lists the functions of the public headers that the API reference does not name.
#
#   cmake -DINCLUDE=include -DREFERENCE=docs/reference.md
#         -DEXCEPTIONS=tests/reference_exceptions.txt -P tests/tools/reference_names.cmake
#
# A function is every snake_case name declared at namespace scope (a line that starts in column
# 0 and holds a '(') in a header under INCLUDE/tally/, outside the detail/ and facade/ folders
# and the -inl headers, and outside any namespace whose name holds `detail`; members and out-of-class definitions
# (`x::name(`) are not counted. The reference names a function when it holds `name(`,
# `` `name` `` or `::name``. Each function not named is printed as `header: name is not in the
# reference`, unless EXCEPTIONS lists it (`header name reason`, one a line, # for comments); an
# exception that the reference names, or that names no function of its header, is stale and
# printed too. The script fails when anything was printed. Cost: one read of each header.

cmake_minimum_required(VERSION 3.25)

foreach(var IN ITEMS INCLUDE REFERENCE EXCEPTIONS)
    if(NOT DEFINED ${var})
        message(FATAL_ERROR "reference_names.cmake needs -D${var}=...")
    endif()
endforeach()

get_filename_component(INCLUDE ${INCLUDE} ABSOLUTE)
file(READ ${REFERENCE} reference)
file(STRINGS ${EXCEPTIONS} exception_lines REGEX "^[^#]")
set(excepted "")
foreach(line IN LISTS exception_lines)
    if(line MATCHES "^([^ ]+) ([a-z_0-9]+) .")
        list(APPEND excepted "${CMAKE_MATCH_1}:${CMAKE_MATCH_2}")
    else()
        message(FATAL_ERROR "${EXCEPTIONS}: not `header name reason`: ${line}")
    endif()
endforeach()

file(GLOB_RECURSE headers RELATIVE ${INCLUDE} ${INCLUDE}/tally/*.hpp)
# An -inl header holds the definitions of what its header declares (the compiled component's
# split, docs/packaging.md): the header is the one checked.
list(FILTER headers EXCLUDE REGEX "(^|/)detail/|^tally/facade|-inl\\.hpp$")
list(SORT headers)

set(declared "")
set(problems 0)
set(named 0)
set(excused 0)
foreach(header IN LISTS headers)
    # Namespace lines, and the lines that start in column 0 and hold a '(' (a line holding a ';'
    # comes apart at it; its first part keeps the name).
    file(STRINGS ${INCLUDE}/${header} lines
         REGEX "^(namespace [A-Za-z_:]* ?\\{|\\} // namespace|[A-Za-z_\\[].*\\()")
    set(depth 0)
    set(detail_depth 0) # the depth at which a detail namespace was opened; 0: none open
    foreach(line IN LISTS lines)
        if(line MATCHES "^namespace ([A-Za-z_:]*) ?\\{")
            math(EXPR depth "${depth} + 1")
            if(detail_depth EQUAL 0 AND CMAKE_MATCH_1 MATCHES "detail")
                set(detail_depth ${depth})
            endif()
            continue()
        endif()
        if(line MATCHES "^\\} // namespace")
            if(depth EQUAL detail_depth)
                set(detail_depth 0)
            endif()
            math(EXPR depth "${depth} - 1")
            continue()
        endif()
        if(depth EQUAL 0 OR NOT detail_depth EQUAL 0 OR NOT line MATCHES "^[A-Za-z_\\[].*\\(")
            continue()
        endif()
        string(REGEX MATCH "^[^(]*" before "${line}")
        if(NOT before MATCHES "(::)?([A-Za-z_][A-Za-z_0-9]*)$" OR CMAKE_MATCH_1 STREQUAL "::")
            continue()
        endif()
        set(name ${CMAKE_MATCH_2})
        if(NOT name MATCHES "^[a-z_][a-z_0-9]*$" OR name MATCHES "^(requires|decltype|deprecated|static_assert)$")
            continue()
        endif()
        if("${header}:${name}" IN_LIST declared)
            continue()
        endif()
        list(APPEND declared "${header}:${name}")
        string(FIND "${reference}" "${name}(" a)
        string(FIND "${reference}" "`${name}`" b)
        string(FIND "${reference}" "::${name}`" c)
        if(a GREATER -1 OR b GREATER -1 OR c GREATER -1)
            math(EXPR named "${named} + 1")
            if("${header}:${name}" IN_LIST excepted)
                message("${header}: ${name} is in the reference and listed as an exception: remove the exception")
                math(EXPR problems "${problems} + 1")
            endif()
        elseif("${header}:${name}" IN_LIST excepted)
            math(EXPR excused "${excused} + 1")
        else()
            message("${header}: ${name} is not in the reference")
            math(EXPR problems "${problems} + 1")
        endif()
    endforeach()
endforeach()

foreach(entry IN LISTS excepted)
    if(NOT entry IN_LIST declared)
        string(REGEX REPLACE "^([^:]+):(.*)$"
               "\\1: the exception for \\2 names no function of the header: remove it" stale "${entry}")
        message("${stale}")
        math(EXPR problems "${problems} + 1")
    endif()
endforeach()

list(LENGTH declared total)
list(LENGTH headers header_count)
message("${total} functions in ${header_count} headers: ${named} in the reference, ${excused} listed as exceptions, ${problems} problems")
if(problems GREATER 0)
    message(FATAL_ERROR "the reference misses functions or lists stale exceptions (above)")
endif()
