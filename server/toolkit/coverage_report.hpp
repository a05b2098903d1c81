// What `check --coverage` says: the parts of a menus file that conversation
// runs never reached, less those marked `uncovered:` on purpose.
#pragma once

#include <set>
#include <string>
#include <vector>

#include "engine/graph.hpp"
#include "server/toolkit/conversation.hpp"

namespace dialgraph::toolkit {

struct CoverageReport {
  std::size_t parts = 0;
  std::size_t reached = 0;
  std::size_t marked = 0;             // unreached and marked uncovered
  std::vector<std::string> findings;  // one line each: missing parts, stale or unknown marks
};

CoverageReport coverage(const engine::Graph& graph, const std::set<std::string>& reached,
                        const std::vector<Uncovered>& uncovered);

}  // namespace dialgraph::toolkit
