# Every public header, compiled alone with -std=c++17, stops with the sentence of
# <tally/version.hpp> as its first error, before any code of tally's: each header includes
# version.hpp, directly or through the first tally header it includes, before any code of its
# own. A new header that includes no tally header and not version.hpp fails here, and so does
# one with code above its includes. Preprocessed only (-E), where #error is: the output before
# version.hpp is entered must hold no tally namespace, and at most one error may follow the
# sentence (the missing include that ends the compilation). About 0.1 s a header with g++, 0.3 s
# with clang++.
#   CXX       the compiler (g++ or clang++)
#   INCLUDE   the library's include directory
#   INCLUDES  every include directory the headers need, separated by |
#   SKIP      headers of components not built, separated by |
#   WORK_DIR  a scratch directory
cmake_minimum_required(VERSION 3.21)
string(REPLACE "|" ";" includes "${INCLUDES}")
string(REPLACE "|" ";" skip "${SKIP}")
# The compiler's own directory given with -I would come before its C++ headers and break their
# #include_next.
list(REMOVE_DUPLICATES includes)
list(REMOVE_ITEM includes /usr/include /usr/local/include)
set(flags -std=c++17 -E -I${INCLUDE})
foreach(dir IN LISTS includes)
    if(dir)
        list(APPEND flags -I${dir})
    endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})
file(GLOB_RECURSE headers RELATIVE ${INCLUDE} ${INCLUDE}/tally/*.hpp)
list(SORT headers)
set(bad "")
set(checked 0)
foreach(h IN LISTS headers)
    if(h IN_LIST skip)
        continue()
    endif()
    string(MAKE_C_IDENTIFIER "${h}" id)
    file(WRITE ${WORK_DIR}/${id}.cpp "#include <${h}>\n")
    execute_process(COMMAND ${CXX} ${flags} ${WORK_DIR}/${id}.cpp
                    RESULT_VARIABLE rc OUTPUT_VARIABLE code ERROR_VARIABLE out)
    string(REGEX MATCH "error:[^\n]*" first "${out}")
    string(REGEX MATCHALL "error:" errors "${out}")
    list(LENGTH errors n)
    math(EXPR checked "${checked} + 1")
    if(rc EQUAL 0)
        string(APPEND bad "\n  ${h}: compiled under C++17")
    elseif(NOT first MATCHES "tally needs C\\+\\+20 or later" OR n GREATER 2)
        string(APPEND bad "\n  ${h}: ${n} errors, the first: ${first}")
    else()
        # What was preprocessed before version.hpp was entered (g++ stops at the missing include,
        # clang -E goes on: only the part before the check counts).
        string(FIND "${code}" "tally/version.hpp\"" at)
        string(SUBSTRING "${code}" 0 ${at} before)
        if(at EQUAL -1 OR before MATCHES "namespace tally")
            string(APPEND bad "\n  ${h}: tally's code comes before the C++20 check")
        endif()
    endif()
endforeach()
if(bad)
    message(FATAL_ERROR "headers that do not stop at the C++20 sentence under -std=c++17:${bad}")
endif()
message(STATUS "${checked} public headers stop at the C++20 sentence under -std=c++17")
