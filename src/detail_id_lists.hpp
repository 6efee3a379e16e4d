// Id lists already written in one route's text (the route --issues hot path).
#pragma once

#include "spfgov/handles.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov::detail {

/// The id lists of one route already written, so that the same list again
/// is one copy of its text: a region's every JNCC is a route's lead,
/// negotiate and consult lists and its ladder's first level, and is named
/// in four rationale sentences (46% of a generated batch's bytes are such
/// repeats). Used only inside an id_list_memo::scope on the thread, where
/// one route is being written; a list is remembered with what wrote it
/// (its graph, or its quoted_ids), so that a rule writing ids of another
/// graph meanwhile is not given this one's.
class id_list_memo {
public:
    /// How a list is written: `a, b` (append_id_list) or `["a", "b"]`
    /// (quoted_ids::append_array).
    enum class form : std::uint8_t { joined, json_array };
    /// Shorter lists are written afresh: finding them would cost as much.
    static constexpr std::size_t min_ids = 8;

    /// The text of `bodies` written in `form` by `writer` (a graph or a
    /// quoted_ids) earlier in the scope, if any.
    [[nodiscard]] std::optional<std::string_view> find(const void* writer, form f,
                                                       std::span<const body_handle> bodies) const noexcept;
    /// Keeps `text` as `writer`'s writing of `bodies` in `form` (the oldest
    /// of the few kept makes room; if copying throws, nothing is kept).
    void remember(const void* writer, form f, std::span<const body_handle> bodies, std::string_view text);

    /// The memo of the route being written on this thread, or null outside
    /// a scope.
    [[nodiscard]] static id_list_memo* current() noexcept;
    /// For a writer of `bodies` in `f`: true, with their text appended to
    /// `out`, when the route has written them already; false otherwise, with
    /// `memo` the memo to remember them in (null outside a scope, and for a
    /// list shorter than min_ids).
    [[nodiscard]] static bool append_if_written(std::string& out, const void* writer, form f,
                                                std::span<const body_handle> bodies, id_list_memo*& memo);

    /// This thread's memo, emptied, is current for the scope's lifetime (an
    /// inner scope leaves the outer's in place).
    class scope {
    public:
        scope();
        ~scope();
        scope(const scope&) = delete;
        scope& operator=(const scope&) = delete;

    private:
        bool opened_ = false;
    };

private:
    struct entry {
        bool kept = false;  ///< false while being written (and if that threw)
        const void* writer = nullptr;
        form f = form::joined;
        std::vector<body_handle> bodies;
        std::string text;
    };
    void clear() noexcept;

    std::array<entry, 4> entries_;
    std::size_t used_ = 0, next_ = 0;
};

} // namespace spfgov::detail
