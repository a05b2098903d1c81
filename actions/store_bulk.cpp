// Loading many customers row by row through Tx methods, so it works on any
// backend. On SQLite each Tx method reuses its prepared statement
// (connection.hpp), so this costs what hand-held statements did.
#include "actions/store_bulk.hpp"

#include "actions/secrets.hpp"

namespace dialgraph::actions {
namespace {

class RowByRow final : public BulkInsert {
 public:
  RowByRow(Tx& tx, std::int64_t now)
      : tx_(tx), now_(now), deposits_id_(tx.system_account_id("deposits")) {}

  std::int64_t add_customer(const Customer& customer) override {
    return tx_.insert_customer(customer, now_);
  }

  void add_pin(std::int64_t customer_id, const Blob& hash) override {
    tx_.set_pin_hash(customer_id, hash, now_);
  }

  void add_account(std::int64_t customer_id, std::int64_t opening_minor) override {
    const std::int64_t account_id = tx_.insert_account(customer_id, opening_minor, now_);
    if (opening_minor <= 0) return;
    const std::int64_t transfer_id = tx_.insert_transfer(NewTransfer{
        random_reference(), "deposit", deposits_id_, account_id, opening_minor, 0, now_});
    tx_.insert_entry(transfer_id, deposits_id_, -opening_minor);
    tx_.insert_entry(transfer_id, account_id, opening_minor);
    deposited_ += opening_minor;
  }

  void finish() override {
    if (deposited_ != 0) tx_.add_to_balance(deposits_id_, -deposited_, now_);
    deposited_ = 0;
  }

 private:
  Tx& tx_;
  std::int64_t now_;
  std::int64_t deposits_id_;
  std::int64_t deposited_ = 0;
};

}  // namespace

std::unique_ptr<BulkInsert> row_by_row_bulk_insert(Tx& tx, std::int64_t now) {
  return std::make_unique<RowByRow>(tx, now);
}

std::unique_ptr<BulkInsert> Tx::bulk_insert(std::int64_t now) {
  return row_by_row_bulk_insert(*this, now);
}

}  // namespace dialgraph::actions
