// source_position: a body's or link's place in an input file, kept compact
// and rendered as the text messages always used.
#include "spfgov/source_position.hpp"

#include <doctest/doctest.h>

#include <limits>
#include <string>
#include <thread>
#include <vector>

namespace test_source_position_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using spfgov::body_field;
using spfgov::source_position;

TEST_CASE("a position is small and renders as FILE:LINE:COL POINTER") {
    static_assert(sizeof(source_position) <= 24, "six million of them in a million-employer graph");
    const source_position p("graph.json", 12, 5, "/bodies/3");
    CHECK(p.str() == "graph.json:12:5 /bodies/3");
    CHECK_FALSE(p.empty());
    const auto at = p.location();
    CHECK(at.file == "graph.json");
    CHECK(at.line == 12);
    CHECK(at.column == 5);
    CHECK(at.pointer == "/bodies/3");
}

TEST_CASE("an empty position (a body built in code) renders as nothing") {
    const source_position p;
    CHECK(p.empty());
    CHECK(p.str().empty());
    CHECK(p.location() == spfgov::error_location{});
}

TEST_CASE("each graph-file shape comes back exactly as given, as text or as numbers") {
    const source_position::file_name f("a.json");
    for (const char* pointer : {"/bodies/0", "/bodies/17/system", "/bodies/17/parent/2", "/links/0", "/links/4294967295"}) {
        CAPTURE(pointer);
        CHECK(source_position(f, 1, 2, pointer).str() == std::string("a.json:1:2 ") + pointer);
    }
    CHECK(source_position::in_body(f, 1, 2, 17, body_field::parent, 2) == source_position(f, 1, 2, "/bodies/17/parent/2"));
    CHECK(source_position::in_body(f, 1, 2, 17, body_field::system) == source_position(f, 1, 2, "/bodies/17/system"));
    CHECK(source_position::in_link(f, 1, 2, 9) == source_position(f, 1, 2, "/links/9"));
    CHECK(source_position::in_link(f, 1, 2, 9) != source_position::in_body(f, 1, 2, 9));
    CHECK_THROWS_AS((void)source_position::in_body(f, 1, 2, 3, std::nullopt, 1), std::invalid_argument);
}

TEST_CASE("any other pointer, or a number too big to pack, is kept whole and exact") {
    const source_position::file_name f("b.json");
    for (const char* pointer : {"/", "/covers", "/bodies", "/bodies/", "/bodies/03", "/bodies/1/", "/bodies/1/nope",
                                "/bodies/1/system/", "/bodies/1/system/x", "/bodies/1/system/1/2", "/links/1/from",
                                "/links/-1", "/bodies/99999999999", "/allow/0/to", "/a~1b"}) {
        CAPTURE(pointer);
        const source_position p(f, 3, 4, pointer);
        CHECK(p.str() == std::string("b.json:3:4 ") + pointer);
        CHECK(p.location().pointer == pointer);
    }
    CHECK(source_position(f, 3, 4, "/covers") == source_position(f, 3, 4, "/covers"));  // two entries, one place
    CHECK(source_position(f, 3, 4, "/covers") != source_position(f, 3, 5, "/covers"));
    CHECK(source_position(f, 3, 4, "/covers") != source_position(f, 3, 4, "/bodies/0"));
    const source_position document(f, 1, 1, "");
    CHECK(document.str() == "b.json:1:1 /");  // as messages always wrote the document
    CHECK(document.location().pointer == "");
    constexpr std::size_t big = std::size_t{1} << 33;
    CHECK(source_position(f, big, 1, "/bodies/0").str() == "b.json:" + std::to_string(big) + ":1 /bodies/0");
    CHECK(source_position::in_body(f, 1, big, 0).location().column == big);
    CHECK(source_position::in_link(f, 1, 1, big).str() == "b.json:1:1 /links/" + std::to_string(big));
    CHECK(source_position::in_link(f, 1, 1, big) == source_position(f, 1, 1, "/links/" + std::to_string(big)));
    CHECK(source_position::in_body(f, 1, 1, 0, body_field::region, big).str() ==
          "b.json:1:1 /bodies/0/region/" + std::to_string(big));
}

TEST_CASE("a file name is interned once and the same name compares equal") {
    const source_position::file_name a("same.json"), b(std::string("same") + ".json"), c("other.json");
    CHECK(a == b);
    CHECK(a != c);
    CHECK(a.str() == "same.json");
    CHECK(source_position::file_name().str().empty());
    CHECK(source_position(a, 1, 1, "/links/0") == source_position(b, 1, 1, "/links/0"));
    CHECK(source_position(a, 1, 1, "/links/0") != source_position(c, 1, 1, "/links/0"));
}

TEST_CASE("file names interned and positions rendered on many threads at once stay right") {
    std::vector<std::thread> threads;
    std::vector<std::string> got(4);
    for (std::size_t t = 0; t < got.size(); ++t)
        threads.emplace_back([t, &got] {
            for (int i = 0; i < 200; ++i) {
                const source_position p("thread-" + std::to_string(t % 2) + ".json", 1, 1, "/bodies/" + std::to_string(i));
                const source_position q("thread.json", 1, 1, "/odd/" + std::to_string(i));
                got[t] = p.str() + " " + q.str();
            }
        });
    for (auto& th : threads) th.join();
    CHECK(got[0] == "thread-0.json:1:1 /bodies/199 thread.json:1:1 /odd/199");
    CHECK(got[3] == "thread-1.json:1:1 /bodies/199 thread.json:1:1 /odd/199");
}

} // namespace test_source_position_cpp
