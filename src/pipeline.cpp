// The routing pipeline: runs a policy's rule units stage by stage on one
// issue, then one finishing step sorts every list and orders the rationale
// and warnings by rule (docs/architecture.md).
#include "detail_id_lists.hpp"
#include "detail_json.hpp"
#include "detail_text.hpp"
#include "routing_detail.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/report.hpp"
#include "spfgov/text.hpp"

#include <algorithm>
#include <array>
#include <cstring>
#include <functional>
#include <limits>

namespace spfgov {

using detail::routing_state;
using detail::sort_unique;

// ------------------------------------------------------------ rationale entries

std::string_view rationale_entry::rule() const noexcept { return cited ? cited->id() : std::string_view{}; }

std::optional<std::string_view> rationale_entry::source() const noexcept {
    if (authority) return std::string_view(*authority);
    if (!cited || !cited->source) return std::nullopt;
    return std::string_view(*cited->source);
}

bool operator==(const rationale_entry& a, const rationale_entry& b) {
    return a.rule() == b.rule() && a.source() == b.source() && a.form == b.form && a.bodies == b.bodies &&
           a.values == b.values && a.authority == b.authority;
}

std::string rationale_text(const rationale_entry& e, const route& r, const governance_graph& g) {
    if (!e.cited || !e.cited->unit) return {};
    return e.cited->unit->text(e, r, g);
}

void append_rationale_text(std::string& out, const rationale_entry& e, const route& r, const governance_graph& g) {
    if (e.cited && e.cited->unit) e.cited->unit->append_text(out, e, r, g);
}

void append_id_list(std::string& out, const governance_graph& g, std::span<const body_handle> bodies) {
    // The same list written earlier in this route: copied whole.
    detail::id_list_memo* memo = nullptr;
    if (detail::id_list_memo::append_if_written(out, &g, detail::id_list_memo::form::joined, bodies, memo)) return;
    // Sized first, then copied into place: one growth of `out` for the
    // list, not two appends per id (these lists are much of a batch's text).
    // A ", " goes before an id only when something of the list is written.
    std::size_t bytes = 0;
    for (auto h : bodies) {
        const std::size_t n = g.id(h).size();
        if (bytes != 0) bytes += 2;
        bytes += n;
    }
    if (bytes == 0) {
        out += "none";
        return;
    }
    const std::size_t at = out.size();
    out.resize(at + bytes);
    char* const begin = out.data() + at;
    char* p = begin;
    for (auto h : bodies) {
        const std::string& id = g.id(h);
        if (p != begin) {
            *p++ = ',';
            *p++ = ' ';
        }
        std::memcpy(p, id.data(), id.size());
        p += id.size();
    }
    if (memo) memo->remember(&g, detail::id_list_memo::form::joined, bodies, std::string_view(out).substr(at));
}

std::string id_list(const governance_graph& g, std::span<const body_handle> bodies) {
    std::string s;
    append_id_list(s, g, bodies);
    return s;
}

std::vector<std::string> ids(const governance_graph& g, const std::vector<body_handle>& hs) {
    std::vector<std::string> out;
    out.reserve(hs.size());
    for (auto h : hs) out.push_back(g.id(h));
    return out;
}

// ------------------------------------------------------------ rule defaults

std::optional<std::string> rule::why_not(const routing_context&, body_handle) const { return std::nullopt; }
void rule::check(const governance_graph&) const {}
void rule::append_text(std::string& out, const rationale_entry& entry, const route& r, const governance_graph& g) const {
    out += text(entry, r, g);
}

// ------------------------------------------------------------ scratch memory

namespace detail {

namespace {
// What a refill keeps for the next routing: vectors of at most this many
// elements (a region's every JNCC fits), and this many of each kind, so
// that one huge route leaves no thread holding its memory for good.
constexpr std::size_t max_spare_capacity = std::size_t{1} << 14;
constexpr std::size_t max_spares = 64;
} // namespace

void routing_scratch::reset() noexcept {
    affected.clear();
    systems.clear();
    regions.clear();
    warnings.clear();
    rationale_order.clear();
    // The memo's entries keep their lists for the next routing, within the
    // spares' bounds (the last routing's entries are the only ones grown).
    for (std::size_t i = 0; i < succession_memo_used; ++i)
        if (succession_memo[i].resolved.capacity() > max_spare_capacity) succession_memo[i].resolved = {};
    if (succession_memo.size() > max_spares) succession_memo.resize(max_spares);
    succession_memo_used = 0;
    if (redundancy_counts.capacity() > max_spare_capacity) redundancy_counts = {};
    jnccs.clear();
    without_jnccs.clear();
    jnccs_known = false;
    lists_in_use = 0;
    entries_explained = 0;
}

namespace {

template <class T> bool small_enough(const T& v) noexcept { return v.capacity() <= max_spare_capacity; }
template <class T> bool worth_keeping(const T& v) noexcept { return v.capacity() != 0 && small_enough(v); }

/// `v` (a list or string) emptied into `pool` when it is worth keeping and
/// the pool has room; left as it is otherwise.
template <class T> void keep_as_spare(std::vector<T>& pool, T& v) {
    if (pool.size() >= max_spares || !worth_keeping(v)) return;
    v.clear();
    pool.push_back(std::move(v));
}
} // namespace

void start_refill(route& r, routing_scratch& s, std::size_t entries_wanted) {
    // The route's entries count as explained until they are emptied below:
    // if anything before then throws, ~routing_state keeps them out of the
    // spares (which another routing of this thread would take, contents and all).
    s.entries_explained = r.rationale.size();
    for (auto* list : {&r.lead, &r.negotiate, &r.consult, &r.engage, &r.inform, &r.affected}) list->clear();
    r.lead_union.reset();
    r.scope = level::employer;
    // (Reverse iterators, not a reversed view: clang 14 cannot use
    // libstdc++ 12's range views.)
    for (auto d = r.deadlines.rbegin(); d != r.deadlines.rend(); ++d) keep_as_spare(s.spare_texts, d->authority);
    r.deadlines.clear();
    r.meetings.clear();
    r.warnings.clear();
    // Back to front: explain() and R9 take spares from the back, so entry k
    // of the next route gets entry k of this one (alike in size, mostly).
    for (auto level_bodies = r.escalation.rbegin(); level_bodies != r.escalation.rend(); ++level_bodies)
        keep_as_spare(s.spare_levels, *level_bodies);
    r.escalation.clear();
    // The rationale's entries stay in the route, emptied, and explain()
    // refills entry k of this route in place (alike in size to entry k of
    // the last, mostly). Handing each entry to the spares and back cost a
    // move, a destruction and a vector's bookkeeping an entry: a sixth of a
    // one-employer route's instructions. `cited` is kept, for explain() to
    // hand on without copying: a copy is an atomic count on a rule shared by
    // every thread, and two threads routing a batch passed those counts'
    // cache lines back and forth (perf: shared_ptr release and explain(),
    // about 5% of the CPU).
    const std::size_t kept_entries = std::max(entries_wanted, max_spares);
    if (r.rationale.size() > kept_entries || r.rationale.capacity() > 2 * kept_entries) {
        // One huge route (a rule explaining in a loop) leaves the route no
        // more than its first entries, in a vector of their size. (Nothing
        // has changed if the reserve throws.)
        std::vector<rationale_entry> bounded;
        bounded.reserve(kept_entries);
        const std::size_t n = std::min(r.rationale.size(), kept_entries);
        for (std::size_t i = 0; i < n; ++i) bounded.push_back(std::move(r.rationale[i]));
        r.rationale.swap(bounded);
        s.entries_explained = r.rationale.size();
    }
    for (rationale_entry& e : r.rationale) {
        e.form = 0;
        if (small_enough(e.bodies)) e.bodies.clear();
        else e.bodies = {};
        if (small_enough(e.values)) e.values.clear();
        else e.values = {};
        if (e.authority) keep_as_spare(s.spare_texts, *e.authority);
        e.authority.reset();
    }
    s.entries_explained = 0;
    // Room for the entries a longer route takes from the spares, so that
    // keep_unexplained_entries() never allocates (and cannot fail).
    if (s.spare_entries.capacity() < max_spares) s.spare_entries.reserve(max_spares);
}

void keep_unexplained_entries_slow(route& r, routing_scratch& s) noexcept {
    auto& entries = r.rationale;
    static_assert(std::is_nothrow_move_constructible_v<rationale_entry>);
    auto& spares = s.spare_entries;
    // A rule may have shortened the route's rationale itself (not
    // supported: explain() is the way in), but never past what it holds.
    s.entries_explained = std::min(s.entries_explained, entries.size());
    // Back to front, so that explain(), taking spares from the back, gets
    // them front to back. Emptied again (they mostly are already): only
    // empty entries reach another routing.
    while (entries.size() > s.entries_explained) {
        if (spares.size() < std::min(spares.capacity(), max_spares)) {
            rationale_entry& e = entries.back();
            e.form = 0;
            e.bodies.clear();
            e.values.clear();
            e.authority.reset();
            spares.push_back(std::move(e));
        }
        entries.pop_back();
    }
}

std::vector<body_handle> take_spare_level(routing_scratch& s) noexcept {
    if (s.spare_levels.empty()) return {};
    std::vector<body_handle> level_bodies = std::move(s.spare_levels.back());
    s.spare_levels.pop_back();
    return level_bodies;
}

std::string spare_text(routing_scratch& s, std::string_view text) {
    std::string out;
    if (!s.spare_texts.empty()) {
        out = std::move(s.spare_texts.back());
        s.spare_texts.pop_back();
    }
    out.assign(text);
    return out;
}

namespace {
/// This thread's scratch memory not in use: one per routing running on the
/// thread at once (normally one), kept for the next.
thread_local std::vector<std::unique_ptr<routing_scratch>> idle_scratch;

routing_scratch& take_scratch() {
    routing_scratch* s = nullptr;
    if (idle_scratch.empty()) {
        s = new routing_scratch();
    } else {
        s = idle_scratch.back().release();
        idle_scratch.pop_back();
    }
    s->reset();
    return *s;
}
} // namespace

routing_state::routing_state(const index_data& x_, const issue& is_, const routing_policy& policy_,
                             const routing_index& index_, route& r_)
    : x(x_), g(*x_.g), is(is_), policy(policy_), index(index_), r(r_), scratch(take_scratch()),
      affected(scratch.affected), systems(scratch.systems), regions(scratch.regions), warnings(scratch.warnings),
      rationale_order(scratch.rationale_order), succession_memo(scratch.succession_memo) {}

routing_state::~routing_state() {
    keep_unexplained_entries(r, scratch);  // the route holds this routing's entries only, even after a throw
    try {
        idle_scratch.emplace_back(&scratch);
    } catch (...) {  // out of memory for the pool's slot: free it instead
        delete &scratch;
    }
}

} // namespace detail

// ------------------------------------------------------------ context

const governance_graph& routing_context::graph() const noexcept { return state_->g; }
const issue& routing_context::subject() const noexcept { return state_->is; }
date routing_context::on() const noexcept { return state_->x.on; }
const routing_policy& routing_context::policy() const noexcept { return state_->policy; }
const routing_index& routing_context::index() const noexcept { return state_->index; }
std::span<const body_handle> routing_context::affected() const noexcept { return state_->affected; }
std::span<const body_handle> routing_context::affected_systems() const noexcept { return state_->systems; }
std::span<const body_handle> routing_context::affected_regions() const noexcept { return state_->regions; }
level routing_context::scope() const noexcept { return state_->r.scope; }
level routing_context::containing_level() const noexcept { return state_->containing; }

void routing_context::set_affected(std::vector<body_handle> employers) { detail::set_affected(*state_, employers); }

void routing_context::set_scope(level containing, level scope) noexcept {
    state_->containing = containing;
    state_->r.scope = scope;
}

std::span<const body_handle> routing_context::jnccs_of(body_handle e) const { return state_->x.jnccs[e]; }
std::span<const body_handle> routing_context::systems_of(body_handle e) const { return state_->x.systems[e]; }
std::span<const body_handle> routing_context::regions_of(body_handle b) const { return state_->x.regions[b]; }
std::span<const body_handle> routing_context::members_of(body_handle c) const { return state_->x.members[c]; }
std::span<const body_handle> routing_context::forums_of(body_handle c) const { return state_->x.forums[c]; }
std::span<const body_handle> routing_context::boards_of(body_handle c) const { return state_->x.boards[c]; }
std::span<const body_handle> routing_context::lead_unions_of(body_handle f) const { return state_->x.lead_unions[f]; }
std::span<const body_handle> routing_context::escalates_to(body_handle b) const { return state_->x.escalates[b]; }
std::span<const body_handle> routing_context::national_forums() const noexcept { return state_->x.national_forums; }
std::span<const body_handle> routing_context::negotiating_bodies() const noexcept {
    return state_->x.negotiating_bodies;
}
bool routing_context::valid(body_handle b) const { return state_->x.view.contains(b); }

// A rule given the route or a list of it may change it in any way: its
// lists are no longer known to be sorted.
route& routing_context::result() noexcept {
    state_->sorted_lists = 0;
    state_->unit_jnccs_lists = 0;
    detail::keep_unexplained_entries(state_->r, state_->scratch);  // the rationale so far, exactly
    return state_->r;
}
const route& routing_context::result() const noexcept {
    detail::keep_unexplained_entries(state_->r, state_->scratch);
    return state_->r;
}

namespace {
std::vector<body_handle>& list_of(route& r, role which) noexcept { return detail::role_list(r, which); }
constexpr std::uint8_t bit_of(role which) noexcept { return static_cast<std::uint8_t>(1u << static_cast<unsigned>(which)); }
} // namespace

std::vector<body_handle>& routing_context::members(role which) noexcept {
    state_->sorted_lists &= static_cast<std::uint8_t>(~bit_of(which));
    state_->unit_jnccs_lists &= static_cast<std::uint8_t>(~bit_of(which));
    return list_of(state_->r, which);
}

bool routing_context::holds(role which, body_handle b) const noexcept {
    const auto& list = list_of(state_->r, which);
    return std::find(list.begin(), list.end(), b) != list.end();
}

void routing_context::add(role which, body_handle b) {
    members(which).push_back(b);
    if (state_->provenance)
        state_->provenance->emplace_back(which, b, state_->current && *state_->current ? (*state_->current)->id() : "");
}
void routing_context::add(role which, std::span<const body_handle> bodies) {
    auto& list = members(which);
    const std::less<const body_handle*> before;
    if (!bodies.empty() && !before(bodies.data(), list.data()) && before(bodies.data(), list.data() + list.size())) {
        // A rule adding a list of the route to itself (ctx.result().consult):
        // growing the list would move what is being read.
        const std::vector<body_handle> copy(bodies.begin(), bodies.end());
        add(which, std::span<const body_handle>(copy));
        return;
    }
    if (!state_->provenance) {  // a region's hundreds of JNCCs in one copy
        detail::append_handles(list, bodies);
        return;
    }
    list.reserve(list.size() + bodies.size());  // one allocation, not one per doubling
    for (auto b : bodies) add(which, b);
}

rationale_entry& routing_context::explain(std::uint8_t form) {
    routing_state& s = *state_;
    auto& entries = s.r.rationale;
    std::size_t& explained = s.scratch.entries_explained;
    explained = std::min(explained, entries.size());  // (a rule shortening the rationale itself: never past its end)
    s.rationale_order.push_back(s.current_order);
    if (explained < entries.size()) {
        // A refilled route's entry, emptied, refilled in place. Its citation
        // swapped with a later entry's that cites this rule already (see
        // start_refill): the entry keeps its place (its capacity suits the
        // k-th entry of a route), and no count is touched.
        const auto want = [&](const rationale_entry& e) { return s.current ? e.cited == *s.current : !e.cited; };
        const auto next = entries.begin() + static_cast<std::ptrdiff_t>(explained);
        if (!want(*next)) {
            if (const auto other = std::find_if(next + 1, entries.end(), want); other != entries.end())
                std::swap(other->cited, next->cited);
        }
    } else {
        try {
            if (s.scratch.spare_entries.empty()) {
                entries.emplace_back();
            } else {
                entries.push_back(std::move(s.scratch.spare_entries.back()));
                s.scratch.spare_entries.pop_back();
            }
        } catch (...) {
            s.rationale_order.pop_back();  // kept in step with the entries
            throw;
        }
    }
    rationale_entry& e = entries[explained++];
    if (!s.current) e.cited.reset();
    else if (e.cited != *s.current) e.cited = *s.current;
    e.form = form;
    return e;
}

void routing_context::warn(std::string text) { state_->warnings.emplace_back(state_->current_order, std::move(text)); }

void routing_context::fail(std::string code, std::string_view pointer, std::string_view value,
                           std::string_view what) const {
    error_location at;
    at.pointer = std::string(pointer);
    throw issue_error(std::move(code), "issue \"" + state_->is.id + "\": " + std::string(pointer) + " = " +
                                           std::string(value) + ": " + std::string(what),
                      std::move(at));
}

// ------------------------------------------------------------ the pipeline

namespace {

constexpr date calendar_first{1978, 1, 1};
constexpr date calendar_last{2100, 12, 31};

/// Each count a whole number from 0, each employer once (an RFC 6901
/// pointer escapes '~' and '/' in the id).
void check_redundancies(const routing_context& ctx, const std::vector<std::pair<std::string, int>>& counts) {
    const auto pointer = [](std::string_view id) {
        std::string out = "/redundancies";
        detail::json::append_pointer_segment(out, id);
        return out;
    };
    for (const auto& [id, count] : counts)
        if (count < 0)
            ctx.fail("bad_count", pointer(id), std::to_string(count), "expected a whole number from 0 to 2147483647");
    // Routing allocates nothing once warm (tests/alloc): a few counts are
    // compared pairwise; only a long list is sorted in a copy.
    constexpr std::size_t pairwise = 64;
    const auto given_twice = [&](std::string_view id) {
        ctx.fail("duplicate_key", pointer(id), "(given twice)", "expected each employer's count once");
    };
    if (counts.size() <= pairwise) {
        for (std::size_t a = 0; a < counts.size(); ++a)
            for (std::size_t b = a + 1; b < counts.size(); ++b)
                if (counts[a].first == counts[b].first) given_twice(counts[a].first);
        return;
    }
    std::vector<std::string_view> ids;
    ids.reserve(counts.size());
    for (const auto& entry : counts) ids.push_back(entry.first);
    std::sort(ids.begin(), ids.end());
    if (const auto twice = std::adjacent_find(ids.begin(), ids.end()); twice != ids.end()) given_twice(*twice);
}

void check_fields(const routing_context& ctx) {
    const issue& is = ctx.subject();
    const date on = ctx.on();
    if (is.id.empty()) ctx.fail("empty_id", "/id", "\"\"", "expected a non-empty string, as read_issue does");
    if (static_cast<std::size_t>(is.kind) >= enum_count<issue_kind>)
        ctx.fail("unknown_kind", "/kind", std::to_string(static_cast<int>(is.kind)), "expected " + expected_spellings<issue_kind>());
    if (static_cast<std::size_t>(is.origin) >= enum_count<level>)
        ctx.fail("unknown_origin", "/origin", std::to_string(static_cast<int>(is.origin)), "expected " + expected_spellings<level>());
    // Routed as of another date (an as-of date, or a routing_index's), an
    // issue still needs its own: R10 compares dates with it and the route
    // carries it (a file's issue always has one).
    if (is.date.is_special()) ctx.fail("missing_field", "/date", "(none)", "is not set; expected a YYYY-MM-DD date");
    if (on.is_special() || on < calendar_first || calendar_last < on)
        ctx.fail("date_out_of_range", "/date", on.is_special() ? "(none)" : to_iso(on),
                 "expected a date from 1978-01-01 to 2100-12-31, the range of the England and Wales calendar");
    if (is.first_dismissal && (is.first_dismissal->is_special() || *is.first_dismissal < calendar_first ||
                               calendar_last < *is.first_dismissal))
        ctx.fail("date_out_of_range", "/first_dismissal", is.first_dismissal->is_special() ? "(none)" : to_iso(*is.first_dismissal),
                 "expected a date from 1978-01-01 to 2100-12-31");
    if (is.affected.empty() && is.origin != level::national)
        ctx.fail("empty_affected", "/affected", "[]",
                 "an issue of " + std::string(to_string(is.origin)) + " origin must name at least one employer, system or region");
    // What the issue reader refuses in a file, refused in an issue built in
    // code too: else write_issue would write what read_issue refuses, and a
    // misspelt staff group ("Nursing") would match no JNCC, silently.
    for (std::size_t k = 0; k < is.staff_groups.size(); ++k)
        if (!is_staff_group_id(is.staff_groups[k]))
            ctx.fail("bad_staff_group", "/staff_groups/" + std::to_string(k),
                     "\"" + printable(detail::text::cut_for_message(is.staff_groups[k])) + "\"",
                     "expected a staff-group id of lowercase letters, digits, _ and - (such as \"medical_and_dental\")");
    check_redundancies(ctx, is.redundancies);
}

/// `v` stable-sorted by `less`; nothing is done (and nothing allocated, as
/// std::stable_sort would) when it is in order already, as it mostly is.
template <class T, class Less> void stable_sort_if_needed(std::vector<T>& v, Less less) {
    if (!std::is_sorted(v.begin(), v.end(), less)) std::stable_sort(v.begin(), v.end(), less);
}

/// The roles that say more than `inform` (domain.md §3: inform is "only informed").
constexpr std::array stronger_than_inform{role::lead, role::negotiate, role::consult, role::engage};

/// Drops from `inform` each body a rule also leads with, negotiates with,
/// consults or engages (lists sorted by id). Out of line: finish() runs on
/// every route, this on few.
SPFGOV_DETAIL_NOINLINE void drop_informed_in_stronger_roles(routing_state& s) {
    route& r = s.r;
    std::erase_if(r.inform, [&](body_handle b) {
        return std::any_of(stronger_than_inform.begin(), stronger_than_inform.end(),
                           [&](role which) { return detail::sorted_contains(s.g, list_of(r, which), b); });
    });
}

/// The finishing step: every list sorted by id and deduplicated (inform
/// holding only bodies in no stronger role), the rationale and warnings in
/// rule order.
void finish(routing_state& s) {
    route& r = s.r;
    for (const role which : {role::lead, role::negotiate, role::consult, role::engage, role::inform})
        if (!(s.sorted_lists & bit_of(which))) sort_unique(s.g, list_of(r, which));  // (a region's: 1,300 bodies each)
    if (!(s.sorted_lists & detail::routing_state::ladder_sorted))
        for (auto& level_bodies : r.escalation) sort_unique(s.g, level_bodies);
    // `inform` holds the bodies only informed (domain.md §3). The built-in
    // rules give a body two roles only where a graph's own relation rules
    // nest one unit in another (a system as another's region); a custom or
    // C++ rule may. Otherwise nothing is searched (each inform body in four
    // lists was 3.5% of gen5000's mix).
    if (!r.inform.empty() && (!s.policy.built_in_rules_only() || !s.g.extra_rules().empty()))
        drop_informed_in_stronger_roles(s);
    stable_sort_if_needed(r.deadlines, [&](const deadline& a, const deadline& b) {
        if (a.body != b.body) return s.g.id_rank(a.body) < s.g.id_rank(b.body);
        return a.kind < b.kind;
    });
    stable_sort_if_needed(r.meetings,
                          [&](const meeting& a, const meeting& b) { return s.g.id_rank(a.body) < s.g.id_rank(b.body); });
    detail::keep_unexplained_entries(r, s.scratch);  // a refilled route's entries beyond this one's
    // Rationale by rule order (stable: a rule's entries keep their order). A
    // handful of entries, nearly in order (R11 runs before R2..R9): the
    // order is worked out on their indexes, then each entry is moved once,
    // cycle by cycle (swapping R11's entry down step by step cost three
    // moves a step: 4% of a one-employer route's instructions).
    auto& order = s.rationale_order;
    assert(order.size() == r.rationale.size());  // explain() keeps them in step
    constexpr std::size_t few = 64;
    if (std::is_sorted(order.begin(), order.end())) {
        // in order already, as most routes' are
    } else if (const std::size_t n = r.rationale.size(); n <= few) {
        std::array<std::uint8_t, few> from{};  // from[k]: the entry that goes to place k
        for (std::size_t i = 0; i < n; ++i) {
            std::size_t j = i;
            for (; j > 0 && order[i] < order[from[j - 1]]; --j) from[j] = from[j - 1];
            from[j] = static_cast<std::uint8_t>(i);
        }
        std::array<bool, few> placed{};
        for (std::size_t start = 0; start < n; ++start) {
            if (placed[start] || from[start] == start) continue;
            rationale_entry held = std::move(r.rationale[start]);
            std::size_t k = start;
            for (; from[k] != start; k = from[k]) {
                r.rationale[k] = std::move(r.rationale[from[k]]);
                placed[k] = true;
            }
            r.rationale[k] = std::move(held);
            placed[k] = true;
        }
        std::sort(order.begin(), order.end());
    } else {  // a rule explaining many times: no quadratic sort
        std::vector<std::pair<std::uint32_t, rationale_entry>> keyed;
        keyed.reserve(r.rationale.size());
        for (std::size_t i = 0; i < r.rationale.size(); ++i) keyed.emplace_back(order[i], std::move(r.rationale[i]));
        std::stable_sort(keyed.begin(), keyed.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
        for (std::size_t i = 0; i < keyed.size(); ++i) r.rationale[i] = std::move(keyed[i].second);
    }
    stable_sort_if_needed(s.warnings, [](const auto& a, const auto& b) { return a.first < b.first; });
    r.warnings.reserve(r.warnings.size() + s.warnings.size());
    for (auto& w : s.warnings) r.warnings.push_back(std::move(w.second));
}

/// A built-in rule that a law stands behind, switched off by the policy:
/// said in the route (at the rule's place among the warnings), so that a
/// report's "Consult: none" or "Statutory deadlines: none" is not read as
/// "no duty" (helper-79).
SPFGOV_DETAIL_NOINLINE void warn_duties_switched_off(routing_context& ctx, std::uint16_t off) {
    routing_state& s = ctx.state();
    const std::string policy = "the policy \"" + printable(detail::text::cut_for_message(s.policy.name)) + "\"";
    if (off & (1u << 1)) {
        s.current_order = 2;
        ctx.warn("R2 (employer primacy) is switched off by " + policy +
                 ": the affected employers' JNCCs are consulted only where another rule says so, though employers "
                 "keep their legal consultation duties (R2)");
    }
    if ((off & (1u << 9)) && s.is.kind == issue_kind::redundancy && !s.is.redundancies.empty()) {
        s.current_order = 10;
        // The threshold of the table in force (20 since 1995, 10 before), as R10 would have used.
        const statutory_table* table = table_in_force(s.policy.parameters.statutory_bands, s.x.on);
        const int lowest = table && !table->bands.empty() ? table->bands.front().min : 20;
        ctx.warn("R10 (statutory timelines) is switched off by " + policy +
                 ": no statutory date is computed, though TULRCA s.188 and s.193 still bind a proposal of " +
                 std::to_string(lowest) + " or more redundancies at one employer within 90 days (R10)");
    }
}

/// Runs every enabled rule of `policy` on the state, stage by stage.
void run_pipeline(routing_state& s) {
    routing_context ctx(s);
    check_fields(ctx);
    const auto rules = s.policy.rules();
    for (const auto step : s.policy.run_order()) {
        const auto& c = rules[step.position];
        s.current = &c;
        s.current_order = step.order;
        c->unit->apply(ctx);
    }
    s.current = nullptr;
    if (const auto off = s.policy.built_ins_switched_off(); off & ((1u << 1) | (1u << 9))) [[unlikely]]
        warn_duties_switched_off(ctx, off);
    finish(s);
}

} // namespace

namespace {
/// Out of line: copying strings here grew route_with_checked_policy past
/// GCC's inlining of the id's and title's string copies (+45 instructions
/// a route, most of which name no staff group).
SPFGOV_DETAIL_NOINLINE void copy_staff_groups(route& out, const issue& i) { out.staff_groups = i.staff_groups; }

/// route_issue_into with a policy already checked (check_parameters): a
/// router checks its own once, when made, not once a route.
void route_with_checked_policy(const routing_index& index, const issue& i, route& out, const routing_policy& policy) {
    routing_state s(index.data(), i, policy, index, out);
    const std::size_t entries = policy.rules().size() + 1;  // about one per rule
    start_refill(out, s.scratch, entries);
    out.issue = i.id;
    out.title = i.title;
    out.kind = i.kind;
    out.as_of = index.on();
    out.issue_date = i.date;
    if (!i.staff_groups.empty() || !out.staff_groups.empty()) [[unlikely]]  // most issues name none
        copy_staff_groups(out, i);
    out.first_dismissal = i.first_dismissal;
    out.rationale.reserve(entries);  // one allocation, for a route made afresh
    run_pipeline(s);
}
} // namespace

void route_issue_into(const routing_index& index, const issue& i, route& out, const routing_policy& policy) {
    check_parameters(policy.parameters);
    route_with_checked_policy(index, i, out, policy);
}

route route_issue(const routing_index& index, const issue& i, const routing_policy& policy) {
    route r;
    route_issue_into(index, i, r, policy);
    return r;
}

namespace {
/// The date `i` is routed on: `as_of`, else its own; checked against the
/// calendar's range before any index is built for it.
date routing_date(const issue& i, std::optional<date> as_of) {
    const date on = as_of.value_or(i.date);
    if (!on.is_special() && calendar_first <= on && on <= calendar_last) return on;
    // The fault is the as-of date given, when there is one; else the issue's /date.
    const std::string what = as_of ? "the as-of date" : "/date";
    error_location at;
    if (!as_of) at.pointer = "/date";
    // An issue built in code without a date lacks a field, as a file would.
    if (on.is_special())
        throw issue_error(as_of ? "date_out_of_range" : "missing_field",
                          "issue \"" + i.id + "\": " + what + " is not set; expected a YYYY-MM-DD date", std::move(at));
    throw issue_error("date_out_of_range",
                      "issue \"" + i.id + "\": " + what + " = " + to_iso(on) +
                          ": expected a date from 1978-01-01 to 2100-12-31, the range of the England and Wales calendar",
                      std::move(at));
}
} // namespace

route route_issue(const governance_graph& g, const issue& i, const routing_policy& policy) {
    const date on = routing_date(i, std::nullopt);
    check_parameters(policy.parameters);
    for (const auto& c : policy.rules())
        if (c->enabled && c->unit) c->unit->check(g);
    const routing_index index(g, on);
    route r;
    route_with_checked_policy(index, i, r, policy);  // checked above, before the index was built
    return r;
}

router::router(const governance_graph& g, routing_policy policy)
    : graph_(&g), policy_(std::move(policy)), chunks_(std::make_unique<detail::chunk_pool>()),
      held_(std::make_unique<detail::held_chunks>()), building_(std::make_unique<detail::epochs_in_construction>()) {
    check_parameters(policy_.parameters);  // once: every route after takes them as checked
    for (const auto& c : policy_.rules())
        if (c->enabled && c->unit) c->unit->check(g);
    // Change points: every finite end of a body's or link's validity (derived
    // links included). Between two of them nothing the index reads changes.
    const auto add = [&](const validity& v) {
        if (!v.from.is_special()) change_points_.push_back(v.from);
        if (!v.to.is_special()) change_points_.push_back(v.to);
    };
    for (auto b : g.bodies()) add(g[b].valid);
    for (auto l : g.links()) add(g[l].valid);
    std::sort(change_points_.begin(), change_points_.end());
    change_points_.erase(std::unique(change_points_.begin(), change_points_.end()), change_points_.end());
}

router::~router() = default;

std::size_t router::epoch_of(date on) const noexcept {
    return static_cast<std::size_t>(std::upper_bound(change_points_.begin(), change_points_.end(), on) -
                                    change_points_.begin());
}

void router::set_cache_budget(std::size_t bytes) {
    std::lock_guard lock(mutex_);
    budget_ = bytes;
    evict_locked(std::numeric_limits<std::size_t>::max());
}

router::cache_statistics router::statistics() const {
    std::lock_guard lock(mutex_);
    return {change_points_.size() + 1, built_, evicted_, cache_.size(), bytes_, budget_};
}

// Drops least recently used epochs until the cache fits the budget, never
// `keep` (the one just used) nor the last one left.
void router::evict_locked(std::size_t keep) const {
    while (bytes_ > budget_ && cache_.size() > 1) {
        auto victim = cache_.end();
        for (auto it = cache_.begin(); it != cache_.end(); ++it)
            if (it->first != keep && (victim == cache_.end() || it->second->last_used.load(std::memory_order_relaxed) <
                                                                    victim->second->last_used.load(std::memory_order_relaxed)))
                victim = it;
        if (victim == cache_.end()) break;
        bytes_ -= held_->remove(*victim->second);
        cache_.erase(victim);  // indexes handed out keep their epoch alive
        ++evicted_;
        evictions_.fetch_add(1, std::memory_order_release);
    }
}

std::shared_ptr<const detail::epoch_data> router::epoch_for(date on) const {
    const std::size_t epoch = epoch_of(on);
    using epoch_ptr = std::shared_ptr<const detail::epoch_data>;
    std::shared_future<epoch_ptr> another_builds;
    std::optional<std::promise<epoch_ptr>> building;  // made only to build: a cache hit allocates nothing
    {
        std::lock_guard lock(mutex_);
        if (auto it = cache_.find(epoch); it != cache_.end()) {
            it->second->last_used.store(++tick_, std::memory_order_relaxed);
            return it->second;
        }
        if (auto b = building_->by_epoch.find(epoch); b != building_->by_epoch.end()) another_builds = b->second;
        else building_->by_epoch.emplace(epoch, building.emplace().get_future().share());
    }
    if (another_builds.valid()) {
        if (epoch_ptr data = another_builds.get()) {
            data->last_used.store(++tick_, std::memory_order_relaxed);
            return data;
        }
        // Its builder failed: fail here too, with this thread's own error (one
        // exception object rethrown in several threads would be shared), by
        // building it unregistered, so that all waiting fail at once.
        return store_epoch(epoch, detail::build_epoch(*graph_, on, chunks_.get()), false);
    }
    // Built outside the lock, so other threads keep routing meanwhile (and
    // those wanting this epoch wait for it, above). Until it is published,
    // any failure (the build's, or memory for the cache's node) unregisters
    // it and lets the waiting try for themselves.
    epoch_ptr data;
    try {
        data = store_epoch(epoch, detail::build_epoch(*graph_, on, chunks_.get()), true);
    } catch (...) {
        {
            std::lock_guard lock(mutex_);
            building_->by_epoch.erase(epoch);  // the next call tries again, as a fresh router would
        }
        building->set_value(nullptr);
        throw;
    }
    building->set_value(data);
    return data;
}

std::shared_ptr<const detail::epoch_data> router::store_epoch(std::size_t epoch,
                                                              std::shared_ptr<const detail::epoch_data> built,
                                                              bool registered) const {
    std::lock_guard lock(mutex_);
    auto [it, inserted] = cache_.try_emplace(epoch, std::move(built));  // may throw: nothing changed yet
    if (inserted) {
        try {
            bytes_ += held_->add(*it->second);  // counts nothing if it throws
        } catch (...) {
            cache_.erase(it);
            throw;
        }
    }
    ++built_;
    it->second->last_used.store(++tick_, std::memory_order_relaxed);
    auto data = it->second;
    if (registered) building_->by_epoch.erase(epoch);  // published: no longer being built
    evict_locked(epoch);
    return data;
}

std::shared_ptr<const routing_index> router::index_for(date on) const {
    return std::make_shared<const routing_index>(epoch_for(on), on);
}

route router::operator()(const issue& i, std::optional<date> as_of) const {
    route r;
    route_into(i, r, as_of);
    return r;
}

namespace {
/// An epoch of an empty graph that nothing owns (an aliasing pointer: no
/// count, no allocation): where a thread's reusable index points between
/// routes, so that it keeps no epoch of any router alive.
/// Made on first use and never destroyed: a thread may still be routing
/// while statics are destroyed at exit.
std::shared_ptr<const detail::epoch_data> parked_epoch() {
    static const auto* const no_graph = new governance_graph();
    static const auto* const no_epoch = new detail::epoch_data(*no_graph, date(2000, 1, 1));
    return {std::shared_ptr<const void>(), no_epoch};
}
} // namespace

void router::route_into(const issue& i, route& out, std::optional<date> as_of) const {
    const date on = routing_date(i, as_of);
    // This thread's index, pointed at the date's epoch (no allocation per
    // route), unless a rule is routing inside a route of this thread.
    thread_local std::optional<routing_index> reusable;
    thread_local bool in_use = false;
    if (in_use) {
        const routing_index index(epoch_for(on), on);
        route_with_checked_policy(index, i, out, policy_);
        return;
    }
    if (reusable) reusable->rebind(epoch_for(on), on);
    else reusable.emplace(epoch_for(on), on);
    auto parked = parked_epoch();  // made here, where it may throw, not in ~release()
    in_use = true;
    struct release {
        // Not kept alive by this thread: an evicted epoch is freed as before.
        std::shared_ptr<const detail::epoch_data>& parked;
        ~release() {
            reusable->rebind(std::move(parked), date());
            in_use = false;
        }
    } released{parked};
    route_with_checked_policy(*reusable, i, out, policy_);
}

// ------------------------------------------------------------ sessions

namespace {
/// Epochs a session holds at most: more than a seven-year batch of a
/// generated graph touches (~33), few enough to clear at each eviction.
constexpr std::size_t session_epochs = 64;
} // namespace

routing_session::routing_session(const router& r)
    : router_(&r), evictions_seen_(r.evictions_.load(std::memory_order_acquire)), held_(session_epochs) {}
routing_session::~routing_session() = default;
// A moved-from session holds nothing and starts again at its next route.
routing_session::routing_session(routing_session&& other) noexcept
    : router_(other.router_), evictions_seen_(other.evictions_seen_), held_(std::move(other.held_)),
      index_(std::move(other.index_)) {
    other.index_.reset();
    other.held_.clear();
}
routing_session& routing_session::operator=(routing_session&& other) noexcept {
    if (this == &other) return *this;
    index_.reset();  // it borrows from held_: let go of it first
    router_ = other.router_;
    evictions_seen_ = other.evictions_seen_;
    held_ = std::move(other.held_);
    index_ = std::move(other.index_);
    other.index_.reset();
    other.held_.clear();
    return *this;
}

void routing_session::route_into(const issue& i, route& out, std::optional<date> as_of) {
    const date on = routing_date(i, as_of);
    // An epoch the router has evicted is not held past this route: all but
    // the one routed on are let go when anything was evicted (an eviction is
    // rare; a check is one load of a line no route writes), here and after
    // fetching an epoch (whose building may have evicted another).
    const auto let_go_if_evicted = [this](const held_epoch* keep) {
        const auto evictions = router_->evictions_.load(std::memory_order_acquire);
        if (evictions == evictions_seen_) return;
        for (auto& h : held_)
            if (&h != keep) h = held_epoch{};
        evictions_seen_ = evictions;
    };
    let_go_if_evicted(nullptr);
    if (held_.empty()) held_.resize(session_epochs);  // moved from
    const std::size_t epoch = router_->epoch_of(on);
    held_epoch& held = held_[epoch % held_.size()];
    if (!held.data || held.epoch != epoch) {
        held = {epoch, router_->epoch_for(on)};
        let_go_if_evicted(&held);
    } else if (const auto after_last_fetch = router_->tick_.load(std::memory_order_relaxed) + 1;
               held.data->last_used.load(std::memory_order_relaxed) < after_last_fetch) {
        // Used after the router last fetched anything (so newer than that
        // epoch, which ties would otherwise evict first): so the router's
        // eviction sees it. A store once a tick, not once a route: the tick
        // moves only when some thread fetches an epoch.
        held.data->last_used.store(after_last_fetch, std::memory_order_relaxed);
    }
    // Borrowed (an aliasing pointer without a count): `held` keeps it alive.
    std::shared_ptr<const detail::epoch_data> borrowed(std::shared_ptr<const void>(), held.data.get());
    if (index_) index_->rebind(std::move(borrowed), on);
    else index_.emplace(std::move(borrowed), on);
    route_with_checked_policy(*index_, i, out, router_->policy());
}

route routing_session::operator()(const issue& i, std::optional<date> as_of) {
    route r;
    route_into(i, r, as_of);
    return r;
}

std::size_t routing_session::epochs_held() const noexcept {
    return static_cast<std::size_t>(
        std::count_if(held_.begin(), held_.end(), [](const held_epoch& h) { return h.data != nullptr; }));
}

void routing_session::release() noexcept {
    index_.reset();  // it borrows from held_: let go of it first
    for (auto& h : held_) h = held_epoch{};
}

// ------------------------------------------------------------ explain

body_explanation explain_body(const routing_index& index, const issue& i, std::string_view body_id,
                              const routing_policy& policy) {
    const auto& x = index.data();
    const governance_graph& g = *x.g;
    const auto b = g.find(body_id);
    if (!b)
        throw issue_error("unknown_id", "--explain " + std::string(body_id) + ": no body with this id in the graph");
    check_parameters(policy.parameters);
    route r;
    r.issue = i.id;
    r.as_of = index.on();
    routing_state s(x, i, policy, index, r);
    std::vector<std::tuple<role, body_handle, std::string_view>> added;
    s.provenance = &added;
    run_pipeline(s);
    routing_context ctx(s);

    body_explanation out;
    out.body = std::string(body_id);
    out.affected = std::find(r.affected.begin(), r.affected.end(), *b) != r.affected.end();
    for (auto which : {role::lead, role::negotiate, role::consult, role::engage, role::inform})
        if (detail::sorted_contains(g, ctx.members(which), *b)) out.roles.push_back(which);
    // A reason cites what its rule rests on, as the route's rationale does.
    const auto cited_source = [&](std::string_view rule_id) -> std::optional<std::string> {
        for (const auto& c : policy.rules())
            if (c->id() == rule_id) return c->source;
        return std::nullopt;
    };
    auto ladder_note = [&] {
        for (std::size_t lvl = 0; lvl < r.escalation.size(); ++lvl)
            if (std::find(r.escalation[lvl].begin(), r.escalation[lvl].end(), *b) != r.escalation[lvl].end())
                out.reasons.push_back({"R9", std::nullopt,
                                       out.body + " is on level " + std::to_string(lvl) +
                                           (lvl == 0 ? std::string(", the first, of the escalation ladder.")
                                                     : std::string(" of the escalation ladder (level 0 is the first).")),
                                       cited_source("R9")});
    };
    // An affected employer is in no role (its JNCC is), but the statutory
    // dates bind it: they are why it matters to the route.
    auto deadline_notes = [&] {
        for (const auto& d : r.deadlines)
            if (d.body == *b)
                out.reasons.push_back({d.rule, std::nullopt, to_iso(d.date) + ": " + deadline_detail(d, r.as_of),
                                       d.authority.empty() ? cited_source(d.rule) : std::optional(d.authority)});
    };
    if (!out.roles.empty()) {
        // Each (rule, role) that added it, with the rule's sentence.
        std::vector<std::pair<std::string_view, role>> seen;
        for (const auto& [which, body, by] : added) {
            if (body != *b) continue;
            if (std::find(seen.begin(), seen.end(), std::pair{by, which}) != seen.end()) continue;
            seen.emplace_back(by, which);
            std::string text;
            std::optional<std::string> source;
            for (const auto& e : r.rationale)
                if (e.rule() == by) {
                    text += (text.empty() ? "" : " ") + rationale_text(e, r, g);
                    if (!source && e.source()) source = std::string(*e.source());
                }
            // Informed by one rule, given a stronger role by another: the
            // route lists it there alone (finish(): inform is "only informed"),
            // as R6's and R8's sentences say; another rule's is told here.
            if (which == role::inform && std::find(out.roles.begin(), out.roles.end(), role::inform) == out.roles.end() &&
                text.find("so the route lists it there alone") == std::string::npos)
                text += " (" + out.body + " is listed under " + std::string(to_string(out.roles.front())) +
                        " alone: inform lists the bodies only informed.)";
            out.reasons.push_back({std::string(by), which, std::move(text), source ? source : cited_source(by)});
        }
        if (out.affected) deadline_notes();
        ladder_note();
        return out;
    }
    if (out.affected) {
        out.reasons.push_back({"", std::nullopt,
                               out.body +
                                   " is one of the issue's affected employers (named by it, within a system or region "
                                   "it names, or succeeding a body it names).",
                               std::nullopt});
        deadline_notes();
    }
    const std::size_t before_why_not = out.reasons.size();
    for (const auto& c : policy.rules()) {
        if (!c->unit) continue;
        if (!c->enabled) {
            if (auto why = c->unit->why_not(ctx, *b))
                out.reasons.push_back({std::string(c->id()), std::nullopt,
                                       std::string(c->id()) + " is switched off by the policy.", c->source});
            continue;
        }
        if (auto why = c->unit->why_not(ctx, *b))
            out.reasons.push_back({std::string(c->id()), std::nullopt, *why, c->source});
    }
    if (out.reasons.size() == before_why_not) {
        const std::string kind(to_string(g[*b].kind));
        const std::string a_kind = (std::string_view("aeiou").find(kind.front()) != std::string_view::npos ? "an " : "a ") + kind;
        // An affected employer is bound by its dates, if any, though no rule
        // gives it a role: "routes" alone would contradict the lines above.
        out.reasons.push_back({"", std::nullopt,
                               !out.affected ? "No rule of this policy routes " + a_kind + "."
                               : out.reasons.size() > 1
                                   ? "No rule of this policy gives " + a_kind + " a role of its own; the dates above bind it."
                                   : "No rule of this policy gives " + a_kind + " a role of its own.",
                               std::nullopt});
    }
    ladder_note();  // absent from every role, it may still be on the ladder
    return out;
}

body_explanation explain_body(const router& rt, const issue& i, std::string_view body_id, std::optional<date> as_of) {
    return explain_body(*rt.index_for(routing_date(i, as_of)), i, body_id, rt.policy());
}

std::string explanation_text(const body_explanation& e) {
    // Ids, sentences and sources may carry any text a graph or policy file
    // gave: control characters are shown, not sent to the terminal.
    std::string out;
    append_printable(out, e.body);
    out += ": ";
    if (e.affected) out += "affected by the issue; ";
    if (e.roles.empty()) {
        out += "in no role of the route.\n";
    } else {
        out += "in ";
        for (std::size_t i = 0; i < e.roles.size(); ++i) out += (i ? ", " : "") + std::string(to_string(e.roles[i]));
        out += ".\n";
    }
    for (const auto& reason : e.reasons) {
        // "why not" sentences already start with their rule's id.
        const bool named = !reason.rule.empty() && !reason.text.starts_with(reason.rule + " ");
        out += "  ";
        if (named) append_printable(out, reason.rule);
        if (reason.in_role) out += " put it in " + std::string(to_string(*reason.in_role));
        if (named) out += ": ";
        append_printable(out, reason.text);
        out += '\n';
        // A date's sentence that ends by naming its law ("..., under SI 2013/763.",
        // deadline_detail) is not followed by it again.
        if (reason.source && !reason.text.ends_with("under " + *reason.source + ".")) {
            out += "    Source: ";
            append_printable(out, *reason.source);
            out += '\n';
        }
    }
    return out;
}

} // namespace spfgov
