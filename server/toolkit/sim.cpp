#include "server/toolkit/sim.hpp"

#include "server/toolkit/line_diff.hpp"

#include <chrono>
#include <istream>
#include <ostream>

#include <unistd.h>

namespace dialgraph::toolkit {
namespace {


// Characters as a terminal shows them: UTF-8 continuation bytes take no column.
std::size_t columns(const std::string& text) {
  std::size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

std::string repeat(const std::string& piece, std::size_t times) {
  std::string out;
  for (std::size_t i = 0; i < times; ++i) out += piece;
  return out;
}

// Unique across runs too: two sims started in the same second (or one run
// again at once) must not continue, or replay, each other's sessions.
std::string session_id(int n) {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return "sim-" + std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(now).count()) + "-" +
         std::to_string(::getpid()) + "-" + std::to_string(n);
}

}  // namespace

std::string handset(const engine::Reply& reply, bool boxes) {
  const std::string kind = reply.end ? "END" : "CON";
  if (!boxes) return kind + "\n" + reply.text + "\n";
  const auto lines = lines_of(reply.text);
  std::size_t width = 24;
  for (const std::string& line : lines) width = std::max(width, columns(line));
  std::string out = "┌" + repeat("─", width + 2) + "┐\n";
  for (const std::string& line : lines) out += "│ " + line + repeat(" ", width - columns(line)) + " │\n";
  out += "├" + repeat("─", width + 2) + "┤\n";
  const std::string hint = reply.end ? "session closed" : "reply below";
  out += "│ " + kind + repeat(" ", width - kind.size() - hint.size()) + hint + " │\n";
  return out + "└" + repeat("─", width + 2) + "┘\n";
}

void simulate(std::istream& in, std::ostream& out, const Phone& phone, const SimOptions& options) {
  int sessions = 0;
  std::size_t seen_sms = options.messages ? options.messages(options.phone).size() : 0;
  for (bool again = true; again;) {
    engine::Request request{session_id(++sessions), options.phone, options.service_code, options.network, {}};
    out << "Dialling " << options.service_code << " from " << options.phone << "\n";
    for (;;) {
      const engine::Reply reply = phone(request);
      out << handset(reply, options.boxes);
      if (options.messages) {
        const auto sms = options.messages(options.phone);
        for (; seen_sms < sms.size(); ++seen_sms) out << "[SMS to " << options.phone << "] " << sms[seen_sms] << "\n";
      }
      if (reply.end) break;
      out << "> " << std::flush;
      std::string line;
      if (!std::getline(in, line)) return void(out << "\n");
      if (options.echo) out << line << "\n";
      request.inputs.push_back(line);
    }
    out << "(session ended: Enter dials again, Ctrl-D quits)\n" << std::flush;
    std::string line;
    again = static_cast<bool>(std::getline(in, line));
  }
}

}  // namespace dialgraph::toolkit
