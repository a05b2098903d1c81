// A thread-safe map whose entries expire a fixed time after their last use and
// whose size is capped (least recently used entries go first).
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace dialgraph::server {

template <typename Value>
class ExpiringMap {
 public:
  using Clock = std::chrono::steady_clock;

  ExpiringMap(std::chrono::seconds ttl, std::size_t capacity) : ttl_(ttl), capacity_(capacity) {}

  // The value under `key` if it has not expired; refreshes its lifetime.
  std::optional<Value> get(const std::string& key, Clock::time_point now = Clock::now()) {
    const std::lock_guard lock(mutex_);
    purge(now);
    const auto found = entries_.find(key);
    if (found == entries_.end()) return std::nullopt;
    touch(found->second, now);
    return found->second.value;
  }

  // Stores `value` under `key`, replacing what was there.
  void put(const std::string& key, Value value, Clock::time_point now = Clock::now()) {
    const std::lock_guard lock(mutex_);
    purge(now);
    auto [slot, inserted] = entries_.try_emplace(key);
    if (inserted) slot->second.order = order_.insert(order_.end(), Use{key, {}});
    slot->second.value = std::move(value);
    touch(slot->second, now);
    while (entries_.size() > capacity_) drop_oldest();
  }

  void erase(const std::string& key) {
    const std::lock_guard lock(mutex_);
    const auto found = entries_.find(key);
    if (found == entries_.end()) return;
    order_.erase(found->second.order);
    entries_.erase(found);
  }

  std::size_t size() const {
    const std::lock_guard lock(mutex_);
    return entries_.size();
  }

 private:
  // A key's place in the order of use. Its expiry is kept here rather than in
  // the entry so that purging, on every call, looks at the oldest without
  // hashing its key.
  struct Use {
    std::string key;
    Clock::time_point expires;
  };

  struct Entry {
    Value value{};
    typename std::list<Use>::iterator order;
  };

  // Moves `entry` to the young end and restarts its lifetime.
  void touch(Entry& entry, Clock::time_point now) {
    entry.order->expires = now + ttl_;
    order_.splice(order_.end(), order_, entry.order);
  }

  // Drops expired entries; they sit at the old end of `order_`.
  void purge(Clock::time_point now) {
    while (!order_.empty() && order_.front().expires <= now) drop_oldest();
  }

  void drop_oldest() {
    entries_.erase(order_.front().key);
    order_.pop_front();
  }

  const std::chrono::seconds ttl_;
  const std::size_t capacity_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<Use> order_;  // least recently used first
};

}  // namespace dialgraph::server
