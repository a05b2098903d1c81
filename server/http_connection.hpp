// Internals of the HTTP server, shared by http_server.cpp (listening, signals,
// draining) and http_connection.cpp (one client connection). Beast stays in
// server/*.cpp; only those two include this.
#pragma once

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core/error.hpp>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "server/http_server.hpp"

namespace dialgraph::server {

class Connection;

// What every connection shares: settings, the router, and who is connected.
struct Shared {
  Shared(ServerSettings settings_, Router& router_, Metrics& metrics_, Logger& logger_)
      : settings(std::move(settings_)), router(router_), metrics(metrics_), logger(logger_) {}

  ServerSettings settings;
  Router& router;
  Metrics& metrics;
  Logger& logger;
  std::atomic<bool> draining{false};
  std::mutex mutex;
  std::unordered_map<const Connection*, std::weak_ptr<Connection>> connections;
};

// The one logger of Beast/Asio errors; routine disconnects are not news.
void log_io_error(Logger& logger, boost::beast::error_code ec, const char* what);

// Serves one accepted socket (HTTP/1.1 keep-alive) until it closes.
void serve_connection(boost::asio::ip::tcp::socket&& socket, Shared& shared);

// During shutdown: every connection between requests closes now; those in the
// middle of one close after their response.
void close_idle_connections(Shared& shared);

}  // namespace dialgraph::server
