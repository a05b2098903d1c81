#include "server/toolkit/cli.hpp"

#include <iostream>
#include <string>

namespace dialgraph::toolkit {

int run_tool(const Service& service, int argc, char** argv) {
  const std::string usage = "usage: " + service.program + " <command> [options]\n\ncommands:\n"
                            "  check   validate the menus file (--coverage: what the tests never reach)\n"
                            "  test    run conversation tests\n"
                            "  graph   draw the menus as a Mermaid or Graphviz graph\n"
                            "  sim     a phone in the terminal\n";
  const std::string command = argc > 1 ? argv[1] : "";
  if (command == "check") return run_check(service, argc - 1, argv + 1);
  if (command == "test") return run_test(service, argc - 1, argv + 1);
  if (command == "graph") return run_graph(service, argc - 1, argv + 1);
  if (command == "sim") return run_sim(service, argc - 1, argv + 1);
  if (command == "--help" || command == "-h") return std::cout << usage, 0;
  std::cerr << (command.empty() ? "" : service.program + ": unknown command '" + command + "'\n") << usage;
  return 2;
}

}  // namespace dialgraph::toolkit
