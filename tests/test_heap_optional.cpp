// heap_optional: std::optional's interface, the value on the heap.
#include "spfgov/heap_optional.hpp"

#include <doctest/doctest.h>

#include <string>

namespace test_heap_optional_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using spfgov::heap_optional;

TEST_CASE("an empty heap_optional costs a pointer, whatever it could hold") {
    struct big {
        char bytes[200];
    };
    static_assert(sizeof(heap_optional<big>) == sizeof(void*));
    const heap_optional<std::string> none;
    CHECK_FALSE(none);
    CHECK_FALSE(none.has_value());
    CHECK(none == std::nullopt);
    CHECK(none.value_or("fallback") == "fallback");
    CHECK_THROWS_AS((void)none.value(), std::bad_optional_access);
    CHECK(none.to_optional() == std::nullopt);
}

TEST_CASE("a heap_optional holds, compares, resets and copies deeply like std::optional") {
    heap_optional<std::string> a = std::string("rule");
    REQUIRE(a);
    CHECK(*a == "rule");
    CHECK(a->size() == 4);
    CHECK(a == std::string("rule"));
    heap_optional<std::string> b = a;  // a deep copy: changing one leaves the other
    *b += "s";
    CHECK(*a == "rule");
    CHECK(*b == "rules");
    CHECK(a != b);
    b = a;
    CHECK(a == b);
    b = std::nullopt;
    CHECK_FALSE(b);
    CHECK(a != b);
    b.emplace(3, 'x');
    CHECK(b.value() == "xxx");
    heap_optional<std::string> moved = std::move(b);
    CHECK(*moved == "xxx");
    moved.reset();
    CHECK(moved == heap_optional<std::string>{});
    const std::optional<std::string> from_std = "std";
    const heap_optional<std::string> c = from_std;
    CHECK(c.to_optional() == from_std);
    auto& self = a;
    a = self;  // self-assignment keeps the value
    CHECK(*a == "rule");
}

} // namespace test_heap_optional_cpp
