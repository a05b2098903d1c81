#include "engine/session_memo.hpp"

namespace dialgraph::engine {

SessionMemo::Answer SessionMemo::find(const std::string& step) const {
  const std::lock_guard lock(mutex_);
  const auto found = results_.find(step);
  return found == results_.end() ? nullptr : found->second;
}

void SessionMemo::keep(const std::string& step, Answer result) {
  const std::lock_guard lock(mutex_);
  if (results_.size() >= kMaxSteps) return;
  results_.insert_or_assign(step, std::move(result));
}

std::size_t SessionMemo::size() const {
  const std::lock_guard lock(mutex_);
  return results_.size();
}

}  // namespace dialgraph::engine
