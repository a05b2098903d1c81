// balance.get: the caller's balance in tambala and when it last changed.
//
//   balance:
//     type: action
//     action: balance.get
//     outcomes:
//       ok: {end: {en: "Balance: MWK {{balance|money}}", ny: "Ndalama: MWK {{balance|money}}"}}
#include "actions/action_list.hpp"

namespace dialgraph::actions {

engine::ActionSpec balance_get_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "balance.get";
  spec.kind = engine::ActionKind::query;
  spec.values = {"balance", "updated_at"};
  spec.outcomes = {"ok"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    return deps->store.read([&](Tx& tx) {
      const Account account = account_of(tx, caller_of(tx, ctx));
      return outcome("ok", {{"balance", std::to_string(account.balance_minor)},
                            {"updated_at", std::to_string(account.updated_at)}});
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
