// payment.quote: validates the amount typed (already tambala digits: the built-in
// amount validator runs first) against limits and funds, and quotes the fee.
// daily_remaining is what the caller may still send today before this payment;
// when that is less than the smallest payment, the outcome is daily_limit_reached
// rather than over_daily_limit (which would offer, say, 0.50 MWK that no
// payment can be).
//
//   send_amount:
//     type: input
//     save: amount
//     validate: [{amount: {decimals: 2}}, payment.quote]
//     failures:
//       below_minimum: {en: "The minimum is MWK {{min_payment|money}}.", ny: "..."}
//       over_limit: {en: "The most per payment is MWK {{max_payment|money}}.", ny: "..."}
//       over_daily_limit: {en: "You can send MWK {{daily_remaining|money}} more today.", ny: "..."}
//       daily_limit_reached: {end: {en: "Today's limit is used up.", ny: "..."}}
//       insufficient_funds: {en: "Not enough money for {{total|money}} with fee.", ny: "..."}
//     next: send_confirm
#include "actions/action_list.hpp"
#include "actions/parse.hpp"
#include "actions/payments.hpp"

namespace dialgraph::actions {

engine::ActionSpec payment_quote_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "payment.quote";
  spec.kind = engine::ActionKind::query;
  // The limits too, so that a refusal can say what they are.
  spec.values = {"amount", "fee", "total", "daily_remaining", "min_payment", "max_payment"};
  spec.outcomes = {"ok", "below_minimum", "over_limit", "over_daily_limit", "daily_limit_reached",
                   "insufficient_funds", "invalid"};
  spec.records_refusals = true;  // through answer_once
  spec.run = [deps](const engine::ActionContext& ctx) {
    const auto amount = parse_minor(ctx.input);
    if (!amount) return outcome("invalid");
    // Recorded: its answer decides how the caller's next inputs are read
    // (command.hpp, "Queries that decide").
    const std::int64_t now = deps->clock();
    return answer_once(deps->store, ctx, now, [&](Tx& tx) {
      const Account payer = account_of(tx, caller_of(tx, ctx));
      const PaymentCheck check = check_payment(tx, deps->settings, payer, *amount, now);
      const bool used_up = check.outcome == "over_daily_limit" &&
                           check.daily_remaining < deps->settings.min_payment_minor;
      engine::Record values = check.values();
      values["min_payment"] = std::to_string(deps->settings.min_payment_minor);
      values["max_payment"] = std::to_string(deps->settings.max_payment_minor);
      return outcome(used_up ? "daily_limit_reached" : check.outcome, std::move(values));
    });
  };
  return spec;
}

}  // namespace dialgraph::actions
