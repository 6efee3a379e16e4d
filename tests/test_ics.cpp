#include "spfgov/error.hpp"
#include "spfgov/ics.hpp"

#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace test_ics_cpp {  // one per file (tests/CMakeLists.txt: unity builds)

using spfgov::date;
using spfgov::ics_event;

namespace {

std::vector<std::string> physical_lines(const std::string& folded) {
    std::vector<std::string> out;
    std::size_t pos = 0;
    while (pos < folded.size()) {
        const auto crlf = folded.find("\r\n", pos);
        REQUIRE(crlf != std::string::npos);
        out.push_back(folded.substr(pos, crlf - pos));
        pos = crlf + 2;
    }
    return out;
}

std::string unfold(const std::string& folded) {
    std::string out;
    bool first = true;
    for (const auto& l : physical_lines(folded)) {
        if (first) {
            out += l;
            first = false;
        } else {
            REQUIRE(!l.empty());
            CHECK(l.front() == ' ');
            out += l.substr(1);
        }
    }
    return out;
}

// True when `s` holds only whole UTF-8 sequences.
bool whole_utf8(const std::string& s) {
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        const std::size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
        if (n == 0 || i + n > s.size()) return false;
        for (std::size_t k = 1; k < n; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
        i += n;
    }
    return true;
}

void check_folding(const std::string& line) {
    const std::string folded = spfgov::detail::ics_fold_line(line);
    for (const auto& l : physical_lines(folded)) {
        CHECK(l.size() <= 75);
        CHECK_MESSAGE(whole_utf8(l), l);
    }
    CHECK(unfold(folded) == line);
}

std::vector<ics_event> sample_events() {
    return {
        {spfgov::make_uid("Y60-spf|2026-03-10"), date(2026, 3, 10), "Midlands Regional SPF",
         "Papers due 2026-03-03.\nAgenda: ICS transition; workforce plan, pay", {"meeting", "R12"}},
        {spfgov::make_uid("Y60-spf|2026-03-03|papers"), date(2026, 3, 3),
         "Papers due: Midlands Regional SPF, meeting 10 March", "", {"papers"}},
        {"", date(2026, 12, 31), "Year-end review \xE2\x80\x94 \xC3\xA9t\xC3\xA9 \\ back; slash",
         std::string(90, 'x') + " \xF0\x9D\x84\x9E\xE2\x82\xAC", {}},
    };
}

} // namespace

TEST_CASE("folding: at most 75 octets, continuation starts with a space") {
    check_folding("");
    check_folding("SUMMARY:short");
    check_folding(std::string(75, 'a'));
    CHECK(spfgov::detail::ics_fold_line(std::string(75, 'a')) == std::string(75, 'a') + "\r\n");
    CHECK(spfgov::detail::ics_fold_line(std::string(76, 'a')) ==
          std::string(75, 'a') + "\r\n a\r\n");
    check_folding(std::string(500, 'b'));
    // 74 + 74 octets of content per continuation line.
    const auto lines = physical_lines(spfgov::detail::ics_fold_line(std::string(75 + 74 + 1, 'c')));
    REQUIRE(lines.size() == 3);
    CHECK(lines[1].size() == 75);
    CHECK(lines[2] == " c");
}

TEST_CASE("folding never splits a UTF-8 sequence") {
    const std::string e_acute = "\xC3\xA9";           // 2 octets
    const std::string euro = "\xE2\x82\xAC";          // 3 octets
    const std::string clef = "\xF0\x9D\x84\x9E";      // 4 octets
    for (std::size_t pad = 0; pad < 5; ++pad) {
        CAPTURE(pad);
        std::string two = "DESCRIPTION:" + std::string(pad, 'x');
        std::string three = two, four = two;
        for (int i = 0; i < 60; ++i) {
            two += e_acute;
            three += euro;
            four += clef;
        }
        check_folding(two);
        check_folding(three);
        check_folding(four);
    }
}

TEST_CASE("TEXT escaping") {
    using spfgov::detail::ics_escape_text;
    CHECK(ics_escape_text("plain text") == "plain text");
    CHECK(ics_escape_text("a\\b;c,d") == "a\\\\b\\;c\\,d");
    CHECK(ics_escape_text("one\ntwo\r\nthree\rfour") == "one\\ntwo\\nthree\\nfour");
    CHECK(ics_escape_text("tab\tkept") == "tab\tkept");
    CHECK(ics_escape_text(std::string("bell\x07 nul") + '\0' + "del\x7F") == "bell nuldel");
    CHECK(ics_escape_text("colon: and \"quotes\"") == "colon: and \"quotes\"");
    CHECK(ics_escape_text("\xC3\xA9t\xC3\xA9") == "\xC3\xA9t\xC3\xA9");
    // Invalid UTF-8 (a lone continuation, a truncated sequence, an overlong) -> U+FFFD.
    CHECK(ics_escape_text("a\x80z") == "a\xEF\xBF\xBDz");
    CHECK(ics_escape_text("a\xE2\x82") == "a\xEF\xBF\xBD\xEF\xBF\xBD");
    CHECK(ics_escape_text("\xC0\xAF") == "\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("to_ics: structure, CRLF, all-day dates, determinism") {
    const auto events = sample_events();
    const std::string ics = spfgov::to_ics(events, "Midlands; forums, 2026", date(2026, 1, 1));
    // CRLF only: every LF follows a CR and every CR precedes an LF.
    for (std::size_t i = 0; i < ics.size(); ++i) {
        if (ics[i] == '\n') CHECK((i > 0 && ics[i - 1] == '\r'));
        if (ics[i] == '\r') CHECK((i + 1 < ics.size() && ics[i + 1] == '\n'));
    }
    for (const auto& l : physical_lines(ics)) CHECK(l.size() <= 75);
    CHECK(ics.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//spfgov//spfgov//EN\r\n"
                    "CALSCALE:GREGORIAN\r\nX-WR-CALNAME:Midlands\\; forums\\, 2026\r\n",
                    0) == 0);
    CHECK(ics.size() >= 15);
    CHECK(ics.substr(ics.size() - 15) == "END:VCALENDAR\r\n");
    CHECK(ics.find("BEGIN:VEVENT\r\nUID:" + spfgov::make_uid("Y60-spf|2026-03-10") +
                   "\r\nDTSTAMP:20260101T000000Z\r\nSEQUENCE:3156480\r\nDTSTART;VALUE=DATE:20260310\r\n"
                   "DTEND;VALUE=DATE:20260311\r\nSUMMARY:Midlands Regional SPF\r\n") !=
          std::string::npos);
    std::string unfolded = ics; // RFC 5545 3.1: CRLF + space is removed on reading
    for (auto at = unfolded.find("\r\n "); at != std::string::npos; at = unfolded.find("\r\n ", at))
        unfolded.erase(at, 3);
    CHECK(unfolded.find("DESCRIPTION:Papers due 2026-03-03.\\nAgenda: ICS transition\\; workforce "
                   "plan\\, pay\r\n") != std::string::npos);
    CHECK(ics.find("CATEGORIES:meeting,R12\r\n") != std::string::npos);
    // Year end: DTEND is the next day, in the next year.
    CHECK(ics.find("DTSTART;VALUE=DATE:20261231\r\nDTEND;VALUE=DATE:20270101\r\n") !=
          std::string::npos);
    // No DESCRIPTION line for an empty description.
    std::size_t count = 0;
    for (auto at = ics.find("DESCRIPTION:"); at != std::string::npos; at = ics.find("DESCRIPTION:", at + 1))
        ++count;
    CHECK(count == 2);

    CHECK(spfgov::to_ics(events, "Midlands; forums, 2026", date(2026, 1, 1)) == ics);
    CHECK(spfgov::to_ics(events, "Midlands; forums, 2026", date(2026, 1, 2)) != ics);
    // RFC 5545 3.6: a calendar holds at least one component; no empty VCALENDAR.
    CHECK_THROWS_WITH_AS((void)spfgov::to_ics({}, "empty", date(2026, 1, 1)),
                         doctest::Contains("ics.empty_calendar: calendar \"empty\" has no events"), spfgov::date_error);

    const std::vector<ics_event> bad{{"x", date(boost::date_time::not_a_date_time), "s", "", {}}};
    CHECK_THROWS_AS((void)spfgov::to_ics(bad, "n", date(2026, 1, 1)), spfgov::date_error);
    CHECK_THROWS_AS((void)spfgov::to_ics(events, "n", date(boost::date_time::pos_infin)),
                    spfgov::date_error);
}

TEST_CASE("DTSTAMP and SEQUENCE: a later stamp is a later revision") {
    using spfgov::ics_stamp;
    // SEQUENCE: whole minutes since 2020-01-01T00:00:00Z, 0 before.
    CHECK(ics_stamp::at(date(2020, 1, 1)).sequence == 0);
    CHECK(ics_stamp::at(date(2019, 6, 1)).sequence == 0);
    CHECK(ics_stamp::at(date(2020, 1, 2)).sequence == 1440);
    CHECK(ics_stamp::at(date(2026, 1, 1)) == ics_stamp{1767225600, 3156480});
    CHECK(ics_stamp::at(std::int64_t{1767225600 + 59}).sequence == 3156480);
    CHECK(ics_stamp::at(std::int64_t{1767225600 + 60}).sequence == 3156481);
    // The largest SEQUENCE fits an INTEGER (RFC 5545 3.3.8: a signed 32-bit value).
    CHECK(ics_stamp::at(std::int64_t{253402300799}).sequence == 2147483647);
    CHECK_THROWS_AS((void)ics_stamp::at(std::int64_t{253402300800}), spfgov::date_error);

    CHECK(spfgov::parse_ics_stamp("2026-11-22T09:30:15Z") == ics_stamp::at(std::int64_t{1795339815}));
    CHECK(spfgov::parse_ics_stamp("20261122T093015Z") == ics_stamp::at(std::int64_t{1795339815}));
    CHECK(spfgov::parse_ics_stamp("2026-11-22") == ics_stamp::at(date(2026, 11, 22)));
    for (const char* bad : {"", "2026-11-22T09:30:15", "2026-11-22T24:00:00Z", "2026-02-30T09:00:00Z",
                            "20261122T0930Z", "2026-11-22 09:30:15Z", "20261122T09a015Z", "1969-12-31"})
        CHECK_THROWS_WITH_AS((void)spfgov::parse_ics_stamp(bad), doctest::Contains("ics.bad_stamp"), spfgov::date_error);

    const auto events = sample_events();
    const std::string later = spfgov::to_ics(events, "n", spfgov::parse_ics_stamp("2026-11-22T09:30:15Z"));
    CHECK(later.find("\r\nDTSTAMP:20261122T093015Z\r\nSEQUENCE:3625050\r\n") != std::string::npos);
    CHECK_THROWS_WITH_AS((void)spfgov::to_ics(events, "n", ics_stamp{0, -1}), doctest::Contains("ics.bad_stamp"),
                         spfgov::date_error);
}

TEST_CASE("series, overridden instances and reminders") {
    std::vector<ics_event> events(3);
    events[0] = {.uid = "series@x", .day = date(2026, 1, 13), .summary = "Forum", .rrule = "FREQ=MONTHLY;BYDAY=2TU"};
    events[1] = {.uid = "series@x", .day = date(2026, 4, 15), .summary = "Forum, moved",
                 .recurrence_id = date(2026, 4, 14)};
    events[2] = {.uid = "papers@x", .day = date(2026, 4, 7), .summary = "Papers",
                 .alarm = spfgov::ics_alarm{.days_before = spfgov::calendar_days{2}}};
    const std::string ics = spfgov::to_ics(events, "n", date(2026, 1, 1));
    CHECK(ics.find("DTSTART;VALUE=DATE:20260113\r\nDTEND;VALUE=DATE:20260114\r\nRRULE:FREQ=MONTHLY;BYDAY=2TU\r\n"
                   "SUMMARY:Forum\r\n") != std::string::npos);
    CHECK(ics.find("DTSTART;VALUE=DATE:20260415\r\nDTEND;VALUE=DATE:20260416\r\n"
                   "RECURRENCE-ID;VALUE=DATE:20260414\r\nSUMMARY:Forum\\, moved\r\n") != std::string::npos);
    // The alarm's text defaults to the summary.
    CHECK(ics.find("SUMMARY:Papers\r\nBEGIN:VALARM\r\nACTION:DISPLAY\r\nTRIGGER:-P2D\r\nDESCRIPTION:Papers\r\n"
                   "END:VALARM\r\nEND:VEVENT\r\n") != std::string::npos);
    events[2].alarm = spfgov::ics_alarm{.days_before = spfgov::calendar_days{0}, .description = "Now"};
    CHECK(spfgov::to_ics(events, "n", date(2026, 1, 1)).find("TRIGGER:PT0S\r\nDESCRIPTION:Now\r\n") !=
          std::string::npos);
    events[2].alarm = spfgov::ics_alarm{.days_before = spfgov::calendar_days{366}};
    CHECK_THROWS_WITH_AS((void)spfgov::to_ics(events, "n", date(2026, 1, 1)), doctest::Contains("ics.bad_alarm"),
                         spfgov::date_error);
}

TEST_CASE("stable UIDs") {
    // FNV-1a 64-bit reference values.
    CHECK(spfgov::make_uid("") == "cbf29ce484222325@spfgov");
    CHECK(spfgov::make_uid("a") == "af63dc4c8601ec8c@spfgov");
    CHECK(spfgov::make_uid("foobar") == "85944171f73967e8@spfgov");
    CHECK(spfgov::make_uid("Y60-spf|2026-03-10") == spfgov::make_uid("Y60-spf|2026-03-10"));
    CHECK(spfgov::make_uid("Y60-spf|2026-03-10") != spfgov::make_uid("Y60-spf|2026-05-12"));
    // An event without a UID gets one from its date and summary, the same every export.
    const std::vector<ics_event> e{{"", date(2026, 5, 12), "Forum", "", {}}};
    const auto ics = spfgov::to_ics(e, "n", date(2026, 1, 1));
    CHECK(ics.find("UID:" + spfgov::make_uid("2026-05-12\nForum") + "\r\n") != std::string::npos);
}

TEST_CASE("an independent parser (Python icalendar) reads the file back") {
    const std::string python = "/usr/bin/python3";
    const std::string script = std::string(SPFGOV_SOURCE_DIR) + "/tests/ics_check.py";
    REQUIRE_MESSAGE(std::filesystem::exists(python), python << " is missing: it is needed to check .ics output");
    REQUIRE(std::filesystem::exists(script));

    const auto events = sample_events();
    std::random_device rd;
    const auto path = std::filesystem::temp_directory_path() /
                      ("spfgov_test_ics_" + std::to_string(rd()) + "_" + std::to_string(rd()) + ".ics");
    {
        std::ofstream out(path, std::ios::binary);
        out << spfgov::to_ics(events, "Midlands; forums, 2026", date(2026, 1, 1));
        REQUIRE(out.good());
    }
    auto quote = [](const std::string& s) {
        std::string q = "'";
        for (char c : s) q += c == '\'' ? std::string("'\\''") : std::string(1, c);
        return q + "'";
    };
    auto run = [&](const std::string& extra, std::string& output) {
        const std::string command =
            quote(python) + " " + quote(script) + " " + quote(path.string()) + extra + " 2>&1";
        int status = -1;
        if (FILE* pipe = popen(command.c_str(), "r")) {
            char buf[4096];
            std::size_t n = 0;
            while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) output.append(buf, n);
            status = pclose(pipe);
        }
        return status;
    };
    std::string brief, full;
    const int brief_status = run("", brief);
    const int full_status = run(" --full", full);
    std::filesystem::remove(path);
    // A missing icalendar module is a failure, not a skip: the check must run.
    REQUIRE_MESSAGE(brief_status == 0, "ics_check.py failed (status " << brief_status << "):\n" << brief);
    REQUIRE_MESSAGE(full_status == 0, "ics_check.py --full failed (status " << full_status << "):\n" << full);

    auto show = [](const std::string& s) {
        std::string out;
        for (char c : s)
            out += c == '\\' ? std::string("\\\\") : c == '\n' ? std::string("\\n") : std::string(1, c);
        return out;
    };
    std::string expected_brief, expected_full;
    for (const auto& e : events) {
        const std::string uid =
            e.uid.empty() ? spfgov::make_uid(spfgov::to_iso(e.day) + "\n" + e.summary) : e.uid;
        std::string cats;
        for (const auto& c : e.categories) cats += (cats.empty() ? "" : ",") + show(c);
        const std::string line = spfgov::to_iso(e.day) + "|" + show(e.summary) + "|" + show(uid);
        expected_brief += line + "\n";
        expected_full += line + "|" + show(e.description) + "|" + cats + "\n";
    }
    CHECK(brief == expected_brief);
    CHECK(full == expected_full);
}

} // namespace test_ics_cpp
