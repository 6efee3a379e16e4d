// Private to src/: the words of the warnings for issue keys the contract
// ignores (formats.md), shared by the command and the Python module so that
// both say the same. Header-only, as detail_nearest.hpp.
#pragma once

#include "detail_nearest.hpp"

#include "spfgov/issue.hpp"
#include "spfgov/route.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace spfgov::detail {

/// Keys longer than this many bytes are shown cut, with their length: a
/// 1 MB key is not a 1 MB warning.
inline constexpr std::size_t most_key_bytes_shown = 256;

/// `"key"`, with `"` and `\` escaped as in JSON; other characters are left
/// to printable() (control characters, bytes that are not UTF-8). A key
/// over most_key_bytes_shown is cut at a character's start:
/// `"kkk..." (100000 bytes)`.
[[nodiscard]] inline std::string quoted_key(std::string_view key) {
    std::string_view shown = key;
    if (key.size() > most_key_bytes_shown) {
        std::size_t end = most_key_bytes_shown;
        while (end > 0 && (static_cast<unsigned char>(key[end]) & 0xC0) == 0x80) --end;  // not in a UTF-8 sequence
        shown = key.substr(0, end);
    }
    std::string out = "\"";
    for (const char c : shown) {
        if (c == '"' || c == '\\') out += '\\';
        out += c;
    }
    if (shown.size() < key.size()) {
        out += "...\" (" + std::to_string(key.size()) + " bytes)";
        return out;
    }
    out += '"';
    return out;
}

/// The issue key nearest `key` (none when every one is too far).
[[nodiscard]] inline nearest_word nearest_issue_key(std::string_view key) {
    nearest_word nearest(key, nearest_word::edits_for(key));
    for (const auto name : issue_keys) nearest.consider(name);
    return nearest;
}

/// `FILE:LINE: unknown key "k" is ignored (did you mean "x"?)`; line 0
/// (a single issue) names the file alone.
[[nodiscard]] inline std::string unknown_key_message(std::string_view file, std::size_t line, std::string_view key) {
    std::string out(file);
    if (line != 0) {
        out += ':';
        out += std::to_string(line);
    }
    out += ": unknown key ";
    out += quoted_key(key);
    out += " is ignored";
    out += nearest_issue_key(key).hint();
    return out;
}

/// Whether `key` is near an issue key: a likely typo ("system_process_agred"),
/// whose warning has a "did you mean".
[[nodiscard]] inline bool unknown_key_is_near(std::string_view key) { return !nearest_issue_key(key).found().empty(); }

/// Whether keys are near an issue key, each judged once: a batch repeats
/// its stray columns on every line, and judging is an edit distance to each
/// issue key. Bounded: keys over nearest_word::max_word bytes are never near
/// (and not kept), and past most_judged keys a new one counts as not near.
class key_nearness {
public:
    static constexpr std::size_t most_judged = 4096;

    [[nodiscard]] bool near(const std::string& key) {
        if (key.size() > nearest_word::max_word) return false;
        if (const auto it = judged_.find(key); it != judged_.end()) return it->second;
        if (judged_.size() == most_judged) return false;
        const bool is_near = unknown_key_is_near(key);
        judged_.emplace(key, is_near);
        return is_near;
    }

    /// Whether `key` is near, judged afresh once the table is full: for a
    /// route's own warning, which must not go quiet after a long session.
    [[nodiscard]] bool near_always(const std::string& key) {
        if (key.size() > nearest_word::max_word) return false;
        if (const auto it = judged_.find(key); it != judged_.end()) return it->second;
        if (judged_.size() == most_judged) return unknown_key_is_near(key);
        return near(key);
    }

private:
    std::unordered_map<std::string, bool> judged_;
};

/// At most this many keys are named in a batch's warnings, and as many more
/// that are near an issue key (unknown_key_is_near): a typo that changes who
/// leads is not hidden behind ten bookkeeping columns. The rest are counted.
inline constexpr std::size_t most_unknown_keys_named = 10;

/// Adds to the route's warnings each of the issue's ignored `keys` that is
/// near an issue key (at most most_unknown_keys_named): a misspelt
/// `first_dismissal` leaves a route without statutory dates, and the
/// reports, not only stderr, must say why. Keys far from any (a team's own
/// columns) are left to the stderr warnings.
inline void warn_route_of_misspelt_keys(route& r, const std::vector<std::string>& keys) {
    // A batch repeats its own columns on every line: each key is judged
    // once a thread, not once a line (past the table's bound, afresh).
    thread_local key_nearness judged;
    std::size_t named = 0;
    for (const auto& key : keys) {
        if (named == most_unknown_keys_named) return;
        if (!judged.near_always(key)) continue;
        const nearest_word nearest = nearest_issue_key(key);
        ++named;
        r.warnings.push_back("the issue's key " + quoted_key(key) + " is not one spfgov reads and was ignored" +
                             nearest.hint() + ": the route is made without it");
    }
}

} // namespace spfgov::detail
