#include "server/engine_service.hpp"

#include <ctime>

#include "engine/engine.hpp"

namespace dialgraph::server {

EngineUssdService::EngineUssdService(GraphStore& graphs, const engine::Registry& registry,
                                     engine::CommandLog& commands)
    : graphs_(graphs), registry_(registry), commands_(commands) {}

engine::Reply EngineUssdService::respond(const engine::Request& request) {
  const auto pinned = graphs_.for_session(request.session_id);
  if (!pinned.graph) throw std::runtime_error("no menus loaded");
  auto reply = engine::respond(*pinned.graph, registry_, commands_, request, nullptr, pinned.memo.get());
  if (reply.end) graphs_.forget(request.session_id);
  return reply;
}

std::string EngineUssdService::system_message(std::string_view key, const std::string& session_id) {
  const auto graph = graphs_.peek(session_id);
  if (!graph) return "";
  try {
    return graph->message(key, graph->default_language);
  } catch (...) {
    return "";
  }
}

std::string EngineUssdService::menus_version() const {
  const auto graph = graphs_.current();
  return graph ? graph->version : "";
}

void EngineUssdService::session_ended(const std::string& session_id) { graphs_.forget(session_id); }

bool reload_menus(const std::string& path, const engine::Registry& registry, GraphStore& graphs,
                  Metrics& metrics, Logger& logger, bool count_as_reload) {
  const auto result = engine::load_menus(path, registry);
  for (const auto& diagnostic : result.diagnostics) {
    const bool error = diagnostic.severity == engine::Diagnostic::Severity::error;
    logger.write(LogLine(error ? "error" : "warn", diagnostic.str()).add("file", path));
  }
  if (count_as_reload) metrics.reload(result.ok(), static_cast<std::int64_t>(std::time(nullptr)));
  if (!result.ok()) {
    logger.write(LogLine("error", graphs.current() ? "menus not reloaded; still serving the previous version"
                                                   : "menus not loaded")
                     .add("errors", static_cast<long long>(result.diagnostics.size())));
    return false;
  }
  graphs.replace(result.graph);
  logger.write(LogLine("info", "menus loaded").add("file", path).add("version", result.graph->version));
  return true;
}

}  // namespace dialgraph::server
