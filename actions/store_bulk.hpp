// Loading many customers in one write transaction (import and demo data).
// Tx::bulk_insert() gives the backend's loader: row by row through the Tx's own
// methods (SQLite, where a prepared INSERT costs microseconds), or buffered and
// copied at finish() (PostgreSQL, where every statement is a round trip).
#pragma once

#include <cstdint>
#include <memory>

#include "actions/store.hpp"

namespace dialgraph::actions {

// Use inside Store::write; call finish() before the transaction ends: rows may
// reach the database only then.
class BulkInsert {
 public:
  virtual ~BulkInsert() = default;

  virtual std::int64_t add_customer(const Customer& customer) = 0;  // returns the new id
  virtual void add_pin(std::int64_t customer_id, const Blob& hash) = 0;
  // Opens the customer's account; a non-zero opening balance arrives as a deposit
  // transfer from the deposits account, so the ledger is double-entry from the start.
  virtual void add_account(std::int64_t customer_id, std::int64_t opening_minor) = 0;
  // Writes what is buffered and debits the deposits account with everything
  // deposited. Call once, last.
  virtual void finish() = 0;
};

// Row by row through `tx`'s methods: what Tx::bulk_insert gives by default.
std::unique_ptr<BulkInsert> row_by_row_bulk_insert(Tx& tx, std::int64_t now);

}  // namespace dialgraph::actions
