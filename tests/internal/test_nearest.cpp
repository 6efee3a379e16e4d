// Unit tests of the "did you mean" search (src/detail_nearest.hpp), which
// commands, body ids, issue keys, options and graph names all use, and the
// joining of its names into a list (src/detail_text.hpp, join_as_list).
#include "../../src/detail_nearest.hpp"

#include <doctest/doctest.h>

#include <string>
#include <string_view>
#include <vector>

namespace test_nearest {

using spfgov::detail::built_in_graph_hint;
using spfgov::detail::edit_distance;
using spfgov::detail::nearest_word;

TEST_CASE("edit distance counts insertions, deletions, substitutions and one swap of neighbours as one edit each") {
    CHECK(edit_distance("", "") == 0);
    CHECK(edit_distance("route", "route") == 0);
    CHECK(edit_distance("", "abc") == 3);
    CHECK(edit_distance("rote", "route") == 1);        // insertion
    CHECK(edit_distance("routee", "route") == 1);      // deletion
    CHECK(edit_distance("ruote", "route") == 1);       // swap of neighbours
    CHECK(edit_distance("grpah", "graph") == 1);
    CHECK(edit_distance("rotue", "route") == 1);
    CHECK(edit_distance("kitten", "sitting") == 3);
    CHECK(edit_distance("ab", "ba") == 1);
    CHECK(edit_distance("abc", "ca") == 3);  // optimal string alignment: no edit of a swapped pair
}

TEST_CASE("within_edits agrees with edit_distance on every pair of short words, for every bound it takes") {
    // Words over a small alphabet meet swaps, repeats and near misses often.
    std::vector<std::string> words{""};
    for (std::size_t n = 0; n < words.size() && words.size() < 1200; ++n)
        if (words[n].size() < 5)
            for (const char c : {'a', 'b', 'c'}) words.push_back(words[n] + c);
    std::size_t pairs = 0;
    for (std::size_t i = 0; i < words.size(); ++i)
        for (std::size_t j = 0; j < words.size(); j += 3) {
            const auto d = edit_distance(words[i], words[j]);
            for (std::size_t k = 0; k <= 3; ++k) {
                CAPTURE(words[i]);
                CAPTURE(words[j]);
                CAPTURE(k);
                CHECK(spfgov::detail::within_edits(words[i], words[j], k) == (d <= k));
            }
            ++pairs;
        }
    CHECK(pairs > 40000);
    // Longer words than it compares, and bounds beyond 3: never.
    const std::string long_word(65, 'a');
    CHECK_FALSE(spfgov::detail::within_edits(long_word, long_word, 0));
    CHECK(spfgov::detail::within_edits(long_word.substr(1), long_word.substr(1), 0));
    CHECK_FALSE(spfgov::detail::within_edits("a", "a", 4));
}

TEST_CASE("the nearest word is the one with fewest edits; the hint names every word as near, three at most") {
    nearest_word nearest("rrc", 1);
    for (const std::string_view id : {"RRK", "rrk", "rra", "xyz"}) nearest.consider(id);
    CHECK(nearest.found() == "rra");  // "rra" and "rrk" are one edit away; "RRK" is three
    CHECK(nearest.hint() == " (did you mean \"rra\" or \"rrk\"?)");
    nearest_word one("rrc", 1);
    for (const std::string_view id : {"RRK", "rrk", "xyz"}) one.consider(id);
    CHECK(one.hint() == " (did you mean \"rrk\"?)");
    // A rule "R13" is one edit from five rules: naming R1 alone misled.
    nearest_word rule("R13", nearest_word::edits_for("R13"));
    for (const std::string_view id : {"R1", "R2", "R3", "R4", "R5", "R6", "R7", "R8", "R9", "R10", "R11", "R12"})
        rule.consider(id);
    CHECK(rule.found() == "R1");
    CHECK(rule.hint() == " (did you mean \"R1\", \"R10\", \"R11\", ...?)");
    // A nearer word replaces the ties found before it; a word offered twice counts once.
    nearest_word closer("abcd", 2);
    for (const std::string_view id : {"abxy", "abyx", "abcx", "abcx"}) closer.consider(id);
    CHECK(closer.hint() == " (did you mean \"abcx\"?)");
    nearest_word three("ab", 1);
    for (const std::string_view id : {"ac", "bb", "a"}) three.consider(id);
    CHECK(three.hint() == " (did you mean \"a\", \"ac\" or \"bb\"?)");
}

TEST_CASE("case is ignored only when asked") {
    nearest_word folded("rrk", 1, /*fold_case=*/true);
    folded.consider("RRK");
    CHECK(folded.found() == "RRK");  // the candidate as written, not folded
    nearest_word exact("rrk", 1);
    exact.consider("RRK");
    CHECK(exact.found().empty());
    CHECK(exact.hint().empty());
}

TEST_CASE("nothing is suggested beyond the edits allowed") {
    nearest_word nearest("bogus", nearest_word::edits_for("bogus"));
    for (const std::string_view command : {"route", "agenda", "validate"}) nearest.consider(command);
    CHECK(nearest.found().empty());
    CHECK(nearest_word::edits_for("x") == 1);
    CHECK(nearest_word::edits_for("graph") == 1);
    CHECK(nearest_word::edits_for("validate") == 2);
    CHECK(nearest_word::edits_for(std::string(40, 'x')) == 3);
}

TEST_CASE("a word longer than the longest compared matches nothing, even itself") {
    const std::string huge(nearest_word::max_word + 1, 'a');
    nearest_word nearest(huge, 3);
    nearest.consider(huge);
    CHECK(nearest.found().empty());
}

TEST_CASE("the hint shows control characters visibly") {
    nearest_word nearest("a\x1b", 1);
    nearest.consider("a\x1b[");
    CHECK(nearest.hint() == " (did you mean \"a\\u001b[\"?)");
}

TEST_CASE("a missing graph file named like a built-in graph gets a hint; a path does not") {
    CHECK(built_in_graph_hint("englnd") == " (did you mean \"england\"?)");
    CHECK(built_in_graph_hint("England") == " (did you mean \"england\"?)");
    CHECK(built_in_graph_hint("england_gp") == " (did you mean \"england-gp\"?)");
    CHECK(built_in_graph_hint("data/englnd").empty());
    CHECK(built_in_graph_hint("trusts.json").empty());
}

namespace {
/// What nearest_id_hint asks of a graph: its bodies, their ids and names.
struct named_bodies {
    struct body {
        std::string id, name;
    };
    std::vector<body> all;
    [[nodiscard]] std::vector<std::size_t> bodies() const {
        std::vector<std::size_t> out(all.size());
        for (std::size_t k = 0; k < out.size(); ++k) out[k] = k;
        return out;
    }
    [[nodiscard]] const std::string& id(std::size_t b) const { return all[b].id; }
    const body& operator[](std::size_t b) const { return all[b]; }
};
} // namespace

TEST_CASE("a body's name given for its id names the id: an exact name first, three at most, the rest counted") {
    const named_bodies g{{{"RMC", "Bolton NHS Foundation Trust"},
                          {"RMC-jncc", "Bolton NHS Foundation Trust JNCC"},
                          {"R0A", "Manchester University NHS Foundation Trust"},
                          {"QOP", "Greater Manchester ICS"},
                          {"QOP-forum", "Greater Manchester System Partnership Forum"},
                          {"MAN", "Manchester"}}};
    using spfgov::detail::nearest_id_hint;
    CHECK(nearest_id_hint(g, "bolton nhs foundation trust") ==
          " (an id is a code, not a name: did you mean \"RMC\" (Bolton NHS Foundation Trust) or \"RMC-jncc\" "
          "(Bolton NHS Foundation Trust JNCC)?)");
    // Only the bodies accepted.
    CHECK(nearest_id_hint(g, "Bolton", [](std::size_t b) { return b != 1; }) ==
          " (an id is a code, not a name: did you mean \"RMC\" (Bolton NHS Foundation Trust)?)");
    // Four names hold "manchester": the exact one comes first, though it is last.
    CHECK(nearest_id_hint(g, "Manchester") ==
          " (an id is a code, not a name: did you mean \"MAN\" (Manchester), \"R0A\" (Manchester University NHS "
          "Foundation Trust) or \"QOP\" (Greater Manchester ICS), or 1 more whose names hold it?)");
    // A near id wins; a short word or one no name holds gives nothing.
    CHECK(nearest_id_hint(g, "rmc") == " (did you mean \"RMC\"?)");
    CHECK(nearest_id_hint(g, "ICS").empty());
    CHECK(nearest_id_hint(g, "Wigan Hospital").empty());
}

TEST_CASE("lists read as a person writes them: A; A and B; A, B and C") {
    using spfgov::detail::text::join_as_list;
    CHECK(join_as_list(std::vector<std::string>{}).empty());
    CHECK(join_as_list(std::vector<std::string>{"A"}) == "A");
    CHECK(join_as_list(std::vector<std::string>{"A", "B"}) == "A and B");
    CHECK(join_as_list(std::vector<std::string>{"A", "B", "C"}) == "A, B and C");
    CHECK(join_as_list(std::vector<std::string_view>{"A", "B", "C", "D"}, " or ") == "A, B, C or D");
}

} // namespace test_nearest
