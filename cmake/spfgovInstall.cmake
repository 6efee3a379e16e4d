# Install rules, the CMake package, spfgov.pc and the Debian packages (CPack).
# Components: `library` (libspfgov with its headers, CMake package and
# pkg-config file: the Debian package libspfgov) and `cli` (the spfgov
# command, its man page, bash completion and the England graphs as files:
# the Debian package spfgov).
install(TARGETS spfgov EXPORT spfgovTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library
    LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT library NAMELINK_COMPONENT library
    RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT library)
install(DIRECTORY include/spfgov DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT library)
install(FILES "${SPFGOV_GENERATED_INCLUDE_DIR}/spfgov/version.hpp"
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/spfgov COMPONENT library)

set(SPFGOV_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/spfgov)
install(EXPORT spfgovTargets NAMESPACE spfgov:: DESTINATION ${SPFGOV_CMAKE_DIR} COMPONENT library)
configure_package_config_file(cmake/spfgovConfig.cmake.in
    "${CMAKE_CURRENT_BINARY_DIR}/spfgovConfig.cmake"
    INSTALL_DESTINATION ${SPFGOV_CMAKE_DIR})
# The same version as spfgov/version.hpp: both come from project(VERSION).
# Before 1.0 a minor release may break the API, so 0.2 accepts 0.2.x only.
write_basic_package_version_file("${CMAKE_CURRENT_BINARY_DIR}/spfgovConfigVersion.cmake"
    COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/spfgovConfig.cmake"
              "${CMAKE_CURRENT_BINARY_DIR}/spfgovConfigVersion.cmake"
        DESTINATION ${SPFGOV_CMAKE_DIR} COMPONENT library)

# pkg-config. A shared libspfgov needs nothing more on a program's link line;
# a static one needs yaml-cpp's, simdjson's and Boost.Date_Time's libraries.
set(SPFGOV_PC_DIR "${CMAKE_INSTALL_LIBDIR}/pkgconfig")
file(RELATIVE_PATH SPFGOV_PC_RELATIVE_PREFIX "/${SPFGOV_PC_DIR}" "/")
string(REGEX REPLACE "/$" "" SPFGOV_PC_RELATIVE_PREFIX "${SPFGOV_PC_RELATIVE_PREFIX}")
if(SPFGOV_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  set(SPFGOV_LIBRARY_KIND static)
  set(SPFGOV_PC_LIBS "-lyaml-cpp -lsimdjson -lboost_date_time")
  set(SPFGOV_PC_LIBS_PRIVATE "")
else()
  set(SPFGOV_LIBRARY_KIND shared)
  set(SPFGOV_PC_LIBS "")
  set(SPFGOV_PC_LIBS_PRIVATE "-lyaml-cpp -lsimdjson -lboost_date_time")
endif()
configure_file(cmake/spfgov.pc.in "${CMAKE_CURRENT_BINARY_DIR}/spfgov.pc" @ONLY)
install(FILES "${CMAKE_CURRENT_BINARY_DIR}/spfgov.pc" DESTINATION ${SPFGOV_PC_DIR} COMPONENT library)
# The licence goes with every copy: as each Debian package's
# /usr/share/doc/<package>/copyright (CPACK_RESOURCE_FILE_LICENSE puts
# nothing in a .deb), and under any other prefix alike.
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/libspfgov RENAME copyright COMPONENT library)

if(TARGET spfgov_cli)
  install(TARGETS spfgov_cli RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} COMPONENT cli)
  # The built-in graphs as files too, e.g. as the base of an overlay.
  install(FILES data/england.json data/england-gp.json
          DESTINATION ${CMAKE_INSTALL_DATADIR}/spfgov COMPONENT cli)
  # With the command: its licence, and where the graphs' data comes from.
  install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/spfgov RENAME copyright COMPONENT cli)
  install(FILES data/PROVENANCE.md DESTINATION ${CMAKE_INSTALL_DATAROOTDIR}/doc/spfgov COMPONENT cli)
  if(TARGET spfgov_man)
    install(FILES "${SPFGOV_MAN_PAGE_GZ}" DESTINATION ${CMAKE_INSTALL_MANDIR}/man1 COMPONENT cli)
  endif()
  if(TARGET spfgov_completion)
    install(FILES "${SPFGOV_BASH_COMPLETION}"
            DESTINATION ${CMAKE_INSTALL_DATADIR}/bash-completion/completions RENAME spfgov COMPONENT cli)
  endif()
endif()

# Debian packages of spfgov itself, not of a project that includes it.
if(PROJECT_IS_TOP_LEVEL)
  include(spfgovCPack)
endif()
