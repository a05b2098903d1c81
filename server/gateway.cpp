#include "server/gateway.hpp"

#include <charconv>

#include "engine/utf8.hpp"

namespace dialgraph::server {

namespace {

constexpr std::size_t max_field_size = 256;  // except text and the event's texts: the body limit bounds them

bool blank(const std::string& text) { return text.find_first_not_of(" \t") == std::string::npos; }

// `name`'s value, or null with the reason when it is missing or absurdly long.
const std::string* required(const FormFields& form, std::string_view name, FormError& error) {
  const std::string* value = find_field(form, name);
  if (value == nullptr) {
    error = {"missing_field", "missing field '" + std::string(name) + "'"};
  } else if (name != "text" && value->size() > max_field_size) {
    error = {"field_too_long", "field '" + std::string(name) + "' is too long"};
    value = nullptr;
  }
  return value;
}

// The session id, which must name something: refused when missing, too long,
// empty or only blanks.
const std::string* session_id(const FormFields& form, FormError& error) {
  const std::string* value = required(form, "sessionId", error);
  if (value != nullptr && blank(*value)) {
    error = {"empty_field", "empty field 'sessionId'"};
    value = nullptr;
  }
  return value;
}

// `name`'s value, or "" when absent; null with the reason when absurdly long.
const std::string* optional_short(const FormFields& form, std::string_view name, FormError& error) {
  static const std::string absent;
  if (find_field(form, name) == nullptr) return &absent;
  return required(form, name, error);
}

// `name`'s value, or "" when absent.
std::string optional_field(const FormFields& form, std::string_view name) {
  const std::string* value = find_field(form, name);
  return value == nullptr ? std::string{} : *value;
}

// `text` with each byte that is not part of well-formed UTF-8 replaced by U+FFFD.
std::string well_formed_utf8(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t at = 0; at < text.size();) {
    const auto next = engine::next_utf8(text, at);
    if (next.length == 0) {
      out += "\xEF\xBF\xBD";
      ++at;
    } else {
      out.append(text, at, next.length);
      at += next.length;
    }
  }
  return out;
}

// The whole number `text` starts with ("2300" -> 2300, "12.5" -> 12), or 0
// when it starts with no digit ("", "-5") or does not fit in an int.
int count_or_zero(std::string_view text) {
  if (text.empty() || text.front() < '0' || text.front() > '9') return 0;
  int value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return ec == std::errc{} ? value : 0;
}

}  // namespace

std::optional<engine::Request> request_from_form(const FormFields& form, FormError& error) {
  const auto* session = session_id(form, error);
  const auto* service = session ? required(form, "serviceCode", error) : nullptr;
  const auto* phone = service ? required(form, "phoneNumber", error) : nullptr;
  const auto* network = phone ? optional_short(form, "networkCode", error) : nullptr;
  const auto* text = network ? required(form, "text", error) : nullptr;
  if (text == nullptr) return std::nullopt;
  engine::Request request;
  // Repaired as the notification's is, so that both name the same session.
  request.session_id = well_formed_utf8(*session);
  request.service_code = *service;
  request.phone = *phone;
  request.network_code = *network;
  request.inputs = engine::split_inputs(*text);
  return request;
}

std::string reply_body(const engine::Reply& reply) {
  return (reply.end ? "END " : "CON ") + reply.text;
}

std::optional<SessionEvent> event_from_form(const FormFields& form, FormError& error) {
  const auto* session = session_id(form, error);
  if (session == nullptr) return std::nullopt;
  const auto text = [&](std::string_view name) { return well_formed_utf8(optional_field(form, name)); };
  SessionEvent event;
  event.session_id = well_formed_utf8(*session);
  event.phone = text("phoneNumber");
  event.service_code = text("serviceCode");
  event.network_code = text("networkCode");
  event.status = text("status");
  event.cost = text("cost");
  event.duration_ms = count_or_zero(optional_field(form, "durationInMillis"));
  event.hops = count_or_zero(optional_field(form, "hopsCount"));
  event.input = text("input");
  event.last_app_response = text("lastAppResponse");
  event.error_message = text("errorMessage");
  event.date = text("date");
  return event;
}

}  // namespace dialgraph::server
