// SQLite statements used by more than one sqlite_*.cpp file (store internals).
#pragma once

namespace dialgraph::actions::sql {

inline constexpr const char* kInsertCustomer =
    "INSERT INTO customers (phone, paymaart_id, first_name, middle_name, last_name, email,"
    " kyc_status, language, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kInsertCustomerAccount =
    "INSERT INTO accounts (customer_id, balance_minor, updated_at) VALUES (?, ?, ?)";
inline constexpr const char* kUpsertPin =
    "INSERT INTO pin_credentials (customer_id, hash, updated_at) VALUES (?1, ?2, ?3)"
    " ON CONFLICT (customer_id) DO UPDATE SET hash = ?2, failed_attempts = 0, locked_until = 0,"
    " identity_failed_attempts = 0, identity_locked_until = 0, updated_at = ?3";
inline constexpr const char* kInsertTransfer =
    "INSERT INTO transfers (reference, kind, payer_account_id, payee_account_id, amount_minor,"
    " fee_minor, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
inline constexpr const char* kInsertEntry =
    "INSERT INTO entries (transfer_id, account_id, amount_minor) VALUES (?, ?, ?)";
inline constexpr const char* kAddToBalance =
    "UPDATE accounts SET balance_minor = balance_minor + ?, updated_at = ? WHERE id = ?";

}  // namespace dialgraph::actions::sql
