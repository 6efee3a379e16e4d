// Private to src/: the nearest of some words to a misspelt one, for "did you
// mean" hints. Header-only, so the library (scenario and policy files) and
// the command (commands, ids, issue keys) share it without exporting it.
#pragma once

#include "detail_text.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <initializer_list>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov::detail {

/// Edits between two words: insertions, deletions, substitutions and swaps
/// of two neighbouring bytes (optimal string alignment), so the commonest
/// typo, "grpah" for "graph", is one edit.
[[nodiscard]] inline std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Three rows of the table: i-2, i-1 and i.
    std::vector<std::size_t> before(b.size() + 1), previous(b.size() + 1), row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        before.swap(previous);
        previous.swap(row);
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            row[j] = std::min({previous[j] + 1, row[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                row[j] = std::min(row[j], before[j - 2] + 1);
        }
    }
    return row[b.size()];
}

/// Whether `a` and `b` are at most `k` edits apart, as edit_distance counts
/// them, for words of at most `within_edits_longest` bytes and k at most 3:
/// without allocating, and only the band of the table within k of its
/// diagonal (a few hundred steps), so that routing can ask it of every
/// route (R2's staff groups). False for a longer word.
inline constexpr std::size_t within_edits_longest = 64;
[[nodiscard]] constexpr bool within_edits(std::string_view a, std::string_view b, std::size_t k) noexcept {
    if (k > 3 || a.size() > within_edits_longest || b.size() > within_edits_longest) return false;
    if ((a.size() > b.size() ? a.size() - b.size() : b.size() - a.size()) > k) return false;
    constexpr std::uint8_t far = 4;  // more than any k asked: a cell outside the band
    // Rows i-2, i-1 and i, every cell `far` but those computed: a row's
    // band is [i-k, i+k], and the next rows read at most one cell past it.
    std::uint8_t rows[3][within_edits_longest + 2]{};
    for (auto& r : rows)
        for (auto& cell : r) cell = far;
    std::uint8_t* before = rows[0];
    std::uint8_t* previous = rows[1];
    std::uint8_t* row = rows[2];
    for (std::size_t j = 0; j <= std::min(b.size(), k); ++j) row[j] = static_cast<std::uint8_t>(j);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::uint8_t* const oldest = before;
        before = previous;
        previous = row;
        row = oldest;
        const std::size_t from = i > k ? i - k : 1, to = std::min(b.size(), i + k);
        // Row i-2's band, not row i's, is what this buffer holds: put back `far`.
        for (std::size_t j = from > 2 ? from - 2 : 0; j <= std::min(b.size(), to + 1); ++j) row[j] = far;
        row[0] = i <= k ? static_cast<std::uint8_t>(i) : far;
        std::uint8_t best = row[0];
        for (std::size_t j = from; j <= to; ++j) {
            std::size_t cell = std::min<std::size_t>({std::size_t{previous[j]} + 1, std::size_t{row[j - 1]} + 1,
                                                      std::size_t{previous[j - 1]} + (a[i - 1] == b[j - 1] ? 0 : 1)});
            if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                cell = std::min<std::size_t>(cell, std::size_t{before[j - 2]} + 1);
            row[j] = static_cast<std::uint8_t>(std::min<std::size_t>(cell, far));
            best = std::min(best, row[j]);
        }
        if (best > k) return false;  // every path through this row is already too long
    }
    return row[b.size()] <= k;
}
static_assert(within_edits("medical_and_dentl", "medical_and_dental", 1));
static_assert(!within_edits("medical_and_dentl", "medical_and_dental", 0));
static_assert(within_edits("grpah", "graph", 1));  // a swap of neighbours is one edit
static_assert(!within_edits("nursing", "nurses", 2) && within_edits("nursing", "nurses", 3));
static_assert(within_edits("", "ab", 2) && !within_edits("", "abc", 2));

/// ASCII letters to lower case, in place ("RK5-jncc" -> "rk5-jncc"): ids
/// compared without case, as users type them.
inline void ascii_lower_in_place(std::string& s) noexcept {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
}

/// Offer each candidate to consider(); found() is the one nearest the word
/// within `most_edits` edits (ties go to the smaller candidate), or empty.
/// With `fold_case`, ASCII letters compare without case (users type "rrk"
/// for "RRK"). Candidates are borrowed: they must outlive found().
class nearest_word {
public:
    static constexpr std::size_t max_word = 256;

    nearest_word(std::string_view word, std::size_t most_edits, bool fold_case = false)
        // A word longer than max_word matches nothing: the cost stays bounded.
        : word_(word), best_(word.size() > max_word ? 0 : std::min(most_edits, max_word) + 1), fold_case_(fold_case) {
        if (fold_case_) fold(word_);
    }

    /// The edits a hint may take for a word of this length: about a third of
    /// it, at least 1 and at most 3 ("RKK" finds "RRK"; "x" finds nothing far).
    [[nodiscard]] static std::size_t edits_for(std::string_view word) noexcept {
        return std::clamp<std::size_t>(word.size() / 3, 1, 3);
    }

    void consider(std::string_view candidate) {
        if (candidate.empty()) return;  // never a hint
        // Too far by length alone: skip the comparison (graphs have many ids).
        // (best_ starts one past the edits allowed; found, a tie still counts.)
        const std::size_t longer = std::max(candidate.size(), word_.size());
        const std::size_t by_length = longer - std::min(candidate.size(), word_.size());
        if (nearest_.empty() ? by_length >= best_ : by_length > best_) return;
        std::size_t d = 0;
        if (fold_case_) {
            scratch_.assign(candidate);
            fold(scratch_);
            d = edit_distance(word_, scratch_);
        } else {
            d = edit_distance(word_, candidate);
        }
        if (d < best_) {
            best_ = d;
            nearest_.clear();
            ties_ = 0;
        } else if (d > best_ || nearest_.empty()) {
            return;  // farther, or (nothing found yet) beyond the edits allowed
        }
        // The smallest few of those equally near, in order.
        const auto at = std::lower_bound(nearest_.begin(), nearest_.end(), candidate);
        if (at != nearest_.end() && *at == candidate) return;  // offered twice
        ++ties_;
        if (at - nearest_.begin() < static_cast<std::ptrdiff_t>(shown)) {
            nearest_.insert(at, candidate);
            if (nearest_.size() > shown) nearest_.pop_back();
        }
    }

    /// The nearest candidate (the smallest, when several are as near), or empty.
    [[nodiscard]] std::string_view found() const noexcept { return nearest_.empty() ? std::string_view() : nearest_.front(); }

    /// ` (did you mean "X"?)` with X printable (a terminal sees no control
    /// characters), or "" when nothing was near. Several as near are named
    /// together, up to three, then `...` (R13 is as near R1, R3, R10, R11
    /// and R12: naming R1 alone misled): ` (did you mean "RL4" or "RX4"?)`,
    /// ` (did you mean "R1", "R10", "R11", ...?)`.
    [[nodiscard]] std::string hint() const {
        if (nearest_.empty()) return {};
        std::string out = " (did you mean ";
        for (std::size_t i = 0; i < nearest_.size(); ++i) {
            if (i) out += i + 1 == nearest_.size() && ties_ == nearest_.size() ? " or " : ", ";
            out += '"';
            append_printable(out, nearest_[i]);
            out += '"';
        }
        if (ties_ > nearest_.size()) out += ", ...";
        out += "?)";
        return out;
    }

private:
    static void fold(std::string& s) { ascii_lower_in_place(s); }

    static constexpr std::size_t shown = 3;

    std::string word_;
    std::size_t best_;  // one more than the edits allowed, until a candidate is found
    bool fold_case_;
    std::vector<std::string_view> nearest_;  // the smallest `shown` of those at best_, in order
    std::size_t ties_ = 0;                   // how many candidates are at best_
    std::string scratch_;  // a candidate, folded
};

/// `unknown key "negotiat" (did you mean "negotiate"?); expected one of: a, b, ...`
/// for a policy or scenario file's key (`what`: "key", "field"); the key
/// printable, the hint only when one allowed word is near.
template <class Words>
[[nodiscard]] std::string unknown_key_expected(std::string_view what, std::string_view key, const Words& allowed) {
    nearest_word nearest(key, nearest_word::edits_for(key));
    std::string expected;
    for (const auto& a : allowed) {
        nearest.consider(a);
        expected += (expected.empty() ? "" : ", ") + std::string(a);
    }
    std::string out = "unknown " + std::string(what) + " \"";
    append_printable(out, key);
    out += "\"" + nearest.hint() + "; expected one of: " + expected;
    // `{source: “a, b”}`: the curly quotes did not quote, so the comma split the value.
    if (const auto at = text::find_quoting_curly_quote(key, /*closing_double=*/true); at != std::string_view::npos)
        out += " (it holds the curly quote " + std::string(text::curly_quote_at(key.substr(at))) +
               ", which YAML does not read as a quote: write straight quotes \" or ')";
    return out;
}

/// ` (did you mean "RRK"?)` naming the graph's id nearest `id` (ASCII case
/// folded: "rrk" finds "RRK"), or "". A template, so that this header does
/// not need the graph's.
/// When no id is near, a body's name may have been given for its id
/// ("Bolton NHS Foundation Trust" for RMC): ` (did you mean "RMC"? ...)`
/// naming up to three bodies whose names hold `id` (ASCII case folded, at
/// least four letters), an exact name first. Only bodies `accept` takes.
template <class Graph, class Accept>
[[nodiscard]] std::string nearest_id_hint(const Graph& g, std::string_view id, Accept&& accept) {
    if (id.empty()) return {};
    nearest_word nearest(id, nearest_word::edits_for(id), /*fold_case=*/true);
    for (const auto b : g.bodies())
        if (accept(b)) nearest.consider(g.id(b));
    if (std::string hint = nearest.hint(); !hint.empty() || id.size() < 4) return hint;
    std::string wanted(id), name;
    ascii_lower_in_place(wanted);
    std::vector<std::string> exact, within;
    std::size_t more = 0;
    for (const auto b : g.bodies()) {
        if (!accept(b)) continue;
        name = g[b].name;
        ascii_lower_in_place(name);
        if (name.find(wanted) == std::string::npos) continue;
        std::string named = "\"";
        append_printable(named, g.id(b));
        named += "\" (";
        append_printable(named, g[b].name);
        named += ')';
        const bool is_exact = name == wanted;
        if (exact.size() + within.size() < 3) {
            (is_exact ? exact : within).push_back(std::move(named));
            continue;
        }
        ++more;
        if (is_exact && !within.empty()) {  // an exact name before one that merely holds it
            within.pop_back();
            exact.push_back(std::move(named));
        }
    }
    exact.insert(exact.end(), within.begin(), within.end());
    if (exact.empty()) return {};
    std::string out = " (an id is a code, not a name: did you mean " + text::join_as_list(exact, " or ");
    if (more > 0) out += ", or " + std::to_string(more) + " more whose names hold it";
    return out + "?)";
}

/// The same, naming any body of the graph.
template <class Graph> [[nodiscard]] std::string nearest_id_hint(const Graph& g, std::string_view id) {
    return nearest_id_hint(g, id, [](const auto&) { return true; });
}

/// ` (did you mean "RRK"?)` when `id` names a body (that `accept` takes) once blanks around it are
/// dropped and its letters (or, "rrk-jncc", those before its first '-', as
/// ODS codes are) are capitals; else "". Only lookups, so a batch may give it
/// on every error line, as nearest_id_hint's scan of every id cannot.
template <class Graph, class Accept>
[[nodiscard]] std::string exact_variant_hint(const Graph& g, std::string_view id, Accept&& accept) {
    const auto first = id.find_first_not_of(" \t");
    if (first == std::string_view::npos) return {};
    const std::string trimmed(id.substr(first, id.find_last_not_of(" \t") - first + 1));
    std::string upper = trimmed, code_upper = trimmed;
    const std::size_t dash = trimmed.find('-');
    for (std::size_t k = 0; k < trimmed.size(); ++k)
        if (trimmed[k] >= 'a' && trimmed[k] <= 'z') {
            upper[k] = static_cast<char>(trimmed[k] - 'a' + 'A');
            if (k < dash) code_upper[k] = upper[k];
        }
    for (const std::string* candidate : std::initializer_list<const std::string*>{&trimmed, &code_upper, &upper}) {
        if (*candidate == id) continue;  // the id itself was not found, or not accepted
        if (const auto h = g.find(*candidate); h && accept(*h)) {
            std::string out = " (did you mean \"";
            append_printable(out, *candidate);
            return out + "\"?)";
        }
    }
    return {};
}

/// The same, naming any body of the graph.
template <class Graph> [[nodiscard]] std::string exact_variant_hint(const Graph& g, std::string_view id) {
    return exact_variant_hint(g, id, [](const auto&) { return true; });
}

/// For a graph file that cannot be opened: a hint when its name looks like a
/// built-in graph's ("englnd", "England"), else "".
[[nodiscard]] inline std::string built_in_graph_hint(std::string_view name) {
    if (name.find('/') != std::string_view::npos) return {};  // a path, not a misspelt name
    nearest_word nearest(name, 2, /*fold_case=*/true);
    for (const std::string_view built_in : {"england", "england-gp"}) nearest.consider(built_in);
    return nearest.hint();
}

} // namespace spfgov::detail
