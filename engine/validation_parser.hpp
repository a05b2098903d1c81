// One entry of an input screen's `validate:` list (docs/menus.md).
#pragma once

#include <yaml-cpp/yaml.h>

#include "engine/graph.hpp"
#include "engine/yaml_reader.hpp"

namespace dialgraph::engine {

// `pin.verify`, `phone`, `{pin: 4}`, `{amount: {min: 1}}`...; problems go to `reader`.
Validation parse_validation(YamlReader& reader, const YAML::Node& node);

}  // namespace dialgraph::engine
