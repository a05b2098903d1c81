#include "server/engine_service.hpp"

// GraphStore lives apart from the engine calls so that it links without them.
namespace dialgraph::server {

GraphStore::GraphStore(GraphPtr initial, std::chrono::seconds ttl, std::size_t capacity)
    : current_(std::move(initial)), sessions_(ttl, capacity) {}

GraphStore::GraphPtr GraphStore::current() const {
  const std::lock_guard lock(mutex_);
  return current_;
}

void GraphStore::replace(GraphPtr graph) {
  const std::lock_guard lock(mutex_);
  current_ = std::move(graph);
}

GraphStore::Pinned GraphStore::for_session(const std::string& session_id, const std::string& phone) {
  if (auto pinned = sessions_.get(session_id)) return std::move(*pinned);
  Pinned pinned{phone, current(), std::make_shared<engine::SessionMemo>(), nullptr};
  sessions_.put(session_id, pinned);
  return pinned;
}

GraphStore::GraphPtr GraphStore::peek(const std::string& session_id) const {
  if (auto pinned = sessions_.get(session_id)) return pinned->graph;
  return current();
}

void GraphStore::end(const std::string& session_id, const std::string& phone, GraphPtr graph,
                     Ending ending) {
  sessions_.put(session_id,
                Pinned{phone, std::move(graph), nullptr, std::make_shared<const Ending>(std::move(ending))});
}

void GraphStore::forget(const std::string& session_id) { sessions_.erase(session_id); }

}  // namespace dialgraph::server
