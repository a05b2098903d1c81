// otp.send: the second step of Forgot PIN. Creates a 6-digit code, keeps only its
// hash, and queues the SMS carrying it in the same transaction. The code itself is
// never a value: only the masked phone and the expiry are.
//
//   otp_sent:
//     type: action
//     action: otp.send
//     outcomes:
//       ok: enter_otp              # "We sent a code to {{phone_masked}}."
//       too_many_codes: {end: {en: "Too many codes. Try again in an hour.", ny: "..."}}
//
// At most otp_sends_per_hour codes go to one customer in any hour: going back
// and entering the ID again sends a new one, and each is an SMS someone pays
// for and a message on the customer's phone.
#include "actions/action_list.hpp"
#include "actions/secrets.hpp"
#include "actions/sms_outbox.hpp"
#include "actions/sms_text.hpp"

namespace dialgraph::actions {
namespace {

// +265991234567 -> +265*****4567: enough for the caller to recognise the number.
std::string mask_phone(const std::string& phone) {
  std::string out = phone;
  const std::size_t first = phone.starts_with("+265") ? 4 : 0;
  for (std::size_t i = first; i + 4 < out.size(); ++i) out[i] = '*';
  return out;
}

engine::ActionResult send(const Deps& deps, Tx& tx, const engine::ActionContext& ctx,
                          std::int64_t now) {
  const Customer caller = caller_of(tx, ctx);
  constexpr std::int64_t kHour = 3'600;
  if (tx.otps_sent_since(caller.id, kPinResetPurpose, now - kHour + 1) >= deps.settings.otp_sends_per_hour)
    return outcome("too_many_codes");
  const std::string code = random_otp();
  const std::int64_t expires_at = now + deps.settings.otp_ttl_seconds;
  tx.insert_otp({caller.id, kPinResetPurpose,
                 hash_secret(deps.settings.pepper, SecretKind::otp, caller.id, code), now,
                 expires_at});
  queue_sms(tx, deps.settings, caller.phone,
            otp_sms(caller.language, code, deps.settings.otp_ttl_seconds), now, SmsUrgency::code);
  return outcome("ok", {{"phone_masked", mask_phone(caller.phone)},
                        {"expires_at", std::to_string(expires_at)}});
}

}  // namespace

engine::ActionSpec otp_send_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "otp.send";
  spec.kind = engine::ActionKind::command;
  spec.values = {"phone_masked", "expires_at"};
  spec.outcomes = {"ok", "too_many_codes"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    return run_once(deps->store, ctx, now,
                    [&](Tx& tx) { return send(*deps, tx, ctx, now); });
  };
  return spec;
}

}  // namespace dialgraph::actions
