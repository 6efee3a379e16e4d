// Shared by tests/test_graph_reading.cpp and the differential fuzz target
// tests/fuzz/fuzz_graph_stream.cpp: whether read_graph's fast (simdjson)
// read, its streamed read and the tree read agree on one text.
#pragma once

#include <spfgov/detail/graph_reading.hpp>
#include <spfgov/error.hpp>
#include <spfgov/io.hpp>
#include <spfgov/text.hpp>

#include <optional>
#include <string>
#include <string_view>

namespace graph_reading_check {

/// Everything a read gives, as text: every body (as written, plus where it
/// was defined and its kept unknown fields), every link with its origin and
/// where, and every build diagnostic in order; or the error's code and
/// message.
template <class Read>
std::string outcome_of(Read read) {
    using namespace spfgov;
    try {
        const governance_graph g = read();
        std::string out = write_graph(g);
        for (auto h : g.bodies()) out += "\nbody " + g[h].id + " @ " + g[h].where.str() + " extra " + g[h].extra;
        for (auto l : g.links())
            out += "\nlink " + g.id(g.source(l)) + " " + std::string(to_string(g[l].rel)) + " " + g.id(g.target(l)) +
                   " " + to_text(g[l].valid) + " origin " + std::to_string(static_cast<int>(g[l].origin)) + " @ " +
                   g[l].where.str();
        // Positions as data too, not only as text (diagnostic::location,
        // covers_location()): each reader fills them its own way.
        const auto location = [](const error_location& at) {
            return at.file.value_or("-") + ":" + (at.line ? std::to_string(*at.line) : "-") + ":" +
                   (at.column ? std::to_string(*at.column) : "-") + " " + at.pointer.value_or("-");
        };
        for (const auto& d : g.build_diagnostics()) out += "\n" + format(d) + " @ " + location(d.location);
        out += "\ncovers @ " + g.covers_where() + " = " + location(g.covers_location());
        out += "\nextra " + g.extra();  // the file's kept top-level fields, as kept (write_graph writes them too)
        return out;
    } catch (const spfgov::error& e) {
        return "error " + e.code() + " | " + e.what();
    }
}

struct verdict {
    bool fast = false;                        ///< the fast read read the text
    bool streamed = false;                    ///< the streamed read read the text
    std::optional<std::string> disagreement;  ///< what differed, if anything
};

/// Reads `text` four ways: fast, streamed, as a tree, and by read_graph (the
/// three in turn). The fast and streamed reads may give up, but whatever
/// they read must be exactly what the tree reads; read_graph must give the
/// tree's graph or error.
inline verdict check(std::string_view text, const spfgov::read_limits& limits = {}) {
    const char* name = "<graph>";
    verdict v;
    std::optional<std::string> streamed;  // nullopt: the streamed read gave up
    try {
        if (auto g = spfgov::detail::read_graph_streamed(text, name, limits))
            streamed = outcome_of([&] { return std::move(*g); });
    } catch (const spfgov::error& e) {
        streamed = "error " + e.code() + " | " + e.what();
    }
    v.streamed = streamed.has_value();
    std::optional<std::string> fast;  // nullopt: the fast read gave up (it throws nothing)
    if (auto g = spfgov::detail::read_graph_fast(text, name, limits)) fast = outcome_of([&] { return std::move(*g); });
    v.fast = fast.has_value();
    const std::string tree = outcome_of([&] { return spfgov::detail::read_graph_as_tree(text, name, limits); });
    const std::string combined = outcome_of([&] { return spfgov::read_graph(text, name, limits); });
    if (combined != tree) v.disagreement = "read_graph: " + combined + "\ntree: " + tree;
    else if (streamed && *streamed != tree) v.disagreement = "streamed: " + *streamed + "\ntree: " + tree;
    else if (fast && *fast != tree) v.disagreement = "fast: " + *fast + "\ntree: " + tree;
    return v;
}

} // namespace graph_reading_check
