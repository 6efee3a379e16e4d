// Strong handles to a graph's bodies and links. Light header: no Boost.Graph,
// no range-v3 (docs/architecture.md "Public headers").
#pragma once

#include "spfgov/kinds.hpp"

#include <compare>
#include <cstdint>

namespace spfgov {

/// A body in one graph: a strong index, not interchangeable with a size_t or
/// with a link_handle. Valid only for the graph that issued it.
class body_handle {
public:
    constexpr body_handle() noexcept = default;
    constexpr explicit body_handle(std::uint32_t index) noexcept : index_(index) {}
    [[nodiscard]] constexpr std::uint32_t index() const noexcept { return index_; }
    friend constexpr auto operator<=>(body_handle, body_handle) noexcept = default;

private:
    std::uint32_t index_ = 0;
};

/// A link in one graph (a strong index).
class link_handle {
public:
    constexpr link_handle() noexcept = default;
    constexpr explicit link_handle(std::uint32_t index) noexcept : index_(index) {}
    [[nodiscard]] constexpr std::uint32_t index() const noexcept { return index_; }
    friend constexpr auto operator<=>(link_handle, link_handle) noexcept = default;

private:
    std::uint32_t index_ = 0;
};

/// A body handle that also carries its kind in the type, so that the typed
/// builder can reject a forbidden link at compile time, and the builder
/// that made it, so that a handle of another builder (whose index would name
/// some other body here) is refused at run time.
template <body_kind Kind>
class typed_body {
public:
    static constexpr body_kind kind = Kind;
    /// `builder`: the typed_builder's serial (typed_builder::add sets it);
    /// 0, a handle made by hand, is not checked.
    constexpr explicit typed_body(body_handle h, std::uint32_t builder = 0) noexcept : handle_(h), builder_(builder) {}
    [[nodiscard]] constexpr body_handle handle() const noexcept { return handle_; }
    [[nodiscard]] constexpr std::uint32_t builder() const noexcept { return builder_; }
    constexpr operator body_handle() const noexcept { return handle_; } // NOLINT: widening is safe

private:
    body_handle handle_;
    std::uint32_t builder_;
};

} // namespace spfgov
