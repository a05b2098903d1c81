#include "server/sms.hpp"

#include <algorithm>
#include <thread>

namespace dialgraph::server {

namespace {

constexpr std::int64_t max_backoff_seconds = 3600;

}  // namespace

LogSmsTransport::LogSmsTransport(Logger& logger, int phone_digits_visible, bool full_text)
    : logger_(logger), phone_digits_visible_(phone_digits_visible), full_text_(full_text) {}

// Without `full_text` the body is left out, not masked: a receipt's amounts,
// balance and names are the customer's, and masking digit runs of four or more
// left "MWK 249,960.00" whole.
SendResult LogSmsTransport::send(const OutboundSms& sms) {
  LogLine line("info", "sms (log only: no SMS credentials configured)");
  line.add("id", sms.id).add("to", mask_phone(sms.to, phone_digits_visible_));
  if (full_text_) line.add("text", sms.message);
  else line.add("bytes", static_cast<long long>(sms.message.size()));
  logger_.write(std::move(line));
  return {SendResult::Kind::sent, "log-" + std::to_string(sms.id), ""};
}

bool sends_to_provider(const SmsConfig& config) { return !config.username.empty() && !config.api_key.empty(); }

std::unique_ptr<SmsTransport> make_sms_transport(const SmsConfig& config, Logger& logger,
                                                 int phone_digits_visible) {
  if (!sends_to_provider(config)) {
    return std::make_unique<LogSmsTransport>(logger, phone_digits_visible, config.log_full_text);
  }
  return std::make_unique<AtSmsClient>(config);
}

SmsSender::SmsSender(SmsOutbox& outbox, SmsTransport& transport, SmsConfig config, Metrics& metrics,
                     Logger& logger, Clock clock)
    : outbox_(outbox),
      transport_(transport),
      config_(std::move(config)),
      metrics_(metrics),
      logger_(logger),
      clock_(std::move(clock)) {}

SmsSender::~SmsSender() { stop(); }

int SmsSender::drain_once() {
  std::map<std::int64_t, std::string> marks_owed;
  {
    const std::lock_guard lock(unrecorded_mutex_);
    marks_owed = unrecorded_;
  }
  for (const auto& [id, provider_id] : marks_owed)
    if (record_sent(id, provider_id)) {
      const std::lock_guard lock(unrecorded_mutex_);
      unrecorded_.erase(id);
    }
  const auto now = clock_();
  const auto due = outbox_.due(config_.batch, now);
  std::atomic<std::size_t> next{0};
  std::atomic<int> tried{0};
  {
    // This thread and up to parallel - 1 others, each joined when it runs out.
    std::vector<std::jthread> others;
    const std::size_t threads = std::min(due.size(), static_cast<std::size_t>(std::max(1, config_.parallel)));
    for (std::size_t i = 1; i < threads; ++i)
      others.emplace_back([&] { send_in_turn(due, next, tried, now); });
    send_in_turn(due, next, tried, now);
  }
  return tried;
}

// Takes the batch's next message until none is left. A stop waits for the
// message being sent, not for the batch: the rest are given back.
void SmsSender::send_in_turn(const std::vector<OutboundSms>& due, std::atomic<std::size_t>& next,
                             std::atomic<int>& tried, std::int64_t now) {
  for (std::size_t i = next++; i < due.size(); i = next++) {
    if (stopping()) {
      release(due[i].id);
      continue;
    }
    if (unrecorded(due[i].id)) continue;
    if (due[i].claimed_until != 0 && clock_() + longest_send_s() >= due[i].claimed_until) {
      release(due[i].id);  // the batch took long (a provider that hangs): due again, for any sender
      continue;
    }
    // Off the sender's own thread nothing else would catch it: the message
    // stays claimed, and is tried again when its claim runs out.
    try {
      deliver(due[i], now);
    } catch (const std::exception& error) {
      logger_.write(LogLine("error", "sms not sent").add("id", due[i].id).add("error", error.what()));
    }
    ++tried;
  }
}

// One send at its slowest: sms_client.cpp gives a call three timeouts, since a
// name lookup has none of its own.
std::int64_t SmsSender::longest_send_s() const { return 3 * static_cast<std::int64_t>(config_.timeout_ms) / 1000 + 1; }

bool SmsSender::unrecorded(std::int64_t id) {
  const std::lock_guard lock(unrecorded_mutex_);
  return unrecorded_.count(id) > 0;
}

void SmsSender::release(std::int64_t id) {
  try {
    outbox_.release(id);
  } catch (const std::exception& error) {  // it is sent once its claim runs out
    logger_.write(LogLine("warn", "sms not given back").add("id", id).add("error", error.what()));
  }
}

bool SmsSender::stopping() {
  const std::lock_guard lock(mutex_);
  return stopping_;
}

void SmsSender::deliver(const OutboundSms& sms, std::int64_t now) {
  SendResult result;
  try {
    result = transport_.send(sms);
  } catch (const std::exception& error) {
    result = {SendResult::Kind::retry, "", error.what()};
  }
  switch (result.kind) {
    case SendResult::Kind::sent:
      metrics_.sms("sent");
      record_sent(sms.id, result.provider_id);
      return;
    case SendResult::Kind::ambiguous:
      metrics_.sms("unconfirmed");
      logger_.write(LogLine("warn", "sms outcome unknown; counted as sent, not retried")
                        .add("id", sms.id)
                        .add("reason", result.reason));
      record_sent(sms.id, "unconfirmed");
      return;
    case SendResult::Kind::retry:
    case SendResult::Kind::give_up:
      break;
  }
  const bool last = result.kind == SendResult::Kind::give_up || sms.attempts + 1 >= config_.max_attempts;
  const auto retry_at = last ? std::nullopt : std::optional<std::int64_t>(retry_time(sms, now));
  metrics_.sms(last ? "abandoned" : "retry");
  logger_.write(LogLine(last ? "error" : "warn", last ? "sms abandoned" : "sms failed; will retry")
                    .add("id", sms.id)
                    .add("attempt", sms.attempts + 1)
                    .add("reason", result.reason));
  try {
    outbox_.mark_failed(sms.id, retry_at, result.reason);
  } catch (const std::exception& error) {
    logger_.write(LogLine("error", "sms failure not recorded").add("id", sms.id).add("error", error.what()));
  }
}

// A mark that fails is remembered, and the message not sent again.
bool SmsSender::record_sent(std::int64_t id, const std::string& provider_id) {
  try {
    outbox_.mark_sent(id, provider_id);
    return true;
  } catch (const std::exception& error) {
    logger_.write(LogLine("error", "sms sent but not marked; will not resend")
                      .add("id", id)
                      .add("error", error.what()));
    const std::lock_guard lock(unrecorded_mutex_);
    unrecorded_.emplace(id, provider_id);
    return false;
  }
}

// backoff_s, doubled per attempt already made, at most an hour.
std::int64_t SmsSender::retry_time(const OutboundSms& sms, std::int64_t now) const {
  std::int64_t delay = config_.backoff_s;
  for (int i = 0; i < sms.attempts && delay < max_backoff_seconds; ++i) delay *= 2;
  return now + std::min(delay, max_backoff_seconds);
}

void SmsSender::start() {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      int tried = 0;
      try {
        tried = drain_once();
      } catch (const std::exception& error) {
        logger_.write(LogLine("error", "sms outbox unreadable").add("error", error.what()));
      }
      lock.lock();
      // A full batch means more are waiting: go on at once rather than send
      // `batch` messages per poll and let a backlog grow.
      if (tried >= config_.batch) continue;
      wake_.wait_for(lock, std::chrono::milliseconds(config_.poll_ms), [this] { return stopping_; });
    }
  });
}

void SmsSender::stop() {
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace dialgraph::server
