// Turning the `screens:` section of a menus file into Screen values.
#pragma once

#include <yaml-cpp/yaml.h>

#include "engine/graph.hpp"
#include "engine/yaml_reader.hpp"

namespace dialgraph::engine {

void parse_screens(YamlReader& reader, const YAML::Node& screens, Graph& graph);

// A navigation block (`navigation:` at the top, `nav:` on a screen) over `base`.
Nav parse_nav(YamlReader& reader, const YAML::Node& node, Nav base);

}  // namespace dialgraph::engine
