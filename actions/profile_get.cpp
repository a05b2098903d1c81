// profile.get: the caller's details for the "My account" screen.
//
//   my_account:
//     type: action
//     action: profile.get
//     outcomes:
//       ok: {end: {en: "{{full_name}}\nID: {{paymaart_id}}\n{{email}}", ny: "..."}}
#include "actions/action_list.hpp"

namespace dialgraph::actions {

engine::ActionSpec profile_get_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "profile.get";
  spec.kind = engine::ActionKind::query;
  spec.values = {"full_name", "paymaart_id", "phone", "email", "kyc_status", "language"};
  spec.outcomes = {"ok"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    return deps->store.read([&](Tx& tx) {
      engine::Record values = customer_values(caller_of(tx, ctx));
      values.erase("first_name");
      values.erase("last_name");
      return outcome("ok", std::move(values));
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
