#include "actions/migrations.hpp"

#include <array>

namespace dialgraph::actions {
namespace {

// Customers, accounts and the double-entry ledger. The deposits account is where
// opening balances come from, so it is the one account allowed below zero; every
// other balance is guarded by a CHECK as a last line of defence behind the code.
constexpr const char* kLedger = R"sql(
CREATE TABLE customers (
  id           INTEGER PRIMARY KEY,
  phone        TEXT NOT NULL UNIQUE,
  paymaart_id  TEXT NOT NULL UNIQUE,
  first_name   TEXT NOT NULL,
  middle_name  TEXT NOT NULL DEFAULT '',
  last_name    TEXT NOT NULL,
  email        TEXT NOT NULL DEFAULT '',
  kyc_status   TEXT NOT NULL CHECK (kyc_status IN ('verified', 'pending', 'rejected')),
  language     TEXT NOT NULL CHECK (language IN ('en', 'ny')),
  created_at   INTEGER NOT NULL
);
CREATE TABLE accounts (
  id            INTEGER PRIMARY KEY,
  customer_id   INTEGER UNIQUE REFERENCES customers(id),
  name          TEXT UNIQUE,
  balance_minor INTEGER NOT NULL DEFAULT 0,
  updated_at    INTEGER NOT NULL,
  CHECK ((customer_id IS NULL) <> (name IS NULL)),
  -- IS, not =: for a customer account name is NULL, and NULL would pass a CHECK.
  CHECK (balance_minor >= 0 OR name IS 'deposits')
);
CREATE TABLE transfers (
  id               INTEGER PRIMARY KEY,
  reference        TEXT NOT NULL UNIQUE,
  kind             TEXT NOT NULL CHECK (kind IN ('payment', 'deposit')),
  payer_account_id INTEGER NOT NULL REFERENCES accounts(id),
  payee_account_id INTEGER NOT NULL REFERENCES accounts(id),
  amount_minor     INTEGER NOT NULL CHECK (amount_minor > 0),
  fee_minor        INTEGER NOT NULL DEFAULT 0 CHECK (fee_minor >= 0),
  created_at       INTEGER NOT NULL
);
CREATE INDEX transfers_by_payer ON transfers(payer_account_id, created_at);
CREATE INDEX transfers_by_payee ON transfers(payee_account_id, created_at);
CREATE TABLE entries (
  id           INTEGER PRIMARY KEY,
  transfer_id  INTEGER NOT NULL REFERENCES transfers(id),
  account_id   INTEGER NOT NULL REFERENCES accounts(id),
  amount_minor INTEGER NOT NULL
);
CREATE INDEX entries_by_transfer ON entries(transfer_id);
CREATE INDEX entries_by_account ON entries(account_id);
INSERT INTO accounts (name, balance_minor, updated_at) VALUES ('deposits', 0, 0), ('fees', 0, 0);
)sql";

// Secrets (hashes only), the SMS outbox, gateway events and command results.
constexpr const char* kSecretsAndLogs = R"sql(
CREATE TABLE pin_credentials (
  customer_id              INTEGER PRIMARY KEY REFERENCES customers(id),
  hash                     BLOB NOT NULL,
  failed_attempts          INTEGER NOT NULL DEFAULT 0,
  locked_until             INTEGER NOT NULL DEFAULT 0,
  identity_failed_attempts INTEGER NOT NULL DEFAULT 0,
  identity_locked_until    INTEGER NOT NULL DEFAULT 0,
  updated_at               INTEGER NOT NULL
);
CREATE TABLE otps (
  id                INTEGER PRIMARY KEY,
  customer_id       INTEGER NOT NULL REFERENCES customers(id),
  purpose           TEXT NOT NULL,
  hash              BLOB NOT NULL,
  created_at        INTEGER NOT NULL,
  expires_at        INTEGER NOT NULL,
  attempts          INTEGER NOT NULL DEFAULT 0,
  consumed_at       INTEGER,
  used_for_reset_at INTEGER
);
CREATE INDEX otps_by_customer ON otps(customer_id, purpose, id);
CREATE TABLE sms_outbox (
  id                  INTEGER PRIMARY KEY,
  to_phone            TEXT NOT NULL,
  message             BLOB NOT NULL,
  created_at          INTEGER NOT NULL,
  status              TEXT NOT NULL DEFAULT 'pending'
                        CHECK (status IN ('pending', 'sent', 'failed')),
  attempts            INTEGER NOT NULL DEFAULT 0,
  next_attempt_at     INTEGER NOT NULL,
  sent_at             INTEGER,
  provider_message_id TEXT
);
CREATE INDEX sms_outbox_due ON sms_outbox(status, next_attempt_at);
CREATE TABLE events (
  id                INTEGER PRIMARY KEY,
  session_id        TEXT NOT NULL UNIQUE,
  phone             TEXT NOT NULL,
  service_code      TEXT NOT NULL,
  network_code      TEXT NOT NULL,
  status            TEXT NOT NULL,
  cost              TEXT NOT NULL,
  duration_ms       INTEGER NOT NULL,
  hops_count        INTEGER NOT NULL,
  input             TEXT NOT NULL,
  last_app_response TEXT NOT NULL,
  error_message     TEXT NOT NULL,
  date              TEXT NOT NULL,
  received_at       INTEGER NOT NULL
);
CREATE TABLE command_results (
  key         TEXT PRIMARY KEY,
  result_json TEXT NOT NULL,
  created_at  INTEGER NOT NULL
);
)sql";

// Facts about the database itself, such as which pepper its secrets were
// hashed with (pepper_binding.cpp).
constexpr const char* kStoreMeta = R"sql(
CREATE TABLE store_meta (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)sql";

// Codes go before receipts: a Forgot PIN code that waits behind a backlog of
// receipts expires before it arrives.
constexpr const char* kSmsUrgency = R"sql(
ALTER TABLE sms_outbox ADD COLUMN urgent INTEGER NOT NULL DEFAULT 0;
CREATE INDEX sms_outbox_next ON sms_outbox(status, urgent DESC, id);
)sql";

// The sender takes the due messages codes first, then in the order they fell
// due, as one walk of this index that stops at its batch: ordered by id, a
// claim read and sorted every due message, and a backlog of 14,000 receipts
// made each claim take 3 ms, so the sender fell further behind the longer it
// was behind. Partial: sent messages stay in the table for good, but leave
// the index, which so stays the size of the queue. The two older indexes
// served only that claim.
constexpr const char* kSmsReadyOrder = R"sql(
DROP INDEX IF EXISTS sms_outbox_next;
DROP INDEX IF EXISTS sms_outbox_due;
CREATE INDEX sms_outbox_pending ON sms_outbox(urgent DESC, next_attempt_at, id) WHERE status = 'pending';
)sql";

constexpr std::array kMigrations = {
    Migration{1, "customers, accounts and ledger", kLedger},
    Migration{2, "secrets, outbox, events, command results", kSecretsAndLogs},
    Migration{3, "store meta", kStoreMeta},
    Migration{4, "sms urgency", kSmsUrgency},
    Migration{5, "sms outbox claimed in due order", kSmsReadyOrder},
};

}  // namespace

std::span<const Migration> migrations() { return kMigrations; }

}  // namespace dialgraph::actions
