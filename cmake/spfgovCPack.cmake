# Debian packages: `cpack -G DEB` in a build configured with
# -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_SHARED_LIBS=ON (scripts/package-test.sh
# does so) gives
#   libspfgov_<version>_<arch>.deb  the shared library with its headers, CMake
#                                   package and spfgov.pc (lib + -dev in one)
#   spfgov_<version>_<arch>.deb     the command, man page, bash completion, graphs
# Depends: from dpkg-shlibdeps for the shared libraries, plus the -dev
# packages of what the public headers include.
set(CPACK_PACKAGE_NAME spfgov)
set(CPACK_PACKAGE_VENDOR "spfgov")
set(CPACK_PACKAGE_CONTACT "spfgov maintainers <spfgov@localhost>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
set(CPACK_PACKAGE_VERSION "${PROJECT_VERSION}")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGING_INSTALL_PREFIX /usr)
set(CPACK_GENERATOR DEB)
set(CPACK_STRIP_FILES ON)  # as Debian ships binaries: without their debugging sections

set(CPACK_DEB_COMPONENT_INSTALL ON)
set(CPACK_COMPONENTS_ALL library cli)
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION science)
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_ENABLE_COMPONENT_DEPENDS ON)
# dpkg-shlibdeps must find libspfgov (built here, in no installed package) for
# the command; the dependency on it comes from the component dependency below.
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS_PRIVATE_DIRS "${PROJECT_BINARY_DIR}")

set(CPACK_DEBIAN_LIBRARY_PACKAGE_NAME libspfgov)
set(CPACK_DEBIAN_LIBRARY_PACKAGE_SECTION libdevel)
# One string each: two arguments would make a CMake list, joined by ';' in
# the package's Description (helper-86 found " ;The library...").
set(CPACK_COMPONENT_LIBRARY_DESCRIPTION
    "NHS England social partnership governance graph and issue router (C++20 library)\nThe library, its headers, CMake package (find_package(spfgov)) and spfgov.pc.")
set(CPACK_DEBIAN_LIBRARY_PACKAGE_DEPENDS
    "libboost-dev (>= 1.74), libboost-date-time-dev (>= 1.74), librange-v3-dev")
if(SPFGOV_LIBRARY_TYPE STREQUAL "STATIC_LIBRARY")
  string(APPEND CPACK_DEBIAN_LIBRARY_PACKAGE_DEPENDS ", libyaml-cpp-dev, libsimdjson-dev")
endif()

set(CPACK_DEBIAN_CLI_PACKAGE_NAME spfgov)
set(CPACK_DEBIAN_CLI_PACKAGE_SECTION science)
set(CPACK_COMPONENT_CLI_DESCRIPTION
    "NHS England social partnership governance: route workforce-change issues\nThe spfgov command, its man page and bash completion, and the England graphs.")
if(SPFGOV_LIBRARY_TYPE STREQUAL "SHARED_LIBRARY")
  set(CPACK_COMPONENT_CLI_DEPENDS library)  # -> Depends: libspfgov (= version)
endif()

include(CPack)
