// Loading many customers in one write transaction (import and demo data).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "actions/store.hpp"

namespace dialgraph::actions {

// Use inside Store::write; call finish() before the transaction ends.
class BulkInsert {
 public:
  BulkInsert(Tx& tx, std::int64_t now);
  ~BulkInsert();
  BulkInsert(const BulkInsert&) = delete;
  BulkInsert& operator=(const BulkInsert&) = delete;

  std::int64_t add_customer(const Customer& customer);  // returns the new id
  void add_pin(std::int64_t customer_id, const Blob& hash);
  // Opens the customer's account; a non-zero opening balance arrives as a deposit
  // transfer from the deposits account, so the ledger is double-entry from the start.
  void add_account(std::int64_t customer_id, std::int64_t opening_minor);
  // Debits the deposits account with everything deposited. Call once, last.
  void finish();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dialgraph::actions
