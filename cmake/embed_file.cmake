# cmake -DINPUT=file -DOUTPUT=file.cpp [-DNAME=symbol] -P embed_file.cmake
# Writes a C++ source defining the file's bytes as spfgov::detail::NAME
# (default england_graph_json), a std::string_view, followed in memory by
# 64 NUL bytes (detail::fast_read_padding: simdjson reads the file in place).
if(NOT NAME)
  set(NAME england_graph_json)
endif()
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${hex}")
string(REPEAT "'\\0'," 64 padding)
file(WRITE "${OUTPUT}" "// Generated from ${INPUT}; do not edit.\n#include <string_view>\nnamespace spfgov::detail {\nstatic const char ${NAME}_bytes[] = {${body} ${padding}};\nextern const std::string_view ${NAME};\nconst std::string_view ${NAME}{${NAME}_bytes, ${bytes}};\n}\n")
