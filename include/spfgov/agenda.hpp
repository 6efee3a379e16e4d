// Each body's forward plan: the issues of a batch that reach it, in which
// role, at which meeting, with the papers deadline and the statutory date
// that meeting must come before (what `spfgov agenda` prints; docs/agenda.md).
#pragma once
#include "spfgov/export_macro.hpp"
#include "spfgov/flat.hpp"

#include "spfgov/graph.hpp"
#include "spfgov/ics.hpp"
#include "spfgov/page_notes.hpp"
#include "spfgov/route.hpp"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace spfgov {

/// A role a body has in a route, in the order agendas list them.
enum class agenda_role : std::uint8_t { lead, negotiate, consult, engage, inform };
[[nodiscard]] SPFGOV_API std::string_view to_string(agenda_role r) noexcept;

/// One issue on one body's agenda.
struct agenda_item {
    std::string issue{}; ///< the issue's id
    std::string title{}; ///< the issue's title (may be empty)
    issue_kind kind = issue_kind::restructure;
    date raised{};                    ///< the route's as-of date
    /// The issue's own date: `raised`, unless the batch was routed as of
    /// another date (--as-of).
    date issue_date{};
    std::vector<agenda_role> roles{}; ///< every role the body has in the route, in agenda_role order
    /// The meeting it goes to (R12: the body's first meeting whose papers
    /// deadline is on or after `raised`); unset when the body has no usable
    /// meeting rule, or the rule has ended.
    std::optional<meeting> next{};
    /// The statutory deadline (R10) the meeting should come before, and
    /// whether it was already past on `raised` (the as-of date): for a jncc,
    /// its own employer's earliest (none when that employer has no
    /// statutory minimum); for any other body, the route's earliest.
    std::optional<date> statutory{};
    bool statutory_late = false;
    /// The issue's statutory deadlines (R10), as its route gives them, one
    /// list shared by all the issue's items (and by no other issue's); null
    /// when it has none or the agenda was made without them
    /// (agenda_options::keep_deadlines). A
    /// jncc is bound by its own employer's among them (as `statutory`), any
    /// other body by all: agenda_events puts each binding one in the
    /// calendar once.
    std::shared_ptr<const std::vector<deadline>> deadlines{};
    /// The meeting falls after `statutory`: too late to consult there first.
    [[nodiscard]] bool meeting_after_statutory() const noexcept {
        return next && statutory && next->date > *statutory;
    }
    /// The date the item is filed under: the meeting's, else `raised`.
    [[nodiscard]] date when() const noexcept { return next ? next->date : raised; }
};

/// A body and its items, sorted by when() and then issue id.
struct agenda_body {
    body_handle body{};
    std::vector<agenda_item> items{};
};

struct agenda_options {
    std::string body{};        ///< only this body (its id); empty: every body reached
    std::optional<date> from{}; ///< only items whose when() is on or after this date
    std::optional<date> to{};  ///< ... and on or before this one
    working_days papers_days{5}; ///< R12 default for bodies whose rule gives none (the policy's)
    /// Keep each issue's statutory deadlines for the calendar
    /// (agenda_item::deadlines). A plan written as text, CSV or HTML needs
    /// only each item's `statutory` date: false saves their memory, and
    /// its calendar (agenda_events, agenda_ics, write_agenda's ics) then
    /// has no statutory-deadline events.
    bool keep_deadlines = true;
};

/// The agendas of the bodies the routes reach (lead, negotiate, consult,
/// engage or inform; not the escalation ladder, which an issue reaches only
/// if it escalates), sorted by body id; bodies with no item left after the
/// date filter are left out. For a leading or engaged body the meeting is
/// the route's own (R12); for the others it is computed the same way from
/// the body's meeting rule. Throws `graph_error` ("unknown_id") when
/// `options.body` names no body of `g`.
[[nodiscard]] SPFGOV_API std::vector<agenda_body> make_agenda(std::span<const route> routes, const governance_graph& g,
                                                   const agenda_options& options = {});

/// Collects the agendas of a batch one route at a time, keeping only what an
/// agenda lists: each issue's id, title, kind and dates once (with its
/// statutory deadlines, for a calendar, unless agenda_options says not), and
/// a few bytes per body and issue. The routes themselves can be dropped as they are
/// added, so a long batch never has to be held routed in memory (what
/// `spfgov agenda` does). make_agenda is add() of every route, then take().
/// A moved-from builder is empty (drain() gives nothing) and add() on it
/// throws `std::logic_error`; so do add() and drain() from inside drain()'s
/// callback.
class SPFGOV_API agenda_builder {
public:
    /// Throws `graph_error` ("unknown_id") when `options.body` names no body of `g`.
    explicit agenda_builder(const governance_graph& g, agenda_options options = {});
    /// The builder keeps a reference to the graph: not to a temporary one.
    explicit agenda_builder(const governance_graph&& g, agenda_options options = {}) = delete;
    agenda_builder(agenda_builder&&) noexcept;
    agenda_builder& operator=(agenda_builder&&) noexcept;
    ~agenda_builder();

    /// The graph the routes are made on.
    [[nodiscard]] const governance_graph& graph() const noexcept;
    /// Adds the items of one route (made on the builder's graph). If it
    /// throws, nothing of the route is kept.
    void add(const route& r);
    /// Items collected so far (one per body and issue, after the filters).
    [[nodiscard]] std::size_t item_count() const noexcept;
    /// Bodies with at least one item so far.
    [[nodiscard]] std::size_t body_count() const noexcept;

    /// Calls `each` with every body's agenda, sorted as make_agenda sorts
    /// them, building one body at a time and releasing it (and its items)
    /// after the call. The builder is empty afterwards; if `each` throws,
    /// the bodies it was not given yet stay.
    void drain(const std::function<void(const agenda_body&)>& each);
    /// Every body's agenda at once (what make_agenda returns); the builder is
    /// empty afterwards.
    [[nodiscard]] std::vector<agenda_body> take();

private:
    struct state;
    const governance_graph* graph_;
    std::unique_ptr<state> state_;
};

/// The formats write_agenda writes.
enum class agenda_format : std::uint8_t { text, csv, html, ics };

/// Writes the agenda `builder` has collected in `format`, byte for byte what
/// agenda_text, agenda_csv, agenda_html (with `title`) or agenda_ics (with
/// `stamp`) give for make_agenda of the same routes, but a body at a time:
/// `write` is called with pieces of at most about 1 MiB beyond one body's
/// text, so memory stays near the builder's own. For ics, which needs every
/// event first, throws `date_error` ("ics.empty_calendar") before any
/// `write` when no item has a meeting or a statutory deadline. The builder is empty afterwards.
/// Throws `std::invalid_argument` for a value that names no format.
/// For text and html, `notes` (the policy, the warnings about the batch as
/// a whole) head the page as agenda_text and agenda_html with notes give
/// them; csv and ics have no place for them.
SPFGOV_API void write_agenda(agenda_builder& builder, agenda_format format,
                             const std::function<void(std::string_view)>& write,
                             std::string_view title = "Forward plan", const ics_stamp& stamp = {},
                             const page_notes& notes = {});

/// A plain-text forward plan for people: per body, its items grouped by
/// meeting (then those with no meeting known). Deterministic; "No issue
/// reaches ..." when empty.
[[nodiscard]] SPFGOV_API std::string agenda_text(std::span<const agenda_body> agenda, const governance_graph& g);
/// agenda_text headed by `notes`, then an empty line: "Policy: " and the
/// policy's summary (policy_summary, report.hpp), with statutory_table_gap's
/// sentence indented below it when there is one (items then show no
/// statutory date, and the page says why); after an empty line, "Warnings
/// about the batch:" and each warning as "  - " and its text. The head is
/// wrapped at 78 bytes (a UTF-8 name's characters count by their bytes; a
/// word longer than a line is not broken). Empty notes: agenda_text's page,
/// byte for byte.
[[nodiscard]] SPFGOV_API std::string agenda_text(std::span<const agenda_body> agenda, const governance_graph& g,
                                                 const page_notes& notes);

/// CSV (RFC 4180: a header line, CRLF line ends, fields quoted when needed),
/// one row per body and issue: body, body_name, meeting, papers_due,
/// moved_from, issue, title, kind, roles (";"-separated), statutory_date,
/// statutory_late, meeting_after_statutory (true/false). Empty dates are
/// empty fields. Text that a spreadsheet would run as a formula (starting
/// with =, +, -, @, tab or CR) is prefixed with an apostrophe.
[[nodiscard]] SPFGOV_API std::string agenda_csv(std::span<const agenda_body> agenda, const governance_graph& g);

/// The columns of the one-row-per-(body, issue) agenda table, in order: the
/// CSV's (agenda_csv, `spfgov agenda --format csv`) and the Python module's
/// `agenda_frame`.
[[nodiscard]] SPFGOV_API std::span<const flat_column> agenda_columns() noexcept;
/// A body's agenda as rows of agenda_columns(), one per item, in order:
/// dates as YYYY-MM-DD or missing, `roles` joined by flat_id_separator.
[[nodiscard]] SPFGOV_API std::vector<flat_row> agenda_rows(const agenda_body& a, const governance_graph& g);

/// One self-contained HTML page (no script, no network, printable): a
/// heading per body and a table of its items (meeting, papers due, issue,
/// title, kind, roles, statutory date, a note when the meeting comes after
/// it), with column headers and a caption a screen reader announces. Text is
/// HTML-escaped. `title` heads the page.
[[nodiscard]] SPFGOV_API std::string agenda_html(std::span<const agenda_body> agenda, const governance_graph& g,
                                      std::string_view title = "Forward plan");
/// agenda_html with `notes` after the title, before the bodies (a printed
/// plan keeps what stderr said): the policy's summary and its table gap
/// (as agenda_text with notes), then a section "Warnings about the batch".
[[nodiscard]] SPFGOV_API std::string agenda_html(std::span<const agenda_body> agenda, const governance_graph& g,
                                                 std::string_view title, const page_notes& notes);

/// The agenda as calendar events: for each body and meeting, one event on
/// the meeting day listing its issues and one on the papers deadline (with a
/// reminder), both with UIDs from the body id, "agenda" and the scheduled
/// meeting date, which do not change when issues are added; after them,
/// each statutory deadline of their items (agenda_item::deadlines, with a
/// reminder) not given already, as the issue's route calendar gives it, UID
/// included (route_events), so importing both keeps one copy. Items without
/// a meeting give their deadlines only. An issue id given twice with
/// different deadlines (two lines of a batch) gives one event a UID: the
/// earlier date, its description saying so.
[[nodiscard]] SPFGOV_API std::vector<ics_event> agenda_events(std::span<const agenda_body> agenda, const governance_graph& g);

/// agenda_events as an iCalendar file. Throws `date_error`
/// ("ics.empty_calendar") when no item has a meeting or a statutory deadline.
[[nodiscard]] SPFGOV_API std::string agenda_ics(std::span<const agenda_body> agenda, const governance_graph& g,
                                     const ics_stamp& stamp);

} // namespace spfgov
