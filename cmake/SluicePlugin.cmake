# sluice_add_plugin(<name> <sources...>): builds a connector plugin as a MODULE library that
# exports only sluice_plugin_init, links nothing of the runtime, and lands in build/plugins/.
function(sluice_add_plugin name)
  cmake_parse_arguments(ARG "TEST_FIXTURE" "" "" ${ARGN})
  add_library(${name} MODULE ${ARG_UNPARSED_ARGUMENTS})
  target_link_libraries(${name} PRIVATE sluice::sdk)
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
    VISIBILITY_INLINES_HIDDEN ON
    LIBRARY_OUTPUT_DIRECTORY ${out_dir})
  if(NOT SLUICE_SANITIZE)
    target_link_options(${name} PRIVATE -Wl,--no-undefined)
  endif()
endfunction()
