// Rows the store reads and writes, free of any SQL.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace dialgraph::actions {

using Blob = std::vector<unsigned char>;

struct Customer {
  std::int64_t id = 0;
  std::string phone;  // E.164
  std::string paymaart_id;
  std::string first_name;
  std::string middle_name;  // may be empty
  std::string last_name;
  std::string email;       // may be empty
  std::string kyc_status;  // verified | pending | rejected
  std::string language;    // en | ny
  std::int64_t created_at = 0;

  // "First Middle Last", without double spaces when there is no middle name.
  std::string full_name() const;
};

struct Account {
  std::int64_t id = 0;
  std::int64_t balance_minor = 0;
  std::int64_t updated_at = 0;
};

struct PinCredential {
  Blob hash;
  int failed_attempts = 0;
  std::int64_t locked_until = 0;
  int identity_failed_attempts = 0;  // wrong answers to the Forgot PIN question
  std::int64_t identity_locked_until = 0;
};

struct NewTransfer {
  std::string reference;
  std::string kind;  // payment | deposit
  std::int64_t payer_account_id = 0;
  std::int64_t payee_account_id = 0;
  std::int64_t amount_minor = 0;
  std::int64_t fee_minor = 0;
  std::int64_t created_at = 0;
};

// One transfer as one customer sees it.
struct TransferView {
  std::string reference;
  std::string direction;  // in | out
  std::int64_t amount_minor = 0;
  std::int64_t fee_minor = 0;  // 0 for incoming transfers: the payer paid it
  std::string counterparty;    // full name, or "Paymaart" for deposits
  std::int64_t created_at = 0;
};

struct Otp {
  std::int64_t id = 0;
  Blob hash;
  std::int64_t expires_at = 0;
  int attempts = 0;
  std::optional<std::int64_t> consumed_at;
};

struct NewOtp {
  std::int64_t customer_id = 0;
  std::string purpose;  // pin_reset
  Blob hash;
  std::int64_t created_at = 0;
  std::int64_t expires_at = 0;
};

// An SMS waiting in the outbox. `body` is sealed (see secrets.hpp).
struct QueuedSms {
  std::int64_t id = 0;
  std::string to_phone;
  Blob body;
  int attempts = 0;
};

// Whether a message goes before the others: a code the caller waits for, or a
// receipt.
enum class SmsUrgency { receipt, code };

// Claimed rows (urgent?, message), which RETURNING gives in no order, in the
// order to send them: codes first, then oldest first (within one claim).
std::vector<QueuedSms> in_sending_order(std::vector<std::pair<bool, QueuedSms>> rows);

// The gateway's end-of-session notification, as the server received it. `input`
// is already redacted by the caller.
struct SessionEvent {
  std::string session_id;
  std::string phone;
  std::string service_code;
  std::string network_code;
  std::string status;
  std::string cost;
  std::int64_t duration_ms = 0;
  std::int64_t hops_count = 0;
  std::string input;
  std::string last_app_response;
  std::string error_message;
  std::string date;  // as the gateway wrote it
  std::int64_t received_at = 0;
};

// Totals for invariant checks and health pages.
struct LedgerTotals {
  std::int64_t all_accounts_minor = 0;  // sum over every account, system ones included
  std::int64_t unbalanced_transfers = 0;  // transfers whose entries do not sum to zero
  std::int64_t negative_customer_accounts = 0;
  std::int64_t balance_mismatches = 0;  // accounts whose balance != sum of their entries
};

}  // namespace dialgraph::actions
