// Where the results of commands are kept, so that a replayed path or a retried
// request sees the same answer and nothing happens twice (docs/architecture.md, decision 2).
#pragma once

#include <optional>
#include <string>

#include "engine/value.hpp"

namespace dialgraph::engine {

class CommandLog {
 public:
  virtual ~CommandLog() = default;
  // The result recorded under `key` by a command that ran, if any.
  virtual std::optional<ActionResult> find(const std::string& key) = 0;
};

}  // namespace dialgraph::engine
