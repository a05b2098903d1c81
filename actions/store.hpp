// Paymaart's storage: one SQLite database (WAL) behind domain methods.
//
// All SQL lives in store*.cpp and migrations.cpp. Callers open a unit of work
// with read() or write() and call Tx methods inside it; a PostgreSQL backend would
// implement the same Tx methods, so nothing above this header knows which
// database it talks to.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <vector>

#include "actions/store_types.hpp"

namespace SQLite {
class Database;
}

namespace dialgraph::actions {

class Connection;

// One transaction's view of the store. Only valid inside read() or write().
class Tx {
 public:
  explicit Tx(Connection& connection) : conn_(connection) {}

  // Customers (paymaart_id is stored and looked up in upper case).
  std::optional<Customer> customer_by_phone(const std::string& phone);
  std::optional<Customer> customer_by_paymaart_id(const std::string& paymaart_id);
  std::optional<Customer> customer_by_id(std::int64_t id);
  std::vector<std::string> all_phones();
  std::vector<std::string> all_paymaart_ids();

  // Accounts. System accounts have a name (deposits, fees) and no customer.
  std::optional<Account> account_of(std::int64_t customer_id);
  Account account(std::int64_t account_id);
  std::int64_t system_account_id(const std::string& name);  // throws when missing
  void ensure_system_account(const std::string& name, std::int64_t now);
  void add_to_balance(std::int64_t account_id, std::int64_t delta_minor, std::int64_t now);

  // Ledger.
  std::int64_t insert_transfer(const NewTransfer& transfer);
  void insert_entry(std::int64_t transfer_id, std::int64_t account_id, std::int64_t amount_minor);
  std::int64_t payments_sent_since(std::int64_t account_id, std::int64_t since);
  std::vector<TransferView> recent_transfers(std::int64_t account_id, int limit);
  LedgerTotals ledger_totals();

  // PIN credentials.
  std::optional<PinCredential> pin_credential(std::int64_t customer_id);
  // Stores a new hash and clears every failure counter and lock.
  void set_pin_hash(std::int64_t customer_id, const Blob& hash, std::int64_t now);
  void set_pin_failures(std::int64_t customer_id, int failed, std::int64_t locked_until);
  void set_identity_failures(std::int64_t customer_id, int failed, std::int64_t locked_until);

  // One-time codes.
  void insert_otp(const NewOtp& otp);
  std::optional<Otp> latest_open_otp(std::int64_t customer_id, const std::string& purpose);
  void set_otp_attempts(std::int64_t otp_id, int attempts);
  void consume_otp(std::int64_t otp_id, std::int64_t now);
  // The id of an OTP consumed at or after `since` and not yet used for a reset.
  std::optional<std::int64_t> verified_otp(std::int64_t customer_id, const std::string& purpose,
                                           std::int64_t since);
  void mark_otp_used_for_reset(std::int64_t otp_id, std::int64_t now);

  // SMS outbox. Bodies are sealed by the caller.
  void queue_sms(const std::string& to_phone, const Blob& body, std::int64_t now);
  std::vector<QueuedSms> due_sms(std::int64_t now, int limit);
  void mark_sms_sent(std::int64_t id, const std::string& provider_message_id, std::int64_t now);
  // Counts an attempt; with `give_up` the message is marked failed for good.
  void mark_sms_failed(std::int64_t id, std::int64_t next_attempt_at, bool give_up);

  // Gateway notifications. False when this session's event was already stored
  // (gateways retry notifications).
  bool insert_event(const SessionEvent& event);
  std::int64_t count_events();

  // Idempotency records of commands.
  std::optional<std::string> command_result(const std::string& key);
  void record_command_result(const std::string& key, const std::string& json, std::int64_t now);

  SQLite::Database& database();  // for store*.cpp only

 private:
  Connection& conn_;
};

class Store {
 public:
  // Opens (creating if needed) the database at `path`, or a private in-memory one
  // for ":memory:", and applies pending migrations. Throws SQLite::Exception or
  // std::runtime_error when the file cannot be opened or migrated.
  explicit Store(const std::string& path);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs `fn(Tx&)` in a read transaction (a consistent snapshot).
  template <class F>
  auto read(F&& fn) {
    return run(false, std::forward<F>(fn));
  }
  // Runs `fn(Tx&)` in a BEGIN IMMEDIATE transaction, committed when fn returns
  // and rolled back when it throws.
  template <class F>
  auto write(F&& fn) {
    return run(true, std::forward<F>(fn));
  }

  int schema_version();
  const std::string& path() const;

  // The key of the keyed hash under which command results are recorded
  // (record_key() in command.cpp). The engine's command key holds the session's
  // inputs, PINs and OTPs included, so it must never reach the file in clear.
  // register_paymaart_actions sets it to the pepper; all zeros until then.
  void set_record_secret(const std::array<unsigned char, 32>& secret);
  const std::array<unsigned char, 32>& record_secret() const;

 private:
  template <class F>
  auto run(bool writing, F&& fn) -> std::invoke_result_t<F&, Tx&> {
    using R = std::invoke_result_t<F&, Tx&>;
    if constexpr (std::is_void_v<R>) {
      run_in_transaction(writing, [&](Tx& tx) { fn(tx); });
    } else {
      std::optional<R> out;
      run_in_transaction(writing, [&](Tx& tx) { out.emplace(fn(tx)); });
      return std::move(*out);
    }
  }
  void run_in_transaction(bool writing, const std::function<void(Tx&)>& fn);

  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace dialgraph::actions
