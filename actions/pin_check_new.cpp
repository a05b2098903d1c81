// pin.check_new: refuses a new PIN that is easy to guess or equal to the PIN the
// caller typed on this session's PIN screen. A query on the session alone.
//
// It compares with the PIN typed (the variable `pin`, which pin.verify found
// right), not with the stored one: in Forgot PIN there is no PIN screen, and
// answering "that is your current PIN" there would let whoever holds the
// phone, past the code, learn the forgotten PIN without changing it.
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

namespace dialgraph::actions {

engine::ActionSpec pin_check_new_action(DepsPtr) {
  engine::ActionSpec spec;
  spec.name = "pin.check_new";
  spec.kind = engine::ActionKind::query;
  spec.outcomes = {"ok", "trivial", "same_as_old", "invalid"};
  spec.run = [](const engine::ActionContext& ctx) {
    if (!is_pin_shape(ctx.input)) return outcome("invalid");
    if (is_trivial_pin(ctx.input)) return outcome("trivial");
    if (const std::string* typed = ctx.vars.find("pin"); typed && *typed == ctx.input) return outcome("same_as_old");
    return outcome("ok");
  };
  return spec;
}

}  // namespace dialgraph::actions
