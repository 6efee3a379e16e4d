// Policy files (formats.md "Policy file"; docs/policy.md): reading with
// yaml-cpp, writing by hand so that the text is stable and commented.
#include "spfgov/policy_file.hpp"

#include "detail_dates.hpp"
#include "detail_files.hpp"
#include "detail_location.hpp"
#include "detail_nearest.hpp"
#include "detail_yaml_marks.hpp"

#include "spfgov/error.hpp"
#include "spfgov/rule.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <fstream>
#include <set>
#include <sstream>

namespace spfgov {
namespace {

/// Most policies change a few things: say how, after a missing parameter.
constexpr std::string_view start_from_default =
    " (or add \"based_on: default\" to start from the built-in policy and give only what you change)";


constexpr std::string_view builtin_policy = "default";

/// Reads one file: every failure names the file, line, column and key path.
class policy_reader {
public:
    policy_reader(std::string_view file, std::string_view text) : marks_(file, text) {}

    [[noreturn]] void fail(std::string code, const YAML::Node& at, const std::string& path,
                           const std::string& what) const {
        fail_at(std::move(code), at.Mark(), path, what);
    }
    [[noreturn]] void fail_at(std::string code, const YAML::Mark& m, const std::string& path,
                              const std::string& what) const {
        throw policy_error(std::move(code), where(m) + ": " + (path.empty() ? "(top level)" : path) + ": " + what,
                           location(m, path));
    }
    [[nodiscard]] error_location location(const YAML::Mark& m, const std::string& path) const {
        return marks_.location(m, path);
    }
    [[nodiscard]] std::string where(const YAML::Mark& m) const { return marks_.where(m); }

    /// Calls `f(key, value, path)` for each key of the mapping `node`,
    /// refusing duplicate keys and keys not in `allowed` (empty: any key).
    template <class F>
    void each_key(const YAML::Node& node, const std::string& path, std::initializer_list<std::string_view> allowed,
                  F&& f) const {
        if (!node.IsMap()) fail("policy.bad_value", node, path, "expected a mapping (key: value ...), got " + shape(node));
        std::set<std::string> seen;
        for (auto it = node.begin(); it != node.end(); ++it) {
            const YAML::Node key = it->first;
            if (!key.IsScalar()) fail("policy.bad_value", key, path, "expected a plain key, got " + shape(key));
            const std::string name = key.Scalar();
            const std::string kp = join(path, name);
            if (!seen.insert(name).second) fail("policy.duplicate_key", key, kp, "this key is given twice; expected each key once");
            if (allowed.size() > 0 && std::find(allowed.begin(), allowed.end(), name) == allowed.end())
                fail("policy.unknown_key", key, kp, detail::unknown_key_expected("key", name, allowed) + nested_home(path, name));
            f(name, it->second, kp, key);
        }
    }

    /// For a top-level key that belongs one level down (a line left
    /// unindented under "parameters:" or "rules:"): where it goes, or "".
    static std::string nested_home(const std::string& path, std::string_view name) {
        if (!path.empty()) return {};
        std::string_view home;
        if (name == "statutory_bands" || name == "papers_days") home = "parameters";
        else if (name.size() >= 2 && name[0] == 'R' && std::all_of(name.begin() + 1, name.end(), [](char c) { return c >= '0' && c <= '9'; }))
            home = "rules";
        if (home.empty()) return {};
        return "; " + std::string(name) + " belongs under " + std::string(home) + ": indent it below \"" + std::string(home) +
               ":\", further right (e.g. two spaces)";
    }

    static std::string join(const std::string& path, std::string_view key) {
        return detail::join_key_path(path, key);
    }
    static std::string index(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

    static std::string shape(const YAML::Node& n) {
        if (n.IsMap()) return "a mapping";
        if (n.IsSequence()) return "a list";
        if (n.IsNull()) return "nothing (null)";
        if (n.IsScalar()) return "\"" + n.Scalar() + "\"";
        return "nothing";
    }

    static bool is_null(const YAML::Node& n) {
        if (n.IsNull()) return true;
        if (!n.IsScalar() || n.Tag() != "?") return false;  // a quoted "null" is a string
        const auto& s = n.Scalar();
        return s == "~" || s == "null" || s == "Null" || s == "NULL";
    }

    [[nodiscard]] std::string text(const YAML::Node& n, const std::string& path, std::string_view what) const {
        if (!n.IsScalar() || is_null(n)) fail("policy.bad_value", n, path, "expected " + std::string(what) + ", got " + shape(n));
        return n.Scalar();
    }
    [[nodiscard]] std::optional<std::string> text_or_null(const YAML::Node& n, const std::string& path,
                                                          std::string_view what) const {
        if (is_null(n)) return std::nullopt;
        return text(n, path, what);
    }
    [[nodiscard]] bool boolean(const YAML::Node& n, const std::string& path) const {
        if (n.IsScalar()) {
            const auto& s = n.Scalar();
            if (s == "true" || s == "True" || s == "TRUE") return true;
            if (s == "false" || s == "False" || s == "FALSE") return false;
        }
        fail("policy.bad_value", n, path, "expected true or false, got " + shape(n));
    }
    [[nodiscard]] int whole(const YAML::Node& n, const std::string& path, int lo, int hi) const {
        const std::string range = "a whole number from " + std::to_string(lo) + " to " + std::to_string(hi);
        if (!n.IsScalar() || is_null(n)) fail("policy.bad_value", n, path, "expected " + range + ", got " + shape(n));
        const std::string& s = n.Scalar();
        int v = 0;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc{} || end != s.data() + s.size() || v < lo || v > hi)
            fail("policy.bad_value", n, path, "expected " + range + ", got " + shape(n));
        return v;
    }
    [[nodiscard]] date day(const YAML::Node& n, const std::string& path) const {
        if (n.IsScalar() && !is_null(n))
            if (auto d = parse_iso_date(n.Scalar())) return *d;
        fail("policy.bad_date", n, path,
             "expected a date YYYY-MM-DD " +
                 std::string(detail::iso_date_expected(n.IsScalar() ? std::string_view(n.Scalar()) : std::string_view())) +
                 ", got " + shape(n) + (n.IsScalar() ? detail::iso_date_hint(n.Scalar()) : std::string()));
    }
    template <spelled_enum Enum>
    [[nodiscard]] Enum spelled(const YAML::Node& n, const std::string& path, const std::string& code) const {
        if (n.IsScalar() && !is_null(n))
            if (auto v = parse_enum<Enum>(n.Scalar())) return *v;
        fail(code, n, path,
             "unknown " + std::string(enum_spelling<Enum>::type) + " " + shape(n) + "; expected " + expected_spellings<Enum>());
    }
    template <class F>
    void each_item(const YAML::Node& n, const std::string& path, bool non_empty, F&& f) const {
        if (!n.IsSequence()) fail("policy.bad_value", n, path, "expected a list [...], got " + shape(n));
        if (non_empty && n.size() == 0) fail("policy.bad_value", n, path, "expected a non-empty list, got []");
        for (std::size_t i = 0; i < n.size(); ++i) f(n[i], index(path, i));
    }

    routing_policy read(const YAML::Node& root);

private:
    void read_parameters(const YAML::Node& n, const std::string& path, routing_policy& p, bool complete) const;
    statutory_table read_table(const YAML::Node& n, const std::string& path) const;
    custom_rule_spec read_custom(const YAML::Node& n, const std::string& path) const;

    detail::yaml_marks marks_;
};

statutory_table policy_reader::read_table(const YAML::Node& n, const std::string& path) const {
    statutory_table t;
    bool has_from = false, has_authority = false, has_bands = false;
    each_key(n, path, {"from", "authority", "bands"},
             [&](const std::string& k, const YAML::Node& v, const std::string& kp, const YAML::Node&) {
                 if (k == "from") {
                     t.from = day(v, kp);
                     has_from = true;
                 } else if (k == "authority") {
                     t.authority = text(v, kp, "the law that set these bands (a string)");
                     has_authority = true;
                 } else {
                     has_bands = true;
                     each_item(v, kp, false, [&](const YAML::Node& b, const std::string& bp) {
                         statutory_band band;
                         bool has_min = false, has_days = false;
                         each_key(b, bp, {"min", "days"},
                                  [&](const std::string& bk, const YAML::Node& bv, const std::string& bkp, const YAML::Node&) {
                                      if (bk == "min") {
                                          band.min = whole(bv, bkp, 1, max_band_min);
                                          has_min = true;
                                      } else {
                                          band.days = calendar_days{whole(bv, bkp, 1, max_band_days)};
                                          has_days = true;
                                      }
                                  });
                         if (!has_min) fail("policy.missing_key", b, bp + ".min", "a band needs min; expected min: N (the smallest count it covers)");
                         if (!has_days) fail("policy.missing_key", b, bp + ".days", "a band needs days; expected days: N (its consultation period)");
                         if (!t.bands.empty() && band.min <= t.bands.back().min)
                             fail("policy.bands_out_of_order", b, bp + ".min",
                                  "expected bands in increasing min: " + std::to_string(band.min) + " follows " +
                                      std::to_string(t.bands.back().min));
                         t.bands.push_back(band);
                     });
                 }
             });
    if (!has_from) fail("policy.missing_key", n, path + ".from", "a statutory table needs from; expected from: YYYY-MM-DD (the date it applies from)");
    if (!has_authority) fail("policy.missing_key", n, path + ".authority", "a statutory table needs authority; expected authority: \"...\" (the law that set it)");
    if (!has_bands) fail("policy.missing_key", n, path + ".bands", "a statutory table needs bands; expected bands: [{min: N, days: D}, ...]");
    return t;
}

void policy_reader::read_parameters(const YAML::Node& n, const std::string& path, routing_policy& p,
                                    bool complete) const {
    bool has_bands = false, has_papers = false;
    each_key(n, path, {"statutory_bands", "papers_days"},
             [&](const std::string& k, const YAML::Node& v, const std::string& kp, const YAML::Node&) {
                 if (k == "statutory_bands") {
                     has_bands = true;
                     std::vector<statutory_table> tables;
                     each_item(v, kp, false, [&](const YAML::Node& t, const std::string& tp) {
                         auto table = read_table(t, tp);
                         if (!tables.empty() && !(tables.back().from < table.from))
                             fail("policy.tables_out_of_order", t, tp + ".from",
                                  "expected statutory tables in increasing from: " + to_iso(table.from) + " follows " +
                                      to_iso(tables.back().from));
                         tables.push_back(std::move(table));
                     });
                     p.parameters.statutory_bands = std::move(tables);
                 } else {
                     has_papers = true;
                     p.parameters.papers_days = working_days{whole(v, kp, 0, max_policy_papers_days)};
                 }
             });
    if (complete && !has_bands)
        fail("policy.missing_parameter", n, join(path, "statutory_bands"),
             "a policy without based_on must give every parameter; statutory_bands (R10) is missing" + std::string(start_from_default));
    if (complete && !has_papers)
        fail("policy.missing_parameter", n, join(path, "papers_days"),
             "a policy without based_on must give every parameter; papers_days (R12) is missing" + std::string(start_from_default));
}

custom_rule_spec policy_reader::read_custom(const YAML::Node& n, const std::string& path) const {
    custom_rule_spec spec;
    // (is a region, where): systems' first in the spec's order, whatever the file's.
    std::vector<std::pair<bool, error_location>> area_locations;
    bool has_id = false, has_text = false, has_add = false, has_role = false;
    YAML::Node add_node, role_node;
    each_key(n, path, {"id", "source", "text", "when", "add"},
             [&](const std::string& k, const YAML::Node& v, const std::string& kp, const YAML::Node&) {
                 if (k == "id") {
                     spec.id = text(v, kp, "the rule's id (a string such as X1)");
                     if (spec.id.empty() || spec.id.size() > 64) fail("policy.bad_value", v, kp, "expected an id of 1 to 64 characters");
                     has_id = true;
                 } else if (k == "source") {
                     spec.source = text_or_null(v, kp, "the title of the document it cites, or null");
                 } else if (k == "text") {
                     spec.text = text(v, kp, "the sentence its rationale entry starts with (a string)");
                     has_text = true;
                 } else if (k == "when") {
                     each_key(v, kp, {"scope_at_least", "kinds", "origins", "sectors", "systems", "regions"},
                              [&](const std::string& wk, const YAML::Node& wv, const std::string& wp, const YAML::Node&) {
                                  auto& w = spec.when;
                                  if (wk == "scope_at_least") {
                                      w.scope_at_least = spelled<level>(wv, wp, "policy.unknown_level");
                                  } else if (wk == "kinds") {
                                      issue_kind_set set;
                                      each_item(wv, wp, true, [&](const YAML::Node& x, const std::string& xp) {
                                          set.insert(spelled<issue_kind>(x, xp, "policy.unknown_kind"));
                                      });
                                      w.kinds = set;
                                  } else if (wk == "origins") {
                                      std::vector<level> out;
                                      each_item(wv, wp, true, [&](const YAML::Node& x, const std::string& xp) {
                                          out.push_back(spelled<level>(x, xp, "policy.unknown_level"));
                                      });
                                      w.origins = std::move(out);
                                  } else if (wk == "systems" || wk == "regions") {
                                      std::vector<std::string> out;
                                      const std::string what = wk == "systems" ? "a system's id" : "a region's id";
                                      each_item(wv, wp, true, [&](const YAML::Node& x, const std::string& xp) {
                                          auto id = text(x, xp, what);
                                          if (id.empty() || id.size() > 256)
                                              fail("policy.bad_value", x, xp, "expected " + what + " of 1 to 256 characters");
                                          out.push_back(std::move(id));
                                          area_locations.emplace_back(wk == "regions", location(x.Mark(), xp));
                                      });
                                      (wk == "systems" ? w.systems : w.regions) = std::move(out);
                                  } else {
                                      std::vector<sector> out;
                                      each_item(wv, wp, true, [&](const YAML::Node& x, const std::string& xp) {
                                          out.push_back(spelled<sector>(x, xp, "policy.unknown_sector"));
                                      });
                                      w.sectors = std::move(out);
                                  }
                              });
                 } else {
                     has_add = true;
                     add_node = v;
                     each_key(v, kp, {"role", "kind", "of", "ids"},
                              [&](const std::string& ak, const YAML::Node& av, const std::string& ap, const YAML::Node&) {
                                  if (ak == "role") {
                                      const auto r = av.IsScalar() ? parse_enum<role>(av.Scalar()) : std::nullopt;
                                      if (!r || *r == role::lead)
                                          fail("policy.unknown_role", av, ap,
                                               "unknown role " + shape(av) + "; expected one of: consult, engage, inform, negotiate");
                                      spec.add_role = *r;
                                      role_node = av;
                                      has_role = true;
                                  } else if (ak == "kind") {
                                      spec.kind = spelled<body_kind>(av, ap, "policy.unknown_kind");
                                  } else if (ak == "of") {
                                      spec.of = spelled<rule_selector>(av, ap, "policy.unknown_selector");
                                  } else {
                                      each_item(av, ap, true, [&](const YAML::Node& x, const std::string& xp) {
                                          auto id = text(x, xp, "a body id");
                                          if (id.empty() || id.size() > 256) fail("policy.bad_value", x, xp, "expected a body id of 1 to 256 characters");
                                          spec.ids.push_back(std::move(id));
                                          spec.id_locations.push_back(location(x.Mark(), xp));
                                      });
                                  }
                              });
                 }
             });
    std::stable_sort(area_locations.begin(), area_locations.end(),
                     [](const auto& a, const auto& b) { return a.first < b.first; });
    for (auto& [region, at] : area_locations) spec.area_locations.push_back(std::move(at));
    if (!has_id) fail("policy.missing_key", n, path + ".id", "a custom rule needs an id; expected id: X1 or similar");
    if (!has_text) fail("policy.missing_key", n, path + ".text", "a custom rule needs text; expected text: \"why it adds the bodies\"");
    if (!has_add) fail("policy.missing_key", n, path + ".add", "a custom rule needs add; expected add: {role: ..., kind: ..., of: ...} or {role: ..., ids: [...]}");
    const std::string ap = path + ".add";
    if (!has_role) fail("policy.missing_key", add_node, ap + ".role", "add needs role; expected role: consult, engage, inform or negotiate");
    if (!spec.ids.empty() && (spec.kind || spec.of))
        fail("policy.bad_custom_rule", add_node, ap, "both kind/of and ids are given; expected either kind and of, or ids");
    if (spec.ids.empty() && !spec.kind)
        fail("policy.missing_key", add_node, ap + ".kind", "add needs kind; expected kind and of, or ids instead");
    if (spec.ids.empty() && !spec.of) fail("policy.missing_key", add_node, ap + ".of", "add needs of; expected of with kind (affected_employers, affected_systems, affected_regions or national), or ids instead");
    if (spec.add_role == role::negotiate && spec.kind && *spec.kind != body_kind::jncc &&
        *spec.kind != body_kind::negotiating_body)
        fail("policy.negotiate_not_allowed", role_node, ap + ".role",
             "role negotiate with kind " + std::string(to_string(*spec.kind)) +
                 "; only JNCCs and negotiating bodies negotiate (R3 is not negotiable): expected consult, engage or inform");
    return spec;
}

/// The first mistake in the file, its message ending with the others' (up
/// to ten, then how many more): one line, as every error is printed.
policy_error with_the_others(std::vector<policy_error> mistakes) {
    // In the file's order, whatever order the parts were read in.
    std::stable_sort(mistakes.begin(), mistakes.end(), [](const policy_error& a, const policy_error& b) {
        return std::pair(a.line().value_or(0), a.column().value_or(0)) < std::pair(b.line().value_or(0), b.column().value_or(0));
    });
    const policy_error& first = mistakes.front();
    if (mistakes.size() == 1) return first;
    constexpr std::size_t most_said = 10;
    std::string what = first.what();
    what += "; and " + std::to_string(mistakes.size() - 1) + (mistakes.size() == 2 ? " more mistake: " : " more mistakes: ");
    // Each cut to a readable length: an alias can repeat a long key in every one.
    constexpr std::size_t most_chars = 400;
    for (std::size_t i = 1; i < mistakes.size() && i <= most_said; ++i) {
        what += (i > 1 ? "; " : "") + detail::text::cut_for_message(mistakes[i].what(), most_chars);
    }
    if (mistakes.size() - 1 > most_said) what += "; and " + std::to_string(mistakes.size() - 1 - most_said) + " more";
    return policy_error(first.code(), what.substr(std::min(what.size(), first.code().size() + 2)), first.location());
}

routing_policy policy_reader::read(const YAML::Node& root) {
    if (!root.IsMap())
        fail("policy.bad_version", root, "", "expected a policy file: a mapping starting spfgov-policy: 1, got " + shape(root));
    // First pass: which keys are there (and none unknown or twice).
    std::optional<YAML::Node> version, name, based_on, parameters, rules, custom;
    each_key(root, "", {"spfgov-policy", "name", "based_on", "parameters", "rules", "custom_rules"},
             [&](const std::string& k, const YAML::Node& v, const std::string&, const YAML::Node&) {
                 if (k == "spfgov-policy") version = v;
                 else if (k == "name") name = v;
                 else if (k == "based_on") based_on = v;
                 else if (k == "parameters") parameters = v;
                 else if (k == "rules") rules = v;
                 else custom = v;
             });
    if (!version) fail("policy.bad_version", root, "spfgov-policy", "missing; expected spfgov-policy: 1 as the first key");
    if (!version->IsScalar() || version->Scalar() != "1")
        fail("policy.bad_version", *version, "spfgov-policy", "expected 1 (the only version), got " + shape(*version));

    bool complete = true;
    if (based_on) {
        if (!based_on->IsScalar() || based_on->Scalar() != builtin_policy)
            fail("policy.bad_based_on", *based_on, "based_on", "expected default (the built-in policy), got " + shape(*based_on));
        complete = false;
    }
    routing_policy p = default_policy();
    p.name = name ? text(*name, "name", "the policy's name (a string)") : marks_.file();

    // Each part that stands alone (the parameters, each custom rule, each
    // rule's entry) is read on past a mistake, so that one run names them
    // all (helper-79: four mistakes took four runs); the first is thrown,
    // with the others in its message.
    std::vector<policy_error> mistakes;
    const auto reading = [&](auto&& part) {
        try {
            part();
        } catch (const policy_error& e) {
            mistakes.push_back(e);
        }
    };
    std::set<std::string, std::less<>> unread_custom;  // their ids: rules.ID of one is not "no rule"

    if (parameters) {
        reading([&] { read_parameters(*parameters, "parameters", p, complete); });
    } else if (complete) {
        fail("policy.missing_parameter", root, "parameters",
             "a policy without based_on must give every parameter: parameters: {statutory_bands: [...], papers_days: N}" +
                 std::string(start_from_default));
    }

    if (custom) {
        reading([&] {  // not a list: this part only
        each_item(*custom, "custom_rules", false, [&](const YAML::Node& c, const std::string& cp) {
            const std::size_t before = mistakes.size();
            reading([&] {
                auto spec = read_custom(c, cp);
                if (p.find(spec.id)) fail("policy.duplicate_rule", c["id"], cp + ".id", "a rule \"" + spec.id + "\" is already in the policy; expected a new id");
                try {
                    p.add(make_custom_rule(std::move(spec)));
                } catch (const policy_error& e) {
                    const std::string what = e.what();
                    fail(e.code(), c, cp, what.substr(std::min(what.size(), e.code().size() + 2)));
                }
            });
            // Not a second rule of a taken id: the first one's entries are read as usual.
            if (mistakes.size() != before && c.IsMap())
                if (const YAML::Node id = c["id"]; id.IsDefined() && id.IsScalar() && !p.find(id.Scalar()))
                    unread_custom.insert(id.Scalar());
        });
        });
    }

    if (rules) {
        reading([&] {  // a key given twice stops this part only
        each_key(*rules, "rules", {}, [&](const std::string& id, const YAML::Node& v, const std::string& rp, const YAML::Node& key) {
            if (unread_custom.contains(id)) return;  // its own mistake is named already
            reading([&] {
            if (!p.find(id)) {
                // R1..R12 in number order (not the order they run: R11 first),
                // then custom rules by id; the nearest named first.
                std::vector<std::string> known;
                for (const auto& c : p.rules()) known.emplace_back(c->id());
                const auto number = [](const std::string& r) {
                    int n = 0;
                    const bool builtin = r.size() > 1 && r[0] == 'R' &&
                                         std::from_chars(r.data() + 1, r.data() + r.size(), n).ptr == r.data() + r.size();
                    return std::pair{!builtin, builtin ? n : 0};
                };
                std::sort(known.begin(), known.end(),
                          [&](const auto& a, const auto& b) { return std::pair{number(a), a} < std::pair{number(b), b}; });
                detail::nearest_word nearest(id, detail::nearest_word::edits_for(id), true);
                for (const auto& k : known) nearest.consider(k);
                fail("policy.unknown_rule", key, rp,
                     "no rule \"" + id + "\"" + nearest.hint() + "; expected one of: " + detail::text::join_as_list(known, ", "));
            }
            each_key(v, rp, {"enabled", "source"}, [&](const std::string& k, const YAML::Node& x, const std::string& xp, const YAML::Node&) {
                if (k == "enabled") {
                    const bool on = boolean(x, xp);
                    if (!on && p.find(id)->unit->required())
                        fail("policy.required_rule", x, xp,
                             "rule " + id + " cannot be switched off: every route needs it (R1, R9 and R11); expected true");
                    p.enable(id, on);
                } else {
                    p.cite(id, text_or_null(x, xp, "the title of the document it cites, or null"));
                }
            });
            });
        });
        });
    }
    if (!mistakes.empty()) throw with_the_others(std::move(mistakes));
    return p;
}

// ------------------------------------------------------------------ writing

/// A YAML double-quoted scalar (any bytes: control characters escaped,
/// everything else as it is).
std::string yaml_quoted(std::string_view s) {
    static constexpr char hex[] = "0123456789ABCDEF";
    std::string out = "\"";
    for (const char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (ch) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\t': out += "\\t"; break;
        case '\r': out += "\\r"; break;
        default:
            if (c < 0x20 || c == 0x7F) {
                out += "\\x";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += ch;
            }
        }
    }
    return out + "\"";
}
std::string quoted_or_null(const std::optional<std::string>& s) { return s ? yaml_quoted(*s) : std::string("null"); }

template <class Range>
std::string flow(const Range& items) {
    std::string out = "[";
    for (const auto& x : items) out += (out.size() > 1 ? ", " : "") + std::string(x);
    return out + "]";
}

} // namespace

routing_policy read_policy(std::string_view yaml_text, std::string_view file_name) {
    if (yaml_text.size() > max_policy_bytes)
        throw policy_error("policy.too_large", std::string(file_name) + ": larger than the limit of " +
                                                   std::to_string(max_policy_bytes) + " bytes for a policy file");
    policy_reader reader(file_name, yaml_text);
    if (const auto bad = detail::find_yaml_unprintable(yaml_text)) {
        YAML::Mark at;
        at.line = bad->line0;
        at.column = bad->column0;
        reader.fail_at("policy.syntax", at, "", bad->what);
    }
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml_text));
    } catch (const YAML::Exception& e) {
        reader.fail_at("policy.syntax", detail::yaml_error_mark(yaml_text, e.mark, e.msg), "",
                       "not valid YAML: " + e.msg + detail::yaml_syntax_hint(yaml_text, e.mark.line, e.msg, e.mark.column) +
                           "; expected a YAML 1.2 (or JSON) policy file");
    }
    try {
        return reader.read(root);
    } catch (const YAML::Exception& e) {  // e.g. a bad alias met while walking
        reader.fail_at("policy.syntax", e.mark, "", "not valid YAML: " + e.msg + "; expected a YAML 1.2 (or JSON) policy file");
    }
}

routing_policy read_policy_file(const std::filesystem::path& path) {
    const std::string name = path.string();
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec))
        throw policy_error("policy.cannot_open", name + ": cannot read: it is a directory");
    errno = 0;
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw policy_error("policy.cannot_open", name + ": cannot open the policy file" + detail::open_failure_reason(errno),
                           error_location{name, {}, {}, {}});
    std::string text;
    char chunk[1 << 14];
    while (in.read(chunk, sizeof chunk) || in.gcount() > 0) {
        text.append(chunk, static_cast<std::size_t>(in.gcount()));
        if (text.size() > max_policy_bytes)
            throw policy_error("policy.too_large",
                               name + ": larger than the limit of " + std::to_string(max_policy_bytes) + " bytes for a policy file");
    }
    if (in.bad()) throw policy_error("policy.cannot_open", name + ": cannot read the policy file");
    return read_policy(text, name);
}

std::string write_policy(const routing_policy& p) {
    const routing_policy& builtin = default_policy();
    std::ostringstream o;
    o << "# A spfgov routing policy (formats.md \"Policy file\"; docs/policy.md explains each key).\n"
         "# This file is complete: every parameter and every rule is given. To change only a\n"
         "# few things, start a file with `based_on: default` and give just those.\n"
         "spfgov-policy: 1\n"
      << "name: " << yaml_quoted(p.name) << "\n"
      << "parameters:\n"
         "  # R10: the statutory minimum consultation periods (TULRCA 1992 s.188 and s.193).\n"
         "  # Each table applies to proposals made on or after its `from` date, until the next\n"
         "  # table's; `bands` give the days before the first dismissal for `min` or more\n"
         "  # proposed redundancies at one employer, in increasing `min`.\n"
         "  statutory_bands:";
    if (p.parameters.statutory_bands.empty()) o << " []";
    o << "\n";
    for (const auto& t : p.parameters.statutory_bands) {
        o << "    - from: " << to_iso(t.from) << "\n"
          << "      authority: " << yaml_quoted(t.authority) << "\n"
          << "      bands: [";
        for (std::size_t i = 0; i < t.bands.size(); ++i)
            o << (i ? ", " : "") << "{min: " << t.bands[i].min << ", days: " << t.bands[i].days.count() << "}";
        o << "]\n";
    }
    o << "  # R12: working days before a meeting by which papers are due, for a body whose\n"
         "  # meeting rule does not say.\n"
      << "  papers_days: " << p.parameters.papers_days.count() << "\n"
      << "# The rules, in the order they run. `enabled: false` switches a rule off (not R1, R9\n"
         "# or R11, which every route needs); `source` is the document its rationale cites\n"
         "# (null: none, for structural rules).\n"
         "rules:\n";
    std::vector<const custom_rule_spec*> customs;
    for (const auto& c : p.rules()) {
        const auto* spec = c->unit->spec();
        const auto* def = builtin.find(c->id());
        if (spec) {
            customs.push_back(spec);
        } else if (!def || def->unit != c->unit) {
            throw policy_error("policy.not_writable", "rule " + std::string(c->id()) +
                                                          " of this policy is written in C++; a policy file cannot express it");
        }
        o << "  # " << c->id() << ": " << c->unit->title() << (c->unit->required() ? " (cannot be switched off)" : "");
        // A new user set R10's source and saw no change in the dates' citation.
        if (!spec && c->id() == "R10")
            o << "\n  # (its dates cite their statutory table's authority, under parameters; this"
                 "\n  # source is cited when no table is in force on the issue's date)";
        o << "\n  " << (spec ? yaml_quoted(c->id()) : std::string(c->id())) << ": {enabled: " << (c->enabled ? "true" : "false")
          << ", source: " << quoted_or_null(c->source) << "}\n";
    }
    o << "# Rules of this policy's own, run after R2-R8 (and before R9 and R12): when every\n"
         "# condition under `when` holds, add the bodies under `add` in one role.\n"
         "custom_rules:";
    if (customs.empty()) {
        o << " []\n"
             "#  - id: X1\n"
             "#    source: \"Midlands MoU on organisational change (2024)\"\n"
             "#    text: \"Regional people boards also hear of system-level issues\"\n"
             "#    when: {scope_at_least: system, kinds: [restructure, service_change]}\n"
             "#    add: {role: inform, kind: regional_people_board, of: affected_regions}\n";
    } else {
        o << "\n";
    }
    for (const auto* s : customs) {
        o << "  - id: " << yaml_quoted(s->id) << "\n"
          << "    source: " << quoted_or_null(s->source) << "\n"
          << "    text: " << yaml_quoted(s->text) << "\n";
        const auto& w = s->when;
        std::vector<std::string> conds;
        if (w.scope_at_least) conds.push_back("scope_at_least: " + std::string(to_string(*w.scope_at_least)));
        if (w.kinds) {
            std::vector<std::string> ks;
            for (std::size_t i = 0; i < enum_count<issue_kind>; ++i)
                if (w.kinds->contains(static_cast<issue_kind>(i))) ks.emplace_back(to_string(static_cast<issue_kind>(i)));
            conds.push_back("kinds: " + flow(ks));
        }
        if (w.origins) {
            std::vector<std::string> os;
            for (auto l : *w.origins) os.emplace_back(to_string(l));
            conds.push_back("origins: " + flow(os));
        }
        if (w.sectors) {
            std::vector<std::string> ss;
            for (auto x : *w.sectors) ss.emplace_back(to_string(x));
            conds.push_back("sectors: " + flow(ss));
        }
        for (const auto* area : {&w.systems, &w.regions})
            if (*area) {
                std::vector<std::string> qs;
                for (const auto& id : **area) qs.push_back(yaml_quoted(id));
                conds.push_back((area == &w.systems ? "systems: " : "regions: ") + flow(qs));
            }
        o << "    when: {";
        for (std::size_t i = 0; i < conds.size(); ++i) o << (i ? ", " : "") << conds[i];
        o << "}\n    add: {role: " << to_string(s->add_role);
        if (!s->ids.empty()) {
            std::vector<std::string> qs;
            for (const auto& id : s->ids) qs.push_back(yaml_quoted(id));
            o << ", ids: " << flow(qs);
        } else {
            if (s->kind) o << ", kind: " << to_string(*s->kind);
            if (s->of) o << ", of: " << to_string(*s->of);
        }
        o << "}\n";
    }
    return o.str();
}

} // namespace spfgov
