// The real server, composed as `dialgraph serve` composes it (HttpServer,
// Router, EngineUssdService), but inside another command, on
// 127.0.0.1 and a free port, for `dialgraph test --http`. It serves a registry
// and command log it is given rather than opening a store of its own, so the
// caller keeps its world in process (reading SMS, moving the clock) while every
// request goes over HTTP.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "engine/command_log.hpp"
#include "engine/registry.hpp"
#include "server/services.hpp"
#include "server/toolkit/service.hpp"

namespace dialgraph::server {

class LoopbackServer : public toolkit::LiveServer {
 public:
  // Loads `menus` against `registry` (throws std::runtime_error listing its
  // errors), listens, and serves on a thread of its own. `registry` and
  // `commands` must outlive the server; `events` (for /events) is its own.
  LoopbackServer(const engine::Registry& registry, engine::CommandLog& commands, std::unique_ptr<EventSink> events,
                 const std::string& menus);
  // Stops the server (HttpServer::stop), joins its thread, then the workers.
  ~LoopbackServer() override;
  LoopbackServer(const LoopbackServer&) = delete;
  LoopbackServer& operator=(const LoopbackServer&) = delete;

  unsigned short port() const;
  std::string url() const;  // http://127.0.0.1:PORT/callback
  // http_phone(url()): form POSTs exactly as Africa's Talking sends them.
  const toolkit::Phone& phone() const override;
  std::vector<std::string> take_log() override;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dialgraph::server
