#include "actions/sms_outbox.hpp"

#include "actions/secrets.hpp"

namespace dialgraph::actions {

void queue_sms(Tx& tx, const Settings& settings, const std::string& to_phone,
               std::string_view text, std::int64_t now, SmsUrgency urgency) {
  tx.queue_sms(to_phone, seal_text(settings.pepper, text), now, urgency);
}

namespace {

std::vector<OutgoingSms> opened(const Settings& settings, const std::vector<QueuedSms>& queued,
                                std::int64_t claimed_until = 0) {
  std::vector<OutgoingSms> out;
  for (const QueuedSms& sms : queued)
    out.push_back({sms.id, sms.to_phone, open_text(settings.pepper, sms.body), sms.attempts, claimed_until});
  return out;
}

}  // namespace

std::vector<OutgoingSms> due_sms(Store& store, const Settings& settings, std::int64_t now,
                                 int limit) {
  return opened(settings, store.read([&](Tx& tx) { return tx.due_sms(now, limit); }));
}

std::vector<OutgoingSms> claim_sms(Store& store, const Settings& settings, std::int64_t now,
                                   int limit) {
  const std::int64_t claimed_until = now + kSmsClaimSeconds;
  return opened(settings, store.write([&](Tx& tx) { return tx.claim_due_sms(now, limit, claimed_until); }),
                claimed_until);
}

}  // namespace dialgraph::actions
