// The HTTP routes of the server, free of sockets: a request goes in, a response
// comes out through a callback (maybe on another thread).
#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "server/access.hpp"
#include "server/expiring_map.hpp"
#include "server/form.hpp"
#include "server/http_types.hpp"
#include "server/logging.hpp"
#include "server/metrics.hpp"
#include "server/services.hpp"
#include "server/worker_pool.hpp"

namespace dialgraph::server {

struct RouterSettings {
  // A callback not answered by then gets the menus' "timeout" message.
  std::chrono::milliseconds deadline{8000};
  std::size_t body_limit = 8 * 1024;
  int phone_digits_visible = 4;
  // How long the secret-input flags of a session are kept for its event.
  std::chrono::seconds secrets_ttl{600};
  std::size_t secrets_capacity = 100'000;
};

// Used when the menus have no such message (or none are loaded).
inline constexpr std::string_view fallback_error_text =
    "Sorry, something went wrong. Please try again later.";
inline constexpr std::string_view fallback_timeout_text =
    "Sorry, this is taking too long. Please try again later.";

class Router {
 public:
  using Done = std::function<void(HttpResponse)>;

  // Without `durability` a reply leaves as soon as it is ready.
  Router(UssdService& ussd, EventSink& events, Executor& executor, Metrics& metrics,
         Logger& logger, AccessPolicy access, RouterSettings settings,
         Durability* durability = nullptr);

  // Answers `request` by calling `done` exactly once, maybe on another thread.
  void handle(HttpRequest request, Done done);

  // The answer to a request the connection could not read whole (too large,
  // malformed), counted and logged like any other. `partial` holds what was read.
  HttpResponse refuse(const HttpRequest& partial, int status, std::string_view reason,
                      std::string_view message);

 private:
  struct Exchange;
  using ExchangePtr = std::shared_ptr<Exchange>;

  void route(const ExchangePtr& exchange);
  bool admit_gateway_request(const ExchangePtr& exchange, FormFields& form);
  void callback(const ExchangePtr& exchange, const FormFields& form);
  void run_callback(const ExchangePtr& exchange, const engine::Request& request);
  struct EngineAnswer {
    HttpResponse response;
    std::string screen;
    std::string outcome;
  };
  EngineAnswer engine_reply(const engine::Request& request);
  void on_deadline(const ExchangePtr& exchange);
  void event(const ExchangePtr& exchange, const FormFields& form);
  void store_event(const ExchangePtr& exchange, const SessionEvent& event);
  HttpResponse health() const;
  void reject(const ExchangePtr& exchange, int status, std::string_view reason,
              std::string_view message);
  void finish(const ExchangePtr& exchange, HttpResponse response);
  void deliver(const ExchangePtr& exchange, HttpResponse response);
  std::vector<bool> secret_flags(const std::string& session,
                                 const std::vector<std::string>& inputs);
  std::string system_text(std::string_view key, const std::string& session,
                          std::string_view fallback);

  UssdService& ussd_;
  EventSink& events_;
  Executor& executor_;
  Metrics& metrics_;
  Logger& logger_;
  AccessPolicy access_;
  RouterSettings settings_;
  Durability* durability_;
  ExpiringMap<std::vector<bool>> secrets_;
};

// The metrics label of a path: callback, events, healthz, metrics or other.
std::string_view endpoint_of(std::string_view path);

}  // namespace dialgraph::server
