// A positioned JSON document built with nlohmann/json's SAX parser.
//
// nlohmann's DOM keeps no positions, and its lexer's position is private. The
// SAX parser, though, reports each event right after the lexer has read and
// checked the event's token, and before it reads the next one. So the handler
// keeps its own cursor in the text, in lockstep with the events: at each event
// it skips what lies between two events' tokens (whitespace, `:` and `,`), which
// is where the token starts, then steps over the token itself. Because every
// token has already been checked by nlohmann's lexer, stepping over it needs no
// error handling. Only syntax errors take their position from nlohmann.
//
// The parser is iterative and the handler builds the tree with an explicit
// stack, refusing to open a container deeper than the limit, so hostile input
// cannot exhaust the stack (the recursive helpers below only ever walk trees
// that passed that limit).

#include "detail_json.hpp"

#include "detail_location.hpp"
#include "detail_text.hpp"

#include "spfgov/error.hpp"
#include "spfgov/text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <bit>
#include <cctype>
#include <charconv>
#include <cstdint>
#include <cstring>
#include <iterator>
#include <limits>
#include <utility>

namespace spfgov::detail::json {

const node* node::find(std::string_view key) const noexcept {
    for (auto it = members.rbegin(); it != members.rend(); ++it)
        if (it->key == key) return &it->value;
    return nullptr;
}

namespace {

bool is_between_tokens(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == ':' || c == ',';
}

bool is_number_char(char c) noexcept {
    return (c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.' || c == 'e' || c == 'E';
}

// A number's mantissa (before any exponent) has a digit other than 0.
bool has_nonzero_digit(std::string_view number) noexcept {
    for (char c : number) {
        if (c == 'e' || c == 'E') break;
        if (c >= '1' && c <= '9') return true;
    }
    return false;
}

bool has_bom(std::string_view text) noexcept {
    return text.size() >= 3 && text.substr(0, 3) == "\xEF\xBB\xBF";
}

/// The position as data for spfgov::error (the root's pointer "/" becomes "").
spfgov::error_location located(std::string_view file, position p, std::optional<std::string> pointer = std::nullopt) {
    if (pointer && *pointer == "/") pointer->clear();
    return {std::string(file), p.line, p.column, std::move(pointer)};
}

std::string location(std::string_view file, position p) {
    std::string out{file};
    out += ':';
    out += std::to_string(p.line);
    out += ':';
    out += std::to_string(p.column);
    return out;
}

// The tree may take at most memory_factor times the input plus memory_floor
// (docs/limits.md): ordinary graphs take 5 to 10 times their size.
constexpr std::size_t memory_factor = 16;
constexpr std::size_t memory_floor = std::size_t{64} << 20;

// Moves `p` past one byte: a newline starts a line; a column is a code point.
void step_over(position& p, char byte) noexcept {
    const auto c = static_cast<unsigned char>(byte);
    if (c == '\n') {
        ++p.line;
        p.column = 1;
    } else if ((c & 0xC0U) != 0x80U) {
        ++p.column;
    }
}

// The line and column of the byte at `offset`.
position position_of(std::string_view text, std::size_t offset) {
    position p;
    std::size_t i = has_bom(text) ? 3 : 0;
    for (; i < offset && i < text.size(); ++i) {
        step_over(p, text[i]);
    }
    return p;
}

class positioned_sax {
public:
    positioned_sax(std::string_view text, std::string_view file, const parse_options& options,
                   const element_stream* stream = nullptr)
        : text_(text), file_(file), options_(options), stream_(stream) {
        if (has_bom(text_)) cursor_ = 3;
    }

    document take() { return std::move(doc_); }

    // ---- nlohmann SAX interface
    bool null() {
        node n = scalar_at(4);
        n.kind = node::type::null;
        place(std::move(n));
        return true;
    }
    bool boolean(bool value) {
        node n = scalar_at(value ? 4 : 5);
        n.kind = node::type::boolean;
        n.boolean = value;
        place(std::move(n));
        return true;
    }
    bool number_integer(std::int64_t value) {
        node n = number_token();
        n.kind = node::type::integer;
        n.integer = value;
        place(std::move(n));
        return true;
    }
    bool number_unsigned(std::uint64_t value) {
        node n = number_token();
        n.kind = node::type::unsigned_integer;
        n.unsigned_integer = value;
        place(std::move(n));
        return true;
    }
    bool number_float(double value, const std::string& /*raw*/) {
        const std::size_t offset = cursor_of_next_token();
        node n = number_token();
        if (value == 0 && has_nonzero_digit(n.text))
            throw spfgov::parse_error("number_out_of_range",
                                      location(file_, n.pos) + ": at byte " + std::to_string(offset) + ": " +
                                          current_path() + ": number " + n.text +
                                          " is too small to hold and would become 0; expected 0 or a number of at "
                                          "least about 2.2e-308",
                                      located(file_, n.pos, current_path()));
        n.kind = node::type::floating;
        n.floating = value;
        place(std::move(n));
        return true;
    }
    bool string(std::string& value) {
        node n;
        n.pos = token_start();
        skip_string_token();
        n.kind = node::type::string;
        n.text = std::move(value);
        place(std::move(n));
        return true;
    }
    bool binary(nlohmann::json::binary_t& /*value*/) { return true; } // never sent for JSON text
    bool start_object(std::size_t /*elements*/) { return open(node::type::object); }
    bool start_array(std::size_t /*elements*/) { return open(node::type::array); }
    bool key(std::string& value) {
        (void)token_start();
        skip_string_token();
        charge(sizeof(member) + (value.size() > 15 ? value.size() + 1 : 0));
        open_members().push_back(member{std::move(value), node{}});
        return true;
    }
    bool end_object() {
        (void)token_start();
        step(1);
        node& object = *stack_.back();
        take_children(open_members(), object.members);
        find_duplicates(object);
        stack_.pop_back();
        if (streaming_ && stack_.size() == 2) stream_element();
        return true;
    }
    bool end_array() {
        (void)token_start();
        step(1);
        take_children(open_items(), stack_.back()->items);
        stack_.pop_back();
        if (streaming_ && stack_.size() == 2) stream_element();
        else if (streaming_ && stack_.size() == 1) streaming_ = false;  // the streamed array closed
        return true;
    }
    template <class Exception>
    bool parse_error(std::size_t byte_position, const std::string& /*last_token*/, const Exception& ex) {
        // nlohmann counts the offending character as read.
        const std::size_t offset = std::min(byte_position > 0 ? byte_position - 1 : 0, text_.size());
        std::string what = ex.what();
        // "[json.exception.parse_error.101] parse error at line 1, column 9: syntax error ..."
        if (const auto col = what.find("column "); col != std::string::npos)
            if (const auto colon = what.find(": ", col); colon != std::string::npos) what = what.substr(colon + 2);
        // nlohmann quotes the whole token read so far, which for a long string
        // can be the whole input: keep the message to a readable length.
        constexpr std::size_t max_message = 240;
        if (what.size() > max_message) {
            std::size_t cut = max_message;
            while (cut > 0 && (static_cast<unsigned char>(what[cut]) & 0xC0U) == 0x80U) --cut;
            what = what.substr(0, cut) + "...";
        }
        const position pos = position_of(text_, offset);
        const std::string at = location(file_, pos) + ": at byte " + std::to_string(offset) + ": ";
        what += syntax_hint(offset);
        if (ex.id == 406)  // nlohmann: "number overflow parsing '1e999'"
            throw spfgov::parse_error("number_out_of_range",
                                      at + current_path() + ": number " + number_at(offset) +
                                          " is out of range; expected a number whose size is at most about 1.8e308 (either sign)",
                                      located(file_, pos, current_path()));
        if (what.ends_with("; expected end of input")) {  // a complete value, then more
            // Located where the text after the value starts, and quoted from
            // there: the parser stops inside it ("tra" of "trailing").
            const std::size_t from = std::min(after_first_value(text_), offset);
            const position start = position_of(text_, from);
            constexpr std::size_t most_shown = 24;
            std::size_t shown = std::min({most_shown, text_.size() - from, text_.find_first_of("\r\n", from) - from});
            while (shown > 0 && from + shown < text_.size() &&
                   (static_cast<unsigned char>(text_[from + shown]) & 0xC0U) == 0x80U)
                --shown;  // not inside a UTF-8 sequence
            const bool cut = from + shown < text_.size() && text_[from + shown] != '\n' && text_[from + shown] != '\r';
            const std::string quoted = "\"" + printable(text_.substr(from, shown)) + (cut ? "...\"" : "\"");
            throw spfgov::parse_error("trailing_data",
                                      location(file_, start) + ": at byte " + std::to_string(from) +
                                          ": more text after the JSON value: " + quoted +
                                          "; expected nothing but whitespace after it",
                                      located(file_, start));
        }
        throw spfgov::parse_error("json_syntax", at + what, located(file_, pos, current_path()));
    }

private:
    /// What nlohmann cannot say about the commonest slips of a hand-edited
    /// file: a word processor's curly quote, a comma after the last item.
    std::string syntax_hint(std::size_t offset) const {
        const std::string_view rest = text_.substr(offset);
        if (const auto quote = text::curly_quote_at(rest); !quote.empty())
            return "; " + std::string(quote) +
                   " is a curly quote, which JSON does not read as a quote: write straight double quotes \" "
                   "(a word processor's \"smart quotes\" make curly ones)";
        if (!rest.empty() && (rest.front() == '}' || rest.front() == ']')) {
            std::size_t at = offset;
            while (at > 0 && (text_[at - 1] == ' ' || text_[at - 1] == '\t' || text_[at - 1] == '\n' || text_[at - 1] == '\r')) --at;
            if (at > 0 && text_[at - 1] == ',') {
                const position comma = position_of(text_, at - 1);
                return "; remove the comma at line " + std::to_string(comma.line) + ", column " + std::to_string(comma.column) +
                       ": JSON allows no comma after the last " + (rest.front() == '}' ? "member" : "item");
            }
        }
        // YAML where JSON was wanted: the very first token is a key, a
        // comment, a list dash or a document start ("bodies:", "# overlay",
        // "- id: x", "---").
        const auto yaml_key = [](std::string_view t) {
            std::size_t i = 0;
            while (i < t.size() && (std::isalnum(static_cast<unsigned char>(t[i])) != 0 || t[i] == '_' || t[i] == '-')) ++i;
            while (i > 0 && i < t.size() && t[i] == ' ') ++i;
            return i > 0 && i < t.size() && t[i] == ':';
        };
        // (nlohmann stops a few bytes into a word it took for null, true or false.)
        const std::size_t first = text_.find_first_not_of(" \t\r\n");
        const std::string_view head = first == std::string_view::npos ? std::string_view() : text_.substr(first);
        if (offset >= first && offset - first <= 8 &&
            (yaml_key(head) || head.starts_with("#") || head.starts_with("- ") || head.starts_with("---")))
            return "; this is not JSON: graph, overlay and issue files are JSON (docs/formats.md), only policy and "
                   "scenario files are YAML";
        return {};
    }

    // Moves the cursor to `to`, keeping line and column.
    void advance_to(std::size_t to) {
        to = std::min(to, text_.size());
        for (; cursor_ < to; ++cursor_) step_over(pos_, text_[cursor_]);
    }
    void step(std::size_t n) { advance_to(cursor_ + n); }

    std::size_t cursor_of_next_token() const {
        std::size_t i = cursor_;
        while (i < text_.size() && is_between_tokens(text_[i])) ++i;
        return i;
    }

    // The number token starting at or before `offset` (for messages).
    std::string number_at(std::size_t offset) const {
        std::size_t b = std::min(offset, text_.size());
        while (b > 0 && is_number_char(text_[b - 1])) --b;
        std::size_t e = b;
        while (e < text_.size() && is_number_char(text_[e]) && e - b < 64) ++e;
        return std::string(text_.substr(b, e - b));
    }

    // Skips what separates two tokens; returns where the next token starts.
    position token_start() {
        std::size_t i = cursor_;
        while (i < text_.size() && is_between_tokens(text_[i])) ++i;
        advance_to(i);
        return pos_;
    }

    void skip_string_token() {
        std::size_t i = cursor_ + 1; // past the opening quote
        while (i < text_.size() && text_[i] != '"') i += text_[i] == '\\' ? std::size_t{2} : std::size_t{1};
        advance_to(i + 1);
    }

    node scalar_at(std::size_t length) {
        node n;
        n.pos = token_start();
        step(length);
        return n;
    }

    node number_token() {
        node n;
        n.pos = token_start();
        const std::size_t begin = cursor_;
        std::size_t i = begin;
        while (i < text_.size() && is_number_char(text_[i])) ++i;
        n.text.assign(text_.substr(begin, i - begin));
        advance_to(i);
        return n;
    }

    // Counts what the tree will hold; refuses input whose values are so
    // dense that the tree would pass the memory budget (r07: an array of
    // small numbers costs ~100 bytes of tree per input byte).
    void charge(std::size_t bytes) {
        used_ += bytes;
        if (used_ <= budget_) return;
        const std::size_t offset = cursor_of_next_token();
        const position pos = position_of(text_, offset);
        throw spfgov::parse_error(
            "too_dense", location(file_, pos) + ": at byte " + std::to_string(offset) + ": " +
                             current_path() + ": reading these " + std::to_string(text_.size()) +
                             " bytes would take more than " + std::to_string(budget_ >> 20) +
                             " MiB of memory (the limit is " + std::to_string(memory_factor) + " times the input plus " +
                             std::to_string(memory_floor >> 20) +
                             " MiB); expected fewer, larger values (e.g. no long arrays of numbers)",
            located(file_, pos, current_path()));
    }

    node* place(node&& n) {
        charge(sizeof(node) + (n.text.size() > 15 ? n.text.size() + 1 : 0));
        if (stack_.empty()) {
            doc_.root = std::move(n);
            return &doc_.root;
        }
        if (stack_.back()->kind == node::type::array) {
            auto& items = open_items();
            items.push_back(std::move(n));
            const bool container = items.back().is_array() || items.back().is_object();
            if (streaming_ && stack_.size() == 2 && !container) {
                stream_element();  // a scalar element is complete at once
                return nullptr;    // (no caller keeps a scalar's address)
            }
            return &items.back();
        }
        auto& members = open_members();
        members.back().value = std::move(n);
        return &members.back().value;
    }

    // An open container's children are gathered in a vector kept for its
    // depth (reused from one container to the next), and moved into the
    // container, sized exactly, when it closes: one allocation per container
    // instead of one per doubling (the members of each small object were a
    // fifth of loading a graph). A child's node may move while its parent
    // is open, but only when the parent gains a child, so never while the
    // child itself is open.
    std::vector<node>& open_items() { return item_scratch_[stack_.size() - 1]; }
    std::vector<member>& open_members() { return member_scratch_[stack_.size() - 1]; }
    const std::vector<node>& items_of_frame(std::size_t f) const { return item_scratch_[f]; }
    const std::vector<member>& members_of_frame(std::size_t f) const { return member_scratch_[f]; }
    template <class T>
    static void take_children(std::vector<T>& scratch, std::vector<T>& into) {
        into.reserve(scratch.size());
        std::move(scratch.begin(), scratch.end(), std::back_inserter(into));
        scratch.clear();
    }

    bool open(node::type kind) {
        const position at = token_start();
        if (stack_.size() >= options_.max_depth)
            throw spfgov::parse_error(
                "too_deep", location(file_, at) + ": JSON nested more than " + std::to_string(options_.max_depth) +
                                " levels deep at " + current_path() + "; expected at most " +
                                std::to_string(options_.max_depth) + " nested arrays and objects",
                located(file_, at, current_path()));
        step(1);
        node n;
        n.kind = kind;
        n.pos = at;
        stack_.push_back(place(std::move(n)));
        if (item_scratch_.size() < stack_.size()) {
            item_scratch_.resize(stack_.size());
            member_scratch_.resize(stack_.size());
        }
        if (stream_ && kind == node::type::array && stack_.size() == 2 && stack_[0]->is_object()) {
            const std::string& key = member_scratch_[0].back().key;
            if (std::find(stream_->keys.begin(), stream_->keys.end(), key) != stream_->keys.end()) {
                streaming_ = true;
                streamed_ = 0;
                streamed_key_ = key;
            }
        }
        return true;
    }

    // The streamed array's last element is complete: hand it over, drop it.
    void stream_element() {
        auto& items = item_scratch_[1];
        stream_->element(streamed_key_, streamed_, items.back(), member_scratch_[0], doc_.duplicates.size());
        items.pop_back();
        ++streamed_;
    }

    // How many items the array of stack frame `f` has had so far (streamed
    // ones included, for JSON pointers).
    std::size_t items_so_far(std::size_t f) const {
        return items_of_frame(f).size() + (streaming_ && f == 1 ? streamed_ : 0);
    }

    // The JSON pointer of the value about to be placed.
    std::string current_path() const {
        std::string path;
        for (std::size_t f = 0; f < stack_.size(); ++f) {
            if (stack_[f]->kind == node::type::array) {
                // The open child (if any) is the last item; a new one would be next.
                const bool child_open = f + 1 < stack_.size();
                path += '/';
                path += std::to_string(items_so_far(f) - (child_open ? 1 : 0));
            } else if (!members_of_frame(f).empty()) {
                append_pointer_segment(path, members_of_frame(f).back().key);
            }
        }
        return path.empty() ? std::string("/") : path;
    }

    void find_duplicates(const node& object) {
        if (object.members.size() < 2) return;
        // Most objects are small and have no repeated key: say so without
        // the sorted copy (an allocation and a stable_sort buffer each).
        constexpr std::size_t small_object = 16;
        if (object.members.size() <= small_object) {
            bool repeated = false;
            for (std::size_t i = 1; i < object.members.size() && !repeated; ++i)
                for (std::size_t j = 0; j < i && !repeated; ++j)
                    repeated = object.members[i].key == object.members[j].key;
            if (!repeated) return;
        }
        std::vector<const member*> sorted;
        sorted.reserve(object.members.size());
        for (const auto& m : object.members) sorted.push_back(&m);
        std::stable_sort(sorted.begin(), sorted.end(), [](const member* a, const member* b) { return a->key < b->key; });
        std::string base;
        bool have_base = false;
        for (std::size_t i = 1; i < sorted.size(); ++i) {
            if (sorted[i]->key != sorted[i - 1]->key) continue;
            if (!have_base) {
                // The object is the top of the stack; its path is the path
                // of the stack below it plus its own slot.
                base = object_path();
                have_base = true;
            }
            std::string path = base;
            append_pointer_segment(path, sorted[i]->key);
            doc_.duplicates.push_back({std::move(path), sorted[i]->key, sorted[i]->value.pos});
        }
    }

    // The JSON pointer of the object on top of the stack.
    std::string object_path() const {
        std::string path;
        for (std::size_t f = 0; f + 1 < stack_.size(); ++f) {
            if (stack_[f]->kind == node::type::array) {
                path += '/';
                path += std::to_string(items_so_far(f) - 1);
            } else if (!members_of_frame(f).empty()) {
                append_pointer_segment(path, members_of_frame(f).back().key);
            }
        }
        return path;
    }

    std::string_view text_;
    std::string_view file_;
    const parse_options& options_;
    std::size_t budget_ = tree_memory_budget(text_.size());
    std::size_t used_ = 0;
    std::size_t cursor_ = 0;
    position pos_;
    document doc_;
    std::vector<node*> stack_;
    std::vector<std::vector<node>> item_scratch_;      // by depth: the open array's items so far
    std::vector<std::vector<member>> member_scratch_;  // by depth: the open object's members so far
    const element_stream* stream_;
    bool streaming_ = false;     // inside a streamed array (stack frame 1)
    std::size_t streamed_ = 0;   // its elements handed over so far
    std::string streamed_key_;
};


} // namespace

position key_position(std::string_view text, position value) {
    // The value's byte offset, then back over "  :  " to the key's closing
    // quote and on to the quote that opens it (one not escaped: preceded
    // by an even number of backslashes).
    position p;
    std::size_t at = has_bom(text) ? 3 : 0;
    for (; at < text.size() && (p.line < value.line || (p.line == value.line && p.column < value.column)); ++at)
        step_over(p, text[at]);
    while (at < text.size() && (static_cast<unsigned char>(text[at]) & 0xC0U) == 0x80U) ++at;
    const auto skip_space_back = [&] {
        while (at > 0 && (text[at - 1] == ' ' || text[at - 1] == '\t' || text[at - 1] == '\n' || text[at - 1] == '\r')) --at;
    };
    skip_space_back();
    if (at == 0 || text[at - 1] != ':') return value;
    --at;
    skip_space_back();
    if (at == 0 || text[at - 1] != '"') return value;
    --at;
    while (at > 0) {
        --at;
        if (text[at] != '"') continue;
        std::size_t backslashes = 0;
        while (backslashes < at && text[at - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 0) return position_of(text, at);
    }
    return value;
}

document parse(std::string_view text, std::string_view file_name, const parse_options& options) {
    return parse(text, file_name, options, element_stream{});
}

document parse(std::string_view text, std::string_view file_name, const parse_options& options,
               const element_stream& stream) {
    if (text.size() > options.max_bytes)
        throw spfgov::parse_error("too_large", std::string(file_name) + ":1:1: input is " + std::to_string(text.size()) +
                                                   " bytes; expected at most " + std::to_string(options.max_bytes),
                                  located(file_name, position{}));
    {
        std::size_t i = has_bom(text) ? 3 : 0;
        while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' || text[i] == '\r')) ++i;
        if (i == text.size())
            throw spfgov::parse_error("empty_input", std::string(file_name) +
                                                         ":1:1: the input is empty; expected a JSON object",
                                  located(file_name, position{}));
    }
    // nlohmann's lexer takes a NUL byte for the end of the input, which would
    // silently drop whatever follows it.
    if (const void* nul = std::memchr(text.data(), '\0', text.size())) {
        // UTF-16 or UTF-32 (Notepad's "Unicode", PowerShell): say so, not
        // "a NUL byte" at every line of a batch.
        if (auto wide = wide_encoding_of(text))
            throw spfgov::parse_error("nul_byte", location(file_name, position{}) + ": " + *wide,
                                      located(file_name, position{}));
        const auto offset = static_cast<std::size_t>(static_cast<const char*>(nul) - text.data());
        throw spfgov::parse_error("nul_byte", location(file_name, position_of(text, offset)) + ": at byte " +
                                                  std::to_string(offset) +
                                                  ": a NUL byte; expected JSON text (inside a string, write \\u0000)",
                                  located(file_name, position_of(text, offset)));
    }
    positioned_sax sax(text, file_name, options, stream.keys.empty() ? nullptr : &stream);
    // Errors throw from the handler; the result is true otherwise.
    (void)nlohmann::json::sax_parse(text.begin(), text.end(), &sax, nlohmann::json::input_format_t::json,
                                    /*strict=*/true, /*ignore_comments=*/false);
    return sax.take();
}

void append_pointer_segment(std::string& path, std::string_view segment) {
    path += '/';
    for (char c : segment) {
        if (c == '~') path += "~0";
        else if (c == '/') path += "~1";
        else path += c;
    }
}

namespace {
/// Whether any of the 8 bytes in `w` needs more than copying into a JSON
/// string: a control character, a quote, a backslash or a non-ASCII byte.
/// Exact for "none" (a false "some" only sends the bytes to the byte loop).
constexpr bool word_needs_escaping(std::uint64_t w) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ULL, highs = 0x8080808080808080ULL;
    const auto has_zero_byte = [](std::uint64_t x) { return (x - ones) & ~x & highs; };
    return ((w & highs) | ((w - ones * 0x20) & ~w & highs) | has_zero_byte(w ^ (ones * '"')) |
            has_zero_byte(w ^ (ones * '\\'))) != 0;
}

#if defined(__GNUC__)  // GCC and Clang: their vector types compile to SSE2 on x86-64, NEON on arm64
/// Sixteen bytes as signed chars: a control character or a non-ASCII byte
/// is then below ' ' in one comparison.
using byte_block = signed char __attribute__((vector_size(16)));

constexpr byte_block splat(char c) noexcept {
    const auto b = static_cast<signed char>(c);
    return byte_block{b, b, b, b, b, b, b, b, b, b, b, b, b, b, b, b};
}

/// word_needs_escaping for the 16 bytes at `p`, exact.
inline bool block_needs_escaping(const char* p) noexcept {
    byte_block b;
    std::memcpy(&b, p, sizeof b);
    const auto bad = (b < splat(' ')) | (b == splat('"')) | (b == splat('\\'));
    std::uint64_t halves[2];
    std::memcpy(halves, &bad, sizeof halves);
    return (halves[0] | halves[1]) != 0;
}
#endif
} // namespace

namespace {
/// scan_text's byte loop: from `in_string`, over `text`, into `found`
/// (false as soon as the text is found not plain).
bool scan_bytes(std::string_view text, bool& in_string, text_scan& found) noexcept {
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"') in_string = !in_string;
        else if (c == '\\') return false;
        else if (c >= 0x80) found.high = true;
        else if (c == 0x7F) found.del = true;
        else if (c < 0x20 && (in_string || (c != '\t' && c != '\n' && c != '\r'))) return false;
    }
    return true;
}

#if defined(__GNUC__)
/// One bit a lane (lane 0 the lowest) of a comparison's result (each lane
/// 0 or all ones): the sign bits gathered by one multiplication a half.
inline unsigned lane_bits(byte_block v) noexcept {
    std::uint64_t halves[2];
    std::memcpy(halves, &v, sizeof halves);
    constexpr std::uint64_t signs = 0x8080808080808080ULL, gather = 0x0002040810204081ULL;
    return static_cast<unsigned>(((halves[0] & signs) * gather) >> 56) |
           (static_cast<unsigned>(((halves[1] & signs) * gather) >> 56) << 8);
}

/// For each of 16 bits, the parity of the set bits at or below it.
constexpr unsigned prefix_parity(unsigned x) noexcept {
    x ^= x << 1;
    x ^= x << 2;
    x ^= x << 4;
    x ^= x << 8;
    return x & 0xFFFFU;
}
#endif
} // namespace

text_scan scan_text(std::string_view text) noexcept {
    text_scan found;
    bool in_string = false;
    std::size_t i = 0;
#if defined(__GNUC__)
    // Per block: quotes, backslashes, control characters, high bytes and
    // DEL as bit masks. A string's quotes are paired by parity, so whether
    // a tab or newline lies inside a string is the parity of the quotes
    // before it (with the blocks before), not a walk byte by byte.
    for (; i + 16 <= text.size(); i += 16) {
        byte_block b;
        std::memcpy(&b, text.data() + i, sizeof b);
        const byte_block below_space = b < splat(' ');  // controls, and high bytes (negative)
        if (lane_bits(below_space | (b == splat('\\')) | (b == splat('\x7F'))) != 0) {
            const unsigned backslash = lane_bits(b == splat('\\'));
            const unsigned high = lane_bits(b < splat('\0'));
            const unsigned control = lane_bits(below_space) & ~high;
            const unsigned space = lane_bits((b == splat('\t')) | (b == splat('\n')) | (b == splat('\r')));
            if (backslash != 0 || (control & ~space) != 0) return found;
            if (high != 0) found.high = true;
            if (lane_bits(b == splat('\x7F')) != 0) found.del = true;
            if (control != 0) {
                const unsigned inside = prefix_parity(lane_bits(b == splat('"'))) ^ (in_string ? 0xFFFFU : 0U);
                if ((control & inside) != 0) return found;
            }
        }
        if (std::popcount(lane_bits(b == splat('"'))) % 2 != 0) in_string = !in_string;
    }
#endif
    if (!scan_bytes(text.substr(i), in_string, found)) return found;
    found.plain = !in_string;
    return found;
}

bool needs_escaping(std::string_view s) noexcept {
#if defined(__GNUC__)
    // Rationale sentences run to kilobytes: sixteen bytes at a time, the last
    // block overlapping the one before it.
    if (s.size() >= 16) {
        for (std::size_t i = 0; i + 16 < s.size(); i += 16)
            if (block_needs_escaping(s.data() + i)) return true;
        return block_needs_escaping(s.data() + s.size() - 16);
    }
#endif
    // Eight bytes at a time, the last word overlapping the one before it (no
    // byte loop for the tail); a string under eight bytes is padded with
    // spaces, which need no escaping.
    if (s.size() < 8) {
        std::uint64_t w = 0x2020202020202020ULL;
        if (!s.empty()) std::memcpy(&w, s.data(), s.size());
        return word_needs_escaping(w);
    }
    std::uint64_t w;
    for (std::size_t i = 0; i + 8 < s.size(); i += 8) {
        std::memcpy(&w, s.data() + i, 8);
        if (word_needs_escaping(w)) return true;
    }
    std::memcpy(&w, s.data() + s.size() - 8, 8);
    return word_needs_escaping(w);
}

void append_quoted(std::string& out, std::string_view s) {
    if (!needs_escaping(s)) {  // ids, keys, dates and most text: one copy
        const std::size_t at = out.size();
        out.resize(at + s.size() + 2);
        char* p = out.data() + at;
        *p = '"';
        if (!s.empty()) std::memcpy(p + 1, s.data(), s.size());
        p[s.size() + 1] = '"';
        return;
    }
    out += '"';
    for (std::size_t i = 0; i < s.size();) {
        // Copy the run of plain ASCII in one go: ids, dates and most text are
        // nothing else, and this is on the hot path of every route written.
        // Eight bytes are checked at a time, then the rest byte by byte.
        std::size_t plain = i;
        for (std::uint64_t w; plain + 8 <= s.size(); plain += 8) {
            std::memcpy(&w, s.data() + plain, 8);
            if (word_needs_escaping(w)) break;
        }
        while (plain < s.size()) {
            const auto p = static_cast<unsigned char>(s[plain]);
            if (p < 0x20 || p >= 0x80 || p == '"' || p == '\\') break;
            ++plain;
        }
        if (plain > i) {
            out.append(s.data() + i, plain - i);
            i = plain;
            continue;
        }
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x80) {
            const std::size_t n = detail::text::utf8_length(s, i);
            if (n == 0) {
                out += "\xEF\xBF\xBD"; // U+FFFD
                ++i;
            } else {
                out.append(s.substr(i, n));
                i += n;
            }
            continue;
        }
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) detail::text::append_escape(out, c, {});
            else out += static_cast<char>(c);
        }
        ++i;
    }
    out += '"';
}

std::string json_string(std::string_view s) {
    std::string out;
    out.reserve(s.size() + 2);
    append_quoted(out, s);
    return out;
}

std::size_t tree_memory_budget(std::size_t text_size) noexcept { return memory_floor + memory_factor * text_size; }

void append_location(std::string& out, std::string_view file, position at) {
    out += file;
    char digits[std::numeric_limits<std::size_t>::digits10 + 2];
    for (const std::size_t n : {at.line, at.column}) {
        out += ':';
        out.append(digits, std::to_chars(std::begin(digits), std::end(digits), n).ptr);
    }
}

void append_canonical(std::string& out, const node& n) {
    switch (n.kind) {
    case node::type::null: out += "null"; break;
    case node::type::boolean: out += n.boolean ? "true" : "false"; break;
    case node::type::integer:
    case node::type::unsigned_integer:
    case node::type::floating:
        if (!n.text.empty()) out += n.text;
        else if (n.kind == node::type::integer) out += std::to_string(n.integer);
        else if (n.kind == node::type::unsigned_integer) out += std::to_string(n.unsigned_integer);
        else out += nlohmann::json(n.floating).dump();
        break;
    case node::type::string: append_quoted(out, n.text); break;
    case node::type::array:
        out += '[';
        for (std::size_t i = 0; i < n.items.size(); ++i) {
            if (i) out += ", ";
            append_canonical(out, n.items[i]);
        }
        out += ']';
        break;
    case node::type::object: {
        // Sorted by key; of a repeated key, the last value (as node::find).
        std::vector<const member*> sorted;
        sorted.reserve(n.members.size());
        for (const auto& m : n.members) sorted.push_back(&m);
        std::stable_sort(sorted.begin(), sorted.end(), [](const member* a, const member* b) { return a->key < b->key; });
        out += '{';
        bool first = true;
        for (std::size_t i = 0; i < sorted.size(); ++i) {
            if (i + 1 < sorted.size() && sorted[i + 1]->key == sorted[i]->key) continue;
            if (!first) out += ", ";
            first = false;
            append_quoted(out, sorted[i]->key);
            out += ": ";
            append_canonical(out, sorted[i]->value);
        }
        out += '}';
        break;
    }
    }
}

std::string_view type_name(const node& n) noexcept {
    switch (n.kind) {
    case node::type::null: return "null";
    case node::type::boolean: return "a boolean";
    case node::type::integer:
    case node::type::unsigned_integer:
    case node::type::floating: return "a number";
    case node::type::string: return "a string";
    case node::type::array: return "an array";
    case node::type::object: return "an object";
    }
    return "a value";
}

std::string describe(const node& n) {
    constexpr std::size_t max_shown = 64;
    switch (n.kind) {
    case node::type::null: return "null";
    case node::type::boolean: return n.boolean ? "true" : "false";
    case node::type::integer:
    case node::type::unsigned_integer:
    case node::type::floating: {
        std::string t = n.text.size() > max_shown ? n.text.substr(0, max_shown) + "..." : n.text;
        return "number " + t;
    }
    case node::type::string: {
        if (n.text.size() <= max_shown) return json_string(n.text);
        std::size_t cut = max_shown;
        while (cut > 0 && (static_cast<unsigned char>(n.text[cut]) & 0xC0U) == 0x80U) --cut;
        return json_string(std::string_view(n.text).substr(0, cut)) + "... (" + std::to_string(n.text.size()) + " bytes)";
    }
    case node::type::array: return "an array";
    case node::type::object: return "an object";
    }
    return "a value";
}

} // namespace spfgov::detail::json
