// Private to src/: turning a reader's position into spfgov::error_location.
#pragma once

#include "spfgov/error.hpp"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace spfgov::detail {

/// A YAML key path as the readers print it ("custom_rules[0].add.of",
/// "cases[2].expect.lead") as an RFC 6901 JSON pointer
/// ("/custom_rules/0/add/of"); "" (the top level) stays "".
[[nodiscard]] inline std::string key_path_pointer(std::string_view path) {
    std::string out;
    bool segment_open = false;
    for (const char c : path) {
        if (c == '.' || c == '[') {
            out += '/';
            segment_open = true;
        } else if (c == ']') {
            continue;
        } else {
            if (!segment_open) {
                out += '/';
                segment_open = true;
            }
            if (c == '~') out += "~0";
            else if (c == '/') out += "~1";
            else out += c;
        }
    }
    return out;
}

/// A YAML reader's location: `line0`/`column0` are yaml-cpp's 0-based
/// mark (absent when the mark is null), `path` the key path.
[[nodiscard]] inline error_location yaml_location(std::string_view file, std::optional<int> line0,
                                                  std::optional<int> column0, std::string_view path) {
    error_location at;
    at.file = std::string(file);
    if (line0 && *line0 >= 0) at.line = static_cast<std::size_t>(*line0) + 1;
    if (column0 && *column0 >= 0) at.column = static_cast<std::size_t>(*column0) + 1;
    at.pointer = key_path_pointer(path);
    return at;
}

} // namespace spfgov::detail
