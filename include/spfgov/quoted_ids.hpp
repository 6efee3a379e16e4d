// Body ids quoted for JSON once per graph, for writing many routes (the
// route --issues hot path): append_route then copies each id's bytes.
#pragma once

#include "spfgov/export_macro.hpp"
#include "spfgov/fwd.hpp"
#include "spfgov/handles.hpp"
#include "spfgov/io.hpp"

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

/// Every body id of a graph quoted and escaped for JSON once, so that
/// writing a route copies each id's bytes instead of escaping it again
/// (route --issues writes the same ids millions of times). Owns its text:
/// it stays valid after the graph is gone, but describes only that graph.
class SPFGOV_API quoted_ids {
public:
    explicit quoted_ids(const governance_graph& g);
    /// `"id"`, with the quotes; throws graph_error "unknown_id" for a handle the graph has not.
    [[nodiscard]] std::string_view operator[](body_handle h) const;
    /// `["a", "b"]`: the bodies' quoted ids as a JSON array, appended to
    /// `out` with one growth of it. Throws as operator[] does, `out` unchanged.
    void append_array(std::string& out, std::span<const body_handle> bodies) const;
    [[nodiscard]] std::size_t size() const noexcept { return offsets_.empty() ? 0 : offsets_.size() - 1; }

private:
    std::string text_;                    ///< every quoted id, one after another
    std::vector<std::uint64_t> offsets_;  ///< where each body's starts, then the end
};

/// append_route (io.hpp) for a graph whose ids are already quoted: the same bytes.
SPFGOV_API void append_route(std::string& out, const route& r, const governance_graph& g, const quoted_ids& ids,
                             rationale_detail rationale = rationale_detail::full);

} // namespace spfgov
