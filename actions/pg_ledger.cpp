// Transfers and their entries in PostgreSQL.
#include <pqxx/result>

#include "actions/pg_tx.hpp"

namespace dialgraph::actions {
namespace {

// Newest first; the counterparty is the other account's customer, or the system
// account's name for deposits.
constexpr const char* kRecent = R"sql(
SELECT t.reference, t.payer_account_id = $1, t.amount_minor, t.fee_minor, t.created_at,
       c.first_name, c.middle_name, c.last_name
FROM transfers t
JOIN accounts other ON other.id = CASE WHEN t.payer_account_id = $1
                                       THEN t.payee_account_id ELSE t.payer_account_id END
LEFT JOIN customers c ON c.id = other.customer_id
WHERE t.payer_account_id = $1 OR t.payee_account_id = $1
ORDER BY t.created_at DESC, t.id DESC
LIMIT $2
)sql";

TransferView view_from(const pqxx::row& row) {
  TransferView v;
  v.reference = row[0].as<std::string>();
  const bool outgoing = row[1].as<bool>();
  v.direction = outgoing ? "out" : "in";
  v.amount_minor = row[2].as<std::int64_t>();
  v.fee_minor = outgoing ? row[3].as<std::int64_t>() : 0;
  v.created_at = row[4].as<std::int64_t>();
  if (row[5].is_null()) {
    v.counterparty = "Paymaart";
  } else {
    Customer other;
    other.first_name = row[5].as<std::string>();
    other.middle_name = row[6].as<std::string>();
    other.last_name = row[7].as<std::string>();
    v.counterparty = other.full_name();
  }
  return v;
}

}  // namespace

std::int64_t PgTx::insert_transfer(const NewTransfer& t) {
  return exec("insert_transfer",
              "INSERT INTO transfers (reference, kind, payer_account_id, payee_account_id,"
              " amount_minor, fee_minor, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7)"
              " RETURNING id",
              t.reference, t.kind, t.payer_account_id, t.payee_account_id, t.amount_minor,
              t.fee_minor, t.created_at)[0][0]
      .as<std::int64_t>();
}

void PgTx::insert_entry(std::int64_t transfer_id, std::int64_t account_id,
                        std::int64_t amount_minor) {
  exec("insert_entry",
       "INSERT INTO entries (transfer_id, account_id, amount_minor) VALUES ($1, $2, $3)",
       transfer_id, account_id, amount_minor);
}

std::int64_t PgTx::payments_sent_since(std::int64_t account_id, std::int64_t since) {
  return exec("payments_sent_since",
              "SELECT COALESCE(SUM(amount_minor), 0)::BIGINT FROM transfers"
              " WHERE payer_account_id = $1 AND kind = 'payment' AND created_at >= $2",
              account_id, since)[0][0]
      .as<std::int64_t>();
}

std::vector<TransferView> PgTx::recent_transfers(std::int64_t account_id, int limit) {
  std::vector<TransferView> out;
  for (const auto& row : exec("recent_transfers", kRecent, account_id, limit))
    out.push_back(view_from(row));
  return out;
}

// SUM over BIGINT is NUMERIC in PostgreSQL: cast back, as the totals fit.
LedgerTotals PgTx::ledger_totals() {
  const auto row = exec(
      "ledger_totals",
      "SELECT (SELECT COALESCE(SUM(balance_minor), 0)::BIGINT FROM accounts),"
      " (SELECT COUNT(*) FROM transfers t WHERE NOT EXISTS"
      "   (SELECT 1 FROM entries e WHERE e.transfer_id = t.id)"
      "   OR (SELECT SUM(amount_minor) FROM entries e WHERE e.transfer_id = t.id) <> 0),"
      " (SELECT COUNT(*) FROM accounts WHERE customer_id IS NOT NULL AND balance_minor < 0),"
      " (SELECT COUNT(*) FROM accounts a WHERE a.balance_minor <>"
      "   (SELECT COALESCE(SUM(amount_minor), 0) FROM entries e WHERE e.account_id = a.id))")[0];
  LedgerTotals totals;
  totals.all_accounts_minor = row[0].as<std::int64_t>();
  totals.unbalanced_transfers = row[1].as<std::int64_t>();
  totals.negative_customer_accounts = row[2].as<std::int64_t>();
  totals.balance_mismatches = row[3].as<std::int64_t>();
  return totals;
}

}  // namespace dialgraph::actions
