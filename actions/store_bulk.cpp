// Loading many customers inside one write transaction, through Tx methods only,
// so it works on either backend. On SQLite each Tx method reuses its prepared
// statement (connection.hpp), so this costs what hand-held statements did.
#include "actions/store_bulk.hpp"

#include "actions/secrets.hpp"

namespace dialgraph::actions {

struct BulkInsert::Impl {
  Impl(Tx& t, std::int64_t n) : tx(t), now(n), deposits_id(t.system_account_id("deposits")) {}

  void add_deposit(std::int64_t account_id, std::int64_t amount) {
    const std::int64_t transfer_id =
        tx.insert_transfer(NewTransfer{random_reference(), "deposit", deposits_id, account_id,
                                       amount, 0, now});
    tx.insert_entry(transfer_id, deposits_id, -amount);
    tx.insert_entry(transfer_id, account_id, amount);
    deposited += amount;
  }

  Tx& tx;
  std::int64_t now;
  std::int64_t deposits_id;
  std::int64_t deposited = 0;
};

BulkInsert::BulkInsert(Tx& tx, std::int64_t now) : impl_(std::make_unique<Impl>(tx, now)) {}

BulkInsert::~BulkInsert() = default;

std::int64_t BulkInsert::add_customer(const Customer& c) {
  return impl_->tx.insert_customer(c, impl_->now);
}

void BulkInsert::add_pin(std::int64_t customer_id, const Blob& hash) {
  impl_->tx.set_pin_hash(customer_id, hash, impl_->now);
}

void BulkInsert::add_account(std::int64_t customer_id, std::int64_t opening_minor) {
  const std::int64_t account_id = impl_->tx.insert_account(customer_id, opening_minor, impl_->now);
  if (opening_minor > 0) impl_->add_deposit(account_id, opening_minor);
}

void BulkInsert::finish() {
  if (impl_->deposited != 0)
    impl_->tx.add_to_balance(impl_->deposits_id, -impl_->deposited, impl_->now);
  impl_->deposited = 0;
}

}  // namespace dialgraph::actions
