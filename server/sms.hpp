// Delivery of the SMS outbox through Africa's Talking's SMS API.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include "server/config.hpp"
#include "server/logging.hpp"
#include "server/metrics.hpp"

namespace dialgraph::server {

struct OutboundSms {
  std::int64_t id = 0;
  std::string to;  // E.164
  std::string message;
  int attempts = 0;  // attempts made so far
  // When the claim that keeps other senders off it runs out (epoch seconds;
  // 0: no claim). A send that could outlast it is not begun: another sender
  // might send the message too.
  std::int64_t claimed_until = 0;
};

// The outbox of the actions store, as the sender sees it.
class SmsOutbox {
 public:
  virtual ~SmsOutbox() = default;
  // Up to `limit` messages neither sent nor abandoned whose next attempt is at
  // or before `now` (epoch seconds): codes first, then in the order they fell due.
  virtual std::vector<OutboundSms> due(int limit, std::int64_t now) = 0;
  virtual void mark_sent(std::int64_t id, const std::string& provider_id) = 0;
  // Counts one more attempt; `retry_at` null abandons the message for good.
  virtual void mark_failed(std::int64_t id, std::optional<std::int64_t> retry_at,
                           const std::string& reason) = 0;
  // Gives back a message `due` handed out that was not tried: due again now.
  virtual void release(std::int64_t id) = 0;
};

struct SendResult {
  enum class Kind {
    sent,       // the provider accepted it
    retry,      // certainly not sent (no connection, 5xx): try again later
    give_up,    // refused for good (bad number, 4xx)
    ambiguous,  // the request went out but no clear answer came back
  };
  Kind kind = Kind::retry;
  std::string provider_id;
  std::string reason;
};

class SmsTransport {
 public:
  virtual ~SmsTransport() = default;
  virtual SendResult send(const OutboundSms& sms) = 0;
};

// Without credentials: writes each SMS to the log (its text only with
// `full_text`, the demo's choice; otherwise its length) and reports it sent.
class LogSmsTransport : public SmsTransport {
 public:
  LogSmsTransport(Logger& logger, int phone_digits_visible, bool full_text);
  SendResult send(const OutboundSms& sms) override;

 private:
  Logger& logger_;
  int phone_digits_visible_;
  bool full_text_;
};

// Africa's Talking: POST {base_url}/version1/messaging (plain HTTP or HTTPS).
class AtSmsClient : public SmsTransport {
 public:
  explicit AtSmsClient(SmsConfig config);
  SendResult send(const OutboundSms& sms) override;

 private:
  SmsConfig config_;
};

// Whether SMS go to Africa's Talking: a username and an API key are configured.
bool sends_to_provider(const SmsConfig& config);
// The log transport unless sends_to_provider, else AtSmsClient.
std::unique_ptr<SmsTransport> make_sms_transport(const SmsConfig& config, Logger& logger,
                                                 int phone_digits_visible);

// Drains the outbox on its own thread every `poll_ms`, sending up to
// `parallel` messages of a batch at once: each send is a round trip to
// Africa's Talking with a connection of its own (DNS, TCP, TLS), a few per
// second one at a time, well short of two receipts per payment at a busy hour.
// Never sends a message twice: a thread marks its message sent before it takes
// another, an ambiguous failure counts as sent (see server/README.md), and one
// whose "sent" mark could not be stored is remembered and not sent again.
class SmsSender {
 public:
  using Clock = std::function<std::int64_t()>;  // epoch seconds
  SmsSender(SmsOutbox& outbox, SmsTransport& transport, SmsConfig config, Metrics& metrics,
            Logger& logger, Clock clock);
  ~SmsSender();
  // One pass over up to `batch` due messages, codes first, `parallel` at a
  // time; returns how many were tried. Stopping, it gives back those it did
  // not try.
  int drain_once();
  void start();
  void stop();

 private:
  void deliver(const OutboundSms& sms, std::int64_t now);
  bool record_sent(std::int64_t id, const std::string& provider_id);
  std::int64_t retry_time(const OutboundSms& sms, std::int64_t now) const;

  SmsOutbox& outbox_;
  SmsTransport& transport_;
  SmsConfig config_;
  Metrics& metrics_;
  Logger& logger_;
  Clock clock_;
  void send_in_turn(const std::vector<OutboundSms>& due, std::atomic<std::size_t>& next,
                    std::atomic<int>& tried, std::int64_t now);
  bool unrecorded(std::int64_t id);
  std::int64_t longest_send_s() const;
  std::mutex unrecorded_mutex_;
  std::map<std::int64_t, std::string> unrecorded_;  // sent, but mark_sent failed
  void release(std::int64_t id);
  bool stopping();

  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace dialgraph::server
