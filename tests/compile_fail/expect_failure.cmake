# Builds TARGET in BINARY_DIR and succeeds only when the build fails with a compiler error
# (so a misspelt target or a broken build tree does not pass as "did not compile").
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --target ${TARGET}
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
if(rc EQUAL 0)
    message(FATAL_ERROR "${TARGET} compiled, but it must not")
endif()
if(NOT out MATCHES "error")
    message(FATAL_ERROR "${TARGET} failed without a compiler error:\n${out}")
endif()
message(STATUS "${TARGET} does not compile, as required")
