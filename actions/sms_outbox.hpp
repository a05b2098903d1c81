// Queueing SMS (sealed at rest) and reading them back for the sender.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "actions/settings.hpp"
#include "actions/store.hpp"

namespace dialgraph::actions {

struct OutgoingSms {
  std::int64_t id = 0;
  std::string to_phone;
  std::string text;  // in clear: hand it to the SMS provider, never to a log
  int attempts = 0;
  std::int64_t claimed_until = 0;  // claim_sms: when its claim runs out; 0 for a look
};

// Seals `text` and queues it inside the caller's transaction.
void queue_sms(Tx& tx, const Settings& settings, const std::string& to_phone,
               std::string_view text, std::int64_t now, SmsUrgency urgency);

// Pending messages due at `now`, codes first, then in the order they fell due, opened, and left due: a look
// (tests, the transcript runner's phone). A sender uses claim_sms.
std::vector<OutgoingSms> due_sms(Store& store, const Settings& settings, std::int64_t now,
                                 int limit);

// How long a claimed message is kept from other senders: far longer than one
// send with its timeouts, so it is not sent twice, yet a message whose sender
// died is retried within minutes.
inline constexpr std::int64_t kSmsClaimSeconds = 300;

// The same messages, claimed for this sender (Tx::claim_due_sms): with several
// instances each message goes to one of them. After sending, call
// Tx::mark_sms_sent or Tx::mark_sms_failed.
std::vector<OutgoingSms> claim_sms(Store& store, const Settings& settings, std::int64_t now,
                                   int limit);

}  // namespace dialgraph::actions
