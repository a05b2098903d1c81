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
};

// Seals `text` and queues it inside the caller's transaction.
void queue_sms(Tx& tx, const Settings& settings, const std::string& to_phone,
               std::string_view text, std::int64_t now);

// Pending messages due at `now`, oldest first, opened. After sending, call
// Tx::mark_sms_sent or Tx::mark_sms_failed.
std::vector<OutgoingSms> due_sms(Store& store, const Settings& settings, std::int64_t now,
                                 int limit);

}  // namespace dialgraph::actions
