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
//         kyc_rejected: {en: "Your verification was not approved.", ny: "..."}
//   screens:
//     send_money: {type: input, guard: verified, ...}
#include "actions/action_list.hpp"

namespace dialgraph::actions {

engine::ActionSpec customer_verified_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "customer.verified";
  spec.kind = engine::ActionKind::query;
  spec.outcomes = {"ok", "unregistered", "not_verified", "kyc_rejected"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    // Pending is told to finish verification; rejected, that it was refused.
    const auto verdict = [](const std::string& kyc_status) {
      return outcome(kyc_status == "verified" ? "ok" : kyc_status == "rejected" ? "kyc_rejected" : "not_verified");
    };
    if (const std::string* status = ctx.vars.find("caller.kyc_status")) return verdict(*status);
    return deps->store.read([&](Tx& tx) {
      const auto caller = find_caller(tx, ctx);
      if (!caller) return outcome("unregistered");
      return verdict(caller->kyc_status);
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
