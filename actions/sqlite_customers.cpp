// Customers, accounts and PIN credentials in SQLite.
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>

#include "actions/connection.hpp"
#include "actions/sqlite_tx.hpp"
#include "actions/sqlite_sql.hpp"

namespace dialgraph::actions {
namespace {

constexpr const char* kCustomerColumns =
    "SELECT id, phone, paymaart_id, first_name, middle_name, last_name, email, kyc_status,"
    " language, created_at FROM customers ";

Customer customer_from(const SQLite::Statement& row) {
  Customer c;
  c.id = row.getColumn(0).getInt64();
  c.phone = row.getColumn(1).getString();
  c.paymaart_id = row.getColumn(2).getString();
  c.first_name = row.getColumn(3).getString();
  c.middle_name = row.getColumn(4).getString();
  c.last_name = row.getColumn(5).getString();
  c.email = row.getColumn(6).getString();
  c.kyc_status = row.getColumn(7).getString();
  c.language = row.getColumn(8).getString();
  c.created_at = row.getColumn(9).getInt64();
  return c;
}

template <class Key>
std::optional<Customer> one_customer(Connection& connection, const char* where, const Key& key) {
  SQLite::Statement& query = connection.prepared(std::string(kCustomerColumns) + where);
  query.bind(1, key);
  if (!query.executeStep()) return std::nullopt;
  return customer_from(query);
}

std::vector<std::string> one_column(Connection& connection, const char* sql) {
  SQLite::Statement& query = connection.prepared(sql);
  std::vector<std::string> out;
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

Blob blob_from(const SQLite::Column& column) {
  const auto* data = static_cast<const unsigned char*>(column.getBlob());
  return Blob(data, data + column.getBytes());
}

}  // namespace

std::optional<Customer> SqliteTx::customer_by_phone(const std::string& phone) {
  return one_customer(conn_, "WHERE phone = ?", phone);
}

std::optional<Customer> SqliteTx::customer_by_paymaart_id(const std::string& paymaart_id) {
  return one_customer(conn_, "WHERE paymaart_id = ?", paymaart_id);
}

std::optional<Customer> SqliteTx::customer_by_id(std::int64_t id) {
  return one_customer(conn_, "WHERE id = ?", id);
}

std::vector<std::string> SqliteTx::all_phones() {
  return one_column(conn_, "SELECT phone FROM customers");
}

bool SqliteTx::has_customers() { return !one_column(conn_, "SELECT 1 FROM customers LIMIT 1").empty(); }

std::vector<std::string> SqliteTx::all_paymaart_ids() {
  return one_column(conn_, "SELECT paymaart_id FROM customers");
}

std::int64_t SqliteTx::insert_customer(const Customer& c, std::int64_t now) {
  SQLite::Statement& insert = conn_.prepared(sql::kInsertCustomer);
  int i = 0;
  for (const std::string* text : {&c.phone, &c.paymaart_id, &c.first_name, &c.middle_name,
                                  &c.last_name, &c.email, &c.kyc_status, &c.language})
    insert.bind(++i, *text);
  insert.bind(++i, now);
  insert.exec();
  return conn_.database().getLastInsertRowid();
}

std::optional<Account> SqliteTx::account_of(std::int64_t customer_id) {
  SQLite::Statement& query = conn_.prepared(
      "SELECT id, balance_minor, updated_at FROM accounts WHERE customer_id = ?");
  query.bind(1, customer_id);
  if (!query.executeStep()) return std::nullopt;
  return Account{query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                 query.getColumn(2).getInt64()};
}

Account SqliteTx::account(std::int64_t account_id) {
  SQLite::Statement& query = conn_.prepared("SELECT id, balance_minor, updated_at FROM accounts WHERE id = ?");
  query.bind(1, account_id);
  if (!query.executeStep())
    throw std::out_of_range("no account " + std::to_string(account_id));
  return Account{query.getColumn(0).getInt64(), query.getColumn(1).getInt64(),
                 query.getColumn(2).getInt64()};
}

std::int64_t SqliteTx::system_account_id(const std::string& name) {
  SQLite::Statement& query = conn_.prepared("SELECT id FROM accounts WHERE name = ?");
  query.bind(1, name);
  if (!query.executeStep()) throw std::out_of_range("no system account '" + name + "'");
  return query.getColumn(0).getInt64();
}

void SqliteTx::ensure_system_account(const std::string& name, std::int64_t now) {
  SQLite::Statement& insert = conn_.prepared("INSERT INTO accounts (name, balance_minor, updated_at) VALUES (?, 0, ?)"
                           " ON CONFLICT (name) DO NOTHING");
  insert.bind(1, name);
  insert.bind(2, now);
  insert.exec();
}

std::int64_t SqliteTx::insert_account(std::int64_t customer_id, std::int64_t balance_minor,
                                      std::int64_t now) {
  SQLite::Statement& insert = conn_.prepared(sql::kInsertCustomerAccount);
  insert.bind(1, customer_id);
  insert.bind(2, balance_minor);
  insert.bind(3, now);
  insert.exec();
  return conn_.database().getLastInsertRowid();
}

void SqliteTx::add_to_balance(std::int64_t account_id, std::int64_t delta_minor, std::int64_t now) {
  SQLite::Statement& update = conn_.prepared(sql::kAddToBalance);
  update.bind(1, delta_minor);
  update.bind(2, now);
  update.bind(3, account_id);
  if (update.exec() != 1) throw std::out_of_range("no account " + std::to_string(account_id));
}

std::optional<PinCredential> SqliteTx::pin_credential(std::int64_t customer_id) {
  SQLite::Statement& query = conn_.prepared("SELECT hash, failed_attempts, locked_until, identity_failed_attempts,"
                          " identity_locked_until FROM pin_credentials WHERE customer_id = ?");
  query.bind(1, customer_id);
  if (!query.executeStep()) return std::nullopt;
  return PinCredential{blob_from(query.getColumn(0)), query.getColumn(1).getInt(),
                       query.getColumn(2).getInt64(), query.getColumn(3).getInt(),
                       query.getColumn(4).getInt64()};
}

void SqliteTx::set_pin_hash(std::int64_t customer_id, const Blob& hash, std::int64_t now) {
  SQLite::Statement& upsert = conn_.prepared(sql::kUpsertPin);
  upsert.bind(1, customer_id);
  upsert.bind(2, hash.data(), static_cast<int>(hash.size()));
  upsert.bind(3, now);
  upsert.exec();
}

void SqliteTx::set_pin_failures(std::int64_t customer_id, int failed, std::int64_t locked_until) {
  SQLite::Statement& update = conn_.prepared("UPDATE pin_credentials SET failed_attempts = ?, locked_until = ?"
                           " WHERE customer_id = ?");
  update.bind(1, failed);
  update.bind(2, locked_until);
  update.bind(3, customer_id);
  update.exec();
}

void SqliteTx::set_identity_failures(std::int64_t customer_id, int failed, std::int64_t locked_until) {
  SQLite::Statement& update = conn_.prepared("UPDATE pin_credentials SET identity_failed_attempts = ?,"
                           " identity_locked_until = ? WHERE customer_id = ?");
  update.bind(1, failed);
  update.bind(2, locked_until);
  update.bind(3, customer_id);
  update.exec();
}

}  // namespace dialgraph::actions
