# cmake -DPROGRAM=exe -DEXPECTED=file [-DACTUAL=file] [-DARGS=a;b] -P check_output.cmake
# Runs the program and fails unless it exits 0 and its stdout equals the file.
# What it printed instead goes to ACTUAL (in the build tree: a test must not
# write into the sources, where it was once committed by mistake).
execute_process(COMMAND "${PROGRAM}" ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}\n${err}")
endif()
if(NOT EXISTS "${EXPECTED}")
  message(FATAL_ERROR "no expected output ${EXPECTED}; the program printed:\n${out}")
endif()
file(READ "${EXPECTED}" want)
if(NOT ACTUAL)
  get_filename_component(expected_name "${EXPECTED}" NAME)
  set(ACTUAL "${CMAKE_CURRENT_BINARY_DIR}/${expected_name}.actual")
endif()
if(NOT out STREQUAL want)
  file(WRITE "${ACTUAL}" "${out}")
  message(FATAL_ERROR "output differs from ${EXPECTED} (actual output written to ${ACTUAL}):\n${out}")
endif()
