#include "server/gateway.hpp"

#include <charconv>

namespace dialgraph::server {

namespace {

constexpr std::size_t max_field_size = 256;  // except text: the body limit bounds it

// `name`'s value, or null with a reason when it is missing or absurdly long.
const std::string* required(const FormFields& form, std::string_view name, std::string& error) {
  const std::string* value = find_field(form, name);
  if (value == nullptr) {
    error = "missing field '" + std::string(name) + "'";
  } else if (name != "text" && value->size() > max_field_size) {
    error = "field '" + std::string(name) + "' is too long";
    value = nullptr;
  }
  return value;
}

// `name`'s value, or "" when absent.
std::string optional_field(const FormFields& form, std::string_view name) {
  const std::string* value = find_field(form, name);
  return value == nullptr ? std::string{} : *value;
}

// A whole number in `text`, or 0 ("2300" -> 2300, "" -> 0, "12.5" -> 12).
std::int64_t number_or_zero(std::string_view text) {
  std::int64_t value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

}  // namespace

std::optional<engine::Request> request_from_form(const FormFields& form, std::string& error) {
  const auto* session = required(form, "sessionId", error);
  const auto* service = session ? required(form, "serviceCode", error) : nullptr;
  const auto* phone = service ? required(form, "phoneNumber", error) : nullptr;
  const auto* text = phone ? required(form, "text", error) : nullptr;
  if (text == nullptr) return std::nullopt;
  if (session->empty()) {
    error = "empty field 'sessionId'";
    return std::nullopt;
  }
  engine::Request request;
  request.session_id = *session;
  request.service_code = *service;
  request.phone = *phone;
  request.network_code = optional_field(form, "networkCode");
  request.inputs = engine::split_inputs(*text);
  return request;
}

std::string reply_body(const engine::Reply& reply) {
  return (reply.end ? "END " : "CON ") + reply.text;
}

std::optional<SessionEvent> event_from_form(const FormFields& form, std::string& error) {
  const auto* session = required(form, "sessionId", error);
  if (session == nullptr) return std::nullopt;
  SessionEvent event;
  event.session_id = *session;
  event.phone = optional_field(form, "phoneNumber");
  event.service_code = optional_field(form, "serviceCode");
  event.network_code = optional_field(form, "networkCode");
  event.status = optional_field(form, "status");
  event.cost = optional_field(form, "cost");
  event.duration_ms = number_or_zero(optional_field(form, "durationInMillis"));
  event.hops = static_cast<int>(number_or_zero(optional_field(form, "hopsCount")));
  event.input = optional_field(form, "input");
  event.last_app_response = optional_field(form, "lastAppResponse");
  event.error_message = optional_field(form, "errorMessage");
  event.date = optional_field(form, "date");
  return event;
}

}  // namespace dialgraph::server
