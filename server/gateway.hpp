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

// Why a form was refused: `reason` is the metrics label (missing_field,
// empty_field, field_too_long), `message` the one line the 400 says.
struct FormError {
  std::string reason;
  std::string message;
};

// The request a callback form describes, or null with the reason in `error`.
// A session id that is not UTF-8 is repaired as event_from_form repairs it.
std::optional<engine::Request> request_from_form(const FormFields& form, FormError& error);

// "CON text" or "END text".
std::string reply_body(const engine::Reply& reply);

// The notification a form describes (only sessionId is required), or null with
// the reason in `error`. `input` is not yet masked. Text that is not UTF-8 is
// kept with U+FFFD for each malformed byte, so that the stored event stays
// readable as text.
std::optional<SessionEvent> event_from_form(const FormFields& form, FormError& error);

}  // namespace dialgraph::server
