// customer.lookup: who is dialling. Usually the graph's caller action, so its
// values are available to every screen as caller.*:
//
//   caller: customer.lookup
//   ...
//   main:
//     type: menu
//     text: {en: "Hello {{caller.first_name}}", ny: "Moni {{caller.first_name}}"}
#include "actions/action_list.hpp"

namespace dialgraph::actions {

engine::ActionSpec customer_lookup_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "customer.lookup";
  spec.kind = engine::ActionKind::query;
  spec.values = {"first_name", "last_name", "full_name", "paymaart_id",
                 "phone",      "email",     "kyc_status", "language"};
  spec.outcomes = {"ok", "unknown"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    return deps->store.read([&](Tx& tx) {
      const auto caller = find_caller(tx, ctx);
      if (!caller) return outcome("unknown");
      return outcome("ok", customer_values(*caller));
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
