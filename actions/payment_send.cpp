// payment.send: moves the money. Everything is checked again inside the one
// write transaction that posts the payment, queues both SMS receipts and records
// the result under the command key, because a second request may race this one.
//
// Its outcomes are only what can change between recipient.find, payment.quote
// and the PIN: the payer's balance and the day's total (another session of the
// same payer), and either side's KYC status (the back office may withdraw it
// at any time; the payer's was checked only when the session began, perhaps
// on another instance). What cannot change within a session (no customer is removed or
// changes phone or ID, and the limits are start-up settings) is a menus file
// that skipped recipient.find or payment.quote when refused: it throws, the
// engine ends the session with the generic error, and no money moves.
//
//   send_confirm:
//     type: menu
//     text: {en: "Send MWK {{amount|money}} to {{recipient_name}}? Fee {{fee|money}}", ny: "..."}
//     options:
//       - {key: "1", label: {en: Confirm, ny: Tsimikizani}, next: send_pin}
//   send_do:
//     type: action
//     action: payment.send          # uses vars recipient_id and amount
//     outcomes:
//       ok: {end: {en: "Sent. Ref {{reference}}. Balance MWK {{balance|money}}", ny: "..."}}
//       insufficient_funds: {end: {en: "Not enough money.", ny: "..."}}
//       recipient_not_verified: {end: {en: "Payment failed. {{recipient_name}} cannot receive payments now.", ny: "..."}}
//       payer_not_verified: {end: {en: "Payment failed. Your account is not verified (KYC).", ny: "..."}}
//       otherwise: {end: {en: "Payment not made.", ny: "..."}}
#include "actions/action_list.hpp"
#include "actions/parse.hpp"
#include "actions/payments.hpp"
#include "actions/sms_outbox.hpp"
#include "actions/sms_text.hpp"

#include <stdexcept>

namespace dialgraph::actions {
namespace {

void queue_receipts(Tx& tx, const Settings& settings, const Customer& payer,
                    const Customer& payee, const PaymentCheck& check, const Posted& posted,
                    std::int64_t now) {
  queue_sms(tx, settings, payer.phone,
            payment_sent_sms(payer.language, check.amount, check.fee, posted.payer_balance,
                             payee.full_name(), posted.reference),
            now, SmsUrgency::receipt);
  queue_sms(tx, settings, payee.phone,
            payment_received_sms(payee.language, check.amount, posted.payee_balance,
                                 payer.full_name(), posted.reference),
            now, SmsUrgency::receipt);
}

engine::ActionResult send(const Deps& deps, Tx& tx, const engine::ActionContext& ctx,
                          std::int64_t now) {
  const auto amount = parse_minor(required_var(ctx, "amount"));
  if (!amount) throw std::logic_error("payment.send: 'amount' is not tambala digits");
  const Customer payer = caller_of(tx, ctx);
  if (payer.kyc_status != "verified") return outcome("payer_not_verified");
  const RecipientCheck recipient = check_recipient(tx, payer, required_var(ctx, "recipient_id"));
  if (recipient.outcome == "recipient_not_verified")
    return outcome(recipient.outcome, {{"recipient_name", recipient.recipient->full_name()}});
  if (recipient.outcome != "ok")
    throw std::logic_error("payment.send: the recipient is refused (" + recipient.outcome +
                           "); recipient.find must come first");
  const Customer& payee = *recipient.recipient;
  const Account payer_account = account_of(tx, payer);
  const PaymentCheck check = check_payment(tx, deps.settings, payer_account, *amount, now);
  if (check.outcome == "below_minimum" || check.outcome == "over_limit")
    throw std::logic_error("payment.send: the amount is refused (" + check.outcome +
                           "); payment.quote must come first");
  if (check.outcome != "ok") return outcome(check.outcome, check.values());
  const Posted posted =
      post_payment(tx, deps.settings, payer_account, account_of(tx, payee), check, now);
  queue_receipts(tx, deps.settings, payer, payee, check, posted, now);
  engine::Record values = check.values();
  values.erase("daily_remaining");
  values["reference"] = posted.reference;
  values["balance"] = std::to_string(posted.payer_balance);
  values["recipient_name"] = payee.full_name();
  return outcome("ok", std::move(values));
}

}  // namespace

engine::ActionSpec payment_send_action(DepsPtr deps) {
  engine::ActionSpec spec;
  spec.name = "payment.send";
  spec.kind = engine::ActionKind::command;
  spec.values = {"reference", "amount", "fee", "total", "balance", "recipient_name"};
  spec.outcomes = {"ok", "insufficient_funds", "over_daily_limit", "recipient_not_verified", "payer_not_verified"};
  spec.run = [deps](const engine::ActionContext& ctx) {
    const std::int64_t now = deps->clock();
    return run_once(deps->store, ctx, now,
                    [&](Tx& tx) { return send(*deps, tx, ctx, now); });
  };
  return spec;
}

}  // namespace dialgraph::actions
