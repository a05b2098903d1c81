// Rules shared by payment.quote and payment.send, and the posting of a payment.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/value.hpp"

namespace dialgraph::actions {

struct RecipientCheck {
  std::string outcome;  // ok, unknown_recipient, self, recipient_not_verified
  std::optional<Customer> recipient;
};

// `input` is a Paymaart ID (any case) or a Malawi phone number in any local form.
RecipientCheck check_recipient(Tx& tx, const Customer& caller, std::string_view input);

struct PaymentCheck {
  std::string outcome;  // ok, below_minimum, over_limit, over_daily_limit, insufficient_funds
  std::int64_t amount = 0;
  std::int64_t fee = 0;
  std::int64_t total = 0;
  std::int64_t daily_remaining = 0;  // before this payment
  engine::Record values() const;     // amount, fee, total, daily_remaining
};

// Limits in this order: minimum, per payment, per local day (payments sent since
// local midnight plus this one), then funds (amount + fee against the balance).
PaymentCheck check_payment(Tx& tx, const Settings& settings, const Account& payer,
                           std::int64_t amount, std::int64_t now);

struct Posted {
  std::string reference;
  std::int64_t payer_balance = 0;
  std::int64_t payee_balance = 0;
};

// Writes a checked payment: the transfer, its three entries (payer -(amount+fee),
// payee +amount, fee account +fee; they sum to zero) and the new balances.
Posted post_payment(Tx& tx, const Settings& settings, const Account& payer,
                    const Account& payee, const PaymentCheck& check, std::int64_t now);

}  // namespace dialgraph::actions
