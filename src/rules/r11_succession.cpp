// R11 As of a date: an affected body no longer valid is replaced by the
// bodies that succeed it, resolved once per body (domain.md §5.12), so a
// split followed by a merge gives the merged body once and the cost grows
// with bodies, not paths.
#include "../detail_nearest.hpp"
#include "../routing_detail.hpp"

namespace spfgov::detail {

namespace {

constexpr int max_succession_depth = 64;

class r11_succession final : public builtin_rule {
public:
    r11_succession() : builtin_rule("R11", "As of a date", std::nullopt, rule_stage::scope, true) {}

    void apply(routing_context& ctx) const override {
        routing_state& s = ctx.state();
        warn_outside_coverage(ctx);
        scratch_list affected_list(s.scratch), resolved_list(s.scratch);
        auto& affected = *affected_list;
        auto& resolved = *resolved_list;
        std::vector<std::pair<body_handle, std::vector<body_handle>>> notes;
        std::size_t n = 0;
        // Whether the issue names one system or region, in being or succeeded
        // by one: its members' derived lists then stand for walking them.
        body_handle only_unit{};
        bool one_unit = false;
        for (const auto& name : s.is.affected) {
            // The pointer is made only when needed: failing, or resolving an ended body.
            const auto pointer = [&] { return "/affected/" + std::to_string(n); };
            const auto h = s.g.find(name);
            if (!h)
                ctx.fail("unknown_id", pointer(), "\"" + printable(text::cut_for_message(name)) + "\"",
                         "no body with this id in the graph" + detail::exact_variant_hint(s.g, name));
            const body_kind k = s.g.kind(*h);
            if (k != body_kind::employer && k != body_kind::system && k != body_kind::region)
                ctx.fail("not_an_employer", pointer(), "\"" + printable(text::cut_for_message(name)) + "\"",
                         "expected an employer, system or region, but it is a " + std::string(to_string(k)));
            resolved.clear();
            if (s.x.view.contains(*h)) resolved.push_back(*h);  // valid on the date: itself, nothing to resolve
            else resolve_successors(s, *h, pointer(), resolved, &notes);
            ++n;
            one_unit = s.is.affected.size() == 1 && k != body_kind::employer && resolved.size() == 1;
            if (one_unit) {  // its members' list is the unit's own (set_affected_unit): no copy here
                only_unit = resolved.front();
                continue;
            }
            for (auto c : resolved) {
                if (k == body_kind::employer) {
                    affected.push_back(c);
                } else {
                    const auto m = s.x.members[c];
                    append_handles(affected, m);
                }
            }
        }
        if (one_unit) set_affected_unit(s, only_unit);
        else set_affected(s, affected);
        if (notes.empty()) return;
        // bodies: each ended body then its successors; values: successor counts.
        auto& e = ctx.explain();
        for (auto& [ended, successors] : notes) {
            e.bodies.push_back(ended);
            append_handles(e.bodies, successors);
            e.values.push_back(static_cast<std::int64_t>(successors.size()));
        }
    }

    /// §5.14: a date outside the graph's `covers` routes as usual, with a warning.
    static void warn_outside_coverage(routing_context& ctx) {
        const auto& covers = ctx.graph().covers();
        if (!covers || covers->contains(ctx.on())) return;
        std::string period;
        if (!covers->from.is_special()) period = "from " + to_iso(covers->from);
        if (!covers->to.is_special()) period += std::string(period.empty() ? "" : " ") + "until " + to_iso(covers->to) + " (exclusive)";
        ctx.warn("the graph describes governance " + period + "; this issue's date " + to_iso(ctx.on()) +
                 " is outside it, so it is routed through the systems and forums the graph holds, which may not be "
                 "those of that date (R11)");
    }

    [[nodiscard]] std::string text(const rationale_entry& e, const route& r, const governance_graph& g) const override {
        std::string text = "As of " + to_iso(r.as_of) + ", ";
        std::size_t at = 0;
        for (std::size_t n = 0; n < e.values.size(); ++n) {
            const auto count = static_cast<std::size_t>(e.values[n]);
            const body_handle ended = e.bodies[at];
            text += (n ? "; " : "") + g.id(ended) + " ended on " + to_iso(g[ended].valid.to) +
                    " and is replaced by its successor" + (count > 1 ? "s " : " ") + id_list(g, slice(e.bodies, at + 1, count));
            at += 1 + count;
        }
        return text + " (succeeds).";
    }
};

} // namespace

void resolve_successors(routing_state& s, body_handle h, std::string_view pointer, std::vector<body_handle>& out,
                        std::vector<std::pair<body_handle, std::vector<body_handle>>>* notes) {
    const governance_graph& g = s.g;
    // Memoised per body for this route; an entry not yet done catches loops.
    auto& memo = s.succession_memo;
    const std::string_view field = pointer;
    auto fail = [&](std::string code, const std::string& value, const std::string& what) {
        error_location at;  // the pointer, as routing_context::fail gives: batch lines locate it
        at.pointer = std::string(field);
        throw issue_error(std::move(code), "issue \"" + s.is.id + "\": " + std::string(field) + " = " + value + ": " + what,
                          std::move(at));
    };
    struct resolver {
        routing_state& s;
        const governance_graph& g;
        std::vector<std::pair<body_handle, std::vector<body_handle>>>* notes;
        decltype(fail)& failer;
        std::vector<succession_memo_entry>& memo;
        std::size_t& used;

        // A new memo slot: an entry of an earlier routing, its list emptied
        // (its capacity kept), else a new one.
        std::size_t add(body_handle h, bool done) {
            if (used == memo.size()) memo.emplace_back();
            auto& e = memo[used];
            e.body = h;
            e.resolved.clear();
            e.done = done;
            return used++;
        }

        // The memo slot of h's resolution (an index: the memo grows meanwhile).
        std::size_t operator()(body_handle h, int depth) {
            for (std::size_t i = 0; i < used; ++i)
                if (memo[i].body == h) {
                    if (!memo[i].done) failer("succession_loop", g[h].id, "succeeds links loop; the graph fails validation");
                    return i;
                }
            const body& b = g[h];
            if (s.x.view.contains(h)) {
                const std::size_t slot = add(h, true);
                memo[slot].resolved.push_back(h);
                return slot;
            }
            if (depth > max_succession_depth)
                failer("succession_loop", b.id, "succession is deeper than " + std::to_string(max_succession_depth) + " bodies");
            if (s.x.on < b.valid.from)
                failer("not_yet_valid", b.id,
                       std::string(to_string(b.kind)) + " \"" + b.id + "\" is valid only from " + to_iso(b.valid.from) +
                           ", after the issue's date " + to_iso(s.x.on));
            // The succeeds links valid on the date (R11: links outside their
            // validity are ignored). A link's own dates say when it holds:
            // its predecessor is never valid with it, so the link is not
            // clamped to its ends as other links are (as_of_view).
            std::vector<body_handle> successors;
            const link_data* not_yet = nullptr;  // the earliest-starting link not yet valid
            const link_data* lapsed = nullptr;   // the link that ended last before the date
            body_handle not_yet_from{}, lapsed_from{};
            for (auto l : g.in_links(h)) {
                const link_data& link = g[l];
                if (link.rel != relation::succeeds) continue;
                if (link.valid.contains(s.x.on)) {
                    successors.push_back(g.source(l));
                } else if (s.x.on < link.valid.from) {
                    if (!not_yet || link.valid.from < not_yet->valid.from) not_yet = &link, not_yet_from = g.source(l);
                } else if (!lapsed || lapsed->valid.to < link.valid.to) {
                    lapsed = &link, lapsed_from = g.source(l);  // the latest to end
                }
            }
            if (successors.empty() && not_yet)
                failer("succession_gap", b.id,
                       std::string(to_string(b.kind)) + " \"" + b.id + "\" ended on " + to_iso(b.valid.to) +
                           " but its succession by \"" + g.id(not_yet_from) + "\" holds only from " +
                           to_iso(not_yet->valid.from) + " (the succeeds link's valid_from), after " + to_iso(s.x.on));
            if (successors.empty())
                failer("no_successor", b.id,
                       std::string(to_string(b.kind)) + " \"" + b.id + "\" ended on " + to_iso(b.valid.to) +
                           " and no body succeeds it on " + to_iso(s.x.on) +
                           (lapsed ? " (its succession by \"" + g.id(lapsed_from) + "\" ended on " +
                                         to_iso(lapsed->valid.to) + ", the succeeds link's valid_to)"
                                   : std::string()) +
                           "; a graph overlay can name its successor (a body with \"succeeds\": [\"" + b.id +
                           "\"], docs/formats.md#overlays)");
            sort_unique(g, successors);
            const std::size_t slot = add(h, false);
            scratch_list found_list(s.scratch);
            auto& found = *found_list;
            for (auto succ : successors) {
                if (s.x.on < g[succ].valid.from)
                    failer("succession_gap", b.id,
                           std::string(to_string(b.kind)) + " \"" + b.id + "\" ended on " + to_iso(b.valid.to) +
                               " but its successor \"" + g.id(succ) + "\" starts only on " + to_iso(g[succ].valid.from) +
                               ", after " + to_iso(s.x.on));
                const std::size_t at = (*this)(succ, depth + 1);
                append_handles(found, memo[at].resolved);
            }
            sort_unique(g, found);  // each once: a split then a merge gives the merged body once
            if (notes) notes->emplace_back(h, found);
            assign_handles(memo[slot].resolved, found);
            memo[slot].done = true;
            return slot;
        }
    };
    resolver go{s, g, notes, fail, memo, s.scratch.succession_memo_used};
    const std::size_t at = go(h, 0);
    append_handles(out, memo[at].resolved);
}

std::shared_ptr<const rule> make_r11_succession() { return std::make_shared<r11_succession>(); }

} // namespace spfgov::detail
