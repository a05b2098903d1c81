// `graph`: the menus file as a Graphviz or Mermaid picture on stdout.
#include <iostream>

#include "engine/engine.hpp"
#include "server/toolkit/cli.hpp"
#include "server/toolkit/cli_args.hpp"
#include "server/toolkit/graph_export.hpp"

namespace dialgraph::toolkit {

int run_graph(const Service& service, int argc, char** argv) {
  const std::string usage = "usage: " + service.program +
                            " graph [--menus FILE] [--format dot|mermaid|markdown]\n"
                            "  markdown is the Mermaid picture in a page, as in docs/menus-graph.md\n";
  Args args;
  try {
    args = parse_args(argc, argv, {"--help", "-h"}, {"--menus", "--format"});
    if (args.has("--help") || args.has("-h")) return std::cout << usage, 0;
    if (!args.positional.empty()) throw std::invalid_argument("unexpected argument '" + args.positional[0] + "'");
  } catch (const std::exception& e) {
    std::cerr << service.program << " graph: " << e.what() << "\n" << usage;
    return 2;
  }
  const std::string format = args.get("--format", "mermaid");
  if (format != "dot" && format != "mermaid" && format != "markdown") {
    std::cerr << service.program << " graph: unknown format '" << format << "'\n" << usage;
    return 2;
  }
  const auto world = service.make_world(YAML::Node(), "", "");
  const std::string menus = args.get("--menus", service.menus);
  const engine::LoadResult loaded = engine::load_menus(menus, world->registry());
  if (!loaded.ok()) {
    for (const auto& d : loaded.diagnostics) std::cerr << d.str() << '\n';
    return 1;
  }
  if (format == "dot") std::cout << to_dot(*loaded.graph);
  if (format == "mermaid") std::cout << to_mermaid(*loaded.graph);
  if (format == "markdown") std::cout << to_markdown(*loaded.graph, service.program + " graph --format markdown");
  return 0;
}

}  // namespace dialgraph::toolkit
