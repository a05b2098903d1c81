// Conversation files: YAML transcripts of USSD sessions with the screens they
// must get back (the format is docs/testing.md).
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace dialgraph::toolkit {

// A file that is not a valid conversation file: "FILE:LINE:COL: message".
class ConversationError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// What a reply must be; every field set must hold.
struct Expect {
  std::optional<bool> end;            // con (false) or end (true)
  std::optional<std::string> equals;  // the whole screen
  std::vector<std::string> contains;  // pieces of it
  std::optional<std::string> regex;   // the whole screen matches (ECMAScript)
  bool empty() const { return !end && !equals && contains.empty() && !regex; }
};

struct Step {
  enum class Kind { dial, send, wait };
  Kind kind = Kind::send;
  std::string input;         // send: may hold {{sms.NAME}} and {{phone}}; dial: "" or
                             // the inputs dialled with the code ("3*1" for *3664*3*1#)
  std::int64_t seconds = 0;  // wait
  Expect expect;
  int line = 0;
};

struct Session {
  std::string name;
  std::string phone;
  std::string network;  // "" for the service's default
  std::vector<Step> steps;
  int line = 0;
  // `continues: NAME`: this entry goes on with an earlier one as the same USSD
  // session (its id, phone, network and path so far), so that other sessions
  // can run in between. The index in Conversation::sessions of the entry that
  // dialled it; -1 for an entry that dials a session of its own.
  int continues = -1;
};

// A part of the menus that no conversation can reach, and why (for check --coverage).
struct Uncovered {
  std::string part;  // an id such as "outcome pay_send not_run"
  std::string why;
  std::string file;
  int line = 0;
};

struct Conversation {
  std::string path;
  YAML::Node fixture;                       // the service reads it
  std::map<std::string, std::string> sms;   // {{sms.NAME}} -> pattern that finds it in an SMS
  std::vector<Session> sessions;
  std::vector<Uncovered> uncovered;
};

// Reads and checks one file. Throws ConversationError.
Conversation parse_conversation(const std::string& path);
Conversation parse_conversation_text(const std::string& text, const std::string& path);

}  // namespace dialgraph::toolkit
