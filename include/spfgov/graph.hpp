// The governance graph: bodies (vertices) and links (edges), each with an
// optional validity period; the links frozen into a Boost.Graph compressed
// sparse row multigraph whose edges carry them.
// A graph is made by a graph_builder (run-time checked, for loaded data) or a
// typed_builder (compile-time checked), and is immutable once built.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/date.hpp"
#include "spfgov/diagnostic.hpp"
#include "spfgov/error.hpp"
#include "spfgov/fwd.hpp"
#include "spfgov/handles.hpp"
#include "spfgov/heap_optional.hpp"
#include "spfgov/kinds.hpp"
#include "spfgov/source_position.hpp"
#include "spfgov/detail/id_index.hpp"

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <range/v3/view/filter.hpp>
#include <range/v3/view/iota.hpp>
#include <range/v3/view/transform.hpp>

#include <array>
#include <cassert>
#include <compare>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

/// A body's meeting rule (R12): an RRULE subset, its start, and how many
/// working days before each meeting the papers are due.
struct SPFGOV_API meeting_spec {
    std::string rule{};
    date start{};
    std::optional<working_days> papers_days{}; ///< absent: the policy's papers_days (R12)
    friend bool operator==(const meeting_spec&, const meeting_spec&) = default;
};

/// A vertex's bundled properties. Fields are ordered to pack (a body is
/// 176 bytes; a million-employer graph holds two million), and the rarely
/// set meeting rule lives on the heap (heap_optional).
struct SPFGOV_API body {
    std::string id{};
    std::string name{};
    validity valid{};
    body_kind kind{};
    std::optional<spfgov::sector> sector{}; ///< employers
    std::optional<spfgov::side> side{};     ///< representatives
    bool has_remit = false;                 ///< subgroups: a remit was given (even empty)
    bool has_remit_sectors = false;         ///< subgroups: remit_sectors was given (an empty one is an error)
    bool has_staff_groups = false;          ///< jnccs: staff_groups was given (an empty one is an error)
    issue_kind_set remit{};                 ///< subgroups: issue kinds covered
    sector_set remit_sectors{};             ///< subgroups: employer sectors covered (empty: any)
    std::vector<std::string> staff_groups{}; ///< jnccs: staff groups covered (empty: every group)
    heap_optional<meeting_spec> meets{};    ///< R12 meeting rule
    std::string extra{}; ///< unknown input fields, as JSON object text, kept for round trips
    source_position where{}; ///< where the body was defined, for messages (empty: built in code)
};

/// Whether the body carries a value for an attribute field (`sector`,
/// `remit`, `remit_sectors`, `staff_groups`, `side`, `meets`). Structural
/// fields are links, not body values: always false for them.
[[nodiscard]] SPFGOV_API bool carries(const body& b, body_field f) noexcept;

/// How a link came to be: written as a link, written as a structural field
/// (`system`, `region`, `employer`, `parent`, `succeeds`), or derived (default
/// `escalates_to` / `reports_to`, domain.md §1 and §5.2).
enum class link_origin : std::uint8_t { explicit_link, structural_field, derived };

/// An edge's bundled properties.
struct SPFGOV_API link_data {
    relation rel{};
    validity valid{};
    std::optional<seat_role> role{}; ///< seat_on
    link_origin origin = link_origin::explicit_link;
    source_position where{};        ///< where it was defined, for messages (empty: built in code or derived)
    link_handle handle{};           ///< assigned by the graph
};

class SPFGOV_API governance_graph {
public:
    // Links frozen into compressed sparse rows when the graph is built: a
    // link costs its data and 12 bytes of index, where an adjacency_list
    // cost a list node, out- and in-entries and a descriptor (a
    // million-employer graph's links took 0.8 GB). Out-edges come in link
    // order; a body's in-links are kept apart, in link order (in_links).
    // Vertices carry no bundle: a body is operator[](handle(v)).
    using graph_type = boost::compressed_sparse_row_graph<boost::directedS, boost::no_property, link_data,
                                                          boost::no_property, std::uint32_t, std::uint32_t>;
    using vertex_descriptor = boost::graph_traits<graph_type>::vertex_descriptor;
    using edge_descriptor = boost::graph_traits<graph_type>::edge_descriptor;

    governance_graph();
    governance_graph(const governance_graph& other);
    governance_graph& operator=(const governance_graph& other);
    /// Moves keep every handle and descriptor valid: the Boost graph stays
    /// where it is, so a body_handle of the old object names the same body
    /// of the new one. What borrows the graph by reference (a router, an
    /// as_of_view, a routing_index, an agenda_builder) borrows the old
    /// object, not the new one: make them again after moving the graph. A
    /// moved-from graph may only be assigned to or destroyed.
    governance_graph(governance_graph&&) noexcept = default;
    governance_graph& operator=(governance_graph&&) noexcept = default;
    ~governance_graph();

    [[nodiscard]] std::size_t body_count() const noexcept { return bodies_.size(); }
    [[nodiscard]] std::size_t link_count() const noexcept { return edges_.size(); }

    // Accessors that return a reference into the graph return a copy when
    // the graph is a temporary (`const auto& d = read_graph(text).build_diagnostics();`
    // would otherwise dangle at the end of the statement), as
    // std::optional::value() does; the Boost graph is not copied: deleted.
    //
    // A body handle must be this graph's (from find, at, bodies()...): as
    // with std::vector's operator[], one past the end is not checked in a
    // release build (routing reads bodies by handle in its inner loops);
    // a debug build asserts. A link handle is checked, and one not in the
    // graph throws graph_error `unknown_id`.
    [[nodiscard]] const body& operator[](body_handle h) const& { return bodies_[checked(h)]; }
    [[nodiscard]] body operator[](body_handle h) const&& { return bodies_[checked(h)]; }
    [[nodiscard]] const link_data& operator[](link_handle h) const& { return (*graph_)[edge(h)]; }
    [[nodiscard]] link_data operator[](link_handle h) const&& { return (*graph_)[edge(h)]; }
    [[nodiscard]] body_handle source(link_handle h) const { return handle(edge(h).src); }
    [[nodiscard]] body_handle target(link_handle h) const { return handle(boost::target(edge(h), *graph_)); }
    /// Whether `h` names a body of this graph (its index is below body_count()).
    [[nodiscard]] bool holds(body_handle h) const noexcept { return h.index() < bodies_.size(); }

    /// O(1) expected lookup by id.
    [[nodiscard]] std::optional<body_handle> find(std::string_view id) const;
    /// Like find, but throws graph_error "unknown_id" naming the id.
    [[nodiscard]] body_handle at(std::string_view id) const;
    [[nodiscard]] const std::string& id(body_handle h) const& { return (*this)[h].id; }
    [[nodiscard]] std::string id(body_handle h) const&& { return bodies_[checked(h)].id; }
    /// The body's kind, as (*this)[h].kind, from a table of 16 bytes a body:
    /// routing reads the kinds of the bodies an issue names without
    /// touching the bodies themselves.
    [[nodiscard]] body_kind kind(body_handle h) const noexcept { return keys_[checked(h)].kind; }
    /// The body's position when all ids are sorted (byte order): comparing
    /// ranks orders bodies as their ids do, without comparing strings.
    [[nodiscard]] std::uint32_t id_rank(body_handle h) const { return id_rank_[checked(h)]; }

    /// Every body, as handles (a range-v3 view).
    [[nodiscard]] auto bodies() const {
        return ranges::views::iota(std::uint32_t{0}, static_cast<std::uint32_t>(body_count())) |
               ranges::views::transform([](std::uint32_t i) { return body_handle{i}; });
    }
    /// Every body of one kind. The view refers to the graph: it must outlive the view.
    [[nodiscard]] auto bodies_of_kind(body_kind k) const& {
        return bodies() | ranges::views::filter([this, k](body_handle h) { return kind(h) == k; });
    }
    /// The view would refer to a temporary graph: it would dangle.
    void bodies_of_kind(body_kind k) const&& = delete;
    /// Every link, as handles.
    [[nodiscard]] auto links() const {
        return ranges::views::iota(std::uint32_t{0}, static_cast<std::uint32_t>(link_count())) |
               ranges::views::transform([](std::uint32_t i) { return link_handle{i}; });
    }
    /// Links leaving `from` (every relation, every date), in link order.
    [[nodiscard]] std::vector<link_handle> out_links(body_handle from) const;
    /// Links entering `to` (every relation, every date), in link order: a
    /// view of the graph's own table, valid while the graph is.
    [[nodiscard]] std::span<const link_handle> in_links(body_handle to) const& {
        return {in_links_.data() + in_start_[checked(to)], in_links_.data() + in_start_[checked(to) + 1]};
    }
    /// The span would point into a temporary graph: it would dangle.
    void in_links(body_handle to) const&& = delete;

    /// Diagnostics found while building (duplicate ids, dangling references,
    /// forbidden links, reversed periods); validate() adds the graph checks.
    [[nodiscard]] const std::vector<diagnostic>& build_diagnostics() const& noexcept { return build_diagnostics_; }
    [[nodiscard]] std::vector<diagnostic> build_diagnostics() const&& { return build_diagnostics_; }
    /// Relation-table entries added beyond domain.md's (graph_builder::allow).
    [[nodiscard]] const std::vector<relation_rule>& extra_rules() const& noexcept { return extra_rules_; }
    [[nodiscard]] std::vector<relation_rule> extra_rules() const&& { return extra_rules_; }
    [[nodiscard]] bool allows(relation rel, body_kind from, body_kind to) const noexcept;
    /// False when the escalates_to links, whatever their dates, form no cycle
    /// (always, with domain.md's relation table): routing then skips the
    /// per-date cycle check.
    [[nodiscard]] bool escalation_may_cycle() const noexcept { return escalation_may_cycle_; }

    /// The dates whose structure the graph describes (formats.md `covers`,
    /// domain.md §5.14): either end may be open, `to` is exclusive; nullopt
    /// when the graph does not say.
    [[nodiscard]] const std::optional<validity>& covers() const& noexcept { return covers_; }
    [[nodiscard]] std::optional<validity> covers() const&& { return covers_; }
    /// Where `covers` was given (file:line:col, JSON path), for messages.
    [[nodiscard]] const std::string& covers_where() const& noexcept { return covers_where_; }
    [[nodiscard]] std::string covers_where() const&& { return covers_where_; }
    /// covers_where() as data (each field absent when unknown).
    [[nodiscard]] const error_location& covers_location() const& noexcept { return covers_location_; }
    [[nodiscard]] error_location covers_location() const&& { return covers_location_; }
    /// The file's unknown top-level fields (formats.md: "kept and ignored,
    /// so files can carry local data", such as the England graph's
    /// `source`), as the text of a JSON object, keys in byte order; "" when
    /// none. write_graph writes them back.
    [[nodiscard]] const std::string& extra() const& noexcept { return extra_; }
    [[nodiscard]] std::string extra() const&& { return extra_; }
    /// Every staff group some body lists (`staff_groups` of the JNCCs),
    /// sorted, each once: what an issue's staff group is checked against
    /// for a likely misspelling (R2's warning).
    [[nodiscard]] const std::vector<std::string>& listed_staff_groups() const& noexcept { return listed_staff_groups_; }
    [[nodiscard]] std::vector<std::string> listed_staff_groups() const&& { return listed_staff_groups_; }

    [[nodiscard]] const graph_type& boost_graph() const& noexcept { return *graph_; }
    void boost_graph() const&& = delete;
    [[nodiscard]] static vertex_descriptor vertex(body_handle h) noexcept { return h.index(); }
    [[nodiscard]] static body_handle handle(vertex_descriptor v) noexcept {
        return body_handle{static_cast<std::uint32_t>(v)};
    }
    [[nodiscard]] edge_descriptor edge(link_handle h) const {
        if (h.index() >= edges_.size()) [[unlikely]]
            no_such_link(h);
        return edges_[h.index()];
    }

private:
    friend class graph_builder;
    /// `h`'s index, asserted to be this graph's in a debug build.
    [[nodiscard]] std::size_t checked(body_handle h) const noexcept {
        assert(h.index() < bodies_.size() && "a body handle of another graph, or default-made past its bodies");
        return h.index();
    }
    [[noreturn]] void no_such_link(link_handle h) const;
    std::vector<body> bodies_;  // body i is vertex i
    // Behind a pointer so that a move leaves the Boost graph where it is
    // (filtered views of it hold its address).
    std::unique_ptr<graph_type> graph_;
    std::vector<edge_descriptor> edges_;        // by link handle
    std::vector<std::uint32_t> in_start_{0};    // body i's in-links: in_links_[in_start_[i], in_start_[i + 1])
    std::vector<link_handle> in_links_;
    detail::id_index index_;  // body by id (the ids stay in the bodies)
    /// A body's kind and, when it is short, its id, in 16 bytes: find()
    /// compares ids, and routing reads kinds, here rather than in the
    /// bodies (176 bytes each, the kind in a second cache line: one or two
    /// cache misses a named body on a generated graph of 10,000 bodies).
    struct body_key {
        static constexpr std::size_t inline_size = 14;
        static constexpr std::uint8_t long_id = 0xFF;  // longer than inline_size: compared in the body
        std::uint8_t size = 0;
        body_kind kind{};
        std::array<char, inline_size> head{};  // a short id, zero-padded
    };
    static_assert(sizeof(body_key) == 16);
    std::vector<body_key> keys_;  // by body
    std::vector<std::uint32_t> id_rank_;
    bool escalation_may_cycle_ = false;
    std::vector<diagnostic> build_diagnostics_;
    std::vector<relation_rule> extra_rules_;
    std::optional<validity> covers_;
    std::string covers_where_;
    error_location covers_location_;
    std::string extra_;
    std::vector<std::string> listed_staff_groups_;
};

/// Builds a governance_graph from bodies and links given by id, checking them
/// at run time (for data loaded from files). Links may name bodies added
/// later; they are resolved by build(). Problems become diagnostics, and the
/// offending record is left out, so one pass reports every problem.
class SPFGOV_API graph_builder {
public:
    graph_builder() = default;
    graph_builder(const graph_builder& other);
    graph_builder& operator=(const graph_builder& other);
    graph_builder(graph_builder&&) noexcept = default;
    graph_builder& operator=(graph_builder&&) noexcept = default;
    ~graph_builder();
    /// Starts from an existing graph's bodies and non-derived links, for
    /// what-if changes (a merger, a new forum) made on a copy.
    explicit graph_builder(const governance_graph& from);

    /// Room for about this many bodies and links in all (like
    /// std::vector::reserve; a hint, never a limit): a reader that can
    /// estimate them spares the builder's tables their regrowth copies.
    void reserve(std::size_t bodies, std::size_t links);

    /// Adds a body; a duplicate id is a diagnostic and returns nullopt. A
    /// field its kind may not carry (body_field_rules()) is a
    /// `field_not_allowed` diagnostic, and the field is dropped.
    std::optional<body_handle> add_body(body b);
    /// Changes a body already added (a what-if: end it on a date, rename it,
    /// give it a meeting rule), then checks it as add_body does. Throws graph_error "unknown_id" if there is
    /// no such body, "id_changed" if `change` altered its id.
    void update_body(std::string_view id, const std::function<void(body&)>& change);
    /// Adds a link between ids, resolved at build().
    void add_link(std::string from_id, std::string to_id, link_data l);
    /// Whether a link with these ends, relation, validity and role has been
    /// added (an overlay's repeat of a base link counts once).
    [[nodiscard]] bool has_link(std::string_view from_id, std::string_view to_id, const link_data& l) const;
    /// Removes the `rel` links added from `from_id` (an overlay's structural
    /// field replaces the body's links of that relation); returns how many.
    std::size_t remove_links(std::string_view from_id, relation rel);
    /// Removes the links added that name, at either end, an id that no
    /// body has and that `drop` accepts; returns how many. A reader that
    /// could not read a body drops the links naming it: they would only
    /// repeat its error as dangling references.
    std::size_t remove_links_naming_missing(const std::function<bool(std::string_view)>& drop);
    /// Sets the dates the graph describes (replacing any earlier `covers`),
    /// and where they were given, as text and as data.
    void set_covers(validity period, std::string where = {}, error_location location = {});
    /// Sets the graph's unknown top-level fields (governance_graph::extra),
    /// replacing any earlier: the text of a JSON object, or "".
    void set_extra(std::string extra) { extra_ = std::move(extra); }
    [[nodiscard]] const std::string& extra() const noexcept { return extra_; }
    /// Extends the relation table for this graph (e.g. sub-regional forums
    /// escalating to a regional forum). Validation still rejects cycles.
    void allow(relation_rule rule);
    /// Records a diagnostic found by a reader (unknown kind, bad field...).
    void report(diagnostic d);

    [[nodiscard]] std::size_t body_count() const noexcept { return bodies_.size(); }
    /// Throws std::out_of_range for a handle of no body added.
    [[nodiscard]] const body& body_at(body_handle h) const;
    [[nodiscard]] std::optional<body_handle> find(std::string_view id) const;

    /// The graph, with default escalates_to / reports_to links derived, and
    /// every diagnostic found so far in build_diagnostics().
    [[nodiscard]] governance_graph build() &&;
    /// Like build(), but throws graph_error if any diagnostic is an error.
    [[nodiscard]] governance_graph build_or_throw() &&;

private:
    // A link's end: the index of a body added before the link, or, with
    // unresolved_end set, the index in unresolved_ids_ of an id that named
    // no body yet (build() looks it up again). Two ids a link cost a big
    // graph's builder more memory than the link.
    static constexpr std::uint32_t unresolved_end = 0x8000'0000U;
    struct pending_link {
        std::uint32_t from, to;
        link_data data;
    };
    std::uint32_t end_of(std::string id);
    [[nodiscard]] std::string_view end_id(std::uint32_t end) const;
    void check_body(body& b);  // reversed validity; drops fields the kind may not carry
    // The bodies, in the order the graph keeps them (body i is vertex i),
    // so that build() moves the vector, not each body: a big graph held
    // every body twice there.
    std::vector<body> bodies_;
    detail::id_index index_;  // body by id (the ids stay in bodies_)
    std::vector<pending_link> links_;
    std::vector<std::string> unresolved_ids_;
    // Bodies that links named lately (index + 1, 0 for none), by a hash of
    // the id: links name a few bodies over and over (a body's structural
    // links one after another, every employer's system and unions).
    std::vector<std::uint32_t> recent_ends_;
    std::vector<relation_rule> extra_rules_;
    std::vector<diagnostic> diagnostics_;
    std::optional<validity> covers_;
    std::string covers_where_;
    error_location covers_location_;
    std::string extra_;
};

} // namespace spfgov
