// Unit tests of the fast readers' plainness check (src/detail_json.hpp,
// detail::json::scan_text): sixteen bytes at a time must find what a byte
// loop finds, at every length and position; needs_escaping (64 bytes a
// test) the same against its byte loop.
#include "../../src/detail_json.hpp"

#include <doctest/doctest.h>

#include <random>
#include <string>
#include <string_view>

namespace {

using spfgov::detail::json::scan_text;
using spfgov::detail::json::text_scan;

/// The byte loop the readers had before: the reference.
text_scan scan_bytes(std::string_view text) {
    text_scan found;
    bool in_string = false;
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"') in_string = !in_string;
        else if (c == '\\') return found;
        else if (c >= 0x80) found.high = true;
        else if (c == 0x7F) found.del = true;
        else if (c < 0x20 && (in_string || (c != '\t' && c != '\n' && c != '\r'))) return found;
    }
    found.plain = !in_string;
    return found;
}

void check_same(const std::string& text) {
    const text_scan want = scan_bytes(text), got = scan_text(text);
    CAPTURE(text);
    CHECK(got.plain == want.plain);
    if (want.plain) {  // (what else is found before the first reason not to be plain is not promised)
        CHECK(got.high == want.high);
        CHECK(got.del == want.del);
    }
}

} // namespace

TEST_CASE("scan_text: each special byte at every position of every length, inside and outside a string") {
    for (std::size_t n = 0; n <= 50; ++n) {
        for (const std::size_t quote_at : {std::size_t{0}, std::size_t{7}, std::size_t{16}, std::size_t{33}}) {
            // A string opened at quote_at and closed at the end (when both fit).
            std::string base(n, 'a');
            if (quote_at < n && n >= 2 && quote_at + 1 < n) {
                base[quote_at] = '"';
                base[n - 1] = '"';
            }
            check_same(base);
            for (std::size_t at = 0; at < n; ++at) {
                for (const char special : {'"', '\\', '\t', '\n', '\r', '\x01', '\x1f', '\x7f', '\x80', '\xff', ' '}) {
                    std::string text = base;
                    text[at] = special;
                    CAPTURE(n);
                    CAPTURE(at);
                    check_same(text);
                }
            }
        }
    }
}

TEST_CASE("scan_text: random JSON-like text agrees with the byte loop") {
    const std::string alphabet = "aaaaaaaaaa\"\"\"  \t\n\n\r{}:,\\\x01\x7f\x80\xc3";
    std::mt19937 rng(20261204);
    for (int round = 0; round < 20000; ++round) {
        std::string text(rng() % 70, ' ');
        for (auto& c : text) c = alphabet[rng() % alphabet.size()];
        // Most rounds without a backslash or a stray control, so that the
        // quotes' parity decides them.
        if (round % 4 != 0)
            for (auto& c : text)
                if (c == '\\' || c == '\x01') c = 'b';
        check_same(text);
    }
}

namespace {

/// needs_escaping's reference: the byte loop of its definition.
bool needs_escaping_bytes(std::string_view s) {
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (c < 0x20 || c >= 0x80 || c == '"' || c == '\\') return true;
    }
    return false;
}

} // namespace

TEST_CASE("needs_escaping: each byte that needs escaping, at every position of every length up to 200") {
    using spfgov::detail::json::needs_escaping;
    // 200 covers the 64-byte blocks, the 16-byte blocks after them, the
    // overlapping last block and the eight-byte words of short strings.
    for (std::size_t n = 0; n <= 200; ++n) {
        const std::string plain(n, 'a');
        CAPTURE(n);
        CHECK_FALSE(needs_escaping(plain));
        for (std::size_t at = 0; at < n; ++at) {
            for (const char special : {'"', '\\', '\t', '\n', '\x01', '\x1f', '\x7f', '\x80', '\xff', ' ', '~', '!'}) {
                std::string text = plain;
                text[at] = special;
                CAPTURE(at);
                CAPTURE(static_cast<int>(static_cast<unsigned char>(special)));
                CHECK(needs_escaping(text) == needs_escaping_bytes(text));
            }
        }
    }
}

TEST_CASE("after_first_value: where trailing data starts, and never past the text") {
    using spfgov::detail::json::after_first_value;
    CHECK(after_first_value("{\"id\": \"a\"} trailing") == 12);
    CHECK(after_first_value("\"a\\\"}\"  x") == 8);  // a string value holding \" and }
    CHECK(after_first_value("[1, [2]] ]") == 9);
    CHECK(after_first_value("12}") == 2);
    CHECK(after_first_value("\xEF\xBB\xBF{} x") == 6);  // after a byte order mark
    // Any text, even one whose value never closes, gives a byte within it.
    for (const std::string_view text : {"\"ab\\", "{\"a\": [", "", "   ", "\\"})
        CHECK(after_first_value(text) <= text.size());
}
