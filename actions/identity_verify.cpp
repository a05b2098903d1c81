// identity.verify: the first step of Forgot PIN. The caller proves who they are
// by typing their Paymaart ID (any case). Wrong answers have their own counter and
// lock (not the PIN's), with the same limits as PINs.
//
//   forgot_pin:
//     type: input
//     save: identity_answer
//     validate: [identity.verify]
//     failures:
//       mismatch: {en: "That is not your Paymaart ID. Tries left: {{attempts_left}}.", ny: "..."}
//       locked: {end: true, en: "Too many tries. Try again in {{lock_minutes}} minutes.", ny: "..."}
//     next: otp_sent
#include "actions/action_list.hpp"
#include "actions/parse.hpp"

namespace dialgraph::actions {
namespace {

engine::ActionResult verify(const Deps& deps, Tx& tx, const engine::ActionContext& ctx,
                            std::int64_t now) {
  const Customer caller = caller_of(tx, ctx);
  const auto credential = tx.pin_credential(caller.id);
  if (!credential) throw std::logic_error("customer " + caller.paymaart_id + " has no PIN");
  if (credential->identity_locked_until > now) return locked(credential->identity_locked_until, now);
  if (normalize_paymaart_id(ctx.input) == caller.paymaart_id) {
    tx.set_identity_failures(caller.id, 0, 0);
    return outcome("ok");
  }
  return count_wrong_answer(deps.settings, credential->identity_failed_attempts, now, "mismatch",
                            [&](int failed, std::int64_t until) { tx.set_identity_failures(caller.id, failed, until); });
}

}  // namespace

engine::ActionSpec identity_verify_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "identity.verify";
  spec.kind = engine::ActionKind::command;
  spec.values = {"attempts_left", "locked_until", "lock_minutes"};
  spec.outcomes = {"ok", "mismatch", "locked"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    return run_once(deps->store, ctx, now,
                    [&](Tx& tx) { return verify(*deps, tx, ctx, now); });
  };
  return spec;
}

}  // namespace dialgraph::actions
