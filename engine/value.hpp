// Values that flow through a session: inputs, caller details and action results.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace dialgraph::engine {

// One row of a list value, e.g. one transaction: field name -> text.
using Record = std::map<std::string, std::string, std::less<>>;

struct Request;

// Everything a session knows at one step. Scalars hold text (money in integer
// tambala, times in epoch seconds; filters format them); lists hold rows that
// list screens page through.
//
// Two sources are read in place rather than copied into `scalars` on every
// request (they are the same for the whole session, and copying them was a
// good part of a navigation request's engine time): the request's own fields
// (`phone`, `session_id`, `service_code`, `network_code`) and the caller's
// record as `caller.<field>`. A scalar of the same name wins over both.
struct Vars {
  std::map<std::string, std::string, std::less<>> scalars;
  std::map<std::string, std::vector<Record>, std::less<>> lists;
  const Request* request = nullptr;     // must outlive the Vars
  std::shared_ptr<const Record> caller;  // the caller action's values

  // The variable's value, or null when nothing provides it.
  const std::string* find(std::string_view name) const;
};

// What an action answers: a named outcome ("ok", "insufficient_funds") that the
// menu branches on, and values the menu may show. Never user-facing sentences.
struct ActionResult {
  std::string outcome = "ok";
  Record values;
  std::map<std::string, std::vector<Record>, std::less<>> lists;
  // Set by a command that changed nothing (a right PIN on a clean account) and
  // so answered from a read, without recording this result: the engine has it
  // recorded with the session's next command, or before the session waits for
  // its next input (CommandLog::record), and not at all when the session ends
  // here: only a retry of this request comes back to it, and that one asks
  // again (docs/architecture.md, decision 2).
  bool record_later = false;
};

}  // namespace dialgraph::engine
