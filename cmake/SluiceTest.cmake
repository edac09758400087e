include(GoogleTest)

# sluice_add_test(<name> LABEL unit|integration|e2e SOURCES <...> LIBS <...>)
# One GoogleTest executable whose cases CTest discovers at test time (fixtures such as plugin
# .so files must exist first), labelled for `ctest -L`.
function(sluice_add_test name)
  cmake_parse_arguments(ARG "" "LABEL;TIMEOUT" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/tests)
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  target_compile_definitions(${name} PRIVATE
    SLUICE_BUILD_DIR="${CMAKE_BINARY_DIR}"
    SLUICE_SOURCE_DIR="${PROJECT_SOURCE_DIR}"
    SLUICE_PLUGIN_DIR="${SLUICE_PLUGIN_OUTPUT_DIR}"
    SLUICE_TEST_PLUGIN_DIR="${SLUICE_TEST_PLUGIN_OUTPUT_DIR}"
    SLUICE_HAZARDOUS_PLUGIN_DIR="${SLUICE_HAZARDOUS_PLUGIN_OUTPUT_DIR}")
  gtest_discover_tests(${name}
    DISCOVERY_MODE PRE_TEST
    PROPERTIES LABELS ${ARG_LABEL} TIMEOUT ${ARG_TIMEOUT})
endfunction()
