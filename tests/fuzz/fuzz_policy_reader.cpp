// libFuzzer: policy files. Reads the input as a policy file; when it reads,
// checks that write_policy/read_policy give the same policy back and that
// the written text is stable, and routes a sample issue with it.
// spfgov::error is the expected outcome of bad input; anything else (an
// exception from yaml-cpp escaping, a crash, a hang) is a finding.
#include <spfgov/io.hpp>
#include <spfgov/policy_file.hpp>
#include <spfgov/route.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

[[noreturn]] void fail(const char* what) {
    std::fprintf(stderr, "fuzz_policy_reader: %s\n", what);
    std::abort();
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    try {
        const auto p = spfgov::read_policy(text, "<fuzz>");
        const std::string written = spfgov::write_policy(p);
        const auto back = spfgov::read_policy(written, "<written>");
        if (!(back == p)) fail("write_policy/read_policy changed the policy");
        if (spfgov::write_policy(back) != written) fail("write_policy is not stable");
        static const spfgov::issue sample = spfgov::read_issue(
            R"({"id": "T1", "kind": "redundancy", "origin": "system", "affected": ["RRK", "RXK"],)"
            R"( "date": "2026-11-22", "redundancies": {"RRK": 25}, "first_dismissal": "2027-03-01"})");
        try {
            const spfgov::router rt(spfgov::england_graph(), p);
            (void)spfgov::write_route(rt(sample), spfgov::england_graph());
        } catch (const spfgov::error&) {
        }
    } catch (const spfgov::error&) {
    }
    return 0;
}
