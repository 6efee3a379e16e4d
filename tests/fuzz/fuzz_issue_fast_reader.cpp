// libFuzzer, differential: read_issue's simdjson fast path against the
// located reader (spfgov/detail/issue_reading.hpp). Whatever the fast path
// reads, the located reader must read to the same issue, and read_issue must
// give exactly the located reader's issue or error; anything else aborts.
// The input is tried with the default limits and with tight ones, so the
// fast path's checks of the limits are exercised too.
#include "../issue_reading_check.hpp"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    spfgov::read_limits tight;
    tight.max_id_length = 8;
    tight.max_depth = 2;
    tight.max_line_length = 200;
    for (const spfgov::read_limits& limits : {spfgov::read_limits{}, tight}) {
        const auto verdict = issue_reading_check::check(text, limits);
        if (verdict.disagreement) {
            std::fprintf(stderr, "fuzz_issue_fast_reader: %s\n", verdict.disagreement->c_str());
            std::abort();
        }
    }
    return 0;
}
