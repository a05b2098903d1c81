#include "server/router.hpp"

#include <atomic>
#include <chrono>
#include <ctime>
#include <nlohmann/json.hpp>

#include "server/gateway.hpp"

namespace dialgraph::server {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::string_view form_type = "application/x-www-form-urlencoded";

struct RouteSpec {
  std::string_view path;
  std::string_view method;
  bool gateway;  // subject to the allowlist and key, carries a form
};

constexpr RouteSpec routes[] = {
    {"/callback", "POST", true}, {"/events", "POST", true}, {"/logs", "POST", true},
    {"/healthz", "GET", false},  {"/metrics", "GET", false},
};

// A USSD answer: exactly "CON ..." or "END ...", no trailing newline (the
// gateway shows the body as it is).
HttpResponse ussd_response(std::string body) {
  HttpResponse response;
  response.body = std::move(body);
  return response;
}

const RouteSpec* find_route(std::string_view path) {
  for (const auto& spec : routes) {
    if (spec.path == path) return &spec;
  }
  return nullptr;
}

// True when the Content-Type's media type (parameters ignored) is `wanted`.
bool has_media_type(const std::string* content_type, std::string_view wanted) {
  if (content_type == nullptr) return false;
  std::string_view type = *content_type;
  type = type.substr(0, type.find(';'));
  while (!type.empty() && type.back() == ' ') type.remove_suffix(1);
  return iequals(type, wanted);
}

// The request's inputs that `flags` marks secret (PINs, OTPs), to scrub from
// error texts; every input that looks like one too, whatever the flags say.
std::vector<std::string> secret_inputs(const engine::Request& request, const std::vector<bool>& flags) {
  const auto guessed = guess_secret_inputs(request.inputs);
  std::vector<std::string> secrets;
  for (std::size_t i = 0; i < request.inputs.size(); ++i) {
    if ((i < flags.size() && flags[i]) || guessed[i]) secrets.push_back(request.inputs[i]);
  }
  return secrets;
}

// "0.412": most replies take well under a millisecond, so whole milliseconds
// would log nearly every request as 0.
std::string milliseconds_text(std::chrono::nanoseconds elapsed) {
  const auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
  std::string text = std::to_string(us / 1000) + ".000";
  const auto fraction = std::to_string(us % 1000);
  text.replace(text.size() - fraction.size(), fraction.size(), fraction);
  return text;
}

}  // namespace

struct Router::Exchange {
  HttpRequest request;
  Done done;
  Clock::time_point started = Clock::now();
  std::string client;
  std::string session;
  std::string phone;  // masked
  std::string screen;
  std::string outcome;
  std::atomic<bool> answered{false};
};

std::string_view endpoint_of(std::string_view path) {
  if (path == "/callback") return "callback";
  if (path == "/events" || path == "/logs") return "events";
  if (path == "/healthz") return "healthz";
  if (path == "/metrics") return "metrics";
  return "other";
}

Router::Router(UssdService& ussd, EventSink& events, Executor& executor, Metrics& metrics,
               Logger& logger, AccessPolicy access, RouterSettings settings,
               Durability* durability)
    : ussd_(ussd),
      events_(events),
      executor_(executor),
      metrics_(metrics),
      logger_(logger),
      access_(std::move(access)),
      settings_(settings),
      durability_(durability),
      secrets_(settings.secrets_ttl, settings.secrets_capacity) {}

void Router::handle(HttpRequest request, Done done) {
  auto exchange = std::make_shared<Exchange>();
  exchange->request = std::move(request);
  exchange->done = std::move(done);
  exchange->client = exchange->request.peer_address;
  route(exchange);
}

// Checks the method, then the gateway rules, then hands over to the route.
void Router::route(const ExchangePtr& exchange) {
  const auto& request = exchange->request;
  const RouteSpec* spec = find_route(request.path());
  if (spec == nullptr) return reject(exchange, 404, "not_found", "no such path");
  // HEAD is GET without the body (RFC 9110 9.3.2); the connection leaves it out.
  const bool head_of_get = request.method == "HEAD" && spec->method == "GET";
  if (request.method != spec->method && !head_of_get) {
    const std::string allowed = spec->method == "GET" ? "GET, HEAD" : std::string(spec->method);
    HttpResponse response = text_response(405, "method not allowed; use " + allowed);
    response.headers.emplace_back("Allow", allowed);
    metrics_.bad_request("bad_method");
    return finish(exchange, std::move(response));
  }
  if (spec->path == "/healthz") return finish(exchange, health());
  if (spec->path == "/metrics") {
    HttpResponse response{200, "text/plain; version=0.0.4; charset=utf-8", metrics_.render(), {}};
    return finish(exchange, std::move(response));
  }
  FormFields form;
  if (!admit_gateway_request(exchange, form)) return;
  if (spec->path == "/callback") return callback(exchange, form);
  event(exchange, form);
}

// Source, key, content type, size and encoding; false once it has answered.
bool Router::admit_gateway_request(const ExchangePtr& exchange, FormFields& form) {
  const auto& request = exchange->request;
  // All X-Forwarded-For lines: a proxy may add its own line instead of
  // appending to the client's, and the first line is the client's to forge.
  const auto forwarded_for = request.header_list("X-Forwarded-For");
  exchange->client = access_.client_address(request.peer_address, forwarded_for ? &*forwarded_for : nullptr);
  if (!access_.source_allowed(exchange->client) || !access_.key_accepted(request.query())) {
    reject(exchange, 403, "forbidden", "forbidden");
    return false;
  }
  if (!has_media_type(request.header("Content-Type"), form_type)) {
    reject(exchange, 415, "bad_content_type", "content type must be " + std::string(form_type));
    return false;
  }
  if (request.body.size() > settings_.body_limit) {
    reject(exchange, 413, "body_too_large", "body too large");
    return false;
  }
  std::string error;
  if (!parse_form(request.body, form, error)) {
    reject(exchange, 400, "bad_encoding", error);
    return false;
  }
  return true;
}

// Runs the engine on the executor; whichever of reply and deadline comes first answers.
void Router::callback(const ExchangePtr& exchange, const FormFields& form) {
  FormError error;
  auto request = request_from_form(form, error);
  if (!request) return reject(exchange, 400, error.reason, error.message);
  exchange->session = request->session_id;
  exchange->phone = mask_phone(request->phone, settings_.phone_digits_visible);
  if (request->inputs.empty()) metrics_.session_started();
  executor_.post([this, exchange, request = std::move(*request)] { run_callback(exchange, request); });
  // Work that ran inline has answered by now; only queued work needs a deadline.
  if (!exchange->answered.load())
    executor_.post_after(settings_.deadline, [this, exchange] { on_deadline(exchange); });
}

void Router::run_callback(const ExchangePtr& exchange, const engine::Request& request) {
  // Queued past its deadline: the apology is out, so do nothing at all rather
  // than act (maybe move money) behind the user's back.
  if (exchange->answered.load()) return;
  EngineAnswer answer = engine_reply(request);
  if (!exchange->answered.exchange(true)) {
    exchange->screen = std::move(answer.screen);
    exchange->outcome = std::move(answer.outcome);
    if (answer.response.body.starts_with("END")) metrics_.session_ended();
    if (!exchange->screen.empty()) metrics_.reply(exchange->screen);
    return finish(exchange, std::move(answer.response));
  }
  logger_.write(LogLine("warn", "late reply discarded after the deadline")
                    .add("session", request.session_id)
                    .add("screen", answer.screen));
}

// The engine's reply as CON/END, or the menus' error message when it throws.
Router::EngineAnswer Router::engine_reply(const engine::Request& request) {
  try {
    engine::Reply reply = ussd_.respond(request);
    // The engine ended the session on its error text: say why, for the operator.
    if (!reply.error.empty()) {
      metrics_.error_ending();
      logger_.write(LogLine("warn", "session ended on an error")
                        .add("session", request.session_id)
                        .add("screen", reply.screen)
                        .add("error", scrub(reply.error, secret_inputs(request, reply.secret_inputs))));
    }
    // Only a reply that walked these inputs knows which were secret, and only
    // for the inputs it walked: a refusal (a session id from another phone, a
    // request after END, a session over max_inputs) or a walk that ended early
    // must not replace what the session's own walk recorded. Flags that
    // secret_flags() would guess anyway need no entry, and most sessions'
    // flags are just that (a PIN is 4 digits, menu choices are not). A walk
    // flags the inputs it shares with an earlier request's walk alike, so once
    // a session's flags differ from the guess, later walks that get as far
    // differ too, and its entry stays current.
    const std::size_t walked = std::min(reply.inputs_walked, reply.secret_inputs.size());
    if (reply.secret_inputs.size() == request.inputs.size()) {
      bool guessed_wrong = false;
      for (std::size_t i = 0; i < walked && !guessed_wrong; ++i)
        guessed_wrong = reply.secret_inputs[i] != looks_secret(request.inputs[i]);
      if (guessed_wrong) {
        reply.secret_inputs.resize(walked);
        secrets_.put(request.session_id, std::move(reply.secret_inputs));
      }
    }
    return {ussd_response(reply_body(reply)), std::move(reply.screen), std::move(reply.outcome)};
  } catch (const std::exception& failure) {
    const auto secrets = secret_inputs(request, secret_flags(request.session_id, request.inputs));
    metrics_.service_error();
    logger_.write(LogLine("error", "engine failed")
                      .add("session", request.session_id)
                      .add("error", scrub(failure.what(), secrets)));
  } catch (...) {
    metrics_.service_error();
    logger_.write(LogLine("error", "engine failed").add("session", request.session_id));
  }
  const auto text = system_text("error", request.session_id, fallback_error_text);
  return {ussd_response("END " + text), "", "error"};
}

void Router::on_deadline(const ExchangePtr& exchange) {
  if (exchange->answered.exchange(true)) return;
  metrics_.deadline_exceeded();
  metrics_.session_ended();
  exchange->outcome = "deadline";
  const auto text = system_text("timeout", exchange->session, fallback_timeout_text);
  finish(exchange, ussd_response("END " + text));
}

// Masks the secret inputs, then stores the event on a worker.
void Router::event(const ExchangePtr& exchange, const FormFields& form) {
  FormError error;
  auto event = event_from_form(form, error);
  if (!event) return reject(exchange, 400, error.reason, error.message);
  exchange->session = event->session_id;
  exchange->phone = mask_phone(event->phone, settings_.phone_digits_visible);
  exchange->outcome = event->status;
  const auto inputs = engine::split_inputs(event->input);
  event->input = join_masked(inputs, secret_flags(event->session_id, inputs));
  event->received_at = static_cast<std::int64_t>(std::time(nullptr));
  executor_.post([this, exchange, event = std::move(*event)] { store_event(exchange, event); });
}

void Router::store_event(const ExchangePtr& exchange, const SessionEvent& event) {
  try {
    events_.record(event);
  } catch (const std::exception& failure) {
    logger_.write(LogLine("error", "event not stored")
                      .add("session", event.session_id)
                      .add("error", failure.what()));
    return finish(exchange, text_response(503, "event not stored; try again"));
  }
  secrets_.erase(event.session_id);
  ussd_.session_ended(event.session_id);
  finish(exchange, text_response(200, "OK"));
}

HttpResponse Router::health() const {
  const nlohmann::json body = {{"status", "ok"}, {"menus_version", ussd_.menus_version()}};
  return HttpResponse{200, "application/json", body.dump() + "\n", {}};
}

// The remembered flags of the session's inputs; for inputs it has none for
// (an unknown session, a longer path), the guess (guess_secret_inputs).
std::vector<bool> Router::secret_flags(const std::string& session,
                                       const std::vector<std::string>& inputs) {
  auto flags = guess_secret_inputs(inputs);
  if (const auto known = secrets_.get(session)) {
    for (std::size_t i = 0; i < flags.size() && i < known->size(); ++i) flags[i] = (*known)[i];
  }
  return flags;
}

std::string Router::system_text(std::string_view key, const std::string& session,
                                std::string_view fallback) {
  std::string text;
  try {
    text = ussd_.system_message(key, session);
  } catch (...) {
  }
  return text.empty() ? std::string(fallback) : text;
}

HttpResponse Router::refuse(const HttpRequest& partial, int status, std::string_view reason,
                            std::string_view message) {
  HttpResponse response;
  auto exchange = std::make_shared<Exchange>();
  exchange->request = partial;
  exchange->client = partial.peer_address;
  exchange->done = [&response](HttpResponse answer) { response = std::move(answer); };
  reject(exchange, status, reason, message);
  response.close = true;
  return response;
}

// A refusal reflects no write, so it waits for no flush. It must not:
// Router::refuse answers on the caller's stack, which a reply held for a flush
// would outlive.
void Router::reject(const ExchangePtr& exchange, int status, std::string_view reason,
                    std::string_view message) {
  metrics_.bad_request(reason);
  exchange->outcome = reason;
  deliver(exchange, text_response(status, message));
}

// Answers once the writes the reply may reflect are on disk: a payment's
// confirmation never leaves before the payment could survive a power cut. The
// I/O thread does not wait for that; the flusher hands the reply back.
void Router::finish(const ExchangePtr& exchange, HttpResponse response) {
  if (durability_ == nullptr) return deliver(exchange, std::move(response));
  durability_->after_writes_flushed(
      [this, exchange, response = std::move(response)](bool durable) mutable {
        if (!durable) {
          metrics_.service_error();
          logger_.write(LogLine("error", "the database could not be flushed to disk")
                            .add("session", exchange->session));
          response = endpoint_of(exchange->request.path()) == "callback"
                         ? ussd_response("END " + system_text("error", exchange->session,
                                                              fallback_error_text))
                         : text_response(503, "not stored; try again");
        }
        deliver(exchange, std::move(response));
      });
}

// Counts, logs one line, answers.
void Router::deliver(const ExchangePtr& exchange, HttpResponse response) {
  const auto elapsed = Clock::now() - exchange->started;
  const auto seconds = std::chrono::duration<double>(elapsed).count();
  const auto& request = exchange->request;
  metrics_.request(endpoint_of(request.path()), response.status, seconds);
  LogLine line("info", "request");
  line.add("method", request.method).add("path", request.path()).add("status", response.status);
  line.add("client", exchange->client);
  if (!exchange->session.empty()) line.add("session", exchange->session);
  if (!exchange->phone.empty()) line.add("phone", exchange->phone);
  if (!exchange->screen.empty()) line.add("screen", exchange->screen);
  if (!exchange->outcome.empty()) line.add("outcome", exchange->outcome);
  line.add("latency_ms", milliseconds_text(elapsed));
  logger_.write(line);
  // Moved out so that a deadline timer still holding the exchange does not
  // keep the connection alive.
  Done done = std::move(exchange->done);
  exchange->done = nullptr;
  done(std::move(response));
}

}  // namespace dialgraph::server
