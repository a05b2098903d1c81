// The engine's input and output, free of any gateway or HTTP detail.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace dialgraph::engine {

// One step of a USSD session as the gateway reports it: every input so far.
struct Request {
  std::string session_id;
  std::string phone;         // E.164, e.g. +265991234567
  std::string service_code;  // e.g. *3664#
  std::string network_code;  // selects the screen budget
  std::vector<std::string> inputs;
};

// The inputs of a session from the path USSD reports them in ("1*2*1234",
// every input so far joined by '*'): none when empty.
std::vector<std::string> split_inputs(std::string_view path);

// The screen to show. `end` closes the session (END), otherwise it stays open (CON).
struct Reply {
  std::string text;
  bool end = false;
  std::string screen;   // id of the screen shown, for logs and metrics
  std::string outcome;  // last action outcome on the way, for logs ("" if none)
  std::string language;  // the language the reply is in
  // One flag per request input: true where the screen that consumed it is
  // marked secret, so callers can redact it from logs and stored events.
  std::vector<bool> secret_inputs;
  // How many of the inputs, from the first, the walk stepped through: the
  // flags of the rest say nothing (a walk that ended early, or never began,
  // as a session over max_inputs).
  std::size_t inputs_walked = 0;
  // Why the session ended in the generic error (an action threw, an outcome had
  // no branch, a loop was cut): for the operator's log, never shown to the user.
  std::string error;
};

}  // namespace dialgraph::engine
