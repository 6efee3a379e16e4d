// The keys a graph file's objects may hold (formats.md), for its two readers:
// a key near one of them ("vaild_to", "sytem", "link") is a likely misspelling,
// which would otherwise be kept as local data, or ignored, without a word.
#pragma once

#include "detail_nearest.hpp"

#include "spfgov/kinds.hpp"

#include <algorithm>
#include <array>
#include <optional>
#include <string_view>

namespace spfgov::detail {

/// The fields every body may carry; the others are in the field table (kinds.hpp).
inline constexpr std::array<std::string_view, 5> common_body_fields{"id", "kind", "name", "valid_from", "valid_to"};
/// A graph file's own top-level keys (`allow` the project's).
inline constexpr std::array<std::string_view, 5> root_fields{"spfgov", "covers", "allow", "bodies", "links"};
/// A link's keys (`role` on seat_on links only).
inline constexpr std::array<std::string_view, 6> link_fields{"from", "to", "relation", "valid_from", "valid_to", "role"};

/// The longest name of those above and of the body fields ("remit_sectors"):
/// a key longer by more than a hint's edits (3) is near none of them.
inline constexpr std::size_t longest_field_name = [] {
    std::size_t longest = 0;
    for (const auto f : common_body_fields) longest = std::max(longest, f.size());
    for (const auto f : root_fields) longest = std::max(longest, f.size());
    for (const auto f : link_fields) longest = std::max(longest, f.size());
    for (const auto f : enum_spelling<body_field>::names) longest = std::max(longest, f.size());
    return longest;
}();
static_assert(longest_field_name == std::string_view("remit_sectors").size());

/// Offers a nearest_word a body's field names: those a body of `kind` may
/// carry, or, without a kind, those of any body.
inline void consider_body_fields(nearest_word& near, std::optional<body_kind> kind) {
    for (const auto f : common_body_fields) near.consider(f);
    for (std::size_t i = 0; i < enum_count<body_field>; ++i) {
        const auto f = static_cast<body_field>(i);
        if (!kind || field_allowed(f, *kind)) near.consider(to_string(f));
    }
}

/// A nearest_word for an unknown key: letter case folded ("Valid_To").
[[nodiscard]] inline nearest_word near_key(std::string_view key) {
    return nearest_word(key, nearest_word::edits_for(key), /*fold_case=*/true);
}

} // namespace spfgov::detail
