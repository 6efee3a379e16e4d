// Which body has an id, for governance_graph and graph_builder (not public
// API): an open-addressed table of body indexes beside their ids' hashes.
// The ids themselves stay in the bodies, so the table holds 8 bytes a slot
// and no copy of any id. (A std::unordered_map<std::string, body_handle>
// cost a million-employer graph a node, a malloc and a second cache miss a
// body: a fifth of loading it.)
#pragma once

#include "spfgov/export_macro.hpp"  // the C++20 check every header makes

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <optional>
#include <string_view>
#include <utility>

namespace spfgov::detail {

class id_index {
public:
    id_index() = default;
    id_index(const id_index& other) : slots_(allocate(other.capacity_)), capacity_(other.capacity_), size_(other.size_) {
        if (capacity_ != 0) std::memcpy(slots_.get(), other.slots_.get(), capacity_ * sizeof(slot));
    }
    id_index(id_index&& other) noexcept
        : slots_(std::move(other.slots_)), capacity_(std::exchange(other.capacity_, 0)),
          size_(std::exchange(other.size_, 0)) {}
    id_index& operator=(id_index other) noexcept {
        swap(other);
        return *this;
    }
    ~id_index() = default;

    void swap(id_index& other) noexcept {
        std::swap(slots_, other.slots_);
        std::swap(capacity_, other.capacity_);
        std::swap(size_, other.size_);
    }

    /// Room for `n` ids without growing. The room is zeroed memory from
    /// calloc: the pages of a generous hint that no id reaches are never
    /// touched, so they cost no memory.
    void reserve(std::size_t n) {
        if (n * 2 > capacity_) rehash(std::bit_ceil(std::max<std::size_t>(16, n * 2)));
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    void clear() noexcept { *this = id_index(); }

    /// The index whose id is `id`, or nullopt; `is_id(index)` says whether
    /// an index recorded has that id (asked only when the hashes match).
    template <class IsId>
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id, IsId&& is_id) const {
        if (capacity_ == 0) return std::nullopt;
        const std::uint32_t h = hash(id);
        const std::size_t mask = capacity_ - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const slot s = slots_[i];
            if (s.index_plus_1 == 0) return std::nullopt;
            if (s.hash == h && is_id(s.index_plus_1 - 1)) return s.index_plus_1 - 1;
        }
    }

    /// Whether two ids are equal: short ones byte by byte in place (no
    /// memcmp call).
    static bool same(std::string_view a, std::string_view b) noexcept {
        if (a.size() != b.size()) return false;
        if (a.size() > 16) return std::memcmp(a.data(), b.data(), a.size()) == 0;
        for (std::size_t i = 0; i < a.size(); ++i)
            if (a[i] != b[i]) return false;
        return true;
    }

    /// Records `index` (below 2^32 - 1) for `id`, which no index recorded
    /// has. After reserve(size() + 1) it allocates nothing and cannot throw.
    void insert(std::uint32_t index, std::string_view id) {
        reserve(size_ + 1);
        place({hash(id), index + 1});
        ++size_;
    }

private:
    struct slot {
        std::uint32_t hash;
        std::uint32_t index_plus_1;  // 0: an empty slot (so calloc's zeros are empty slots)
    };
    struct free_deleter {
        void operator()(slot* p) const noexcept { std::free(p); }
    };
    using storage = std::unique_ptr<slot[], free_deleter>;

    static storage allocate(std::size_t count) {
        if (count == 0) return nullptr;
        void* p = std::calloc(count, sizeof(slot));
        if (!p) throw std::bad_alloc();
        return storage(static_cast<slot*>(p));
    }
    /// Ids are short codes ("RRK", "E01490"): eight bytes at a time, then
    /// the rest, each word mixed by a multiply. (std::hash's out-of-line
    /// _Hash_bytes and the memcmp call after it were ~130 instructions of a
    /// route's one lookup.)
    static std::uint32_t hash(std::string_view id) noexcept {
        std::uint64_t h = 0x9E3779B97F4A7C15u ^ id.size();
        const char* p = id.data();
        std::size_t n = id.size();
        for (; n >= 8; p += 8, n -= 8) {
            std::uint64_t word;
            std::memcpy(&word, p, 8);
            h = (h ^ word) * 0xFF51AFD7ED558CCDu;
            h ^= h >> 32;
        }
        std::uint64_t tail = 0;
        for (std::size_t i = 0; i < n; ++i) tail |= std::uint64_t{static_cast<unsigned char>(p[i])} << (8 * i);
        h = (h ^ tail) * 0xC4CEB9FE1A85EC53u;
        h ^= h >> 29;
        return static_cast<std::uint32_t>(h ^ (h >> 32));
    }
    void place(slot s) noexcept {
        const std::size_t mask = capacity_ - 1;
        std::size_t i = s.hash & mask;
        while (slots_[i].index_plus_1 != 0) i = (i + 1) & mask;
        slots_[i] = s;
    }
    void rehash(std::size_t count) {
        storage old = std::exchange(slots_, allocate(count));
        const std::size_t old_capacity = std::exchange(capacity_, count);
        for (std::size_t i = 0; i < old_capacity; ++i)
            if (old[i].index_plus_1 != 0) place(old[i]);
    }

    storage slots_;              // capacity_ of them, a power of two, at most half full
    std::size_t capacity_ = 0;
    std::size_t size_ = 0;
};

} // namespace spfgov::detail
