// graph: screens as nodes, choices and outcomes as labelled edges.
#include "server/toolkit/graph_export.hpp"

#include <doctest/doctest.h>

#include "tiny_service.hpp"

namespace dialgraph::toolkit {

TEST_CASE("mermaid: one node per screen and per end, shaped by type, edges labelled") {
  testing::TinyWorld world;
  const std::string m = to_mermaid(*testing::tiny_graph(world));
  CHECK(m.starts_with("flowchart TD\n  start((dial)) --> s_home\n"));
  CHECK(m.find("  s_home[\"Welcome to Tiny\"]\n") != std::string::npos);
  CHECK(m.find("  s_name[/\"Your name?\"/]\n") != std::string::npos);
  CHECK(m.find("  s_greet{{\"greet\"}}\n") != std::string::npos);
  CHECK(m.find("  s_after{\"after\"}\n") != std::string::npos);
  CHECK(m.find("  s_home -->|\"1. Greet me\"| s_name\n") != std::string::npos);
  CHECK(m.find("  s_home -->|\"deny: stranger\"| end1\n") != std::string::npos);
  CHECK(m.find("  s_after -->|\"name == Zed\"| ") != std::string::npos);
  // Braces would be read as shapes: they become entity codes.
  CHECK(m.find("([\"Hello, #123;#123;name#125;#125;!\"])") != std::string::npos);
}

TEST_CASE("dot: the same graph for Graphviz") {
  testing::TinyWorld world;
  const std::string d = to_dot(*testing::tiny_graph(world));
  CHECK(d.starts_with("digraph \"Tiny\" {\n"));
  CHECK(d.find("  s_name [label=\"Your name?\", shape=parallelogram];\n") != std::string::npos);
  CHECK(d.find("  s_greet -> s_after [label=\"ok\"];\n") != std::string::npos);
  CHECK(d.ends_with("}\n"));
}

}  // namespace dialgraph::toolkit
