#include "engine/session_memo.hpp"

namespace dialgraph::engine {

std::optional<ActionResult> SessionMemo::find(const std::string& step) const {
  const std::lock_guard lock(mutex_);
  const auto found = results_.find(step);
  if (found == results_.end()) return std::nullopt;
  return found->second;
}

void SessionMemo::keep(const std::string& step, const ActionResult& result) {
  const std::lock_guard lock(mutex_);
  if (results_.size() >= kMaxSteps) return;
  results_.insert_or_assign(step, result);
}

std::size_t SessionMemo::size() const {
  const std::lock_guard lock(mutex_);
  return results_.size();
}

}  // namespace dialgraph::engine
