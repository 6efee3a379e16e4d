# Warnings for spfgov's own targets only; consumers' flags are never touched.
function(spfgov_set_warnings target)
  if(MSVC)
    target_compile_options(${target} PRIVATE /W4 /permissive-)
    if(SPFGOV_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE /WX)
    endif()
  else()
    target_compile_options(${target} PRIVATE
        -Wall -Wextra -Wpedantic -Wconversion -Wsign-conversion -Wshadow
        -Wnon-virtual-dtor -Wold-style-cast -Wcast-align -Woverloaded-virtual
        -Wnull-dereference -Wdouble-promotion -Wimplicit-fallthrough
        # spfgov's own sources fill internal structs with designated
        # initialisers that leave members out. The public structs give every
        # member a default member initialiser, so a user's -Wextra is quiet:
        # tests/test_designated_init.cpp checks that with the warning on.
        -Wno-missing-field-initializers
        # GCC 12's -Wrestrict misfires on `"literal" + std::string` when
        # optimising (GCC bug 105329): seven false warnings in a release
        # build, the first thing a new user sees (Debian 12 has GCC 12).
        $<$<AND:$<CXX_COMPILER_ID:GNU>,$<VERSION_LESS:$<CXX_COMPILER_VERSION>,13>>:-Wno-restrict>)
    if(SPFGOV_WARNINGS_AS_ERRORS)
      target_compile_options(${target} PRIVATE -Werror)
    endif()
  endif()
endfunction()
