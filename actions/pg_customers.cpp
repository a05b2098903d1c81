// Customers, accounts and PIN credentials in PostgreSQL.
#include <stdexcept>

#include <pqxx/result>

#include "actions/pg_tx.hpp"
#include "actions/pg_values.hpp"

namespace dialgraph::actions {
namespace {

// A macro, so that each query stays one literal: the text of its prepared statement.
#define DG_CUSTOMER_COLUMNS                                                                   \
  "SELECT id, phone, paymaart_id, first_name, middle_name, last_name, email, kyc_status," \
  " language, created_at FROM customers "

Customer customer_from(const pqxx::row& row) {
  Customer c;
  c.id = row[0].as<std::int64_t>();
  c.phone = row[1].as<std::string>();
  c.paymaart_id = row[2].as<std::string>();
  c.first_name = row[3].as<std::string>();
  c.middle_name = row[4].as<std::string>();
  c.last_name = row[5].as<std::string>();
  c.email = row[6].as<std::string>();
  c.kyc_status = row[7].as<std::string>();
  c.language = row[8].as<std::string>();
  c.created_at = row[9].as<std::int64_t>();
  return c;
}

std::optional<Customer> first_customer(const pqxx::result& rows) {
  if (rows.empty()) return std::nullopt;
  return customer_from(rows[0]);
}

std::vector<std::string> first_column(const pqxx::result& rows) {
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const auto& row : rows) out.push_back(row[0].as<std::string>());
  return out;
}

Account account_from(const pqxx::row& row) {
  return Account{row[0].as<std::int64_t>(), row[1].as<std::int64_t>(), row[2].as<std::int64_t>()};
}

}  // namespace

std::optional<Customer> PgTx::customer_by_phone(const std::string& phone) {
  return first_customer(exec("customer_by_phone", DG_CUSTOMER_COLUMNS "WHERE phone = $1", phone));
}

std::optional<Customer> PgTx::customer_by_paymaart_id(const std::string& paymaart_id) {
  return first_customer(
      exec("customer_by_paymaart_id", DG_CUSTOMER_COLUMNS "WHERE paymaart_id = $1", paymaart_id));
}

std::optional<Customer> PgTx::customer_by_id(std::int64_t id) {
  return first_customer(exec("customer_by_id", DG_CUSTOMER_COLUMNS "WHERE id = $1", id));
}

std::vector<std::string> PgTx::all_phones() {
  return first_column(exec("all_phones", "SELECT phone FROM customers"));
}

bool PgTx::has_customers() { return !exec("has_customers", "SELECT 1 FROM customers LIMIT 1").empty(); }

std::vector<std::string> PgTx::all_paymaart_ids() {
  return first_column(exec("all_paymaart_ids", "SELECT paymaart_id FROM customers"));
}

std::int64_t PgTx::insert_customer(const Customer& c, std::int64_t now) {
  return exec("insert_customer",
              "INSERT INTO customers (phone, paymaart_id, first_name, middle_name, last_name,"
              " email, kyc_status, language, created_at)"
              " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
              c.phone, c.paymaart_id, c.first_name, c.middle_name, c.last_name, c.email,
              c.kyc_status, c.language, now)[0][0]
      .as<std::int64_t>();
}

std::optional<Account> PgTx::account_of(std::int64_t customer_id) {
  const auto rows = exec("account_of",
                         "SELECT id, balance_minor, updated_at FROM accounts WHERE customer_id = $1",
                         customer_id);
  if (rows.empty()) return std::nullopt;
  return account_from(rows[0]);
}

Account PgTx::account(std::int64_t account_id) {
  const auto rows = exec(
      "account", "SELECT id, balance_minor, updated_at FROM accounts WHERE id = $1", account_id);
  if (rows.empty()) throw std::out_of_range("no account " + std::to_string(account_id));
  return account_from(rows[0]);
}

std::int64_t PgTx::system_account_id(const std::string& name) {
  const auto rows = exec("system_account_id", "SELECT id FROM accounts WHERE name = $1", name);
  if (rows.empty()) throw std::out_of_range("no system account '" + name + "'");
  return rows[0][0].as<std::int64_t>();
}

void PgTx::ensure_system_account(const std::string& name, std::int64_t now) {
  exec("ensure_system_account",
       "INSERT INTO accounts (name, balance_minor, updated_at) VALUES ($1, 0, $2)"
       " ON CONFLICT (name) DO NOTHING",
       name, now);
}

std::int64_t PgTx::insert_account(std::int64_t customer_id, std::int64_t balance_minor,
                                  std::int64_t now) {
  return exec("insert_account",
              "INSERT INTO accounts (customer_id, balance_minor, updated_at) VALUES ($1, $2, $3)"
              " RETURNING id",
              customer_id, balance_minor, now)[0][0]
      .as<std::int64_t>();
}

void PgTx::add_to_balance(std::int64_t account_id, std::int64_t delta_minor, std::int64_t now) {
  const auto result = exec("add_to_balance",
                           "UPDATE accounts SET balance_minor = balance_minor + $1,"
                           " updated_at = $2 WHERE id = $3",
                           delta_minor, now, account_id);
  if (result.affected_rows() != 1)
    throw std::out_of_range("no account " + std::to_string(account_id));
}

std::optional<PinCredential> PgTx::pin_credential(std::int64_t customer_id) {
  const auto rows = exec("pin_credential",
                         "SELECT hash, failed_attempts, locked_until, identity_failed_attempts,"
                         " identity_locked_until FROM pin_credentials WHERE customer_id = $1",
                         customer_id);
  if (rows.empty()) return std::nullopt;
  const auto& r = rows[0];
  return PinCredential{blob_from(r[0]), r[1].as<int>(), r[2].as<std::int64_t>(), r[3].as<int>(),
                       r[4].as<std::int64_t>()};
}

void PgTx::set_pin_hash(std::int64_t customer_id, const Blob& hash, std::int64_t now) {
  exec("set_pin_hash",
       "INSERT INTO pin_credentials (customer_id, hash, updated_at) VALUES ($1, $2, $3)"
       " ON CONFLICT (customer_id) DO UPDATE SET hash = $2, failed_attempts = 0,"
       " locked_until = 0, identity_failed_attempts = 0, identity_locked_until = 0,"
       " updated_at = $3",
       customer_id, bytea(hash), now);
}

void PgTx::set_pin_failures(std::int64_t customer_id, int failed, std::int64_t locked_until) {
  exec("set_pin_failures",
       "UPDATE pin_credentials SET failed_attempts = $1, locked_until = $2 WHERE customer_id = $3",
       failed, locked_until, customer_id);
}

void PgTx::set_identity_failures(std::int64_t customer_id, int failed, std::int64_t locked_until) {
  exec("set_identity_failures",
       "UPDATE pin_credentials SET identity_failed_attempts = $1, identity_locked_until = $2"
       " WHERE customer_id = $3",
       failed, locked_until, customer_id);
}

}  // namespace dialgraph::actions
