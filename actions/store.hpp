// Paymaart's storage: domain methods over SQLite (a file, WAL) or PostgreSQL.
//
// All SQL lives in sqlite_*.cpp, pg_*.cpp and the two migrations files. Callers
// open a unit of work with read() or write() and call Tx methods inside it; each
// backend implements Tx, so nothing above this header knows which database it
// talks to. `Store("postgresql://...")` picks PostgreSQL, anything else is a
// SQLite file (":memory:" a private in-memory one).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "actions/store_types.hpp"

namespace dialgraph::actions {

// A write refused by a UNIQUE, CHECK, FOREIGN KEY or NOT NULL rule, from either
// backend (the transaction was rolled back). Other database errors keep the
// backend's own exception type; all derive from std::exception.
class ConstraintViolation : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class BulkInsert;

// One transaction's view of the store. Only valid inside read() or write().
class Tx {
 public:
  virtual ~Tx() = default;

  // Customers (paymaart_id is stored and looked up in upper case).
  virtual std::optional<Customer> customer_by_phone(const std::string& phone) = 0;
  virtual std::optional<Customer> customer_by_paymaart_id(const std::string& paymaart_id) = 0;
  virtual std::optional<Customer> customer_by_id(std::int64_t id) = 0;
  virtual std::vector<std::string> all_phones() = 0;
  // Whether any customer exists, without reading them all.
  virtual bool has_customers() = 0;
  virtual std::vector<std::string> all_paymaart_ids() = 0;
  // Returns the new customer's id (customer.id is ignored).
  virtual std::int64_t insert_customer(const Customer& customer, std::int64_t now) = 0;
  // A loader for many customers in this (write) transaction (store_bulk.hpp);
  // by default row by row through the methods here.
  virtual std::unique_ptr<BulkInsert> bulk_insert(std::int64_t now);

  // Accounts. System accounts have a name (deposits, fees) and no customer.
  virtual std::optional<Account> account_of(std::int64_t customer_id) = 0;
  virtual Account account(std::int64_t account_id) = 0;
  virtual std::int64_t system_account_id(const std::string& name) = 0;  // throws when missing
  virtual void ensure_system_account(const std::string& name, std::int64_t now) = 0;
  // Opens a customer's account with `balance_minor` already in it (the caller
  // writes the matching deposit) and returns its id.
  virtual std::int64_t insert_account(std::int64_t customer_id, std::int64_t balance_minor,
                                      std::int64_t now) = 0;
  virtual void add_to_balance(std::int64_t account_id, std::int64_t delta_minor,
                              std::int64_t now) = 0;

  // Ledger.
  virtual std::int64_t insert_transfer(const NewTransfer& transfer) = 0;
  virtual void insert_entry(std::int64_t transfer_id, std::int64_t account_id,
                            std::int64_t amount_minor) = 0;
  virtual std::int64_t payments_sent_since(std::int64_t account_id, std::int64_t since) = 0;
  virtual std::vector<TransferView> recent_transfers(std::int64_t account_id, int limit) = 0;
  virtual LedgerTotals ledger_totals() = 0;

  // PIN credentials.
  virtual std::optional<PinCredential> pin_credential(std::int64_t customer_id) = 0;
  // Stores a new hash and clears every failure counter and lock.
  virtual void set_pin_hash(std::int64_t customer_id, const Blob& hash, std::int64_t now) = 0;
  virtual void set_pin_failures(std::int64_t customer_id, int failed,
                                std::int64_t locked_until) = 0;
  virtual void set_identity_failures(std::int64_t customer_id, int failed,
                                     std::int64_t locked_until) = 0;

  // One-time codes.
  virtual void insert_otp(const NewOtp& otp) = 0;
  // The newest code sent for `purpose`, used or not: only it may be accepted.
  virtual std::optional<Otp> latest_otp(std::int64_t customer_id, const std::string& purpose) = 0;
  virtual void set_otp_attempts(std::int64_t otp_id, int attempts) = 0;
  // How many codes for `purpose` the customer was sent at or after `since`.
  virtual int otps_sent_since(std::int64_t customer_id, const std::string& purpose,
                              std::int64_t since) = 0;
  virtual void consume_otp(std::int64_t otp_id, std::int64_t now) = 0;
  // The id of an OTP consumed at or after `since` and not yet used for a reset.
  virtual std::optional<std::int64_t> verified_otp(std::int64_t customer_id,
                                                   const std::string& purpose,
                                                   std::int64_t since) = 0;
  virtual void mark_otp_used_for_reset(std::int64_t otp_id, std::int64_t now) = 0;

  // SMS outbox. Bodies are sealed by the caller.
  virtual void queue_sms(const std::string& to_phone, const Blob& body, std::int64_t now, SmsUrgency urgency) = 0;
  // Pending messages due at `now`, codes first, then in the order they fell due, left as
  // they are (a look).
  virtual std::vector<QueuedSms> due_sms(std::int64_t now, int limit) = 0;
  // The same, but claimed for one sender: they are not due again before
  // `claim_until` (unless marked failed earlier), so a second sender, in this
  // process or another instance, never gets them meanwhile; a sender that dies
  // leaves them to be sent after the claim runs out. Write transactions only.
  virtual std::vector<QueuedSms> claim_due_sms(std::int64_t now, int limit,
                                               std::int64_t claim_until) = 0;
  virtual void mark_sms_sent(std::int64_t id, const std::string& provider_message_id,
                             std::int64_t now) = 0;
  // Counts an attempt; with `give_up` the message is marked failed for good.
  virtual void mark_sms_failed(std::int64_t id, std::int64_t next_attempt_at, bool give_up) = 0;
  // Gives back a claimed message that was not tried (its sender is stopping):
  // due again at `now`, no attempt counted.
  virtual void release_sms(std::int64_t id, std::int64_t now) = 0;
  // The newest sealed SMS body, sent or not: what the pepper can be checked against.
  virtual std::optional<Blob> newest_sealed_sms() = 0;

  // Gateway notifications. False when this session's event was already stored
  // (gateways retry notifications).
  virtual bool insert_event(const SessionEvent& event) = 0;
  virtual std::int64_t count_events() = 0;

  // Facts about the database itself (store_meta), by name.
  virtual std::optional<std::string> meta(const std::string& name) = 0;
  virtual void set_meta(const std::string& name, const std::string& value) = 0;

  // Idempotency records of commands (the key is unique).
  virtual std::optional<std::string> command_result(const std::string& key) = 0;
  virtual void record_command_result(const std::string& key, const std::string& json,
                                     std::int64_t now) = 0;
  // Deletes up to `limit` records made before `before` (SQLite: looking only
  // at the `limit` oldest; PostgreSQL: any) and returns how many it deleted
  // (forget_command_records in command.hpp).
  virtual int forget_command_results(std::int64_t before, int limit) = 0;

  // The highest migration applied.
  virtual int schema_version() = 0;

  // Whether this transaction has changed anything in the database so far.
  virtual bool changed() = 0;
  // Lets this transaction's commit skip the wait for the disk (even in the
  // group commit: Store::after_flush does not wait for it). An OS crash or
  // power failure may lose it (whole, never a part; the database stays
  // consistent), a crash of this process does not. Only for a write whose loss
  // costs a recomputation and nothing else (run_once in command.hpp).
  virtual void commit_lazily() = 0;
};

// Whether Store opens `path_or_url` on PostgreSQL (a postgresql:// or
// postgres:// URL) rather than as a SQLite file.
bool is_postgresql_url(const std::string& path_or_url);

// `path_or_url` fit for a log line or a message: a PostgreSQL URL's password
// (user:PASSWORD@ or password=...) becomes "***"; a file path is returned as is.
std::string redacted_location(const std::string& path_or_url);

// How a Store runs transactions on one kind of database (store_backend.hpp).
class StoreBackend;

class Store {
 public:
  // A `postgresql://` or `postgres://` URL opens PostgreSQL (libpq's URL syntax);
  // anything else opens (creating if needed) the SQLite file at that path, or a
  // private in-memory database for ":memory:". Pending migrations are applied.
  // Throws when the database cannot be opened or migrated.
  explicit Store(const std::string& path_or_url);
  ~Store();
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // Runs `fn(Tx&)` in a read transaction (a consistent snapshot).
  template <class F>
  auto read(F&& fn) {
    return run(false, std::forward<F>(fn));
  }
  // Runs `fn(Tx&)` in a write transaction, committed when fn returns and rolled
  // back when it throws, durable when write() returns (unless defer_flushes()
  // or Tx::commit_lazily said otherwise). Writes are serialised (SQLite: BEGIN IMMEDIATE;
  // PostgreSQL: SERIALIZABLE), so two payments never both see the old balance.
  // On PostgreSQL a transaction that loses a serialization conflict is rolled
  // back and `fn` runs again (a few times at most), so `fn` must change nothing
  // but the database through its Tx.
  template <class F>
  auto write(F&& fn) {
    return run(true, std::forward<F>(fn));
  }

  // Group commit. A write() returns once its commit is durable, unless
  // defer_flushes() was called: then it returns once committed and visible to
  // every later transaction, and whoever lets an effect of it leave the process
  // (a reply, an SMS) first waits for the flush with after_flush() or
  // wait_flushed(). For a composition root that keeps that promise (the server).
  // PostgreSQL and ":memory:" commits are as durable as they get at COMMIT.
  void defer_flushes();
  // `then(true)` once every write committed so far is durable: at once on this
  // thread when it already is, else on the store's flushing thread; then(false)
  // when the disk refused the flush.
  void after_flush(std::function<void(bool durable)> then);
  // Blocks until every write committed so far is durable; throws when the
  // disk refused the flush.
  void wait_flushed();

  int schema_version();
  const std::string& path() const;
  bool is_postgresql() const;

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
      // emplace, not assignment: a retried transaction overwrites its first result.
      std::optional<R> out;
      run_in_transaction(writing, [&](Tx& tx) { out.emplace(fn(tx)); });
      return std::move(*out);
    }
  }
  void run_in_transaction(bool writing, const std::function<void(Tx&)>& fn);

  std::string path_;
  std::array<unsigned char, 32> record_secret_{};
  std::unique_ptr<StoreBackend> backend_;
};

}  // namespace dialgraph::actions
