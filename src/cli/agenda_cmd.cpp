// spfgov agenda: each body's forward plan from a batch of issues (docs/agenda.md).
#include "cli.hpp"

#include "spfgov/agenda.hpp"
#include "spfgov/batch.hpp"
#include "spfgov/error.hpp"
#include "spfgov/route.hpp"

#include "../detail_text.hpp"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <functional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace spfgov::cli {

namespace {

/// Issue ids the agenda keeps that more than one line gives. Each line is
/// listed as its own proposal, but a reader counting issues by id, or the
/// calendar (one event for each of an id's statutory deadlines: the
/// earlier date), treats them as one, so the command says so, as the
/// Python frames' RepeatedIdWarning does. Only ids on the agenda are
/// remembered, by a 64-bit hash and a line number (about 40 bytes an
/// issue, beside the agenda's own): two ids sharing a hash (for 300,000
/// issues, odds of about 1 in 400 million) would be said as one repeated.
class repeated_ids {
    /// `id` as a JSON string: an id holding a quote cannot forge the sentence.
    /// (nlohmann/json: the library's own quoting is not exported from a
    /// shared libspfgov.)
    static std::string json_quoted(const std::string& id) {
        return nlohmann::json(id).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    }

public:
    void add(std::string_view id, std::size_t line) {
        auto [at, first] = first_line_.try_emplace(std::hash<std::string_view>{}(id), line);
        if (first) return;
        if (at->second != already_said) {
            ++count_;
            if (count_ == 1) {
                example_id_ = id;
                example_lines_ = {at->second};
            }
            at->second = already_said;
        }
        if (example_id_ == id && example_lines_.size() < most_lines_said + 1) example_lines_.push_back(line);
    }
    /// One sentence, or nothing when every id came once.
    [[nodiscard]] std::vector<std::string> notes() const {
        if (count_ == 0) return {};
        std::vector<std::string> lines;  // "1, 11 and 12"; past ten, "1, 2, ... 10 and more"
        for (std::size_t k = 0; k < std::min(example_lines_.size(), most_lines_said); ++k)
            lines.push_back(std::to_string(example_lines_[k]));
        if (example_lines_.size() > most_lines_said) lines.emplace_back("more");
        return {(count_ == 1 ? std::string("1 issue id on the agenda is")
                             : std::to_string(count_) + " issue ids on the agenda are") +
                " given on more than one line (" + (count_ == 1 ? "" : "the first: ") + json_quoted(example_id_) +
                " on lines " + detail::text::join_as_list(lines) + "): each line is listed as its own proposal, so counting issues by id counts them once, and "
                        "the calendar keeps one event for each of an id's statutory deadlines (the earlier date)"};
    }

private:
    static constexpr std::size_t already_said = 0;  // line numbers start at 1
    static constexpr std::size_t most_lines_said = 10;
    std::unordered_map<std::size_t, std::size_t> first_line_;  // id's hash -> its first line, or already_said
    std::size_t count_ = 0;
    std::string example_id_;
    std::vector<std::size_t> example_lines_;
};

} // namespace

int run_agenda(const agenda_options& o) {
    if (!o.dtstamp.empty() && o.format != "ics")
        throw usage_error("agenda: --dtstamp sets the calendar's DTSTAMP; it needs --format ics");
    spfgov::agenda_options options;
    options.body = o.body;
    options.keep_deadlines = o.format == "ics";  // only the calendar lists them: the rest save their memory
    if (!o.from.empty()) options.from = parse_iso_date(o.from);
    if (!o.to.empty()) options.to = parse_iso_date(o.to);
    if (options.from && options.to && *options.to < *options.from)
        throw usage_error("agenda: --to " + o.to + " is before --from " + o.from);
    const auto as_of = parse_as_of(o.as_of);
    const ics_stamp stamp = o.format == "ics" ? calendar_stamp(o.dtstamp) : ics_stamp{};

    const routing_policy policy = load_policy(o.policy);  // before any output: exit 1, stdout empty
    options.papers_days = policy.parameters.papers_days;
    const graph_source g = load_graph(o.graphs);
    require_valid(g, "agenda");
    if (!o.body.empty() && !g.graph->find(o.body)) {
        print_error("agenda: --body " + o.body + ": no body has this id in " + g.name +
                    nearest_id_hint(*g.graph, o.body));
        return exit_failure;
    }
    if (!o.body.empty()) {
        // An employer has no agenda: its JNCCs do (a user asked for RRK and
        // read "No issue reaches any body").
        const body_handle b = *g.graph->find(o.body);
        if ((*g.graph)[b].kind == body_kind::employer) {
            std::vector<std::string> ids;
            for (const auto l : g.graph->in_links(b))
                if (const body_handle from = g.graph->source(l); (*g.graph)[from].kind == body_kind::jncc)
                    ids.push_back(g.graph->id(from));
            std::sort(ids.begin(), ids.end());
            ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
            std::string jnccs;
            for (const auto& id : ids) jnccs += (jnccs.empty() ? "" : ", ") + id;
            print_note("agenda: --body " + o.body + " is an employer, and employers have no meetings: issues reach " +
                       (jnccs.empty() ? std::string("its JNCCs") : "its JNCCs (" + jnccs + ")") +
                       "; give one of them to --body");
        }
    }
    const router rt(*g.graph, policy);
    warn_idle_rules(policy, *g.graph, o.policy);
    // Each route is added to the agenda and dropped: memory grows with the
    // agenda's items, not with the routes.
    agenda_builder agenda(*g.graph, options);
    earlier_window_check combined(rt, as_of);
    // One body's plan: only the windows of the issues that reach it.
    if (!o.body.empty()) combined.only_reaching(*g.graph, g.graph->at(o.body));

    // Every issue is routed; a line that cannot be is reported on stderr and
    // left out, and the command ends with status 1 after writing the rest.
    const std::string name = o.issues_file == "-" ? std::string("<stdin>") : o.issues_file;
    route r;
    std::size_t failed = 0;
    repeated_ids repeats;
    // Each message names the code, file and line (and column) itself; a
    // reading error does not name the issue.
    auto fail_line = [&](const std::optional<std::string>& id, std::size_t, std::string_view message) {
        ++failed;
        if (id && message.find("issue \"" + *id + "\"") == std::string_view::npos)
            print_error(std::string(message) + " (issue \"" + *id + "\")");
        else
            print_error(message);
    };
    const std::size_t lines = read_issue_batch(
        o.issues_file,
        [&](issue& i, std::size_t line_no, std::string_view text, const std::vector<std::string>&) {
            try {
                rt.route_into(i, r, as_of);
            } catch (const error& e) {
                fail_line(i.id, line_no, batch_line_message(e, name, line_no, text));
                return;
            }
            const std::size_t items_before = agenda.item_count();
            agenda.add(r);
            if (agenda.item_count() > items_before) repeats.add(i.id, line_no);
            combined.add(i, r, line_no);
        },
        fail_line);

    const agenda_format format = o.format == "csv"    ? agenda_format::csv
                                 : o.format == "html" ? agenda_format::html
                                 : o.format == "ics"  ? agenda_format::ics
                                                      : agenda_format::text;
    const std::string title = o.body.empty() ? std::string("Forward plan") : "Forward plan: " + o.body;
    // Said on stderr and, on the text and HTML pages, at their top (with the
    // policy, when one was given): a printed plan keeps them.
    page_notes notes{o.policy.empty() ? nullptr : &policy, earlier_window_notes(combined)};
    for (auto& note : repeats.notes()) notes.batch_warnings.push_back(std::move(note));
    if (format != agenda_format::ics) {
        write_agenda(agenda, format, write_stdout, title, {}, notes);
    } else {
        try {
            write_agenda(agenda, format, write_stdout, title, stamp);
        } catch (const error& e) {
            // ics.empty_calendar, thrown before anything is written.
            print_error(name + ": " + e.what());
            return exit_failure;
        }
    }
    warn_about_batch(notes.batch_warnings, name);
    if (failed > 0) {
        note_if_not_json_lines(name, failed, lines);
        print_error(name + ": " + std::to_string(failed) + " of " + std::to_string(lines) +
                    (lines == 1 ? " line" : " lines") + " could not be routed and " +
                    (failed == 1 ? "is" : "are") + " not on the agenda");
        return exit_failure;
    }
    return exit_ok;
}

} // namespace spfgov::cli
