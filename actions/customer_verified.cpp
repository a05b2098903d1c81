// customer.verified: the guard in front of every money screen. Only customers
// whose KYC is verified may pay or see balances.
//
// When the menus' caller action is customer.lookup, this request has just read
// the caller: the guard decides on that `caller.kyc_status` rather than read the
// same row a second time (it was half the database work of every request).
//
//   guards:
//     verified:
//       action: customer.verified
//       deny:
//         unregistered: {en: "This number is not on Paymaart.", ny: "..."}
//         not_verified: {en: "Your account is awaiting verification.", ny: "..."}
//   screens:
//     send_money: {type: input, guard: verified, ...}
#include "actions/action_list.hpp"

namespace dialgraph::actions {

engine::ActionSpec customer_verified_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "customer.verified";
  spec.kind = engine::ActionKind::query;
  spec.outcomes = {"ok", "unregistered", "not_verified"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    if (const std::string* status = ctx.vars.find("caller.kyc_status"))
      return outcome(*status == "verified" ? "ok" : "not_verified");
    return deps->store.read([&](Tx& tx) {
      const auto caller = find_caller(tx, ctx);
      if (!caller) return outcome("unregistered");
      if (caller->kyc_status != "verified") return outcome("not_verified");
      return outcome("ok");
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
