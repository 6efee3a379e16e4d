// Which body has an id, for governance_graph and graph_builder (not public
// API): an open-addressed table of body indexes beside their ids' hashes.
// The ids themselves stay in the bodies, so the table holds 8 bytes a slot
// and no copy of any id. (A std::unordered_map<std::string, body_handle>
// cost a million-employer graph a node, a malloc and a second cache miss a
// body: a fifth of loading it.)
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>
#include <string_view>
#include <vector>

namespace spfgov::detail {

class id_index {
public:
    /// Room for `n` ids without growing.
    void reserve(std::size_t n) {
        if (n * 2 > slots_.size()) rehash(std::bit_ceil(std::max<std::size_t>(16, n * 2)));
    }
    [[nodiscard]] std::size_t size() const noexcept { return size_; }
    void clear() noexcept {
        slots_.clear();
        size_ = 0;
    }

    /// The index whose id is `id`, or nullopt; `id_of(index)` gives the id
    /// of an index recorded (read only when the hashes match).
    template <class IdOf>
    [[nodiscard]] std::optional<std::uint32_t> find(std::string_view id, IdOf&& id_of) const {
        if (slots_.empty()) return std::nullopt;
        const std::uint32_t h = hash(id);
        const std::size_t mask = slots_.size() - 1;
        for (std::size_t i = h & mask;; i = (i + 1) & mask) {
            const slot s = slots_[i];
            if (s.index == empty) return std::nullopt;
            if (s.hash == h && std::string_view(id_of(s.index)) == id) return s.index;
        }
    }

    /// Records `index` for `id`, which no index recorded has.
    void insert(std::uint32_t index, std::string_view id) {
        if ((size_ + 1) * 2 > slots_.size()) rehash(std::max<std::size_t>(16, slots_.size() * 2));
        place({hash(id), index});
        ++size_;
    }

private:
    struct slot {
        std::uint32_t hash = 0;
        std::uint32_t index = empty;
    };
    static constexpr std::uint32_t empty = 0xFFFF'FFFFU;

    static std::uint32_t hash(std::string_view id) noexcept {
        const std::uint64_t h = std::hash<std::string_view>{}(id);
        return static_cast<std::uint32_t>(h ^ (h >> 32));
    }
    void place(slot s) noexcept {
        const std::size_t mask = slots_.size() - 1;
        std::size_t i = s.hash & mask;
        while (slots_[i].index != empty) i = (i + 1) & mask;
        slots_[i] = s;
    }
    void rehash(std::size_t slot_count) {
        std::vector<slot> old(slot_count);
        old.swap(slots_);
        for (const slot& s : old)
            if (s.index != empty) place(s);
    }

    std::vector<slot> slots_;  // a power of two of them, at most half full
    std::size_t size_ = 0;
};

} // namespace spfgov::detail
