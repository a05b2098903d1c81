// otp.verify: the third step of Forgot PIN. Checks the code typed against the
// caller's newest pin_reset OTP. None, or a used one, counts as expired.
//
//   enter_otp:
//     type: input
//     secret: true
//     validate: [{otp: {length: 6}}, otp.verify]
//     failures:
//       wrong_otp: {en: "Wrong code. Tries left: {{attempts_left}}.", ny: "..."}
//       expired: {end: true, en: "The code has expired. Start again.", ny: "..."}
//       too_many_attempts: {end: true, en: "Too many wrong codes. Start again.", ny: "..."}
//     next: reset_new_pin
#include "actions/action_list.hpp"
#include "actions/secrets.hpp"

namespace dialgraph::actions {
namespace {

engine::ActionResult verify(const Deps& deps, Tx& tx, const engine::ActionContext& ctx,
                            std::int64_t now) {
  const Settings& s = deps.settings;
  const Customer caller = caller_of(tx, ctx);
  const auto otp = tx.latest_otp(caller.id, kPinResetPurpose);
  // Only the newest code counts: once it is used, an older one sent before it
  // must not come back to life.
  if (!otp || otp->consumed_at || otp->expires_at <= now) return outcome("expired");
  if (otp->attempts >= s.otp_max_attempts) return outcome("too_many_attempts");
  if (secret_matches(s.pepper, SecretKind::otp, caller.id, ctx.input, otp->hash)) {
    tx.consume_otp(otp->id, now);
    return outcome("ok");
  }
  const int attempts = otp->attempts + 1;
  tx.set_otp_attempts(otp->id, attempts);
  if (attempts >= s.otp_max_attempts) return outcome("too_many_attempts");
  return outcome("wrong_otp", {{"attempts_left", std::to_string(s.otp_max_attempts - attempts)}});
}

}  // namespace

engine::ActionSpec otp_verify_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "otp.verify";
  spec.kind = engine::ActionKind::command;
  spec.values = {"attempts_left"};
  spec.outcomes = {"ok", "wrong_otp", "expired", "too_many_attempts"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    return run_once(deps->store, ctx, now,
                    [&](Tx& tx) { return verify(*deps, tx, ctx, now); });
  };
  return spec;
}

}  // namespace dialgraph::actions
