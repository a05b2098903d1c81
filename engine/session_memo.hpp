// What the engine remembers of a session between its requests: the answers of
// its query actions, each under the step that asked (session, path, place,
// action). docs/architecture.md decision 1 allows it as an optimisation only: the path is
// still the state, and a request without a memo (another instance, a restart)
// asks again and gets the same screen. A step's key recurs only when a later
// request replays that step or the gateway retries a request, so the memo
// spares the database the replays (the caller, the recipient, the fee quote)
// and answers a retry as the first try was answered. Commands are never kept
// here: their results live in the CommandLog.
#pragma once

#include <cstddef>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "engine/value.hpp"

namespace dialgraph::engine {

// Thread-safe: a retried request may overlap the one it retries. Answers are
// shared, never copied: every later request of the session reads the caller's.
class SessionMemo {
 public:
  using Answer = std::shared_ptr<const ActionResult>;
  // Null when the step has no answer kept.
  Answer find(const std::string& step) const;
  // Keeps `result` unless the memo already holds `kMaxSteps` answers (a
  // session that long is rare; its later steps just ask again).
  void keep(const std::string& step, Answer result);
  std::size_t size() const;

  static constexpr std::size_t kMaxSteps = 64;

 private:
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Answer> results_;
};

}  // namespace dialgraph::engine
