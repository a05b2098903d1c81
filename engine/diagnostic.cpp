#include "engine/diagnostic.hpp"

#include <algorithm>

namespace dialgraph::engine {

std::string Diagnostic::str() const {
  std::string out = file;
  if (line > 0) out += ":" + std::to_string(line) + ":" + std::to_string(column);
  out += severity == Severity::error ? ": error: " : ": warning: ";
  return out + message;
}

std::size_t count(const Diagnostics& all, Diagnostic::Severity severity) {
  return static_cast<std::size_t>(std::count_if(
      all.begin(), all.end(), [&](const Diagnostic& d) { return d.severity == severity; }));
}

}  // namespace dialgraph::engine
