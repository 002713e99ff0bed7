# Runs tally_peer on the shared benchmark fixture and compares q1..q4 with the hand-computed
# expected output, byte for byte. Prints "SKIP: ..." and stops when ../shared/bench is absent; the
# test's SKIP_REGULAR_EXPRESSION turns that into a skip (a script cannot choose its exit code
# before CMake 3.29, and Debian 12 has 3.25).
set(fixtures ${SHARED_DIR}/bench/fixtures)
if(NOT EXISTS ${fixtures}/tiny_activities.csv)
    message(STATUS "SKIP: ${fixtures} is absent")
    return()
endif()
file(REMOVE_RECURSE ${OUT_DIR})
execute_process(COMMAND ${PEER} ${fixtures}/tiny_activities.csv ${fixtures}/tiny_funding.csv ${OUT_DIR}
                RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "tally_peer failed (${rc}): ${err}")
endif()
if(NOT err MATCHES "peer=tally .*load_s=.*query_s=.*write_s=")
    message(FATAL_ERROR "tally_peer printed no timing line: ${err}")
endif()
foreach(q q1 q2 q3 q4)
    file(READ ${fixtures}/expected/${q}.csv want)
    file(READ ${OUT_DIR}/${q}.csv got)
    if(NOT want STREQUAL got)
        message(FATAL_ERROR "${q}.csv differs:\n--- expected\n${want}--- got\n${got}")
    endif()
endforeach()
message(STATUS "tally_peer matches the fixture")
