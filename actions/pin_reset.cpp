// pin.reset: the last step of Forgot PIN. Needs an OTP of the caller verified in
// the last otp_ttl seconds and not yet used; sets the new PIN and clears every
// failure counter and lock, which is how a locked customer gets back in.
//
//   reset_do:
//     type: action
//     action: pin.reset            # uses var new_pin
//     outcomes:
//       ok: {end: {en: "Your new PIN is set.", ny: "..."}}
//       no_verified_otp: {end: {en: "Please start Forgot PIN again.", ny: "..."}}
#include "actions/action_list.hpp"
#include "actions/pin_rules.hpp"
#include "actions/secrets.hpp"

namespace dialgraph::actions {
namespace {

engine::ActionResult reset(const Deps& deps, Tx& tx, const engine::ActionContext& ctx,
                           std::int64_t now) {
  const std::string& pin = required_var(ctx, "new_pin");
  if (!is_pin_shape(pin)) throw std::logic_error("pin.reset: new_pin is not 4 digits");
  const Customer caller = caller_of(tx, ctx);
  const auto otp_id =
      tx.verified_otp(caller.id, kPinResetPurpose, now - deps.settings.otp_ttl_seconds);
  if (!otp_id) return outcome("no_verified_otp");
  tx.set_pin_hash(caller.id, hash_secret(deps.settings.pepper, SecretKind::pin, caller.id, pin),
                  now);
  tx.mark_otp_used_for_reset(*otp_id, now);
  return outcome("ok");
}

}  // namespace

engine::ActionSpec pin_reset_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "pin.reset";
  spec.kind = engine::ActionKind::command;
  spec.outcomes = {"ok", "no_verified_otp"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    return run_once(deps->store, ctx, now,
                    [&](Tx& tx) { return reset(*deps, tx, ctx, now); });
  };
  return spec;
}

}  // namespace dialgraph::actions
