// Where the results of commands are kept, so that a replayed path or a retried
// request sees the same answer and nothing happens twice (docs/architecture.md, decision 2).
#pragma once

#include <memory>
#include <optional>
#include <span>
#include <string>

#include "engine/value.hpp"

namespace dialgraph::engine {

// An answer this request's walk relied on and no command has recorded yet,
// under its step's key: a validator's accepted answer (ActionSpec::
// records_refusals) or a command's result left to the walk (record_later).
struct Answered {
  std::string key;
  std::shared_ptr<const ActionResult> result;
};

class CommandLog {
 public:
  virtual ~CommandLog() = default;
  // The result recorded under `key` by a command that ran, if any.
  virtual std::optional<ActionResult> find(const std::string& key) = 0;
  // Records each answer whose key has no record yet. The engine calls it when
  // a command's result was left to it and the session waits for its next
  // input, whose request replays that step and must find it.
  virtual void record(std::span<const Answered> answers) = 0;
};

}  // namespace dialgraph::engine
