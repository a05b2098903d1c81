// A phone in the terminal: shows each reply as a handset would and sends the
// session's whole text so far with every answer, as the gateway does.
#pragma once

#include <functional>
#include <iosfwd>
#include <string>
#include <vector>

#include "server/toolkit/service.hpp"

namespace dialgraph::toolkit {

struct SimOptions {
  std::string phone;
  std::string service_code;
  std::string network;
  bool boxes = true;  // draw the handset's screen; off for scripts (stdin not a terminal)
  bool echo = false;  // print each answer read, so a piped transcript reads like a session
  // The messages (SMS) queued for a phone so far; empty when the phone is remote.
  std::function<std::vector<std::string>(const std::string&)> messages;
};

// Dials, then reads one answer per line from `in` until it ends. After an END
// the next line dials again with a new session.
void simulate(std::istream& in, std::ostream& out, const Phone& phone, const SimOptions& options);

// The reply as the handset shows it: a box with CON/END and the screen.
std::string handset(const engine::Reply& reply, bool boxes);

}  // namespace dialgraph::toolkit
