# R CMD INSTALL of bindings/r into WORK/lib, from a copy in WORK/src (the source tree stays
# clean), with the headers of INCLUDE.
#   cmake -DSOURCE=bindings/r -DINCLUDE=include -DWORK=build/dev/r -DR=R -P install.cmake
file(REMOVE_RECURSE ${WORK}/src ${WORK}/lib)
file(MAKE_DIRECTORY ${WORK}/src ${WORK}/lib)
file(COPY ${SOURCE}/ DESTINATION ${WORK}/src/tally
     PATTERN "*.o" EXCLUDE PATTERN "*.so" EXCLUDE PATTERN "Makevars" EXCLUDE
     PATTERN "CMakeLists.txt" EXCLUDE PATTERN "install.cmake" EXCLUDE)
set(ENV{TALLY_INCLUDE} ${INCLUDE})
execute_process(COMMAND ${R} CMD INSTALL --no-multiarch -l ${WORK}/lib ${WORK}/src/tally
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "R CMD INSTALL failed (${rc})")
endif()
