// pin.unlocked: whether the caller's PIN is locked after too many wrong tries,
// so that a long flow can say so at its start instead of after the caller has
// typed everything and reaches the PIN. A query: pin.verify stays the check
// that counts and decides.
//
// When the menus' caller action is customer.lookup, the lock as read with the
// caller (the session's first request) decides, with no read of its own: three
// wrong PINs end the session that typed them, so a lock that began since is
// another session's, and pin.verify still refuses there.
//
//   guards:
//     unlocked:
//       action: pin.unlocked
//       deny:
//         locked: {en: "Your account is locked. Choose Forgot PIN to unlock it.", ny: "..."}
//   screens:
//     pay_recipient: {type: input, guard: unlocked, ...}
#include <charconv>

#include "actions/action_list.hpp"

namespace dialgraph::actions {

engine::ActionSpec pin_unlocked_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "pin.unlocked";
  spec.kind = engine::ActionKind::query;
  spec.outcomes = {"ok", "locked"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    if (const std::string* until = ctx.vars.find("caller.pin_locked_until")) {
      std::int64_t seconds = 0;
      const auto [end, error] = std::from_chars(until->data(), until->data() + until->size(), seconds);
      if (error == std::errc() && end == until->data() + until->size())
        return outcome(seconds > now ? "locked" : "ok");
    }
    return deps->store.read([&](Tx& tx) {
      const auto credential = tx.pin_credential(caller_of(tx, ctx).id);
      return outcome(credential && credential->locked_until > now ? "locked" : "ok");
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
