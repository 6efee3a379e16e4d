// heap_optional<T>: an optional whose value lives on the heap, for a field
// most records leave empty. Empty, it costs one pointer where std::optional
// costs the whole T: a body's meeting rule took 56 bytes of every body of a
// million-employer graph, set on a few hundred (issue 11). Copies are deep;
// the interface is std::optional's, so code reads the same.
#pragma once

#include "spfgov/export_macro.hpp"  // the C++20 check

#include <compare>
#include <memory>
#include <optional>
#include <stdexcept>
#include <utility>

namespace spfgov {

template <class T>
class heap_optional {
public:
    using value_type = T;

    heap_optional() noexcept = default;
    heap_optional(std::nullopt_t) noexcept {}
    heap_optional(const T& v) : value_(std::make_unique<T>(v)) {}
    heap_optional(T&& v) : value_(std::make_unique<T>(std::move(v))) {}
    heap_optional(const std::optional<T>& v) : value_(v ? std::make_unique<T>(*v) : nullptr) {}
    heap_optional(std::optional<T>&& v) : value_(v ? std::make_unique<T>(std::move(*v)) : nullptr) {}
    heap_optional(const heap_optional& o) : value_(o.value_ ? std::make_unique<T>(*o.value_) : nullptr) {}
    heap_optional(heap_optional&&) noexcept = default;
    heap_optional& operator=(const heap_optional& o) {
        if (this != &o) value_ = o.value_ ? std::make_unique<T>(*o.value_) : nullptr;
        return *this;
    }
    heap_optional& operator=(heap_optional&&) noexcept = default;
    heap_optional& operator=(std::nullopt_t) noexcept {
        value_.reset();
        return *this;
    }
    ~heap_optional() = default;

    template <class... Args>
    T& emplace(Args&&... args) {
        value_ = std::make_unique<T>(std::forward<Args>(args)...);
        return *value_;
    }
    void reset() noexcept { value_.reset(); }

    [[nodiscard]] bool has_value() const noexcept { return value_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }

    [[nodiscard]] T& operator*() & noexcept { return *value_; }
    [[nodiscard]] const T& operator*() const& noexcept { return *value_; }
    [[nodiscard]] T* operator->() noexcept { return value_.get(); }
    [[nodiscard]] const T* operator->() const noexcept { return value_.get(); }
    [[nodiscard]] const T& value() const& {
        if (!value_) throw std::bad_optional_access();
        return *value_;
    }
    template <class U>
    [[nodiscard]] T value_or(U&& fallback) const& {
        return value_ ? *value_ : static_cast<T>(std::forward<U>(fallback));
    }
    /// A std::optional copy, for code that wants one.
    [[nodiscard]] std::optional<T> to_optional() const { return value_ ? std::optional<T>(*value_) : std::nullopt; }

    friend bool operator==(const heap_optional& a, const heap_optional& b) {
        return a.has_value() == b.has_value() && (!a.has_value() || *a == *b);
    }
    friend bool operator==(const heap_optional& a, const T& b) { return a.has_value() && *a == b; }
    friend bool operator==(const heap_optional& a, std::nullopt_t) noexcept { return !a.has_value(); }

private:
    std::unique_ptr<T> value_;
};

}  // namespace spfgov
