#include "actions/store_bulk.hpp"

#include <SQLiteCpp/SQLiteCpp.h>

#include "actions/secrets.hpp"
#include "actions/store_sql.hpp"

namespace dialgraph::actions {

struct BulkInsert::Impl {
  Impl(Tx& t, std::int64_t n)
      : tx(t),
        db(t.database()),
        now(n),
        deposits_id(t.system_account_id("deposits")),
        customer(db, sql::kInsertCustomer),
        account(db, sql::kInsertCustomerAccount),
        pin(db, sql::kUpsertPin),
        transfer(db, sql::kInsertTransfer),
        entry(db, sql::kInsertEntry) {}

  // Runs a prepared statement and readies it for the next row.
  static void run(SQLite::Statement& statement) {
    statement.exec();
    statement.reset();
  }

  void add_entry(std::int64_t transfer_id, std::int64_t account_id, std::int64_t amount) {
    entry.bind(1, transfer_id);
    entry.bind(2, account_id);
    entry.bind(3, amount);
    run(entry);
  }

  void add_deposit(std::int64_t account_id, std::int64_t amount) {
    transfer.bind(1, random_reference());
    transfer.bind(2, "deposit");
    transfer.bind(3, deposits_id);
    transfer.bind(4, account_id);
    transfer.bind(5, amount);
    transfer.bind(6, std::int64_t{0});
    transfer.bind(7, now);
    run(transfer);
    const std::int64_t transfer_id = db.getLastInsertRowid();
    add_entry(transfer_id, deposits_id, -amount);
    add_entry(transfer_id, account_id, amount);
    deposited += amount;
  }

  Tx& tx;
  SQLite::Database& db;
  std::int64_t now;
  std::int64_t deposits_id;
  std::int64_t deposited = 0;
  SQLite::Statement customer, account, pin, transfer, entry;
};

BulkInsert::BulkInsert(Tx& tx, std::int64_t now) : impl_(std::make_unique<Impl>(tx, now)) {}

BulkInsert::~BulkInsert() = default;

std::int64_t BulkInsert::add_customer(const Customer& c) {
  auto& s = impl_->customer;
  int i = 0;
  for (const std::string* text : {&c.phone, &c.paymaart_id, &c.first_name, &c.middle_name,
                                  &c.last_name, &c.email, &c.kyc_status, &c.language})
    s.bind(++i, *text);
  s.bind(++i, impl_->now);
  Impl::run(s);
  return impl_->db.getLastInsertRowid();
}

void BulkInsert::add_pin(std::int64_t customer_id, const Blob& hash) {
  auto& s = impl_->pin;
  s.bind(1, customer_id);
  s.bind(2, hash.data(), static_cast<int>(hash.size()));
  s.bind(3, impl_->now);
  Impl::run(s);
}

void BulkInsert::add_account(std::int64_t customer_id, std::int64_t opening_minor) {
  auto& s = impl_->account;
  s.bind(1, customer_id);
  s.bind(2, opening_minor);
  s.bind(3, impl_->now);
  Impl::run(s);
  if (opening_minor > 0) impl_->add_deposit(impl_->db.getLastInsertRowid(), opening_minor);
}

void BulkInsert::finish() {
  if (impl_->deposited != 0)
    impl_->tx.add_to_balance(impl_->deposits_id, -impl_->deposited, impl_->now);
  impl_->deposited = 0;
}

}  // namespace dialgraph::actions
