# cmake -DPROGRAM=exe -DEXPECTED=file [-DARGS=a;b] -P check_output.cmake
# Runs the program and fails unless it exits 0 and its stdout equals the file.
execute_process(COMMAND "${PROGRAM}" ${ARGS} RESULT_VARIABLE status OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "${PROGRAM} exited with ${status}\n${err}")
endif()
if(NOT EXISTS "${EXPECTED}")
  message(FATAL_ERROR "no expected output ${EXPECTED}; the program printed:\n${out}")
endif()
file(READ "${EXPECTED}" want)
if(NOT out STREQUAL want)
  file(WRITE "${EXPECTED}.actual" "${out}")
  message(FATAL_ERROR "output differs from ${EXPECTED} (actual output written to ${EXPECTED}.actual):\n${out}")
endif()
