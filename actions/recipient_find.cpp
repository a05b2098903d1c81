// recipient.find: validates who the caller wants to pay, typed as a Paymaart ID
// (any case) or a phone number in any local form.
//
//   send_to:
//     type: input
//     save: recipient_input
//     validate: [recipient.find]
//     failures:
//       unknown_recipient: {en: "No Paymaart customer with that ID or number.", ny: "..."}
//       self: {en: "You cannot send money to yourself.", ny: "..."}
//       recipient_not_verified: {en: "{{recipient_name}} cannot receive money yet.", ny: "..."}
//     next: send_amount      # recipient_id, recipient_name are now set
#include "actions/action_list.hpp"
#include "actions/payments.hpp"

namespace dialgraph::actions {

engine::ActionSpec recipient_find_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "recipient.find";
  spec.kind = engine::ActionKind::query;
  spec.values = {"recipient_name", "recipient_id", "recipient_phone"};
  spec.outcomes = {"ok", "unknown_recipient", "self", "recipient_not_verified"};
  spec.records_refusals = true;  // through answer_once
  spec.run = [deps](const engine::ActionContext& ctx) {
    // Recorded: its answer decides how the caller's next inputs are read
    // (command.hpp, "Queries that decide").
    return answer_once(deps->store, ctx, deps->clock(), [&](Tx& tx) {
      const RecipientCheck check = check_recipient(tx, caller_of(tx, ctx), ctx.input);
      if (!check.recipient) return outcome(check.outcome);
      return outcome(check.outcome, {{"recipient_name", check.recipient->full_name()},
                                     {"recipient_id", check.recipient->paymaart_id},
                                     {"recipient_phone", check.recipient->phone}});
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
