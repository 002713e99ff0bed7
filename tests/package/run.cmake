# The package as a user gets it. Installs this build of tally into WORK_DIR/prefix, then:
#  - find_package(tally CONFIG COMPONENTS xlsx sodium): a consumer of tally::tally, one that links
#    tally::xlsx and reads a workbook, one that links tally::sodium and hashes an identifier, and
#    every examples/*.cpp program that needs only tally::tally;
#  - add_subdirectory(tally): the library and its components, and no test, tool or benchmark;
#  - pkg-config: tally, tally-xlsx and tally-sodium, each consumer compiled with those flags alone;
#  - -std=c++17: refused with the sentence of <tally/version.hpp>, not pages of errors;
#  - when this build has the compiled component (COMPILED=1): find_package(... COMPONENTS
#    compiled) and pkg-config tally-compiled, each with a consumer linked with it that reads
#    activities and runs a reach query;
#  - a second tree configured without tests and without the optional components, installed
#    without building anything: the library installs (the tool is said to be not built), a
#    consumer builds against it, and asking for a component it lacks fails find_package with
#    the reason; a component whose libraries pkg-config cannot find fails likewise.
file(REMOVE_RECURSE ${WORK_DIR})
function(run)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()
# Runs a command that must fail, with output matching the regular expression expected.
function(run_fails expected)
    execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE out)
    if(rc EQUAL 0)
        message(FATAL_ERROR "succeeded, but it must fail: ${ARGN}\n${out}")
    endif()
    if(NOT out MATCHES "${expected}")
        message(FATAL_ERROR "failed without saying '${expected}': ${ARGN}\n${out}")
    endif()
    set(last_output "${out}" PARENT_SCOPE)
endfunction()
set(consumer ${SOURCE_DIR}/tests/package/consumer)
set(workbook ${SOURCE_DIR}/examples/data/sample_workbook.xlsx)
set(configure ${CMAKE_COMMAND} -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX})

run(${CMAKE_COMMAND} --install ${BINARY_DIR} --prefix ${WORK_DIR}/prefix)
set(installed share/cmake/tally/tally-xlsx-targets.cmake share/cmake/tally/tally-sodium-targets.cmake
              share/pkgconfig/tally-xlsx.pc share/pkgconfig/tally-sodium.pc)
set(components "xlsx\;sodium")
if(COMPILED)
    list(APPEND installed share/cmake/tally/tally-compiled-targets.cmake
                share/pkgconfig/tally-compiled.pc)
    set(components "xlsx\;sodium\;compiled")
endif()
foreach(f IN LISTS installed)
    if(NOT EXISTS ${WORK_DIR}/prefix/${f})
        message(FATAL_ERROR "not installed: ${f}")
    endif()
endforeach()

# find_package(tally CONFIG COMPONENTS xlsx sodium), with every example program that needs only
# tally::tally built against the installed package (the new user's program among them, run on
# the fixture of tests/data/metrics/).
run(${configure} -S ${consumer} -B ${WORK_DIR}/find -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix
    "-DTALLY_COMPONENTS=${components}" -DTALLY_EXAMPLES_DIR=${SOURCE_DIR}/examples)
run(${CMAKE_COMMAND} --build ${WORK_DIR}/find)
file(GLOB example_sources ${SOURCE_DIR}/examples/*.cpp)
foreach(src IN LISTS example_sources)
    get_filename_component(name ${src} NAME_WE)
    file(READ ${src} text)
    if(NOT text MATCHES "tally/io/xlsx\\.hpp|tally/sketch/keyed_hash\\.hpp"
       AND NOT EXISTS ${WORK_DIR}/find/example_${name})
        message(FATAL_ERROR "examples/${name}.cpp was not built against the installed package")
    endif()
endforeach()
set(metrics ${SOURCE_DIR}/tests/data/metrics)
run(${WORK_DIR}/find/example_embed_analysis ${metrics}/activities.csv ${metrics}/plan.csv
    ${metrics}/fts_flows.json ${metrics}/requirements.csv Health 2023-12-31)
if(NOT last_output MATCHES "COL,700 USD,1000 USD,0\\.7\n")
    message(FATAL_ERROR "example_embed_analysis against the installed package printed:\n${last_output}")
endif()
run(${WORK_DIR}/find/consumer)
if(NOT last_output MATCHES "tally 0\\.")
    message(FATAL_ERROR "find_package consumer printed: ${last_output}")
endif()
run(${WORK_DIR}/find/consumer_xlsx ${workbook})
run(${WORK_DIR}/find/consumer_sodium)
# The compiled component: people reached per country (COL 30 + 12, PER 5), then one plan row,
# one flow and the two (country, sector) cells of their join (see compiled.cpp).
function(check_compiled exe)
    run(${exe})
    if(NOT last_output STREQUAL "COL 42\nPER 5\nplan 1 flows 1 cells 2\n")
        message(FATAL_ERROR "${exe} printed:\n${last_output}")
    endif()
endfunction()
if(COMPILED)
    check_compiled(${WORK_DIR}/find/consumer_compiled)
endif()

# add_subdirectory(tally)
run(${configure} -S ${consumer} -B ${WORK_DIR}/subdir -DTALLY_SOURCE_DIR=${SOURCE_DIR}
    "-DTALLY_COMPONENTS=xlsx\;sodium")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/subdir)
run(${WORK_DIR}/subdir/consumer)

# pkg-config --cflags --libs, then each consumer compiled with those flags alone.
set(ENV{PKG_CONFIG_PATH} ${WORK_DIR}/prefix/share/pkgconfig)
function(pc_build module source exe)
    run(pkg-config --cflags --libs ${module})
    string(STRIP "${last_output}" flags)
    separate_arguments(flags UNIX_COMMAND "${flags}")
    run(${CXX} ${source} ${flags} -o ${exe})
endfunction()
pc_build(tally ${consumer}/main.cpp ${WORK_DIR}/pc_consumer)
run(${WORK_DIR}/pc_consumer)
pc_build(tally-xlsx ${consumer}/xlsx.cpp ${WORK_DIR}/pc_consumer_xlsx)
run(${WORK_DIR}/pc_consumer_xlsx ${workbook})
pc_build(tally-sodium ${consumer}/sodium.cpp ${WORK_DIR}/pc_consumer_sodium)
run(${WORK_DIR}/pc_consumer_sodium)
if(COMPILED)
    pc_build(tally-compiled ${consumer}/compiled.cpp ${WORK_DIR}/pc_consumer_compiled)
    check_compiled(${WORK_DIR}/pc_consumer_compiled)
endif()

# C++17: the sentence of <tally/version.hpp> as the first error, and the compilation stopped there.
run(pkg-config --cflags tally)
string(STRIP "${last_output}" cflags)
separate_arguments(cflags UNIX_COMMAND "${cflags}")
run_fails("tally needs C\\+\\+20 or later" ${CXX} ${cflags} -std=c++17 -fsyntax-only ${consumer}/main.cpp)
string(REGEX MATCHALL "error:" errors "${last_output}")
list(LENGTH errors n)
string(REGEX MATCH "error:[^\n]*" first "${last_output}")
if(NOT first MATCHES "C\\+\\+20" OR n GREATER 2)
    message(FATAL_ERROR "-std=c++17: the first error is not the C++20 sentence, or the compilation "
                        "went on (${n} errors):\n${last_output}")
endif()
unset(ENV{PKG_CONFIG_PATH})

# A tree configured as a packager of the library alone might (no tests, no benchmarks, no
# optional components), installed without building anything: the tool target exists but is not
# built, and the install says so instead of failing.
run(${configure} -S ${SOURCE_DIR} -B ${WORK_DIR}/lean -DTALLY_BUILD_TESTS=OFF
    -DTALLY_BUILD_BENCHMARKS=OFF -DTALLY_WITH_XLSX=OFF -DTALLY_WITH_SODIUM=OFF)
run(${CMAKE_COMMAND} --install ${WORK_DIR}/lean --prefix ${WORK_DIR}/lean_prefix)
if(NOT last_output MATCHES "tool \\(target tally_cli\\) is not built"
   OR EXISTS ${WORK_DIR}/lean_prefix/bin/tally
   OR NOT EXISTS ${WORK_DIR}/lean_prefix/include/tally/tally.hpp
   OR EXISTS ${WORK_DIR}/lean_prefix/share/cmake/tally/tally-xlsx-targets.cmake)
    message(FATAL_ERROR "the install of an unbuilt tree:\n${last_output}")
endif()
# tally::tally from it, with the components asked for optionally: found without them.
run(${configure} -S ${consumer} -B ${WORK_DIR}/lean_find -DCMAKE_PREFIX_PATH=${WORK_DIR}/lean_prefix
    "-DTALLY_OPTIONAL_COMPONENTS=xlsx\;sodium")
if(NOT last_output MATCHES "tally component xlsx: not found"
   OR NOT last_output MATCHES "tally component sodium: not found")
    message(FATAL_ERROR "optional components of the lean install:\n${last_output}")
endif()
run(${CMAKE_COMMAND} --build ${WORK_DIR}/lean_find)
run(${WORK_DIR}/lean_find/consumer)
# A component this installation does not have, required: find_package fails and says why.
run_fails("was built without tally::xlsx" ${configure} -S ${consumer} -B ${WORK_DIR}/lean_xlsx
    -DCMAKE_PREFIX_PATH=${WORK_DIR}/lean_prefix -DTALLY_COMPONENTS=xlsx)
run_fails("was built without tally::compiled" ${configure} -S ${consumer}
    -B ${WORK_DIR}/lean_compiled -DCMAKE_PREFIX_PATH=${WORK_DIR}/lean_prefix
    -DTALLY_COMPONENTS=compiled)
# A component the installation has, whose libraries pkg-config cannot find here.
file(MAKE_DIRECTORY ${WORK_DIR}/no_pc)
set(ENV{PKG_CONFIG_LIBDIR} ${WORK_DIR}/no_pc)
run_fails("needs the pkg-config modules libsodium" ${configure} -S ${consumer}
    -B ${WORK_DIR}/find_no_sodium -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DTALLY_COMPONENTS=sodium)
unset(ENV{PKG_CONFIG_LIBDIR})
message(STATUS "package consumers OK")
