// The checks that need the whole graph and the registry (docs/architecture.md, decision 4).
#pragma once

#include "engine/graph.hpp"
#include "engine/registry.hpp"
#include "engine/yaml_reader.hpp"

namespace dialgraph::engine {

void validate_graph(YamlReader& reader, const Graph& graph, const Registry& registry);

}  // namespace dialgraph::engine
