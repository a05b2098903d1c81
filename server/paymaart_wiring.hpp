// The server's interfaces bound to the Paymaart store of actions/.
#pragma once

#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "server/services.hpp"
#include "server/sms.hpp"

namespace dialgraph::server {

// Events go to the store's `events` table; a repeated notification is ignored.
class StoreEventSink : public EventSink {
 public:
  explicit StoreEventSink(actions::Store& store) : store_(store) {}
  void record(const SessionEvent& event) override;

 private:
  actions::Store& store_;
};

// The store's group commit, holding the server's replies (Store::defer_flushes).
class StoreDurability : public Durability {
 public:
  explicit StoreDurability(actions::Store& store) : store_(store) {}
  void after_writes_flushed(std::function<void(bool durable)> then) override;

 private:
  actions::Store& store_;
};

// The store's sealed SMS outbox, opened for sending.
class StoreSmsOutbox : public SmsOutbox {
 public:
  StoreSmsOutbox(actions::Store& store, const actions::Settings& settings, actions::Clock clock)
      : store_(store), settings_(settings), clock_(std::move(clock)) {}
  std::vector<OutboundSms> due(int limit, std::int64_t now) override;
  void mark_sent(std::int64_t id, const std::string& provider_id) override;
  void mark_failed(std::int64_t id, std::optional<std::int64_t> retry_at,
                   const std::string& reason) override;

 private:
  actions::Store& store_;
  const actions::Settings& settings_;
  actions::Clock clock_;
};

}  // namespace dialgraph::server
