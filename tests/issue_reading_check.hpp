// Shared by tests/test_issue_reading.cpp and the differential fuzz target
// tests/fuzz/fuzz_issue_fast_reader.cpp: whether read_issue's fast path
// (simdjson) and the located reader agree on one text.
#pragma once

#include <spfgov/detail/issue_reading.hpp>
#include <spfgov/error.hpp>
#include <spfgov/io.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace issue_reading_check {

/// What a reader made of a text: the issue, or the error's code and message.
struct outcome {
    std::optional<spfgov::issue> read;
    std::string error;
};

template <class Read>
outcome outcome_of(Read read) {
    outcome out;
    try {
        out.read = read();
    } catch (const spfgov::error& e) {
        out.error = e.code() + " | " + e.what();
    }
    return out;
}

inline bool same_outcome(const outcome& a, const outcome& b) {
    if (a.read.has_value() != b.read.has_value()) return false;
    return a.read ? *a.read == *b.read : a.error == b.error;
}

struct verdict {
    bool fast = false;               ///< the fast path read the text
    std::optional<std::string> disagreement;  ///< what differed, if anything
};

/// Reads `text` three ways: the fast path, the located reader, and
/// read_issue (the two together). The fast path may give up, but whatever it
/// reads the located reader must read to the same issue; and read_issue must
/// give exactly the located reader's issue or error.
inline verdict check(std::string_view text, const spfgov::read_limits& limits = {}) {
    const char* name = "<line>";
    verdict v;
    const std::optional<spfgov::issue> fast = spfgov::detail::read_issue_fast(text, limits);
    v.fast = fast.has_value();
    const outcome located = outcome_of([&] { return spfgov::detail::read_issue_located(text, name, limits); });
    const outcome combined = outcome_of([&] { return spfgov::read_issue(text, name, limits); });
    if (fast && !located.read) v.disagreement = "the fast path read what the located reader refuses: " + located.error;
    else if (fast && *fast != *located.read) v.disagreement = "the fast path read another issue than the located reader";
    else if (!same_outcome(combined, located))
        v.disagreement = "read_issue differs from the located reader: " +
                         (combined.read ? std::string("read") : combined.error) + " / " +
                         (located.read ? std::string("read") : located.error);
    return v;
}

} // namespace issue_reading_check
