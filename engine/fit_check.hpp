// Renders every static screen in every language under every network's budget and
// reports those that cannot fit (docs/architecture.md, decision 3).
#pragma once

#include "engine/graph.hpp"
#include "engine/yaml_reader.hpp"

namespace dialgraph::engine {

void check_fit(YamlReader& reader, const Graph& graph);

}  // namespace dialgraph::engine
