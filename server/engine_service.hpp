// The engine behind the UssdService interface: the graph being served, the
// version each session started on, and SIGHUP reloads.
#pragma once

#include <chrono>
#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "engine/command_log.hpp"
#include "engine/engine.hpp"
#include "engine/graph.hpp"
#include "engine/registry.hpp"
#include "server/expiring_map.hpp"
#include "server/logging.hpp"
#include "server/metrics.hpp"
#include "server/services.hpp"

namespace dialgraph::server {

// The graph being served, swapped whole on reload, and what each session is
// pinned to (kept `ttl` after its last step, at most `capacity` sessions): the
// graph it started on, so that it finishes on that version, and the engine's
// memo of the session (the answers of its queries, engine/session_memo.hpp).
class GraphStore {
 public:
  using GraphPtr = std::shared_ptr<const engine::Graph>;
  // A session's last request and its reply, an END.
  struct Ending {
    std::vector<std::string> inputs;
    engine::Reply reply;
  };
  struct Pinned {
    std::string phone;  // the session's caller: no other phone may continue it
    GraphPtr graph;
    std::shared_ptr<engine::SessionMemo> memo;  // null once the session ended
    std::shared_ptr<const Ending> ending;       // set once the session ended
  };

  GraphStore(GraphPtr initial, std::chrono::seconds ttl, std::size_t capacity);
  GraphPtr current() const;
  void replace(GraphPtr graph);
  // The session's pin: the current graph and an empty memo, for `phone`, when
  // first seen.
  Pinned for_session(const std::string& session_id, const std::string& phone);
  // The session's graph if it is known, else the current one; pins nothing.
  GraphPtr peek(const std::string& session_id) const;
  // The session ended with `ending`: kept, without its memo, for as long as
  // the session would have been, so that a retry of that request gets that
  // reply again rather than a walk on what the database says now.
  void end(const std::string& session_id, const std::string& phone, GraphPtr graph, Ending ending);
  void forget(const std::string& session_id);

 private:
  mutable std::mutex mutex_;
  GraphPtr current_;
  mutable ExpiringMap<Pinned> sessions_;
};

// UssdService on top of engine::respond.
class EngineUssdService : public UssdService {
 public:
  EngineUssdService(GraphStore& graphs, const engine::Registry& registry, engine::CommandLog& commands);
  engine::Reply respond(const engine::Request& request) override;
  std::string system_message(std::string_view key, const std::string& session_id) override;
  std::string menus_version() const override;
  void session_ended(const std::string& session_id) override;

 private:
  GraphStore& graphs_;
  const engine::Registry& registry_;
  engine::CommandLog& commands_;
};

// Loads and validates the menus file; swaps it in only when it is valid.
// Every diagnostic is logged. Returns true on success. The first load at
// start-up passes `count_as_reload` false.
bool reload_menus(const std::string& path, const engine::Registry& registry, GraphStore& graphs,
                  Metrics& metrics, Logger& logger, bool count_as_reload = true);

}  // namespace dialgraph::server
