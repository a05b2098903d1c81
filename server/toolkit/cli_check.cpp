// `check`: validates a menus file against the actions the service registers,
// the way its server will load it; with --coverage, also runs the conversation
// files and lists the parts of the menus they never reach.
#include <iostream>

#include "engine/engine.hpp"
#include "engine/validators.hpp"
#include "server/toolkit/cli.hpp"
#include "server/toolkit/cli_args.hpp"
#include "server/toolkit/coverage_report.hpp"
#include "server/toolkit/runner.hpp"

namespace dialgraph::toolkit {
namespace {

std::string usage(const Service& service) {
  return "usage: " + service.program + " check [--menus FILE] [--strict] [--list] [--coverage [PATH...]]\n"
         "  --menus FILE  the menus file (default: " + service.menus + " in the working directory)\n"
         "  --strict      fail on warnings too\n"
         "  --list        print the registered actions and validators, then exit\n"
         "  --coverage    run the conversation files in PATH (default: " + service.conversations + ")\n"
         "                and list the screens, options and outcomes they never reach\n";
}

void print_registry(const engine::Registry& registry) {
  for (const std::string& name : registry.names()) {
    const engine::ActionSpec& spec = registry.get(name);
    std::cout << name << " (" << (spec.kind == engine::ActionKind::query ? "query" : "command") << ") outcomes:";
    for (const std::string& outcome : spec.outcomes) std::cout << ' ' << outcome;
    if (!spec.values.empty()) std::cout << " values:";
    for (const std::string& value : spec.values) std::cout << ' ' << value;
    std::cout << '\n';
  }
  // The ones a menus file may also name, with settings (docs/menus.md).
  for (const std::string& name : engine::builtin_validator_names()) {
    std::cout << name << " (built-in validator) refuses:";
    for (const std::string& outcome : engine::builtin_outcomes(name)) std::cout << ' ' << outcome;
    std::cout << '\n';
  }
}

// Exit code of the coverage half: runs the conversations, prints what they miss.
int check_coverage(const Service& service, const engine::Graph& graph, const std::string& menus,
                   std::vector<std::string> paths) {
  if (paths.empty()) paths.push_back(service.conversations);
  const RunResult run = run_conversations(service, menus, conversation_files(paths));
  for (const FileResult& f : run.files)
    if (f.failed > 0) std::cout << "FAIL  " << f.path << "\n" << f.problems;
  const CoverageReport report = coverage(graph, run.reached, run.uncovered);
  for (const std::string& finding : report.findings) std::cout << finding << '\n';
  std::cout << "coverage: " << report.reached << " of " << report.parts << " parts reached by " << run.files.size()
            << " conversation file(s), " << report.marked << " marked uncovered, "
            << report.parts - report.reached - report.marked << " missing\n";
  if (run.failed > 0) std::cout << run.passed << " passed, " << run.failed << " failed\n";
  return report.findings.empty() && run.failed == 0 ? 0 : 1;
}

}  // namespace

int run_check(const Service& service, int argc, char** argv) {
  Args args;
  try {
    args = parse_args(argc, argv, {"--strict", "--list", "--coverage", "--help", "-h"}, {"--menus"});
    if (args.has("--help") || args.has("-h")) return std::cout << usage(service), 0;
    if (!args.positional.empty() && !args.has("--coverage"))
      throw std::invalid_argument("unexpected argument '" + args.positional.front() + "'");
  } catch (const std::exception& e) {
    std::cerr << service.program << " check: " << e.what() << "\n" << usage(service);
    return 2;
  }
  // The registry only needs the actions' names and outcomes: an empty world stands behind them.
  const auto world = service.make_world(YAML::Node(), "", "");
  if (args.has("--list")) return print_registry(world->registry()), 0;
  const std::string menus = args.get("--menus", service.menus);
  const engine::LoadResult result = engine::load_menus(menus, world->registry());
  for (const engine::Diagnostic& d : result.diagnostics) std::cout << d.str() << '\n';
  const auto errors = engine::count(result.diagnostics, engine::Diagnostic::Severity::error);
  const auto warnings = engine::count(result.diagnostics, engine::Diagnostic::Severity::warning);
  if (errors > 0 || (args.has("--strict") && warnings > 0)) {
    std::cout << menus << ": " << errors << " error(s), " << warnings << " warning(s)"
              << (errors == 0 ? " (--strict fails on warnings)" : "") << '\n';
    return 1;
  }
  const engine::Graph& graph = *result.graph;
  std::cout << menus << ": OK: " << graph.service << ", " << graph.screens.size() << " screens, "
            << graph.languages.size() << " languages, version " << graph.version << ", " << warnings
            << " warning(s)\n";
  if (!args.has("--coverage")) return 0;
  try {
    return check_coverage(service, graph, menus, args.positional);
  } catch (const std::exception& e) {
    std::cerr << service.program << " check: " << e.what() << '\n';
    return 2;
  }
}

}  // namespace dialgraph::toolkit
