// The Africa's Talking USSD adapter: callback form -> engine::Request, and
// engine::Reply -> "CON ..."/"END ...".
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/request.hpp"
#include "server/form.hpp"
#include "server/services.hpp"

namespace dialgraph::server {

// The request a callback form describes, or null with a one-line reason
// ("missing field 'sessionId'") in `error`.
std::optional<engine::Request> request_from_form(const FormFields& form, std::string& error);

// "CON text" or "END text".
std::string reply_body(const engine::Reply& reply);

// The notification a form describes (only sessionId is required), or null with
// a reason in `error`. `input` is not yet masked.
std::optional<SessionEvent> event_from_form(const FormFields& form, std::string& error);

}  // namespace dialgraph::server
