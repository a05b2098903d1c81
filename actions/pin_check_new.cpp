// pin.check_new: refuses a new PIN that is easy to guess or equal to the current
// one. A query: it reads the current hash and changes nothing.
//
//   new_pin:
//     type: input
//     secret: true
//     save: new_pin
//     validate: [{pin: {length: 4}}, pin.check_new]
//     failures:
//       trivial: {en: "Choose a PIN that is harder to guess.", ny: "..."}
//       same_as_old: {en: "That is your current PIN. Choose another.", ny: "..."}
#include "actions/action_list.hpp"
#include "actions/pin_rules.hpp"
#include "actions/secrets.hpp"

namespace dialgraph::actions {

engine::ActionSpec pin_check_new_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "pin.check_new";
  spec.kind = engine::ActionKind::query;
  spec.outcomes = {"ok", "trivial", "same_as_old", "invalid"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    if (!is_pin_shape(ctx.input)) return outcome("invalid");
    if (is_trivial_pin(ctx.input)) return outcome("trivial");
    return deps->store.read([&](Tx& tx) {
      const Customer caller = caller_of(tx, ctx);
      const auto credential = tx.pin_credential(caller.id);
      if (credential && secret_matches(deps->settings.pepper, SecretKind::pin, caller.id,
                                       ctx.input, credential->hash))
        return outcome("same_as_old");
      return outcome("ok");
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
