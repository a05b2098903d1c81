// transactions.recent: the caller's 20 latest transfers, newest first, for a list
// screen. Incoming transfers show fee 0 (the payer paid it); deposits show
// "Paymaart" as the counterparty. `sign` is "+" for money in and "-" for money
// out, so that a row says which way the money went in any language.
//
//   history:
//     type: list
//     items: transactions
//     item: "{{created_at|date}} {{sign}}{{amount|money}} {{counterparty}}"
//     empty: {end: {en: "No transactions yet.", ny: "..."}}
#include "actions/action_list.hpp"

namespace dialgraph::actions {
namespace {

constexpr int kRecentLimit = 20;

engine::Record record_of(const TransferView& t) {
  return {{"reference", t.reference},
          {"direction", t.direction},
          {"sign", t.direction == "in" ? "+" : "-"},
          {"amount", std::to_string(t.amount_minor)},
          {"fee", std::to_string(t.fee_minor)},
          {"counterparty", t.counterparty},
          {"created_at", std::to_string(t.created_at)}};
}

}  // namespace

engine::ActionSpec transactions_recent_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "transactions.recent";
  spec.kind = engine::ActionKind::query;
  spec.lists = {"transactions"};
  spec.row_fields = {"reference", "direction", "sign", "amount", "fee", "counterparty", "created_at"};
  spec.outcomes = {"ok"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    // Recorded: the caller picks a row by its number (command.hpp, "Queries
    // that decide").
    const auto list = [&](Tx& tx) {
      const Account account = account_of(tx, caller_of(tx, ctx));
      engine::ActionResult result = outcome("ok");
      auto& rows = result.lists["transactions"];
      for (const TransferView& t : tx.recent_transfers(account.id, kRecentLimit))
        rows.push_back(record_of(t));
      return result;
    };
    return answer_once(deps->store, ctx, deps->clock(), list, OkAnswers::recorded_now);
  };
  return spec;
}

}  // namespace dialgraph::actions
