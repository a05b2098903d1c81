// Values that flow through a session: inputs, caller details and action results.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace dialgraph::engine {

// One row of a list value, e.g. one transaction: field name -> text.
using Record = std::map<std::string, std::string, std::less<>>;

// Everything a session knows at one step. Scalars hold text (money in integer
// tambala, times in epoch seconds; filters format them); lists hold rows that
// list screens page through.
struct Vars {
  std::map<std::string, std::string, std::less<>> scalars;
  std::map<std::string, std::vector<Record>, std::less<>> lists;
};

// What an action answers: a named outcome ("ok", "insufficient_funds") that the
// menu branches on, and values the menu may show. Never user-facing sentences.
struct ActionResult {
  std::string outcome = "ok";
  Record values;
  std::map<std::string, std::vector<Record>, std::less<>> lists;
};

}  // namespace dialgraph::engine
