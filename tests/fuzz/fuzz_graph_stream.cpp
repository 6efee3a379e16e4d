// libFuzzer, differential: read_graph's fast (simdjson) read and streamed
// read against the tree read (spfgov/detail/graph_reading.hpp). Whatever the
// fast or streamed read reads must be exactly the tree's graph, diagnostics
// and where-strings, or the tree's error; and read_graph must give exactly
// the tree's outcome; anything else aborts. Tried with the default limits and with tight ones (the limits are
// the parser's, shared, but a limit hit after streaming began must still
// give the tree's error).
#include "../graph_reading_check.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    spfgov::read_limits tight;
    tight.max_id_length = 8;
    tight.max_depth = 3;
    for (const spfgov::read_limits& limits : {spfgov::read_limits{}, tight}) {
        const auto verdict = graph_reading_check::check(text, limits);
        if (verdict.disagreement) {
            std::fprintf(stderr, "fuzz_graph_stream: %s\n", verdict.disagreement->c_str());
            std::abort();
        }
    }
    return 0;
}
