// The engine's front door: load a menus file, answer a request.
#pragma once

#include <memory>
#include <string>

#include "engine/command_log.hpp"
#include "engine/coverage.hpp"
#include "engine/diagnostic.hpp"
#include "engine/graph.hpp"
#include "engine/registry.hpp"
#include "engine/session_memo.hpp"
#include "engine/request.hpp"

namespace dialgraph::engine {

struct LoadResult {
  std::shared_ptr<const Graph> graph;  // null when there are errors
  Diagnostics diagnostics;             // errors and warnings, in file order
  bool ok() const { return graph != nullptr; }
};

// Reads, parses and validates a menus file against the registered actions.
// Never throws for a bad file: every problem is a diagnostic.
LoadResult load_menus(const std::string& path, const Registry& registry);
LoadResult load_menus_text(const std::string& text, const std::string& file_name,
                           const Registry& registry);

// Walks the graph through the request's inputs and renders the screen reached.
// Expected problems (bad input, unknown outcome, an action that throws) end in a
// reply, never an exception. With `trace`, the ids of the parts the walk
// passes are appended to it (for coverage; see coverage.hpp). With `memo`, the
// walk reuses the query answers the session's earlier requests kept there, and
// keeps its own (session_memo.hpp).
Reply respond(const Graph& graph, const Registry& registry, CommandLog& commands,
              const Request& request, Trace* trace = nullptr, SessionMemo* memo = nullptr);

}  // namespace dialgraph::engine
