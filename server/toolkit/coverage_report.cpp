#include "server/toolkit/coverage_report.hpp"

#include <map>

#include "engine/coverage.hpp"

namespace dialgraph::toolkit {

CoverageReport coverage(const engine::Graph& graph, const std::set<std::string>& reached,
                        const std::vector<Uncovered>& uncovered) {
  CoverageReport report;
  std::map<std::string, const Uncovered*> marks;
  for (const Uncovered& u : uncovered) marks[u.part] = &u;
  const auto at = [&](const engine::Mark& m) {
    return graph.file + ":" + std::to_string(m.line) + ":" + std::to_string(m.column) + ": ";
  };
  std::set<std::string> ids;
  for (const engine::Part& part : engine::parts(graph)) {
    ++report.parts;
    ids.insert(part.id);
    const bool marked = marks.contains(part.id);
    if (reached.contains(part.id)) {
      ++report.reached;
      if (marked) {
        const Uncovered& u = *marks.at(part.id);
        report.findings.push_back(u.file + ":" + std::to_string(u.line) + ": '" + part.id +
                                  "' is marked uncovered but a conversation reaches it: remove the mark");
      }
    } else if (marked) {
      ++report.marked;
    } else {
      report.findings.push_back(at(part.mark) + "never reached: " + part.what + "  [" + part.id + "]");
    }
  }
  for (const Uncovered& u : uncovered)
    if (!ids.contains(u.part))
      report.findings.push_back(u.file + ":" + std::to_string(u.line) + ": '" + u.part + "' is no part of " +
                                graph.file);
  return report;
}

}  // namespace dialgraph::toolkit
