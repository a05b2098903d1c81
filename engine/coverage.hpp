// The parts of a menus file a session can reach, named so that a walk can say
// which ones it passed (see respond()'s trace) and `dialgraph check --coverage`
// can list those no conversation test ever reaches.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "engine/graph.hpp"

namespace dialgraph::engine {

// Ids of reached parts, in the order reached, repeats included. Ids read as
// "screen home", "option home 1", "outcome pay_send ok", "error enter_pin wrong_pin",
// "route after_pin 2" (1-based), "deny verified unregistered", "empty transaction_list".
using Trace = std::vector<std::string>;

std::string part_id(std::string_view kind, std::string_view owner, std::string_view key = "");

struct Part {
  std::string id;
  std::string what;  // for people: "option 1 'View Balance' of screen home"
  Mark mark;
};

// Every part of `graph`, in file order.
std::vector<Part> parts(const Graph& graph);

}  // namespace dialgraph::engine
