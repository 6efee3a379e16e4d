// spfgov validate, export, holidays and generate.
#include "cli.hpp"

#include "spfgov/calendar.hpp"
#include "spfgov/error.hpp"
#include "spfgov/export.hpp"
#include "spfgov/generate.hpp"
#include "spfgov/validate.hpp"

#include <nlohmann/json.hpp>

#include <string>

namespace spfgov::cli {

namespace {
template <class T> nlohmann::ordered_json json_or_null(const std::optional<T>& v) {
    return v ? nlohmann::ordered_json(*v) : nlohmann::ordered_json(nullptr);
}
} // namespace

int run_validate(const validate_options& o) {
    const graph_source g = load_graph(o.graphs);
    const auto diagnostics = validate(*g.graph);
    std::size_t errors = 0, warnings = 0;
    output out;
    if (o.format == "json") {
        // For tools: one object, every finding with its fields (docs/cli.md).
        nlohmann::ordered_json found = nlohmann::ordered_json::array();
        for (const auto& d : diagnostics) {
            (d.severity == severity::error ? errors : warnings) += 1;
            found.push_back({{"severity", std::string(to_string(d.severity))},
                             {"code", d.code},
                             {"subject", d.subject},
                             {"where", d.where},
                             {"message", d.message},
                             {"file", json_or_null(d.location.file)},
                             {"line", json_or_null(d.location.line)},
                             {"column", json_or_null(d.location.column)},
                             {"pointer", json_or_null(d.location.pointer)}});
        }
        const nlohmann::ordered_json result = {{"graph", g.name},
                                               {"bodies", g.graph->body_count()},
                                               {"links", g.graph->link_count()},
                                               {"errors", errors},
                                               {"warnings", warnings},
                                               {"diagnostics", std::move(found)}};
        out.write(result.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace));
        out.put('\n');
    } else {
        const bool colour = out.interactive() && use_colour(1);
        for (const auto& d : diagnostics) {
            const bool is_error = d.severity == severity::error;
            (is_error ? errors : warnings) += 1;
            std::string line = format(d);
            if (colour) {
                const std::string_view level = to_string(d.severity);
                if (line.compare(0, level.size(), level) == 0)
                    line = (is_error ? "\033[1;31m" : "\033[1;35m") + std::string(level) + "\033[0m" +
                           line.substr(level.size());
            }
            out.write(line);
            out.put('\n');
            out.end_record();
        }
    }
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    const std::string summary = g.name + ": " + std::to_string(errors) + (errors == 1 ? " error, " : " errors, ") +
                                std::to_string(warnings) + (warnings == 1 ? " warning" : " warnings") + " (" +
                                std::to_string(g.graph->body_count()) + (g.graph->body_count() == 1 ? " body, " : " bodies, ") +
                                std::to_string(g.graph->link_count()) + (g.graph->link_count() == 1 ? " link)" : " links)");
    if (errors > 0) {
        if (const auto hint = overlay_without_base_hint(g, diagnostics); !hint.empty()) print_note(hint);
        print_error(summary);
        return exit_failure;
    }
    print_note(summary);
    return exit_ok;
}

int run_export(const export_options& o) {
    const auto as_of = parse_as_of(o.as_of, "--as-of", /*routing=*/false);
    map_scope scope;
    const int parts = (o.region.empty() ? 0 : 1) + (o.system.empty() ? 0 : 1) + (o.around.empty() ? 0 : 1) + (o.overview ? 1 : 0);
    if (parts > 1) throw usage_error("export: give only one of --region, --system, --around and --overview");
    if (o.depth_given && o.around.empty()) throw usage_error("export: --depth goes with --around ID");
    if (parts > 0 && o.format == "json")
        throw usage_error("export: --region, --system, --around and --overview draw maps: use --format dot, graphml or svg");
    if (!o.region.empty()) scope = {map_scope::part::region, o.region};
    if (!o.system.empty()) scope = {map_scope::part::system, o.system};
    if (!o.around.empty()) scope = {map_scope::part::around, o.around, o.depth};
    if (o.overview) scope.what = map_scope::part::overview;
    const graph_source g = load_graph(o.graphs);
    require_valid(g, "export");
    std::string text;
    if (o.format == "dot") {
        text = to_dot(*g.graph, as_of, scope);
    } else if (o.format == "svg") {
        text = render_svg(to_dot(*g.graph, as_of, scope));
    } else if (o.format == "graphml") {
        text = to_graphml(*g.graph, as_of, scope);
    } else if (o.format == "json") {
        text = write_graph(*g.graph, as_of);
        if (text.empty() || text.back() != '\n') text += '\n';
    } else {
        throw usage_error("export: --format must be dot, svg, graphml or json, not '" + o.format + "'");
    }
    write_stdout(text);
    return exit_ok;
}

int run_holidays(const holidays_options& o) {
    if (o.year < holiday_calendar::first_year() || o.year > holiday_calendar::last_year()) {
        print_error("holidays: year " + std::to_string(o.year) + " is outside the calendar: expected a year from " +
                    std::to_string(holiday_calendar::first_year()) + " to " +
                    std::to_string(holiday_calendar::last_year()));
        return exit_failure;
    }
    const auto& cal = holiday_calendar::england_and_wales();
    std::string text;
    for (const date d : cal.holidays(o.year)) {
        text += to_iso(d);
        if (o.names) {
            text += '\t';
            text += cal.holiday_name(d);
        }
        text += '\n';
    }
    write_stdout(text);
    return exit_ok;
}

int run_generate(const generate_options& o) {
    generator_options go;
    go.employers = o.employers;
    go.seed = o.seed;
    issue_mix_options io;
    if (!o.from.empty()) {
        const auto d = parse_iso_date(o.from);
        if (!d) throw usage_error("generate: --from '" + o.from + "' is not a date: expected YYYY-MM-DD");
        io.from = *d;
    }
    if (!o.to.empty()) {
        const auto d = parse_iso_date(o.to);
        if (!d) throw usage_error("generate: --to '" + o.to + "' is not a date: expected YYYY-MM-DD");
        io.to = *d;
    }
    if (io.to < io.from)
        throw usage_error("generate: --to " + to_iso(io.to) + " is before --from " + to_iso(io.from));
    const governance_graph g = generate_graph(go);
    if (!o.issues) {
        std::string text = write_graph(g);
        if (text.empty() || text.back() != '\n') text += '\n';
        write_stdout(text);
        return exit_ok;
    }
    io.count = *o.issues;
    io.seed = o.seed;
    output out;
    generate_issues(g, io, [&out](const issue& i) {  // streamed: memory does not grow with --issues
        out.write(write_issue(i));
        out.put('\n');
        out.end_record();
    });
    if (!out.finish()) {
        print_error("cannot write to standard output: " + out.error());
        return exit_failure;
    }
    return exit_ok;
}

} // namespace spfgov::cli
