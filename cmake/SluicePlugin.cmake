# sluice_add_plugin(<name> [TEST_FIXTURE] <sources...>): builds a connector plugin as a MODULE
# library, <name>.so, that exports only sluice_plugin_init and links nothing of the runtime.
#
# One function for both places a plugin is built:
#   - in the Sluice build, against sluice::sdk: plugins land in build/plugins/ and TEST_FIXTURE
#     plugins in build/test-plugins/;
#   - out of tree, after find_package(Sluice), against Sluice::sdk: the .so lands in the current
#     binary folder, or in SLUICE_PLUGIN_OUTPUT_DIR when the project sets it.
function(sluice_add_plugin name)
  cmake_parse_arguments(ARG "TEST_FIXTURE" "" "" ${ARGN})
  if(TARGET sluice::sdk)
    set(sdk sluice::sdk)
  elseif(TARGET Sluice::sdk)
    set(sdk Sluice::sdk)
  else()
    message(FATAL_ERROR "sluice_add_plugin(${name}): the Sluice SDK target is not defined; "
                        "call find_package(Sluice REQUIRED) first")
  endif()
  add_library(${name} MODULE ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE ${sdk})
  if(ARG_TEST_FIXTURE)
    set(out_dir ${SLUICE_TEST_PLUGIN_OUTPUT_DIR})
  else()
    set(out_dir ${SLUICE_PLUGIN_OUTPUT_DIR})
  endif()
  set_target_properties(${name} PROPERTIES
    PREFIX ""
    OUTPUT_NAME ${name}
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(out_dir)
    set_target_properties(${name} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${out_dir})
  endif()
  # GCC 12 reports a false -Wrestrict inside libstdc++ for `"text" + std::to_string(n)` in the
  # SDK headers at -O2 (GCC bug 105651, fixed in GCC 13); keep plugin builds quiet out of tree too.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${name} PRIVATE -Wno-restrict)
  endif()
  # A symbol the plugin lacks fails the link here, not the worker's dlopen later. Sanitizer
  # builds leave the sanitizer runtime's symbols to the host executable.
  if(NOT SLUICE_SANITIZE)
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()
