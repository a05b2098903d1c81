// customer.lookup: who is dialling. Usually the graph's caller action, so its
// values are available to every screen as caller.*:
//
//   caller: customer.lookup
//   ...
//   main:
//     type: menu
//     text: {en: "Hello {{caller.first_name}}", ny: "Moni {{caller.first_name}}"}
//
// It also reads when the caller's PIN lock ends (`pin_locked_until`, Unix
// seconds, 0 when never locked), in the same read transaction, so that the
// `unlocked` guard at the start of a payment costs no read of its own (a read
// transaction was an eighth of a navigation session's CPU: bench/README.md).
#include "actions/action_list.hpp"

namespace dialgraph::actions {

engine::ActionSpec customer_lookup_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "customer.lookup";
  spec.kind = engine::ActionKind::query;
  spec.values = {"first_name", "last_name", "full_name", "paymaart_id",
                 "phone",      "email",     "kyc_status", "language",
                 "pin_locked_until"};
  spec.outcomes = {"ok", "unknown"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    return deps->store.read([&](Tx& tx) {
      const auto caller = find_caller(tx, ctx);
      if (!caller) return outcome("unknown");
      engine::Record values = customer_values(*caller);
      const auto credential = tx.pin_credential(caller->id);
      values.emplace("pin_locked_until", std::to_string(credential ? credential->locked_until : 0));
      return outcome("ok", std::move(values));
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
