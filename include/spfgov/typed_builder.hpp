// Building a graph in code with the relation table checked by the compiler:
// `b.link<relation::part_of>(jncc, region)` does not compile.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/graph.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace spfgov {

class SPFGOV_API typed_builder {
public:
    typed_builder() = default;
    /// A copy is a builder of its own (its own serial): it takes its own
    /// handles, and those the source (or the source's own source) had given
    /// when copied (the same bodies here), but not the ones either adds
    /// afterwards.
    typed_builder(const typed_builder& other) : builder_(other.builder_), ancestors_(other.ancestors_) {
        ancestors_.emplace_back(other.serial_, other.builder_.body_count());
    }
    typed_builder& operator=(const typed_builder& other) {
        if (this != &other) *this = typed_builder(other);
        return *this;
    }
    typed_builder(typed_builder&&) = default;
    typed_builder& operator=(typed_builder&&) = default;
    ~typed_builder() = default;

    /// Adds a body of kind `Kind`; `b.kind` is set from the type.
    /// Throws graph_error on a duplicate or empty id (a programming error here).
    template <body_kind Kind>
    typed_body<Kind> add(body b) {
        b.kind = Kind;
        const std::string id = b.id;
        auto h = builder_.add_body(std::move(b));
        if (!h) throw graph_error(builder_.body_count() && builder_.find(id) ? "duplicate_id" : "empty_id",
                                  "cannot add " + std::string(to_string(Kind)) + " \"" + id + "\": id is empty or already used");
        return typed_body<Kind>{*h, serial_};
    }
    /// Shorthand: `add<body_kind::region>("Y60", "Midlands")`.
    template <body_kind Kind>
    typed_body<Kind> add(std::string id, std::string name = {}, validity valid = {}) {
        body b;
        b.id = std::move(id);
        b.name = std::move(name);
        b.valid = valid;
        return add<Kind>(std::move(b));
    }

    /// Links two bodies; the relation table is checked at compile time.
    template <relation Rel, body_kind From, body_kind To>
        requires allowed_link<Rel, From, To>
    void link(typed_body<From> from, typed_body<To> to, validity valid = {}) {
        add_link(Rel, from, to, valid, std::nullopt);
    }
    /// A seat with its role (chair, co-chair...): only seat_on links carry
    /// one (formats.md), so a role on another relation does not compile
    /// (the graph reader would refuse it: field_not_allowed).
    template <relation Rel, body_kind From, body_kind To>
        requires(allowed_link<Rel, From, To> && Rel == relation::seat_on)
    void link(typed_body<From> from, typed_body<To> to, validity valid, std::optional<seat_role> role) {
        add_link(Rel, from, to, valid, role);
    }
    template <relation Rel, body_kind From, body_kind To>
        requires(allowed_link<Rel, From, To> && Rel != relation::seat_on)
    void link(typed_body<From>, typed_body<To>, validity, std::optional<seat_role>) {
        static_assert(Rel == relation::seat_on, "spfgov: only a seat_on link carries a seat role (formats.md)");
    }
    /// A link the table forbids: one readable error first, and the
    /// instantiation names the relation and kinds (clang prints the
    /// constraint's one-byte enums as characters).
    template <relation Rel, body_kind From, body_kind To>
        requires(!allowed_link<Rel, From, To>)
    void link(typed_body<From>, typed_body<To>, validity = {}, std::optional<seat_role> = std::nullopt) {
        static_assert(allowed_link<Rel, From, To>,
                      "spfgov: domain.md's relation table (kinds.hpp) has no such link from this kind of body to that one");
    }

    /// The graph (default escalation links derived); throws graph_error if
    /// any check failed (e.g. a reversed validity period).
    [[nodiscard]] governance_graph build() && { return std::move(builder_).build_or_throw(); }

    /// The run-time builder underneath, for what the types cannot say.
    [[nodiscard]] graph_builder& untyped() noexcept { return builder_; }

private:
    template <body_kind From, body_kind To>
    void add_link(relation rel, typed_body<From> from, typed_body<To> to, validity valid, std::optional<seat_role> role) {
        for (const auto& [made_by, index] : {std::pair{from.builder(), from.handle().index()},
                                             std::pair{to.builder(), to.handle().index()}}) {
            const bool own = made_by == 0 || made_by == serial_ ||
                             std::any_of(ancestors_.begin(), ancestors_.end(), [&, made_by = made_by, index = index](const auto& a) {
                                 return a.first == made_by && index < a.second;
                             });
            if (!own)
                throw graph_error("foreign_handle", "linking " + std::string(to_string(rel)) +
                                                        ": a body handle made by another typed_builder; expected "
                                                        "handles this builder's add gave");
        }
        spfgov::link_data l;
        l.rel = rel;
        l.valid = valid;
        l.role = role;
        builder_.add_link(builder_.body_at(from).id, builder_.body_at(to).id, std::move(l));
    }

    /// Unique to this builder in the process, never 0 (a copy takes a new
    /// one). Out of line: one counter for every library and program in the
    /// process.
    static std::uint32_t next_serial() noexcept;

    graph_builder builder_;
    std::uint32_t serial_ = next_serial();
    /// The builders this one was copied from, nearest last, each with the
    /// bodies it had given when copied (those handles name the same bodies here).
    std::vector<std::pair<std::uint32_t, std::size_t>> ancestors_;
};

} // namespace spfgov
