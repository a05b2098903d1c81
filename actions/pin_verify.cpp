// pin.verify: checks the PIN typed on a secret input. A command, because a wrong
// PIN is counted: a replayed path must see the recorded answer, not count again.
// A right PIN on a clean account changes nothing, and is answered from a read
// (run_once with an `unchanged` answer): a balance or a profile writes nothing.
//
//   enter_pin:
//     type: input
//     secret: true
//     save: pin
//     validate: [{pin: {length: 4}}, pin.verify]
//     failures:
//       wrong_pin: {en: "Wrong PIN. Tries left: {{attempts_left}}.", ny: "..."}
//       locked: {end: true, en: "PIN locked for {{lock_minutes}} minutes.", ny: "..."}
#include "actions/action_list.hpp"
#include "actions/secrets.hpp"

namespace dialgraph::actions {
namespace {

// The usual answer, which changes nothing: a right PIN on an account with no
// wrong tries counted and no lock. Nullopt for anything else.
std::optional<engine::ActionResult> right_on_clean_account(const Deps& deps, Tx& tx,
                                                           const engine::ActionContext& ctx) {
  const Customer caller = caller_of(tx, ctx);
  const auto credential = tx.pin_credential(caller.id);
  if (!credential || credential->failed_attempts != 0 || credential->locked_until != 0) return std::nullopt;
  if (!secret_matches(deps.settings.pepper, SecretKind::pin, caller.id, ctx.input, credential->hash))
    return std::nullopt;
  return outcome("ok");
}

engine::ActionResult verify(const Deps& deps, Tx& tx, const engine::ActionContext& ctx,
                            std::int64_t now) {
  const Customer caller = caller_of(tx, ctx);
  const auto credential = tx.pin_credential(caller.id);
  if (!credential) throw std::logic_error("customer " + caller.paymaart_id + " has no PIN");
  if (credential->locked_until > now) return locked(credential->locked_until, now);
  const Settings& s = deps.settings;
  if (secret_matches(s.pepper, SecretKind::pin, caller.id, ctx.input, credential->hash)) {
    if (credential->failed_attempts != 0 || credential->locked_until != 0)
      tx.set_pin_failures(caller.id, 0, 0);
    return outcome("ok");
  }
  return count_wrong_answer(s, credential->failed_attempts, now, "wrong_pin",
                            [&](int failed, std::int64_t until) { tx.set_pin_failures(caller.id, failed, until); });
}

}  // namespace

engine::ActionSpec pin_verify_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "pin.verify";
  spec.kind = engine::ActionKind::command;
  spec.values = {"attempts_left", "locked_until", "lock_minutes"};
  spec.outcomes = {"ok", "wrong_pin", "locked"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    return run_once(
        deps->store, ctx, now, [&](Tx& tx) { return right_on_clean_account(*deps, tx, ctx); },
        [&](Tx& tx) { return verify(*deps, tx, ctx, now); });
  };
  return spec;
}

}  // namespace dialgraph::actions
