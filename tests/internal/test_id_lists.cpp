// Unit tests of the memo of id lists written in one route (src/detail_id_lists.hpp).
#include "../../src/detail_id_lists.hpp"

#include <doctest/doctest.h>

#include <string>
#include <vector>

namespace {

using spfgov::body_handle;
using spfgov::detail::id_list_memo;

/// What wrote a list (a graph or a quoted_ids): only its address matters.
const int writer = 0, other_writer = 0;

std::vector<body_handle> handles(std::uint32_t first, std::uint32_t count) {
    std::vector<body_handle> out;
    for (std::uint32_t k = 0; k < count; ++k) out.emplace_back(first + k);
    return out;
}

} // namespace

TEST_CASE("id_list_memo: current only inside a scope, emptied at each outermost scope, kept by an inner one") {
    CHECK(id_list_memo::current() == nullptr);
    const auto ten = handles(0, 10);
    {
        const id_list_memo::scope outer;
        id_list_memo* memo = id_list_memo::current();
        REQUIRE(memo != nullptr);
        CHECK_FALSE(memo->find(&writer, id_list_memo::form::joined, ten));
        memo->remember(&writer, id_list_memo::form::joined, ten, "a, b");
        {
            const id_list_memo::scope inner;
            CHECK(id_list_memo::current() == memo);
            CHECK(memo->find(&writer, id_list_memo::form::joined, ten) == std::optional<std::string_view>("a, b"));
        }
        CHECK(id_list_memo::current() == memo);  // the inner scope did not close the outer
    }
    CHECK(id_list_memo::current() == nullptr);
    const id_list_memo::scope again;
    CHECK_FALSE(id_list_memo::current()->find(&writer, id_list_memo::form::joined, ten));  // emptied
}

TEST_CASE("id_list_memo: a list is found by what wrote it, its form and every handle; the oldest of four makes room") {
    const id_list_memo::scope scope;
    id_list_memo& memo = *id_list_memo::current();
    const auto ten = handles(0, 10);
    memo.remember(&writer, id_list_memo::form::joined, ten, "joined");
    memo.remember(&writer, id_list_memo::form::json_array, ten, "[array]");
    CHECK(memo.find(&writer, id_list_memo::form::joined, ten) == std::optional<std::string_view>("joined"));
    CHECK(memo.find(&writer, id_list_memo::form::json_array, ten) == std::optional<std::string_view>("[array]"));
    auto last_differs = ten;
    last_differs.back() = body_handle{99};
    CHECK_FALSE(memo.find(&writer, id_list_memo::form::joined, last_differs));
    CHECK_FALSE(memo.find(&writer, id_list_memo::form::joined, handles(0, 9)));  // a prefix is another list
    CHECK_FALSE(memo.find(&other_writer, id_list_memo::form::joined, ten));    // another graph's ids
    // Three more: the first remembered (joined) makes room, the others stay.
    for (std::uint32_t k = 1; k <= 3; ++k) memo.remember(&writer, id_list_memo::form::joined, handles(100 * k, 10), "more");
    CHECK_FALSE(memo.find(&writer, id_list_memo::form::joined, ten));
    CHECK(memo.find(&writer, id_list_memo::form::json_array, ten) == std::optional<std::string_view>("[array]"));
    CHECK(memo.find(&writer, id_list_memo::form::joined, handles(300, 10)) == std::optional<std::string_view>("more"));
}

TEST_CASE("id_list_memo: a list too long to keep between routes is not remembered") {
    const id_list_memo::scope scope;
    id_list_memo& memo = *id_list_memo::current();
    const auto huge = handles(0, (1U << 14) + 1);
    memo.remember(&writer, id_list_memo::form::joined, huge, "x");
    CHECK_FALSE(memo.find(&writer, id_list_memo::form::joined, huge));
    const auto ten = handles(0, 10);
    memo.remember(&writer, id_list_memo::form::joined, ten, std::string((256U << 10) + 1, 'x'));
    CHECK_FALSE(memo.find(&writer, id_list_memo::form::joined, ten));
}
