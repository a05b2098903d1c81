// The interfaces the HTTP layer talks to. The composition root (main.cpp) binds
// them to the engine and to the Paymaart store; tests bind them to fakes.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "engine/request.hpp"

namespace dialgraph::server {

// Answers one USSD step. Implementations must be safe to call from several
// threads at once.
class UssdService {
 public:
  virtual ~UssdService() = default;
  // The screen for this step. May throw; the caller turns that into END.
  virtual engine::Reply respond(const engine::Request& request) = 0;
  // A system message of the menus ("error", "timeout", ...) in the language the
  // session's graph defaults to; "" when unknown. Must not throw.
  virtual std::string system_message(std::string_view key, const std::string& session_id) = 0;
  // Short version of the menus being served, for /healthz.
  virtual std::string menus_version() const = 0;
  // The gateway reported that the session is over: forget what was kept for it.
  virtual void session_ended(const std::string& session_id) = 0;
};

// Africa's Talking end-of-session notification, with secret inputs masked.
struct SessionEvent {
  std::string session_id;
  std::string phone;  // as sent (full number: the store is not a log)
  std::string service_code;
  std::string network_code;
  std::string status;        // Success, Incomplete, Failed
  std::string cost;          // e.g. "KES 0.0000", as sent
  std::int64_t duration_ms = 0;
  int hops = 0;
  std::string input;         // all inputs joined by '*', secrets replaced by "****"
  std::string last_app_response;
  std::string error_message;
  std::string date;          // gateway's timestamp, as sent
  std::int64_t received_at = 0;  // epoch seconds, our clock
};

// Durable storage of session events (the actions store's `events` table).
class EventSink {
 public:
  virtual ~EventSink() = default;
  // Throws when the event could not be stored.
  virtual void record(const SessionEvent& event) = 0;
};

// Holds a reply until the writes it may reflect are on disk (the store's group
// commit: its writes return before their flush). A server without one answers
// at once.
class Durability {
 public:
  virtual ~Durability() = default;
  // `then(true)` once every write committed so far is durable: at once on this
  // thread when it already is, else on another thread; `then(false)` when the
  // disk refused the flush.
  virtual void after_writes_flushed(std::function<void(bool durable)> then) = 0;
};

}  // namespace dialgraph::server
