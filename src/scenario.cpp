// Scenario files (formats.md "Scenario file"; docs/scenarios.md): each case
// routes an issue and compares the route, written as formats.md JSON, with
// the fields the case expects.
#include "spfgov/scenario.hpp"

#include "detail_dates.hpp"
#include "detail_files.hpp"
#include "detail_json.hpp"
#include "detail_location.hpp"
#include "detail_nearest.hpp"
#include "detail_yaml_marks.hpp"

#include "spfgov/error_codes.hpp"
#include "spfgov/io.hpp"
#include "spfgov/policy_file.hpp"
#include "spfgov/route.hpp"
#include "spfgov/text.hpp"
#include "spfgov/validate.hpp"

#include <nlohmann/json.hpp>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <span>

namespace spfgov {

std::size_t scenario_file_result::passed() const noexcept {
    return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [](const auto& c) { return c.passed; }));
}
std::size_t scenario_file_result::failed() const noexcept { return cases.size() - passed(); }
std::size_t scenario_file_result::unreadable() const noexcept {
    return static_cast<std::size_t>(std::count_if(cases.begin(), cases.end(), [](const auto& c) { return c.read_error.has_value(); }));
}

std::string scenario_line(const scenario_case_result& r) {
    // Names and messages come from the file: nothing in them may act on the
    // terminal the line is printed to (printable, as every other output).
    if (r.passed) return printable("PASS " + r.name);
    // formats.md's `FIELD: expected X, got Y` with X and Y as JSON, so that
    // a parser reading each X and Y as a JSON value reads this one too.
    if (r.read_error)
        return printable("FAIL " + r.name + ": case: expected \"a case spfgov can read\", got " +
                         detail::json::json_string(*r.read_error));
    std::string out = "FAIL " + r.name + ": ";
    for (std::size_t i = 0; i < r.differences.size(); ++i) {
        const auto& d = r.differences[i];
        if (i) out += "; ";
        out += d.field + ": expected " + d.expected + ", got " + d.got;
    }
    if (!r.error_message.empty()) out += " (" + r.error_message + ")";
    for (std::size_t i = 0; i < r.route_warnings.size(); ++i)
        out += (i ? "; " : " (the route warns: ") + r.route_warnings[i] + (i + 1 == r.route_warnings.size() ? ")" : "");
    return printable(out);
}

namespace {

using json = nlohmann::json;

/// The fields `expect` may give: the route's own, and three of the file's.
constexpr std::string_view route_fields[] = {"issue",  "as_of",    "scope",    "lead",     "lead_union",
                                             "negotiate", "consult", "engage",   "inform",   "escalation",
                                             "deadlines", "meetings", "rationale", "warnings"};
constexpr std::string_view extra_fields[] = {"warnings_contain", "rules", "error"};

constexpr std::size_t max_nodes = 100000;  // per converted value: aliases cannot blow up

bool plain(const YAML::Node& n) { return n.Tag() == "?"; }
bool yaml_null(const YAML::Node& n) {
    if (n.IsNull()) return true;
    if (!n.IsScalar() || !plain(n)) return false;
    const auto& s = n.Scalar();
    return s == "~" || s == "null" || s == "Null" || s == "NULL";
}
/// "expected a date YYYY-MM-DD that exists, got "2027-02-30"": the value
/// echoed, as the issue and policy readers do.
std::string bad_date_message(const YAML::Node& v) {
    std::string out = "expected a date YYYY-MM-DD ";
    out += detail::iso_date_expected(v.IsScalar() ? std::string_view(v.Scalar()) : std::string_view());
    if (v.IsScalar()) {
        out += ", got \"";
        append_printable(out, v.Scalar().substr(0, 64));
        out += '"';
        out += detail::iso_date_hint(v.Scalar());
    }
    return out;
}
std::optional<bool> yaml_bool(const std::string& s) {
    if (s == "true" || s == "True" || s == "TRUE") return true;
    if (s == "false" || s == "False" || s == "FALSE") return false;
    return std::nullopt;
}
std::optional<std::int64_t> yaml_int(const std::string& s) {
    std::int64_t v = 0;
    const char* b = s.data();
    const char* e = s.data() + s.size();
    if (b != e && *b == '+') ++b;
    const auto [end, ec] = std::from_chars(b, e, v);
    if (ec != std::errc{} || end != e || b == e) return std::nullopt;
    return v;
}

/// A YAML value as JSON. Plain scalars are typed as YAML 1.2's core schema
/// does (null, booleans, integers), except where `hint` (the route's value
/// at the same place) says a string is wanted; quoted scalars are strings.
json to_json(const YAML::Node& n, const json* hint, std::size_t& budget) {
    if (budget == 0) throw std::length_error("value too large (more than 100,000 items, counting aliases)");
    --budget;
    if (yaml_null(n)) return nullptr;
    if (n.IsScalar()) {
        const std::string& s = n.Scalar();
        if (!plain(n) || (hint && hint->is_string())) return s;
        if (auto b = yaml_bool(s)) return *b;
        if (auto i = yaml_int(s)) return *i;
        return s;
    }
    if (n.IsSequence()) {
        json out = json::array();
        for (std::size_t i = 0; i < n.size(); ++i) {
            const json* h = hint && hint->is_array() && i < hint->size() ? &(*hint)[i] : nullptr;
            out.push_back(to_json(n[i], h, budget));
        }
        return out;
    }
    json out = json::object();
    for (auto it = n.begin(); it != n.end(); ++it) {
        const std::string key = it->first.IsScalar() ? it->first.Scalar() : std::string("?");
        const json* h = nullptr;
        if (hint && hint->is_object()) {
            auto f = hint->find(key);
            if (f != hint->end()) h = &*f;
        }
        out[key] = to_json(it->second, h, budget);
    }
    return out;
}

/// What the issue format takes as text at each place of a case's issue:
/// a plain `id: 0123` or `affected: [5001]` is the text written ("0123"),
/// not the number YAML's core schema would read (123, and a wrong_type
/// error naming a number the author never wrote).
json issue_text_hint(const YAML::Node& issue) {
    json hint = {{"id", ""}, {"title", ""}, {"kind", ""}, {"origin", ""}};
    if (!issue.IsMap()) return hint;
    for (const char* list : {"affected", "staff_groups"})
        if (const YAML::Node items = issue[list]; items.IsDefined() && items.IsSequence())
            hint[list] = json::array_t(std::min<std::size_t>(items.size(), max_nodes), json(""));
    return hint;
}

struct scenario_case {
    std::string name;
    std::optional<YAML::Node> issue;
    std::optional<date> as_of;
    std::optional<YAML::Node> expect;
    YAML::Mark mark;
    std::optional<std::string> read_error;  ///< the case cannot be read: it fails without running
    error_location read_error_at;
};

/// Reads the file's structure; throws scenario_error naming file, line, column, key path.
class scenario_reader {
public:
    scenario_reader(std::string_view file, std::string_view text) : marks_(file, text) {}

    [[noreturn]] void fail(const std::string& code, const YAML::Mark& m, const std::string& path,
                           const std::string& what) const {
        throw scenario_error(code, marks_.where(m) + ": " + (path.empty() ? "(top level)" : path) + ": " + what,
                             marks_.location(m, path));
    }
    [[nodiscard]] const detail::yaml_marks& marks() const noexcept { return marks_; }
    [[nodiscard]] const std::string& file() const noexcept { return marks_.file(); }

    template <class F>
    void each_key(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> allowed,
                  F&& f) const {
        each_key(node, path, std::span<const std::string_view>(allowed.begin(), allowed.size()), std::forward<F>(f));
    }

    /// Calls `f(key, value, path)` for each key of the mapping `node`,
    /// refusing duplicate keys and keys not in `allowed` (empty: any key),
    /// at the key's own line and column; `noun` names what a key is.
    template <class F>
    void each_key(const YAML::Node& node, const std::string& path, std::span<const std::string_view> allowed,
                  F&& f, std::string_view noun = "key") const {
        if (!node.IsMap()) fail("scenario.bad_value", node.Mark(), path, "expected a mapping (key: value ...)");
        std::set<std::string> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
            if (!it->first.IsScalar()) fail("scenario.bad_value", it->first.Mark(), path, "expected a plain key");
            const std::string k = it->first.Scalar();
            const std::string kp = detail::join_key_path(path, k);
            if (!seen.insert(k).second) fail("scenario.duplicate_key", it->first.Mark(), kp, "this key is given twice");
            if (allowed.size() && std::find(allowed.begin(), allowed.end(), k) == allowed.end())
                fail("scenario.unknown_key", it->first.Mark(), kp, detail::unknown_key_expected(noun, k, allowed));
            f(k, it->second, kp);
        }
    }

    detail::yaml_marks marks_;
};

/// A scalar that must be one word of a vocabulary (a scope, a deadline's
/// kind): a misspelling would make the case compare with nothing that can
/// ever come, and fail for the wrong reason.
/// A null or a list is refused too: a route's scope and a deadline's kind
/// are always one word.
void check_spelling(const scenario_reader& reader, const YAML::Node& v, const std::string& path, std::string_view what,
                    std::span<const std::string_view> words) {
    if (!v.IsScalar() || yaml_null(v)) {
        std::string expected;
        for (const auto word : words) expected += (expected.empty() ? "" : ", ") + std::string(word);
        reader.fail("scenario.bad_value", v.Mark(), path,
                    "expected one " + std::string(what) + " (" + expected + "), got " +
                        (v.IsSequence() ? "a list" : v.IsMap() ? "a mapping" : "null") + "; a route always has one");
    }
    if (std::find(words.begin(), words.end(), v.Scalar()) != words.end()) return;
    reader.fail("scenario.bad_value", v.Mark(), path, detail::unknown_key_expected(what, v.Scalar(), words));
}

// ------------------------------------------------------------------ graphs

/// Loads a graph given as layers, the first the base and each later one an
/// overlay (formats.md "Overlays"); `england` and `england-gp` name the
/// built-in graphs.
std::shared_ptr<const governance_graph> load_graph_layers(const std::vector<std::string>& layers,
                                                          const std::filesystem::path& base_dir,
                                                          const scenario_reader& reader, const YAML::Mark& at) {
    // One built-in graph is shared, not copied.
    if (layers.size() == 1)
        if (const governance_graph* built_in = built_in_graph(layers.front()))
            return {built_in, [](const governance_graph*) {}};
    // Otherwise a base and overlays (formats.md): built-in names stay, files
    // are relative to the scenario file.
    std::vector<std::string> names;
    for (const auto& name : layers) {
        if (is_built_in_graph_name(name)) {
            names.push_back(name);
            continue;
        }
        const auto path = base_dir / name;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(path, ec))
            reader.fail("scenario.cannot_open", at, "graph",
                        "cannot open the graph file " + path.string() + detail::built_in_graph_hint(name));
        names.push_back(path.string());
    }
    auto g = std::make_shared<const governance_graph>(read_graph_files(names));
    const std::string path = names.back();

    // One line (a message is printed as one, its control characters escaped):
    // the first few errors, then how many more `spfgov validate` lists.
    constexpr std::size_t shown = 5;
    std::string problems;
    std::size_t errors = 0;
    for (const auto& d : validate(*g))
        if (d.severity == severity::error && ++errors <= shown) problems += (errors == 1 ? " " : "; ") + format(d);
    if (errors > shown)
        problems += "; and " + std::to_string(errors - shown) + " more (spfgov validate lists them)";
    if (errors != 0)
        reader.fail("scenario.bad_graph", at, "graph", "the graph " + path + " has errors:" + problems);
    return g;
}

// ------------------------------------------------------------------ comparing

/// Compares one expected field with the route; adds differences.
void compare_field(const std::string& field, const YAML::Node& want, const json& route,
                   std::vector<scenario_difference>& out) {
    std::size_t budget = max_nodes;
    if (field == "warnings_contain") {
        const json warnings = route.value("warnings", json::array());
        json missing = json::array();
        json wanted = to_json(want, nullptr, budget);
        if (!wanted.is_array()) wanted = json::array({wanted});
        for (const auto& w : wanted) {
            const std::string s = w.is_string() ? w.get<std::string>() : w.dump();
            const bool found = std::any_of(warnings.begin(), warnings.end(),
                                           [&](const json& x) { return x.is_string() && x.get<std::string>().find(s) != std::string::npos; });
            if (!found) missing.push_back(s);
        }
        if (!missing.empty()) out.push_back({field, missing.dump(), warnings.dump()});
        return;
    }
    if (field == "rules") {
        json got = json::array();
        for (const auto& e : route.value("rationale", json::array())) got.push_back(e.value("rule", json()));
        const json wanted = to_json(want, &got, budget);
        if (wanted != got) out.push_back({field, wanted.dump(), got.dump()});
        return;
    }
    static const json absent;
    const auto found = route.find(field);
    const json& got = found == route.end() ? absent : *found;
    const json wanted_list = want.IsSequence() ? to_json(want, &got, budget) : json();
    const bool of_objects = wanted_list.is_array() && !wanted_list.empty() &&
                            std::all_of(wanted_list.begin(), wanted_list.end(), [](const json& x) { return x.is_object(); });
    if (of_objects && got.is_array()) {
        // A list of objects (deadlines, meetings, rationale): the same length,
        // and each object matches on the keys it gives, in order.
        const json& wanted = wanted_list;
        bool same = wanted.size() == got.size();
        json shown = json::array();
        for (std::size_t i = 0; i < got.size(); ++i) {
            if (i < wanted.size() && wanted[i].is_object() && got[i].is_object()) {
                json projected = json::object();
                for (const auto& [k, v] : wanted[i].items()) {
                    const auto f = got[i].find(k);
                    if (f == got[i].end()) {
                        same = false;
                    } else {
                        projected[k] = *f;
                        if (*f != v) same = false;
                    }
                }
                shown.push_back(projected);
            } else {
                if (i < wanted.size()) same = false;
                shown.push_back(got[i]);
            }
        }
        if (same) return;
        if (wanted.size() != got.size()) {
            // Lengths differ: each object that came, on the keys the expected
            // ones give (a rationale entry's whole text would bury the point).
            std::set<std::string> keys;
            for (const auto& w : wanted)
                for (const auto& [k, v] : w.items()) keys.insert(k);
            shown = json::array();
            for (const auto& g : got) {
                if (!g.is_object()) {
                    shown.push_back(g);
                    continue;
                }
                json projected = json::object();
                for (const auto& k : keys)
                    if (const auto f = g.find(k); f != g.end()) projected[k] = *f;
                shown.push_back(projected);
            }
        }
        out.push_back({field, wanted.dump(), shown.dump()});
        return;
    }
    const json wanted = to_json(want, &got, budget);
    if (wanted != got) out.push_back({field, wanted.dump(), got.dump()});
}

/// The message of an error reading a case's issue, which was read as JSON
/// converted from the YAML: its line and column are made those of the
/// value its JSON pointer names in the scenario file (else of the issue).
/// The value a JSON pointer names in a case's issue, or the nearest node
/// above it that exists.
YAML::Node node_at(const YAML::Node& issue, const std::string& pointer) {
    // Node::operator= writes through to the node held (yaml-cpp), which would
    // change the scenario's own tree (an aliased issue, seen again by a later
    // case): walk with reset(), which rebinds, and read through const nodes.
    YAML::Node at;
    at.reset(issue);
    detail::for_each_pointer_token(pointer, [&](const std::string& token) {
        const YAML::Node& here = at;
        std::optional<YAML::Node> next;
        if (here.IsMap()) {
            for (auto it = here.begin(); it != here.end() && !next; ++it)
                if (it->first.IsScalar() && it->first.Scalar() == token) next.emplace(it->second);
        } else if (here.IsSequence()) {
            if (const auto index = detail::pointer_index(token); index && *index < here.size()) next.emplace(here[*index]);
        }
        if (next) at.reset(*next);
        return next.has_value();
    });
    return at;
}

std::string located_in_file(const error& e, std::string_view issue_name, const YAML::Node& issue,
                            const detail::yaml_marks& file) {
    const YAML::Mark m = node_at(issue, e.pointer().value_or("")).Mark();
    // what(): "CODE: ISSUE_NAME:LINE:COL /pointer: ..."; keep what follows LINE:COL.
    const std::string what = e.what();
    const std::size_t name = what.find(issue_name);
    if (name == std::string::npos) return what;
    const std::size_t rest = what.find(' ', name + issue_name.size());
    const std::string out = e.code() + ": " + file.where(m);
    return out + (rest == std::string::npos ? std::string() : what.substr(rest));
}

/// An id of the case's issue that routing found nowhere in the graph
/// (unknown_id, with the pointer of the id in the issue): at the id's line
/// and column in the scenario file, with the nearest id of the graph.
std::string located_unknown_id(const error& e, const YAML::Node& issue, const detail::yaml_marks& file,
                               const governance_graph& g) {
    const YAML::Node at = node_at(issue, *e.pointer());
    std::string out = e.code() + ": " + file.where(at.Mark());
    const std::string what = e.what();
    out += " " + what.substr(std::min(what.size(), e.code().size() + 2));
    if (at.IsScalar() && what.find("(did you mean") == std::string::npos) out += detail::nearest_id_hint(g, at.Scalar());
    return out;
}

scenario_case_result run_case(const scenario_case& c, const router& rt, const detail::yaml_marks& file) {
    const std::string issue_name = file.file() + " (issue of case \"" + c.name + "\")";
    scenario_case_result result;
    result.name = c.name;
    std::optional<std::string> want_error;
    if (auto e = (*c.expect)["error"]; e.IsDefined() && !yaml_null(e)) want_error = e.Scalar();

    std::optional<json> route_json;
    std::string error_code, error_message;
    try {
        std::size_t budget = max_nodes;
        const json text_hint = issue_text_hint(*c.issue);
        const json issue_json = to_json(*c.issue, &text_hint, budget);
        const issue i = read_issue(issue_json.dump(), issue_name);
        const route r = rt(i, c.as_of);
        route_json = json::parse(write_route(r, rt.graph()));
    } catch (const error& e) {
        error_code = e.code();
        if (e.file() == issue_name) error_message = located_in_file(e, issue_name, *c.issue, file);
        else if (e.code() == "unknown_id" && e.file().value_or("").empty() && e.pointer())
            error_message = located_unknown_id(e, *c.issue, file, rt.graph());
        else error_message = e.what();
    } catch (const std::exception& e) {
        error_code = "route_error";
        error_message = e.what();
    }

    if (want_error) {
        if (!route_json && error_code != *want_error) {
            result.differences.push_back({"error", json(*want_error).dump(), json(error_code).dump()});
            result.error_message = error_message;
        } else if (route_json) {
            result.differences.push_back({"error", json(*want_error).dump(), "null"});
            result.error_message = "the issue routed, with no error";
        }
    } else if (!route_json) {
        result.differences.push_back({"error", "null", json(error_code).dump()});
        result.error_message = error_message;
    } else {
        for (auto it = c.expect->begin(); it != c.expect->end(); ++it) {
            const std::string field = it->first.Scalar();
            if (field == "error") continue;
            compare_field(field, it->second, *route_json, result.differences);
        }
        const bool warnings_differ = std::any_of(result.differences.begin(), result.differences.end(), [](const auto& d) {
            return d.field == "warnings" || d.field == "warnings_contain";
        });
        if (!result.differences.empty() && !warnings_differ)
            for (const auto& w : route_json->value("warnings", json::array()))
                if (w.is_string()) result.route_warnings.push_back(w.get<std::string>());
    }
    result.passed = result.differences.empty();
    return result;
}

/// The keys of the route's objects (formats.md, route): an expected
/// deadline, meeting or rationale entry is compared on the keys it gives,
/// so a misspelt key would compare nothing, and a date that does not exist
/// could never match.
void check_route_objects(const scenario_reader& reader, const std::string& field, const YAML::Node& list,
                         const std::string& path) {
    static constexpr std::string_view deadline_keys[] = {"kind", "body", "date", "rule", "late", "days"};
    static constexpr std::string_view meeting_keys[] = {"body", "date", "papers_due", "scheduled", "moved"};
    static constexpr std::string_view rationale_keys[] = {"rule", "text", "source"};
    const std::span<const std::string_view> keys = field == "deadlines" ? std::span<const std::string_view>(deadline_keys)
                                                   : field == "meetings" ? std::span<const std::string_view>(meeting_keys)
                                                   : field == "rationale" ? std::span<const std::string_view>(rationale_keys)
                                                                          : std::span<const std::string_view>();
    if (keys.empty() || !list.IsSequence()) return;
    for (std::size_t n = 0; n < list.size(); ++n) {
        const YAML::Node& item = list[n];
        if (!item.IsMap()) continue;  // compared as it is, and reported as a difference
        reader.each_key(item, path + "[" + std::to_string(n) + "]", keys,
                        [&](const std::string& k, const YAML::Node& value, const std::string& kp) {
                            const bool is_date = k == "date" || k == "papers_due" || k == "scheduled";
                            if (is_date && value.IsScalar() && !yaml_null(value) && !parse_iso_date(value.Scalar()))
                                reader.fail("scenario.bad_date", value.Mark(), kp, bad_date_message(value));
                            if (field == "deadlines" && k == "kind") {
                                static constexpr std::string_view kinds[] = {to_string(deadline_kind::consultation_start),
                                                                             to_string(deadline_kind::hr1_notification)};
                                check_spelling(reader, value, kp, "deadline kind", kinds);
                            }
                        });
    }
}

/// An expected error must be one of the catalogue's codes (error_codes.hpp,
/// docs/formats.md): "unknown_idd" could never come, so the case would fail
/// whatever the rules did.
/// Only codes that reading and routing a case's issue can raise count: the
/// issue reader's and router's (every issue_error code), a cycle of the
/// ladder on the issue's date, a date past the calendar, an issue over the
/// read limits, and "route_error", run_case's own for a failure that is not
/// an spfgov error. A policy or scenario file's code, a map's, the
/// generator's, a calendar file's or a diagnostic's never comes from a case.
bool raised_by_routing(const error_code_info& info) {
    static constexpr std::array<std::string_view, 4> also{codes::escalation_cycle, codes::calendar_out_of_range,
                                                          codes::too_large, codes::number_out_of_range};
    return info.raised_as.find("issue_error") != std::string_view::npos ||
           std::find(also.begin(), also.end(), info.code) != also.end();
}

void check_error_code(const scenario_reader& reader, const YAML::Node& v, const std::string& path) {
    const std::string& code = v.Scalar();
    if (code == "route_error") return;
    detail::nearest_word nearest(code, detail::nearest_word::edits_for(code));
    std::string shown;
    append_printable(shown, code);
    constexpr std::string_view expected = "; expected a code of reading or routing an issue (docs/formats.md, Error "
                                          "codes), such as unknown_id";
    for (const auto& info : all_error_codes) {
        if (info.code == code) {
            if (raised_by_routing(info)) return;
            reader.fail("scenario.bad_value", v.Mark(), path,
                        "error code \"" + shown + "\" is raised as " + std::string(info.raised_as) +
                            ", never by routing a case's issue" + std::string(expected));
        }
        if (raised_by_routing(info)) nearest.consider(info.code);
    }
    reader.fail("scenario.bad_value", v.Mark(), path,
                "unknown error code \"" + shown + "\"" + nearest.hint() + std::string(expected));
}

/// Reads case `node` (at key path `cp`) into `c`; throws scenario_error
/// naming the case's own place.
void read_case(const scenario_reader& reader, const YAML::Node& node, const std::string& cp,
               std::span<const std::string_view> expect_fields, scenario_case& c) {
    reader.each_key(node, cp, {"name", "issue", "as_of", "expect"},
                    [&](const std::string& k, const YAML::Node& v, const std::string& kp) {
                        if (k == "name") {
                            if (!v.IsScalar() || v.Scalar().empty()) reader.fail("scenario.bad_value", v.Mark(), kp, "expected the case's name");
                            c.name = v.Scalar();
                        } else if (k == "issue") {
                            if (!v.IsMap()) reader.fail("scenario.bad_value", v.Mark(), kp, "expected an issue {id: ..., kind: ..., ...}");
                            // Issue files ignore unknown keys (the contract); here a misspelt
                            // optional field would make the case test something else.
                            reader.each_key(v, kp, std::span<const std::string_view>(issue_keys),
                                            [](const std::string&, const YAML::Node&, const std::string&) {});
                            c.issue = v;
                        } else if (k == "as_of") {
                            auto d = v.IsScalar() ? parse_iso_date(v.Scalar()) : std::nullopt;
                            if (!d) reader.fail("scenario.bad_date", v.Mark(), kp, bad_date_message(v));
                            c.as_of = d;
                        } else {
                            // An unknown field is refused at its key (not its value), as "field".
                            reader.each_key(v, kp, expect_fields, [&](const std::string& f, const YAML::Node& fv, const std::string& fp) {
                                if (f == "error" && !(fv.IsScalar() && !fv.Scalar().empty()))
                                    reader.fail("scenario.bad_value", fv.Mark(), fp, "expected an error code such as unknown_id");
                                if (f == "error") check_error_code(reader, fv, fp);
                                if (f == "scope") check_spelling(reader, fv, fp, "scope", enum_spelling<level>::names);
                                if (f == "error" && v.size() > 1)
                                    reader.fail("scenario.bad_value", fv.Mark(), fp, "error is compared alone: give no other field with it");
                                check_route_objects(reader, f, fv, fp);
                            }, "field");
                            c.expect = v;
                        }
                    });
    for (const char* required : {"name", "issue", "expect"}) {
        const bool has = required == std::string_view("name") ? !c.name.empty()
                       : required == std::string_view("issue") ? c.issue.has_value() : c.expect.has_value();
        if (!has) reader.fail("scenario.missing_key", c.mark, cp + "." + required, std::string("a case needs ") + required);
    }
}

scenario_file_result run_parsed(const YAML::Node& root, const scenario_reader& reader,
                                const std::filesystem::path& base_dir, const scenario_options& options) {
    const std::string& file = reader.file();
    if (!root.IsMap()) reader.fail("scenario.bad_version", root.Mark(), "", "expected a mapping starting spfgov-scenarios: 1");
    std::optional<YAML::Node> version, graph, policy, cases;
    reader.each_key(root, "", {"spfgov-scenarios", "graph", "policy", "cases"},
                    [&](const std::string& k, const YAML::Node& v, const std::string&) {
                        if (k == "spfgov-scenarios") version = v;
                        else if (k == "graph") graph = v;
                        else if (k == "policy") policy = v;
                        else cases = v;
                    });
    if (!version || !version->IsScalar() || version->Scalar() != "1")
        reader.fail("scenario.bad_version", (version ? *version : root).Mark(), "spfgov-scenarios",
                    "expected spfgov-scenarios: 1");
    if (!cases || !cases->IsSequence())
        reader.fail("scenario.bad_value", (cases ? *cases : root).Mark(), "cases", "expected a list of cases");

    // The cases, checked before anything runs.
    std::vector<scenario_case> parsed;
    std::vector<std::string_view> expect_fields(std::begin(route_fields), std::end(route_fields));
    expect_fields.insert(expect_fields.end(), std::begin(extra_fields), std::end(extra_fields));
    for (std::size_t i = 0; i < cases->size(); ++i) {
        const std::string cp = "cases[" + std::to_string(i) + "]";
        scenario_case c;
        c.mark = (*cases)[i].Mark();
        // One case's slip fails that case, not the file: the others still
        // run (a workforce lead's typo in case 3 should not hide cases 1-10).
        try {
            read_case(reader, (*cases)[i], cp, expect_fields, c);
        } catch (const scenario_error& e) {
            c.read_error = e.what();
            c.read_error_at = e.location();
            // Its name, if it has a readable one, else its place.
            const YAML::Node& node = (*cases)[i];
            c.name.clear();
            if (node.IsMap())
                if (const YAML::Node name = node["name"]; name.IsDefined() && name.IsScalar()) c.name = name.Scalar();
            if (c.name.empty()) c.name = cp;
        }
        parsed.push_back(std::move(c));
    }
    // What passes without testing what it seems to: said, not failed (a
    // case may mean "this routes"; a name may be repeated on purpose).
    std::vector<std::string> warnings;
    if (parsed.empty()) warnings.push_back(file + ": no cases: it tests nothing");
    std::map<std::string, std::size_t, std::less<>> first_of_name;
    for (std::size_t i = 0; i < parsed.size(); ++i) {
        const auto& c = parsed[i];
        if (c.read_error) continue;
        const std::string cp = "cases[" + std::to_string(i) + "]";
        if (c.expect->IsMap() && c.expect->size() == 0)
            warnings.push_back(reader.marks().where(c.expect->Mark()) + ": " + cp + ".expect: case \"" + printable(c.name) +
                               "\" expects nothing, so it passes whenever its issue routes; expected at least one "
                               "field (consult: [...], deadlines: [...], error: CODE, ...)");
        if (const auto [at, first] = first_of_name.emplace(c.name, i); !first)
            warnings.push_back(reader.marks().where(c.mark) + ": " + cp + ".name: case \"" + printable(c.name) +
                               "\" is named as cases[" + std::to_string(at->second) +
                               "] is: a failure names its case, so each name should say what is promised once");
    }

    // The graph: one name or path, or a list (base then overlays).
    std::vector<std::string> layers;
    YAML::Mark graph_mark = root.Mark();
    if (!graph) {
        layers.emplace_back("england");
    } else {
        graph_mark = graph->Mark();
        if (graph->IsScalar()) {
            layers.push_back(graph->Scalar());
        } else if (graph->IsSequence() && graph->size() > 0) {
            for (std::size_t i = 0; i < graph->size(); ++i) {
                if (!(*graph)[i].IsScalar())
                    reader.fail("scenario.bad_value", (*graph)[i].Mark(), "graph[" + std::to_string(i) + "]", "expected a graph name or path");
                layers.push_back((*graph)[i].Scalar());
            }
        } else {
            reader.fail("scenario.bad_value", graph_mark, "graph", "expected england, england-gp, a path, or a list of them");
        }
    }
    std::shared_ptr<const governance_graph> g;
    try {
        g = load_graph_layers(layers, base_dir, reader, graph_mark);
    } catch (const scenario_error&) {
        throw;
    } catch (const error& e) {
        reader.fail("scenario.bad_graph", graph_mark, "graph", e.what());
    }

    // The policy: --policy, else the file's, else the default.
    routing_policy p = default_policy();
    if (options.policy) {
        p = *options.policy;
    } else if (policy) {
        if (!policy->IsScalar()) reader.fail("scenario.bad_value", policy->Mark(), "policy", "expected a policy file's path");
        try {
            p = read_policy_file(base_dir / policy->Scalar());
        } catch (const error& e) {
            reader.fail("scenario.bad_policy", policy->Mark(), "policy", e.what());
        }
        // A file's own policy, as the commands warn of theirs (--policy's is warned of where it is loaded).
        if (const auto gap = statutory_table_gap(p))
            warnings.push_back(reader.marks().where(policy->Mark()) + ": policy " + printable(policy->Scalar()) + ": " + *gap);
    }
    std::optional<router> rt;
    try {
        rt.emplace(*g, p);
    } catch (const error& e) {
        // A policy given in place of the file's own (--policy) is not the
        // fault of the file's `policy:` line: the error is located where
        // that policy's own error is (its file, line and column, if known).
        if (options.policy)
            throw scenario_error("scenario.bad_policy",
                                 file + ": the policy given instead of this file's own (--policy) "
                                                     "cannot be used with its graph: " + e.what(),
                                 e.location());
        reader.fail("scenario.bad_policy", (policy ? *policy : root).Mark(), "policy",
                    "the policy cannot be used with this graph: " + std::string(e.what()));
    }

    scenario_file_result result;
    result.file = file;
    result.warnings = std::move(warnings);
    for (const auto& c : parsed) {
        if (!c.read_error) {
            result.cases.push_back(run_case(c, *rt, reader.marks()));
            continue;
        }
        scenario_case_result unread;
        unread.name = c.name;
        unread.read_error = c.read_error;
        unread.read_error_at = c.read_error_at;
        if (!result.error) {  // the file's error too: callers that check only it still see the slip
            result.error = c.read_error;
            result.error_at = c.read_error_at;
        }
        result.cases.push_back(std::move(unread));
    }
    return result;
}

} // namespace

scenario_file_result run_scenarios(std::string_view yaml_text, std::string_view file_name,
                                   const std::filesystem::path& base_dir, const scenario_options& options) {
    scenario_file_result failed;
    failed.file = std::string(file_name);
    try {
        if (yaml_text.size() > max_scenario_bytes)
            throw scenario_error("scenario.too_large", std::string(file_name) + ": larger than the limit of " +
                                                           std::to_string(max_scenario_bytes) + " bytes");
        const scenario_reader reader(file_name, yaml_text);
        if (const auto bad = detail::find_yaml_unprintable(yaml_text)) {
            YAML::Mark at;
            at.line = bad->line0;
            at.column = bad->column0;
            reader.fail("scenario.syntax", at, "", bad->what);
        }
        YAML::Node root;
        try {
            root = YAML::Load(std::string(yaml_text));
        } catch (const YAML::Exception& e) {
            reader.fail("scenario.syntax", detail::yaml_error_mark(yaml_text, e.mark, e.msg), "",
                        "not valid YAML: " + e.msg + detail::yaml_syntax_hint(yaml_text, e.mark.line, e.msg, e.mark.column));
        }
        return run_parsed(root, reader, base_dir, options);
    } catch (const error& e) {
        failed.error = e.what();
        failed.error_at = e.location();
        // An error with no place of its own (the file too large, a policy
        // built in code) is still the file's.
        if (!failed.error_at.file) failed.error_at.file = std::string(file_name);
    } catch (const YAML::Exception& e) {
        failed.error = "scenario.syntax: " + std::string(file_name) + ": " + e.what();
        failed.error_at.file = std::string(file_name);
    } catch (const std::exception& e) {
        failed.error = "scenario.error: " + std::string(file_name) + ": " + e.what();
        failed.error_at.file = std::string(file_name);
    }
    return failed;
}

scenario_file_result run_scenario_file(const std::filesystem::path& path, const scenario_options& options) {
    const std::string name = path.string();
    std::error_code ec;
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    const int why = errno;
    const bool directory = std::filesystem::is_directory(path, ec);
    if (!in || directory) {
        scenario_file_result r;
        r.file = name;
        r.error = "scenario.cannot_open: " + name + ": cannot open the scenario file" +
                  (directory ? std::string(": it is a directory") : detail::open_failure_reason(why));
        r.error_at.file = name;
        return r;
    }
    std::string text;
    char chunk[1 << 14];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_scenario_bytes) break;
    }
    return run_scenarios(text, name, path.parent_path().empty() ? std::filesystem::path(".") : path.parent_path(), options);
}

} // namespace spfgov
