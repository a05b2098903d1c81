// The server's interfaces bound to the Paymaart store of actions/.
#pragma once

#include <chrono>
#include <cstdint>

#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "server/logging.hpp"
#include "server/services.hpp"
#include "server/sms.hpp"
#include "server/worker_pool.hpp"

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
  void release(std::int64_t id) override;

 private:
  actions::Store& store_;
  const actions::Settings& settings_;
  actions::Clock clock_;
};

// Forgets the records of commands older than `retention` (actions/command.hpp),
// every `period`, on an executor's workers: one batch per job, a short pause
// between batches, so that a backlog never holds the writer for long and
// shutting the executor down waits for one batch at most. Construct it before
// the executor that runs it, so that it outlives every job it gave that
// executor. Logs how many it forgot, and why it could not.
class RecordPruner {
 public:
  RecordPruner(actions::Store& store, Logger& logger, std::chrono::seconds retention,
               std::chrono::milliseconds period, actions::Clock clock);
  // The first pass comes one period later (not at start-up, with the server
  // still warming up).
  void start(Executor& executor);

 private:
  void schedule(std::chrono::milliseconds delay);
  void prune();

  actions::Store& store_;
  Logger& logger_;
  std::chrono::seconds retention_;
  std::chrono::milliseconds period_;
  actions::Clock clock_;
  Executor* executor_ = nullptr;
  std::int64_t forgotten_ = 0;  // in this pass so far; jobs run one after another
};

}  // namespace dialgraph::server
