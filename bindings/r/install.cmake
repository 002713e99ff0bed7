# R CMD INSTALL of bindings/r into WORK/lib, from a copy in WORK/src (the source tree stays
# clean), with the headers of INCLUDE.
#   cmake -DSOURCE=bindings/r -DINCLUDE=include -DWORK=build/dev/r -DR=R -P install.cmake
file(REMOVE_RECURSE ${WORK}/src ${WORK}/lib)
file(MAKE_DIRECTORY ${WORK}/src ${WORK}/lib)
file(COPY ${SOURCE}/ DESTINATION ${WORK}/src/tally
     PATTERN "*.o" EXCLUDE PATTERN "*.so" EXCLUDE PATTERN "Makevars" EXCLUDE
     PATTERN "CMakeLists.txt" EXCLUDE PATTERN "install.cmake" EXCLUDE)
set(ENV{TALLY_INCLUDE} ${INCLUDE})
# The test's package is compiled at -O1 without debugging information: R's default (-g -O2)
# takes twice as long on the one translation unit (175 s against 89 s, g++ 12, 2026-12-07) and
# the tests' figures do not depend on it. A user's R CMD INSTALL keeps R's flags.
file(WRITE ${WORK}/Makevars "CXX20FLAGS = -O1\n")
set(ENV{R_MAKEVARS_USER} ${WORK}/Makevars)
execute_process(COMMAND ${R} CMD INSTALL --no-multiarch -l ${WORK}/lib ${WORK}/src/tally
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
    message(FATAL_ERROR "R CMD INSTALL failed (${rc})")
endif()
