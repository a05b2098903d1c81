// Transfers and their entries in SQLite.
#include <SQLiteCpp/SQLiteCpp.h>

#include "actions/connection.hpp"
#include "actions/sqlite_tx.hpp"
#include "actions/sqlite_sql.hpp"

namespace dialgraph::actions {
namespace {

// Newest first; the counterparty is the other account's customer, or the system
// account's name for deposits.
constexpr const char* kRecent = R"sql(
SELECT t.reference, t.payer_account_id = ?1, t.amount_minor, t.fee_minor, t.created_at,
       c.first_name, c.middle_name, c.last_name
FROM transfers t
JOIN accounts other ON other.id = CASE WHEN t.payer_account_id = ?1
                                       THEN t.payee_account_id ELSE t.payer_account_id END
LEFT JOIN customers c ON c.id = other.customer_id
WHERE t.payer_account_id = ?1 OR t.payee_account_id = ?1
ORDER BY t.created_at DESC, t.id DESC
LIMIT ?2
)sql";

std::int64_t scalar(Connection& connection, const char* sql) {
  SQLite::Statement& query = connection.prepared(sql);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

TransferView view_from(const SQLite::Statement& row) {
  TransferView v;
  v.reference = row.getColumn(0).getString();
  const bool outgoing = row.getColumn(1).getInt() != 0;
  v.direction = outgoing ? "out" : "in";
  v.amount_minor = row.getColumn(2).getInt64();
  v.fee_minor = outgoing ? row.getColumn(3).getInt64() : 0;
  v.created_at = row.getColumn(4).getInt64();
  if (row.isColumnNull(5)) {
    v.counterparty = "Paymaart";
  } else {
    Customer other;
    other.first_name = row.getColumn(5).getString();
    other.middle_name = row.getColumn(6).getString();
    other.last_name = row.getColumn(7).getString();
    v.counterparty = other.full_name();
  }
  return v;
}

}  // namespace

std::int64_t SqliteTx::insert_transfer(const NewTransfer& t) {
  SQLite::Statement& insert = conn_.prepared(sql::kInsertTransfer);
  insert.bind(1, t.reference);
  insert.bind(2, t.kind);
  insert.bind(3, t.payer_account_id);
  insert.bind(4, t.payee_account_id);
  insert.bind(5, t.amount_minor);
  insert.bind(6, t.fee_minor);
  insert.bind(7, t.created_at);
  insert.exec();
  return conn_.database().getLastInsertRowid();
}

void SqliteTx::insert_entry(std::int64_t transfer_id, std::int64_t account_id,
                      std::int64_t amount_minor) {
  SQLite::Statement& insert = conn_.prepared(sql::kInsertEntry);
  insert.bind(1, transfer_id);
  insert.bind(2, account_id);
  insert.bind(3, amount_minor);
  insert.exec();
}

std::int64_t SqliteTx::payments_sent_since(std::int64_t account_id, std::int64_t since) {
  SQLite::Statement& query = conn_.prepared("SELECT COALESCE(SUM(amount_minor), 0) FROM transfers"
                          " WHERE payer_account_id = ? AND kind = 'payment' AND created_at >= ?");
  query.bind(1, account_id);
  query.bind(2, since);
  query.executeStep();
  return query.getColumn(0).getInt64();
}

std::vector<TransferView> SqliteTx::recent_transfers(std::int64_t account_id, int limit) {
  SQLite::Statement& query = conn_.prepared(kRecent);
  query.bind(1, account_id);
  query.bind(2, limit);
  std::vector<TransferView> out;
  while (query.executeStep()) out.push_back(view_from(query));
  return out;
}

LedgerTotals SqliteTx::ledger_totals() {
  LedgerTotals totals;
  totals.all_accounts_minor = scalar(conn_, "SELECT COALESCE(SUM(balance_minor), 0) FROM accounts");
  totals.unbalanced_transfers = scalar(conn_,
                                       "SELECT COUNT(*) FROM transfers t WHERE NOT EXISTS"
                                       " (SELECT 1 FROM entries e WHERE e.transfer_id = t.id)"
                                       " OR (SELECT SUM(amount_minor) FROM entries e"
                                       "     WHERE e.transfer_id = t.id) <> 0");
  totals.negative_customer_accounts = scalar(
      conn_, "SELECT COUNT(*) FROM accounts WHERE customer_id IS NOT NULL AND balance_minor < 0");
  totals.balance_mismatches = scalar(conn_,
                                     "SELECT COUNT(*) FROM accounts a WHERE a.balance_minor <>"
                                     " (SELECT COALESCE(SUM(amount_minor), 0) FROM entries e"
                                     "  WHERE e.account_id = a.id)");
  return totals;
}

}  // namespace dialgraph::actions
