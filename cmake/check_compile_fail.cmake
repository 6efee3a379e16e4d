# cmake -DBINARY_DIR=dir -DTARGET=t -DSOURCE=file.cpp -P check_compile_fail.cmake
# Passes only if building TARGET fails and the compiler's output matches the
# regex in SOURCE's "// EXPECT: <regex>" line (".*" and ".+" within one
# line of the output), so a test cannot pass because the file fails to
# compile for some unrelated reason.
file(STRINGS "${SOURCE}" expect_line REGEX "^// EXPECT: ")
if(NOT expect_line)
  message(FATAL_ERROR "${SOURCE} has no '// EXPECT: <regex>' line")
endif()
string(REGEX REPLACE "^// EXPECT: " "" expect "${expect_line}")
# CMake's "." matches a newline too: ".*" must not join one diagnostic's
# start to a later line that merely names the file.
string(REPLACE ".*" "[^\n]*" expect "${expect}")
string(REPLACE ".+" "[^\n]+" expect "${expect}")
execute_process(COMMAND "${CMAKE_COMMAND}" --build "${BINARY_DIR}" --target "${TARGET}"
                RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(status EQUAL 0)
  message(FATAL_ERROR "${TARGET} compiled, but the construct in ${SOURCE} must be rejected")
endif()
if(NOT "${out}${err}" MATCHES "${expect}")
  message(FATAL_ERROR "${TARGET} failed to compile, but not with '${expect}':\n${out}${err}")
endif()
message(STATUS "${TARGET} was rejected as expected (${expect})")
