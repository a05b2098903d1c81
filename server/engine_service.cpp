#include "server/engine_service.hpp"

#include <ctime>

#include "engine/engine.hpp"

namespace dialgraph::server {

EngineUssdService::EngineUssdService(GraphStore& graphs, const engine::Registry& registry,
                                     engine::CommandLog& commands)
    : graphs_(graphs), registry_(registry), commands_(commands) {}

namespace {

// The menus' error text as an END, acting on nothing; `why` is for the log.
engine::Reply refusal(const engine::Graph& graph, const std::string& language, std::string why) {
  engine::Reply reply;
  reply.end = true;
  reply.language = language.empty() ? graph.default_language : language;
  reply.text = graph.message("error", reply.language);
  reply.error = std::move(why);
  return reply;
}

// A request for a session that already ended. The gateway sends none after an
// END but may retry the last request: that gets the END it had. Anything else
// would walk the menus again on today's data (an amount no longer affordable
// sends the walk elsewhere, and the inputs after it then mean something else),
// so it ends at once, on the error text, and acts on nothing.
engine::Reply after_end(const engine::Graph& graph, const GraphStore::Ending& ending,
                        const engine::Request& request) {
  if (request.inputs == ending.inputs) return ending.reply;
  engine::Reply reply = refusal(graph, ending.reply.language, "a request for a session that had already ended");
  reply.screen = ending.reply.screen;
  reply.secret_inputs = ending.reply.secret_inputs;  // the same screens took the inputs they share
  return reply;
}

}  // namespace

engine::Reply EngineUssdService::respond(const engine::Request& request) {
  const auto pinned = graphs_.for_session(request.session_id, request.phone);
  if (!pinned.graph) throw std::runtime_error("no menus loaded");
  // The gateway gives each session its own id; the same id from another phone
  // is no part of it and must neither see nor change what the session did.
  if (pinned.phone != request.phone)
    return refusal(*pinned.graph, "", "a session id already in use by another phone");
  if (pinned.ending) return after_end(*pinned.graph, *pinned.ending, request);
  auto reply = engine::respond(*pinned.graph, registry_, commands_, request, nullptr, pinned.memo.get());
  if (reply.end) graphs_.end(request.session_id, request.phone, pinned.graph, {request.inputs, reply});
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
