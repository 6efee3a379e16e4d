# cmake -DINPUT=file -DOUTPUT=file.cpp -P embed_file.cmake
# Writes a C++ source defining the file's bytes as spfgov::detail::england_graph_json.
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" n)
math(EXPR bytes "${n} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "'\\\\x\\1'," body "${hex}")
file(WRITE "${OUTPUT}" "// Generated from ${INPUT}; do not edit.\n#include <string_view>\nnamespace spfgov::detail {\nstatic const char england_graph_bytes[] = {${body} '\\0'};\nextern const std::string_view england_graph_json;\nconst std::string_view england_graph_json{england_graph_bytes, ${bytes}};\n}\n")
