// pin.update: stores the new PIN chosen on the Change PIN screens (after the old
// PIN was verified and pin.check_new accepted the new one), and clears any lock.
//
//   change_pin_do:
//     type: action
//     action: pin.update            # uses var new_pin
//     outcomes:
//       ok: {end: {en: "Your PIN has been changed.", ny: "..."}}
#include "actions/action_list.hpp"
#include "actions/pin_rules.hpp"
#include "actions/secrets.hpp"

namespace dialgraph::actions {

engine::ActionSpec pin_update_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "pin.update";
  spec.kind = engine::ActionKind::command;
  spec.outcomes = {"ok"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    return run_once(deps->store, ctx, now, [&](Tx& tx) {
      const std::string& pin = required_var(ctx, "new_pin");
      if (!is_pin_shape(pin)) throw std::logic_error("pin.update: new_pin is not 4 digits");
      const Customer caller = caller_of(tx, ctx);
      tx.set_pin_hash(caller.id, hash_secret(deps->settings.pepper, SecretKind::pin, caller.id, pin),
                      now);
      return outcome("ok");
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
