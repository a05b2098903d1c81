// The actions and validators a binary offers to menus files, registered by name.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/command_log.hpp"
#include "engine/request.hpp"
#include "engine/value.hpp"

namespace dialgraph::engine {

// A query only reads and may run again on every replay of the path; a command
// changes something and runs once per (session, path) -- see docs/architecture.md, decision 2.
enum class ActionKind { query, command };

struct ActionContext {
  const Request& request;
  const Vars& vars;
  // For a validator: the input being validated. Empty for plain actions.
  std::string_view input;
  // Unique per session and path. A command records its result under this key in
  // the same transaction as its effect, and when a result is already recorded
  // returns it without acting again. The engine calls a command only for the
  // newest input: a replayed step gets the recorded result from the CommandLog.
  std::string command_key;
  // For a command: the answers the walk relied on to get here from validators
  // that record their refusals (a recipient, a quote: records_refusals),
  // accepted, and the results earlier commands left to the walk (a right PIN:
  // ActionResult::record_later), none recorded yet. A command must record
  // them with its result (actions' run_once does), unless it leaves its own
  // result to the walk too: once it has run, the walk forgets them, and a
  // later request that replays their steps finds them only there. So a retry
  // on another instance, or after a restart, reads what the caller saw
  // instead of asking again and finding that the payment itself left too
  // little to pay it (docs/architecture.md, decision 2).
  std::span<const Answered> relied_on = {};
  // The step is a replayed one: passed in an earlier request, or typed ahead
  // in this one (a shortcut dial). A refusal there is not shown as such (see
  // ActionSpec::records_refusals).
  bool replayed = false;
};

using ActionFn = std::function<ActionResult(const ActionContext&)>;

// Everything `dialgraph check` needs to verify a menus file against the binary.
// A validator is an action whose outcome "ok" accepts the input and whose other
// outcomes are the reasons it refuses it.
struct ActionSpec {
  std::string name;
  ActionKind kind = ActionKind::query;
  std::vector<std::string> values;    // scalar values it may return
  std::vector<std::string> lists;     // list values it may return
  std::vector<std::string> outcomes;  // every outcome it can end in, "ok" included
  ActionFn run;
  // The fields of each row of its lists, so that `check` can refuse an item
  // template or a chosen row's field that no row has; empty: not checked.
  std::vector<std::string> row_fields = {};
  // A validator that records each refusal it makes at the newest step, where
  // the caller sees it (actions' answer_once). At a replayed step, then, a
  // refusal with no record was never seen: the input after it was not typed
  // in answer to it (a shortcut dial typed ahead, or a balance or a status
  // changed since the caller passed that step), and reading it as one would
  // give it another meaning (a PIN read as an amount). The walk ends there,
  // with the refusal's text.
  bool records_refusals = false;
};

// The candidate closest to `name` by edit distance, or "" when none is close
// enough to be a likely typo: for "did you mean" hints.
std::string closest_name(std::string_view name, const std::vector<std::string>& candidates);

class Registry {
 public:
  // Throws std::invalid_argument on a duplicate or empty name or an empty outcome list.
  void add(ActionSpec spec);
  // Null when the name is unknown.
  const ActionSpec* find(std::string_view name) const;
  // Throws std::out_of_range: "unknown action 'x'; did you mean 'y'?"
  const ActionSpec& get(std::string_view name) const;
  // Sorted.
  std::vector<std::string> names() const;
  // The registered name closest to `name`, or "" when none is close.
  std::string closest(std::string_view name) const;

 private:
  std::map<std::string, ActionSpec, std::less<>> specs_;
};

}  // namespace dialgraph::engine
