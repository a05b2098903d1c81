// The menu graph as a picture: Graphviz DOT or Mermaid (which GitHub renders).
#pragma once

#include <string>

#include "engine/graph.hpp"

namespace dialgraph::toolkit {

// Screens are nodes labelled with the first line of their text in the default
// language (actions with their action, routers with their name); options,
// outcomes, routes, refusals that end the session and guard denials are
// labelled edges; each end of the session is a node of its own.
std::string to_dot(const engine::Graph& graph);
std::string to_mermaid(const engine::Graph& graph);
// to_mermaid in a Markdown page, for docs/.
std::string to_markdown(const engine::Graph& graph, const std::string& command);

}  // namespace dialgraph::toolkit
