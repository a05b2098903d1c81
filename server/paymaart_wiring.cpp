#include "server/paymaart_wiring.hpp"

#include "actions/command.hpp"
#include "actions/sms_outbox.hpp"
#include "actions/store_types.hpp"

namespace dialgraph::server {

void StoreEventSink::record(const SessionEvent& event) {
  actions::SessionEvent row;
  row.session_id = event.session_id;
  row.phone = event.phone;
  row.service_code = event.service_code;
  row.network_code = event.network_code;
  row.status = event.status;
  row.cost = event.cost;
  row.duration_ms = event.duration_ms;
  row.hops_count = event.hops;
  row.input = event.input;
  row.last_app_response = event.last_app_response;
  row.error_message = event.error_message;
  row.date = event.date;
  row.received_at = event.received_at;
  store_.write([&](actions::Tx& tx) { tx.insert_event(row); });
}

std::vector<OutboundSms> StoreSmsOutbox::due(int limit, std::int64_t now) {
  std::vector<OutboundSms> out;
  // Claimed, not just looked at: with several instances each message goes to one sender.
  for (auto& sms : actions::claim_sms(store_, settings_, now, limit)) {
    out.push_back({sms.id, std::move(sms.to_phone), std::move(sms.text), sms.attempts, sms.claimed_until});
  }
  // A receipt goes out only once the payment it reports is on disk (the store
  // may defer flushes: Store::defer_flushes). This is the sender's own thread.
  if (!out.empty()) store_.wait_flushed();
  return out;
}

void StoreSmsOutbox::mark_sent(std::int64_t id, const std::string& provider_id) {
  const auto now = clock_();
  store_.write([&](actions::Tx& tx) { tx.mark_sms_sent(id, provider_id, now); });
  // Committed, so no restart of the process sends it again; on disk with the
  // next flush, asked for now and not waited for: only a power failure in
  // those milliseconds can send it again. Not waiting for a flush per message
  // saves a payment's request ~11% of its CPU (bench/README.md, 2026-12-05).
  store_.after_flush([](bool) {});
}

void StoreSmsOutbox::mark_failed(std::int64_t id, std::optional<std::int64_t> retry_at,
                                 const std::string&) {
  store_.write([&](actions::Tx& tx) { tx.mark_sms_failed(id, retry_at.value_or(0), !retry_at); });
}

void StoreSmsOutbox::release(std::int64_t id) {
  const auto now = clock_();
  store_.write([&](actions::Tx& tx) { tx.release_sms(id, now); });
}

void StoreDurability::after_writes_flushed(std::function<void(bool)> then) {
  store_.after_flush(std::move(then));
}

namespace {
// A batch holds the writer's lock ~0.9 ms on a 200,000-record table, 500 rows
// ~5 ms: as much as a payment's whole p99 budget (bench/prune_batch.py).
constexpr int kPruneBatch = 100;
// Between two full batches: the writer's lock is free for requests meanwhile.
constexpr std::chrono::milliseconds kPrunePause{10};
}  // namespace

RecordPruner::RecordPruner(actions::Store& store, Logger& logger, std::chrono::seconds retention,
                           std::chrono::milliseconds period, actions::Clock clock)
    : store_(store), logger_(logger), retention_(retention), period_(period), clock_(std::move(clock)) {}

void RecordPruner::start(Executor& executor) {
  executor_ = &executor;
  schedule(period_);
}

// The timer thread only hands the batch to a worker: it also fires deadlines.
// Once the executor shuts down it takes no more timers, which ends the chain.
void RecordPruner::schedule(std::chrono::milliseconds delay) {
  executor_->post_after(delay, [this] { executor_->post([this] { prune(); }); });
}

void RecordPruner::prune() {
  int deleted = 0;
  try {
    deleted = actions::forget_command_records(store_, clock_() - retention_.count(), kPruneBatch);
  } catch (const std::exception& error) {
    logger_.write(LogLine("error", "command records not pruned").add("error", error.what()));
  }
  forgotten_ += deleted;
  if (deleted == kPruneBatch) return schedule(kPrunePause);
  if (forgotten_ > 0) {
    logger_.write(LogLine("info", "command records forgotten")
                      .add("count", static_cast<long long>(forgotten_))
                      .add("older_than_s", static_cast<long long>(retention_.count())));
  }
  forgotten_ = 0;
  schedule(period_);
}

}  // namespace dialgraph::server
