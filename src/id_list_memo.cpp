// Id lists already written in one route's text (src/detail_id_lists.hpp).
#include "detail_id_lists.hpp"

#include <algorithm>
#include <cstring>
#include <type_traits>

namespace spfgov::detail {

namespace {
static_assert(std::has_unique_object_representations_v<body_handle>, "lists are compared as bytes");

/// What an entry keeps between routes: a list this long, text this big
/// (a region's every JNCC fits); bigger ones are not remembered.
constexpr std::size_t max_kept_ids = std::size_t{1} << 14;
constexpr std::size_t max_kept_text = std::size_t{256} << 10;

thread_local id_list_memo this_thread_memo;
thread_local id_list_memo* current_memo = nullptr;
} // namespace

std::optional<std::string_view> id_list_memo::find(const void* writer, form f,
                                                   std::span<const body_handle> bodies) const noexcept {
    for (std::size_t i = 0; i < used_; ++i) {
        const entry& e = entries_[i];
        if (e.kept && e.writer == writer && e.f == f && e.bodies.size() == bodies.size() &&
            std::memcmp(e.bodies.data(), bodies.data(), bodies.size_bytes()) == 0)
            return std::string_view(e.text);
    }
    return std::nullopt;
}

void id_list_memo::remember(const void* writer, form f, std::span<const body_handle> bodies, std::string_view text) {
    if (bodies.size() > max_kept_ids || text.size() > max_kept_text) return;
    entry& e = entries_[next_];
    e.kept = false;
    e.bodies.assign(bodies.begin(), bodies.end());
    e.text.assign(text);
    e.writer = writer;
    e.f = f;
    e.kept = true;
    next_ = (next_ + 1) % entries_.size();
    used_ = std::max(used_, next_ == 0 ? entries_.size() : next_);
}

void id_list_memo::clear() noexcept {
    used_ = 0;
    next_ = 0;
}

id_list_memo* id_list_memo::current() noexcept { return current_memo; }

bool id_list_memo::append_if_written(std::string& out, const void* writer, form f,
                                     std::span<const body_handle> bodies, id_list_memo*& memo) {
    memo = bodies.size() >= min_ids ? current_memo : nullptr;
    if (!memo) return false;
    const auto text = memo->find(writer, f, bodies);
    if (text) out += *text;
    return text.has_value();
}

id_list_memo::scope::scope() {
    if (current_memo) return;
    this_thread_memo.clear();
    current_memo = &this_thread_memo;
    opened_ = true;
}

id_list_memo::scope::~scope() {
    if (opened_) current_memo = nullptr;
}

} // namespace spfgov::detail
