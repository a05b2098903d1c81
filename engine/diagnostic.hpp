// A problem found in a menus file, with the place it was found.
#pragma once

#include <string>
#include <vector>

namespace dialgraph::engine {

struct Diagnostic {
  enum class Severity { error, warning };
  Severity severity = Severity::error;
  std::string file;
  int line = 0;    // 1-based; 0 when the problem has no single place
  int column = 0;  // 1-based
  std::string message;

  // "menus.yaml:12:5: error: ..."
  std::string str() const;
};

using Diagnostics = std::vector<Diagnostic>;

std::size_t count(const Diagnostics& all, Diagnostic::Severity severity);

}  // namespace dialgraph::engine
