// The HTTP/1.1 listener: one io_context, N threads, async sessions that only do
// I/O and hand each request to the Router. Beast stays in http_server.cpp.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>

#include "server/logging.hpp"
#include "server/metrics.hpp"
#include "server/router.hpp"

namespace dialgraph::server {

struct ServerSettings {
  std::string address = "127.0.0.1";
  unsigned short port = 8080;  // 0: any free port
  int threads = 1;
  std::size_t body_limit = 8 * 1024;
  std::size_t header_limit = 8 * 1024;
  int max_connections = 1024;  // more are answered 503 and closed
  std::chrono::milliseconds read_timeout{10'000};   // one request, first byte to last
  std::chrono::milliseconds idle_timeout{30'000};   // keep-alive wait for the next request
  std::chrono::milliseconds write_timeout{10'000};
  std::chrono::milliseconds shutdown_grace{10'000};  // in-flight requests after SIGTERM
  // SIGTERM/SIGINT drain and SIGHUP reloads. Off for a server inside another
  // command (`dialgraph test --http`), whose signals stay the command's.
  bool handle_signals = true;
};

class HttpServer {
 public:
  HttpServer(ServerSettings settings, Router& router, Metrics& metrics, Logger& logger);
  ~HttpServer();
  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and listens; logs "listening on ADDR:PORT". Throws when it cannot bind.
  unsigned short listen();
  // Serves until SIGTERM/SIGINT (or stop()) and the drain that follows are
  // over. SIGHUP calls `on_reload` on an I/O thread.
  void run(std::function<void()> on_reload);
  // Starts the graceful stop from any thread: no new connections, in-flight
  // requests finish within the grace period, idle connections close.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dialgraph::server
