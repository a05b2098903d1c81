#include "engine/request.hpp"

namespace dialgraph::engine {

std::vector<std::string> split_inputs(std::string_view path) {
  std::vector<std::string> inputs;
  if (path.empty()) return inputs;
  std::size_t start = 0;
  while (true) {
    const auto star = path.find('*', start);
    inputs.emplace_back(path.substr(start, star - start));
    if (star == std::string_view::npos) break;
    start = star + 1;
  }
  return inputs;
}

}  // namespace dialgraph::engine
