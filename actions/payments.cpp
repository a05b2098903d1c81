#include "actions/payments.hpp"

#include <algorithm>
#include <utility>
#include <vector>

#include "actions/parse.hpp"
#include "actions/secrets.hpp"

namespace dialgraph::actions {

RecipientCheck check_recipient(Tx& tx, const Customer& caller, std::string_view input) {
  std::optional<Customer> found;
  if (const auto id = normalize_paymaart_id(input))
    found = tx.customer_by_paymaart_id(*id);
  else if (const auto phone = normalize_phone(input))
    found = tx.customer_by_phone(*phone);
  if (!found) return {"unknown_recipient", std::nullopt};
  if (found->id == caller.id) return {"self", found};
  if (found->kyc_status != "verified") return {"recipient_not_verified", found};
  return {"ok", found};
}

engine::Record PaymentCheck::values() const {
  return {{"amount", std::to_string(amount)},
          {"fee", std::to_string(fee)},
          {"total", std::to_string(total)},
          {"daily_remaining", std::to_string(daily_remaining)}};
}

PaymentCheck check_payment(Tx& tx, const Settings& settings, const Account& payer,
                           std::int64_t amount, std::int64_t now) {
  PaymentCheck check;
  check.amount = amount;
  check.fee = settings.fees.fee_for(amount);
  check.total = amount + check.fee;
  const std::int64_t since = local_day_start(now, settings.utc_offset_minutes);
  const std::int64_t sent_today = tx.payments_sent_since(payer.id, since);
  check.daily_remaining = std::max<std::int64_t>(0, settings.daily_limit_minor - sent_today);
  if (amount < settings.min_payment_minor)
    check.outcome = "below_minimum";
  else if (amount > settings.max_payment_minor)
    check.outcome = "over_limit";
  else if (amount > check.daily_remaining)
    check.outcome = "over_daily_limit";
  else if (check.total > payer.balance_minor)
    check.outcome = "insufficient_funds";
  else
    check.outcome = "ok";
  return check;
}

Posted post_payment(Tx& tx, const Settings& settings, const Account& payer,
                    const Account& payee, const PaymentCheck& check, std::int64_t now) {
  const std::int64_t fee_account = tx.system_account_id(settings.fee_account);
  NewTransfer transfer{random_reference(), "payment", payer.id,  payee.id,
                       check.amount,       check.fee, now};
  const std::int64_t id = tx.insert_transfer(transfer);
  tx.insert_entry(id, payer.id, -check.total);
  tx.insert_entry(id, payee.id, check.amount);
  if (check.fee > 0) tx.insert_entry(id, fee_account, check.fee);
  // Rows are updated in account id order, as every payment does, so two
  // payments between the same accounts in opposite directions queue on the
  // first row instead of deadlocking (PostgreSQL waits out deadlock_timeout, a
  // whole second, before it breaks a deadlock).
  std::vector<std::pair<std::int64_t, std::int64_t>> changes = {{payer.id, -check.total},
                                                                {payee.id, check.amount}};
  if (check.fee > 0) changes.emplace_back(fee_account, check.fee);
  std::sort(changes.begin(), changes.end());
  for (const auto& [account_id, delta] : changes) tx.add_to_balance(account_id, delta, now);
  return {transfer.reference, tx.account(payer.id).balance_minor,
          tx.account(payee.id).balance_minor};
}

}  // namespace dialgraph::actions
