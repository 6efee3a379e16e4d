// Where a body or link was defined in an input file (file, line, column and
// JSON pointer), kept compact: a million-employer graph holds six million of
// them, and as "FILE:LINE:COL POINTER" text they took 190 bytes a body
// (issue 11). A position is 24 bytes with nothing on the heap; its text is
// rendered only when a message needs it.
#pragma once

#include "spfgov/export_macro.hpp"

#include "spfgov/error.hpp"
#include "spfgov/kinds.hpp"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spfgov {

/// A position in an input file, as data and as the text messages use.
///
/// File names are interned: each distinct name is kept once, for the life
/// of the process (a process reads few files). A pointer of a graph file's
/// shapes ("/bodies/3", "/bodies/3/parent", "/bodies/3/parent/1",
/// "/links/7") is kept as numbers; any other position (another pointer, a
/// line past 2^32) is kept whole in a process-wide table too, so it stays
/// exact: build such positions for fixed places, not for every record.
class SPFGOV_API source_position {
public:
    /// An interned file name: made once per file read, then copied freely.
    class SPFGOV_API file_name {
    public:
        file_name() noexcept = default;  ///< no file (the text has none)
        explicit file_name(std::string_view name);
        [[nodiscard]] std::string str() const;
        friend bool operator==(file_name, file_name) noexcept = default;

    private:
        friend class source_position;
        std::uint32_t id_ = 0;  // 0: none; else 1 + index in the process's name table
    };

    /// No position: a body or link built in code.
    source_position() noexcept = default;
    /// A position with its RFC 6901 JSON pointer ("" for the document).
    source_position(file_name file, std::size_t line, std::size_t column, std::string_view pointer);
    source_position(std::string_view file, std::size_t line, std::size_t column, std::string_view pointer)
        : source_position(file_name(file), line, column, pointer) {}

    /// "/bodies/INDEX", or "/bodies/INDEX/FIELD", or "/bodies/INDEX/FIELD/ITEM":
    /// the same position as the pointer-text constructor, without the text.
    [[nodiscard]] static source_position in_body(file_name file, std::size_t line, std::size_t column,
                                                 std::size_t index, std::optional<body_field> field = std::nullopt,
                                                 std::optional<std::size_t> item = std::nullopt);
    /// "/links/INDEX".
    [[nodiscard]] static source_position in_link(file_name file, std::size_t line, std::size_t column,
                                                 std::size_t index);

    [[nodiscard]] bool empty() const noexcept { return shape_ == shape::none; }
    /// "FILE:LINE:COL POINTER", as messages write it (the document's "" as
    /// "/"; "" when the position is empty).
    [[nodiscard]] std::string str() const;
    void append_to(std::string& out) const;
    /// The position as data (all fields absent when empty).
    [[nodiscard]] error_location location() const;

    /// Equal when they name the same place (two positions kept whole are
    /// compared by what they hold, not by where the table keeps them).
    friend SPFGOV_API bool operator==(const source_position& a, const source_position& b);

private:
    enum class shape : std::uint8_t { none, bodies, links, kept_whole };
    static constexpr std::uint8_t no_field = 0xff;
    static constexpr std::uint32_t no_item = 0xffffffffU;

    std::uint32_t file_ = 0;    // file_name::id_
    std::uint32_t line_ = 0;
    std::uint32_t column_ = 0;
    std::uint32_t index_ = 0;   // the body or link; kept_whole: the table's entry
    std::uint32_t item_ = no_item;
    std::uint8_t field_ = no_field;
    shape shape_ = shape::none;
};

}  // namespace spfgov
