// Private to src/: yaml-cpp's marks as spfgov's positions.
#pragma once

#include "detail_location.hpp"

#include <yaml-cpp/mark.h>

#include <algorithm>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov::detail {

/// yaml-cpp marks a position by its line and a column counted in *bytes* of
/// that line, a leading byte-order mark not counted; every located error of
/// spfgov counts columns in characters (docs/limits.md), so a mark after an
/// "é" would be one too far right. This turns marks of one text into
/// spfgov's positions: the line starts and a count of characters every 64
/// bytes are built at the first mark, so each mark costs at most 64 steps,
/// whatever the length of its line (a policy's id locations take one mark
/// each). `text` must outlive this; not for use by two threads at once.
class yaml_marks {
public:
    yaml_marks(std::string_view file, std::string_view text) : file_(file), text_(text) {}

    /// The 1-based column in characters of yaml-cpp's 0-based `line0` and
    /// byte `column0`; a mark past the text (end of input) keeps its bytes.
    [[nodiscard]] std::size_t column(int line0, int column0) const {
        build();
        const auto bytes = static_cast<std::size_t>(std::max(column0, 0));
        if (line0 < 0 || static_cast<std::size_t>(line0) >= line_starts_.size()) return bytes + 1;
        const std::size_t start = line_starts_[static_cast<std::size_t>(line0)];
        const std::size_t end = std::min(start + bytes, text_.size());
        return chars_before(end) - chars_before(start) + (start + bytes - end) + 1;
    }

    /// The error_location of mark `m` (none when null) and key path `path`.
    [[nodiscard]] error_location location(const YAML::Mark& m, std::string_view path) const {
        error_location at;
        at.file = file_;
        at.pointer = key_path_pointer(path);
        if (m.is_null()) return at;
        if (m.line >= 0) at.line = static_cast<std::size_t>(m.line) + 1;
        at.column = column(m.line, m.column);
        return at;
    }

    /// "FILE:LINE:COLUMN", or "FILE" when the mark is null.
    [[nodiscard]] std::string where(const YAML::Mark& m) const {
        if (m.is_null()) return file_;
        return file_ + ":" + std::to_string(m.line + 1) + ":" + std::to_string(column(m.line, m.column));
    }

    [[nodiscard]] const std::string& file() const noexcept { return file_; }
    [[nodiscard]] std::string_view text() const noexcept { return text_; }

private:
    static constexpr std::size_t block = 64;
    // Built at the first mark, not per file read: most files have no error
    // (4 MiB of short lines would cost ~40 MB of line starts).
    void build() const {
        if (built_) return;
        built_ = true;
        const std::size_t bom = utf8_bom_size(text_);
        line_starts_.push_back(bom);
        for (std::size_t at = text_.find('\n', bom); at != std::string_view::npos; at = text_.find('\n', at + 1))
            line_starts_.push_back(at + 1);
        chars_before_block_.reserve(text_.size() / block + 1);
        std::size_t chars = 0;
        for (std::size_t i = 0; i < text_.size(); ++i) {
            if (i % block == 0) chars_before_block_.push_back(chars);
            chars += starts_char(text_[i]) ? 1U : 0U;
        }
        if (text_.size() % block == 0) chars_before_block_.push_back(chars);
    }
    static bool starts_char(char c) noexcept { return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U; }
    [[nodiscard]] std::size_t chars_before(std::size_t offset) const {
        std::size_t chars = chars_before_block_[offset / block];
        for (std::size_t i = offset - offset % block; i < offset; ++i) chars += starts_char(text_[i]) ? 1U : 0U;
        return chars;
    }

    std::string file_;
    std::string_view text_;
    mutable bool built_ = false;
    mutable std::vector<std::size_t> line_starts_;         // byte offsets; the first after a BOM
    mutable std::vector<std::size_t> chars_before_block_;  // [k]: characters in text_[0, 64 k)
};

} // namespace spfgov::detail
