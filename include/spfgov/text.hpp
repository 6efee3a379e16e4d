// Text from the input (ids, names, messages that quote them) made safe to
// print: no id can move the terminal's cursor, change its title or forge a
// line of output.
#pragma once

#include "spfgov/export_macro.hpp"

#include <string>
#include <string_view>

namespace spfgov {

/// Appends `text` with every character a terminal or a line-oriented reader
/// would act on written visibly, JSON-style: C0 controls (newline, tab,
/// ESC...), DEL and C1 controls as `\u001b`; the line and paragraph
/// separators and the bidirectional controls (U+200E, U+200F, U+2028,
/// U+2029, U+202A to U+202E, U+2066 to U+2069) as `\u2028`; a byte that is
/// not part of valid UTF-8 as `\xff`. Everything else is kept as it is.
SPFGOV_API void append_printable(std::string& out, std::string_view text);
[[nodiscard]] SPFGOV_API std::string printable(std::string_view text);

} // namespace spfgov
