// `dialgraph check`: validates a menus file against the actions this binary
// registers, the way the server will load it.
#include <iostream>
#include <string>
#include <vector>

#include "actions/paymaart.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/engine.hpp"
#include "server/cli.hpp"

namespace dialgraph::server {
namespace {

constexpr const char* check_usage =
    "usage: dialgraph check [--menus FILE] [--strict] [--list]\n"
    "  --menus FILE  the menus file (default: menus.yaml in the working directory)\n"
    "  --strict      fail on warnings too\n"
    "  --list        print the registered actions and validators, then exit\n";

struct CheckArgs {
  std::string menus = "menus.yaml";
  bool strict = false;
  bool list = false;
};

// Nullopt (after printing why) on bad arguments.
std::optional<CheckArgs> parse_args(int argc, char** argv) {
  CheckArgs args;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--strict") args.strict = true;
    else if (arg == "--list") args.list = true;
    else if (arg == "--menus" && i + 1 < argc) args.menus = argv[++i];
    else if (arg == "--help" || arg == "-h") {
      std::cout << check_usage;
      return std::nullopt;
    } else {
      std::cerr << "dialgraph check: unexpected argument '" << arg << "'\n" << check_usage;
      return std::nullopt;
    }
  }
  return args;
}

void print_registry(const engine::Registry& registry) {
  for (const std::string& name : registry.names()) {
    const engine::ActionSpec& spec = registry.get(name);
    std::cout << name << " (" << (spec.kind == engine::ActionKind::query ? "query" : "command")
              << ") outcomes:";
    for (const std::string& outcome : spec.outcomes) std::cout << ' ' << outcome;
    if (!spec.values.empty()) std::cout << " values:";
    for (const std::string& value : spec.values) std::cout << ' ' << value;
    std::cout << '\n';
  }
}

}  // namespace

int run_check(int argc, char** argv) {
  const auto args = parse_args(argc, argv);
  if (!args) return argc > 1 && std::string(argv[1]).starts_with("-h") ? 0 : 2;
  // The registry only needs the actions' names and outcomes: a throwaway
  // in-memory store stands behind them.
  actions::Store store(":memory:");
  engine::Registry registry;
  actions::register_paymaart_actions(registry, store, actions::Settings{}, actions::system_clock());
  if (args->list) {
    print_registry(registry);
    return 0;
  }
  const engine::LoadResult result = engine::load_menus(args->menus, registry);
  for (const engine::Diagnostic& d : result.diagnostics) std::cout << d.str() << '\n';
  const auto errors = engine::count(result.diagnostics, engine::Diagnostic::Severity::error);
  const auto warnings = engine::count(result.diagnostics, engine::Diagnostic::Severity::warning);
  if (errors > 0 || (args->strict && warnings > 0)) {
    std::cout << args->menus << ": " << errors << " error(s), " << warnings << " warning(s)"
              << (errors == 0 ? " (--strict fails on warnings)" : "") << '\n';
    return 1;
  }
  const engine::Graph& graph = *result.graph;
  std::cout << args->menus << ": OK: " << graph.service << ", " << graph.screens.size() << " screens, "
            << graph.languages.size() << " languages, version " << graph.version << ", " << warnings
            << " warning(s)\n";
  return 0;
}

}  // namespace dialgraph::server
