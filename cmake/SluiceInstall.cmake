# Installation and packaging.
#
#   cmake --install build --prefix P   installs the components `runtime` and `sdk`:
#     P/bin/sluice, P/bin/sluicectl           the worker and its command-line client
#     P/lib/sluice/plugins/*.so               the bundled connector plugins
#     P/include/sluice/*.h                    the plugin SDK
#     P/lib/cmake/Sluice/                     find_package(Sluice): Sluice::sdk, sluice_add_plugin()
#   cpack -G DEB (in the build folder)      one package, `sluice`, with those files under /usr plus
#                                           the component `system`: /etc/sluice/worker.properties
#                                           and the systemd unit.
#
# The worker's default plugin.path is plugins/ beside its bin/, which an installed tree does not
# have: installed configurations name lib/sluice/plugins in plugin.path (the packaged
# /etc/sluice/worker.properties does).
include(CMakePackageConfigHelpers)

set(SLUICE_INSTALL_BINDIR bin)
set(SLUICE_INSTALL_INCLUDEDIR include)
set(SLUICE_INSTALL_PLUGINDIR lib/sluice/plugins)
set(SLUICE_INSTALL_CMAKEDIR lib/cmake/Sluice)

# --- runtime: the executables and the bundled plugins ---------------------------------------------

set(_sluice_installed_targets)
foreach(executable sluice sluicectl)
  if(TARGET ${executable})
    install(TARGETS ${executable} RUNTIME DESTINATION ${SLUICE_INSTALL_BINDIR} COMPONENT runtime)
    list(APPEND _sluice_installed_targets ${executable})
  endif()
endforeach()

# Every MODULE library defined under plugins/ is a bundled plugin (test fixtures live in tests/).
function(_sluice_bundled_plugins out_var)
  set(found)
  get_property(dirs DIRECTORY ${PROJECT_SOURCE_DIR}/plugins PROPERTY SUBDIRECTORIES)
  foreach(dir ${dirs})
    get_property(targets DIRECTORY ${dir} PROPERTY BUILDSYSTEM_TARGETS)
    foreach(target ${targets})
      get_target_property(type ${target} TYPE)
      if(type STREQUAL "MODULE_LIBRARY")
        list(APPEND found ${target})
      endif()
    endforeach()
  endforeach()
  set(${out_var} ${found} PARENT_SCOPE)
endfunction()
_sluice_bundled_plugins(SLUICE_BUNDLED_PLUGINS)
if(SLUICE_BUNDLED_PLUGINS)
  install(TARGETS ${SLUICE_BUNDLED_PLUGINS}
    LIBRARY DESTINATION ${SLUICE_INSTALL_PLUGINDIR} COMPONENT runtime)
  list(APPEND _sluice_installed_targets ${SLUICE_BUNDLED_PLUGINS})
endif()

# `cmake --install` needs every installed file built: this target builds exactly those.
add_custom_target(sluice_installables)
if(_sluice_installed_targets)
  add_dependencies(sluice_installables ${_sluice_installed_targets})
endif()

# --- sdk: the headers and the CMake package ------------------------------------------------------

set_target_properties(sluice_sdk PROPERTIES EXPORT_NAME sdk)
install(TARGETS sluice_sdk EXPORT SluiceTargets COMPONENT sdk)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/api/include/sluice
  DESTINATION ${SLUICE_INSTALL_INCLUDEDIR} COMPONENT sdk
  FILES_MATCHING PATTERN "*.h")
install(EXPORT SluiceTargets NAMESPACE Sluice::
  DESTINATION ${SLUICE_INSTALL_CMAKEDIR} COMPONENT sdk)

configure_package_config_file(${PROJECT_SOURCE_DIR}/cmake/SluiceConfig.cmake.in
  ${PROJECT_BINARY_DIR}/package/SluiceConfig.cmake
  INSTALL_DESTINATION ${SLUICE_INSTALL_CMAKEDIR}
  PATH_VARS SLUICE_INSTALL_INCLUDEDIR SLUICE_INSTALL_PLUGINDIR SLUICE_INSTALL_BINDIR)
# The SDK is headers only, so one package serves every architecture. Within a major version the
# plugin ABI only grows (see plugin_abi.h), so a newer minor of the SDK accepts older requests.
write_basic_package_version_file(${PROJECT_BINARY_DIR}/package/SluiceConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion
  ARCH_INDEPENDENT)
install(FILES
  ${PROJECT_BINARY_DIR}/package/SluiceConfig.cmake
  ${PROJECT_BINARY_DIR}/package/SluiceConfigVersion.cmake
  ${PROJECT_SOURCE_DIR}/cmake/SluicePlugin.cmake
  DESTINATION ${SLUICE_INSTALL_CMAKEDIR} COMPONENT sdk)

# --- system: what only a system-wide install gets (the .deb; or --component system) --------------

# Absolute destinations on purpose: the configuration belongs in /etc whatever the prefix, and a
# plain `cmake --install --prefix P` must not write there, hence EXCLUDE_FROM_ALL.
install(FILES ${PROJECT_SOURCE_DIR}/packaging/worker.properties
  DESTINATION /etc/sluice COMPONENT system EXCLUDE_FROM_ALL)
install(FILES ${PROJECT_SOURCE_DIR}/packaging/sluice.service
  DESTINATION lib/systemd/system COMPONENT system EXCLUDE_FROM_ALL)

# --- the Debian package --------------------------------------------------------------------------

set(SLUICE_PACKAGE_MAINTAINER "Sluice developers <sluice@localhost>"
  CACHE STRING "The Maintainer field of the Debian package")

set(CPACK_PACKAGE_NAME sluice)
set(CPACK_PACKAGE_VENDOR "Sluice")
set(CPACK_PACKAGE_VERSION ${PROJECT_VERSION})
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
  "A worker daemon that loads source and sink connectors from shared-library plugins and moves "
  "records between files, HDFS and topics, on an embedded log or on Kafka. Driven through Kafka "
  "Connect's REST API and a gRPC API (sluicectl). Includes the plugin SDK (headers and CMake "
  "package) for building connectors out of tree.")
set(CPACK_PACKAGE_CONTACT "${SLUICE_PACKAGE_MAINTAINER}")
set(CPACK_GENERATOR DEB)
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_STRIP_FILES ON)
# One package holding the three components, `system` included although the default install
# leaves it out.
set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_GROUPING ALL_COMPONENTS_IN_ONE)
set(CPACK_COMPONENTS_ALL runtime sdk system)
set(CPACK_DEBIAN_PACKAGE_NAME sluice)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION net)
set(CPACK_DEBIAN_PACKAGE_MAINTAINER "${SLUICE_PACKAGE_MAINTAINER}")
# The shared libraries come from dpkg-shlibdeps; adduser runs in postinst.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "adduser")
# Building plugins against the installed SDK: find_package(Sluice) fails without nlohmann_json
# (SluiceConfig.cmake's find_dependency), so apt installs it by default (Recommends); the worker
# and the bundled plugins do not need it, so it is no Depends. A compiler and CMake only matter to
# plugin authors (Suggests).
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "nlohmann-json3-dev")
set(CPACK_DEBIAN_PACKAGE_SUGGESTS "cmake, g++")
set(CPACK_DEBIAN_PACKAGE_CONTROL_EXTRA
  ${PROJECT_SOURCE_DIR}/packaging/debian/conffiles
  ${PROJECT_SOURCE_DIR}/packaging/debian/postinst
  ${PROJECT_SOURCE_DIR}/packaging/debian/prerm
  ${PROJECT_SOURCE_DIR}/packaging/debian/postrm)
set(CPACK_DEBIAN_PACKAGE_CONTROL_STRICT_PERMISSION ON)

set(CPACK_SOURCE_GENERATOR TGZ)
set(CPACK_SOURCE_IGNORE_FILES "/\\\\.git/" "/build[^/]*/" "/\\\\.cache/")
include(CPack)
