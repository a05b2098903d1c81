// Loading many customers into PostgreSQL: ids are reserved from the tables'
// sequences a few thousand at a time (so add_customer can answer at once and the
// PIN hash, which covers the id, can be made), rows are buffered, and finish()
// sends each table with one COPY. Row by row, every INSERT was a round trip:
// ~6 s per 10,000 customers.
#include <deque>
#include <tuple>
#include <vector>

#include <pqxx/result>
#include <pqxx/stream_to>

#include "actions/pg_tx.hpp"
#include "actions/secrets.hpp"
#include "actions/store_bulk.hpp"

namespace dialgraph::actions {
namespace {

constexpr int kIdsPerReservation = 4096;

// A column's values taken from its identity sequence ahead of the INSERT, as the
// column default would have taken them.
class ReservedIds {
 public:
  ReservedIds(pqxx::transaction_base& work, const char* table) : work_(work), table_(table) {}

  std::int64_t next() {
    if (ids_.empty())
      for (const auto& row : work_.exec("SELECT nextval(pg_get_serial_sequence(" +
                                        work_.quote(table_) + ", 'id')) FROM generate_series(1, " +
                                        std::to_string(kIdsPerReservation) + ")"))
        ids_.push_back(row[0].as<std::int64_t>());
    const std::int64_t id = ids_.front();
    ids_.pop_front();
    return id;
  }

 private:
  pqxx::transaction_base& work_;
  std::string table_;
  std::deque<std::int64_t> ids_;
};

// bytea in COPY's text format (hex); stream_to escapes the backslash for COPY.
std::string bytea_text(const Blob& blob) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out = "\\x";
  out.reserve(2 + 2 * blob.size());
  for (const unsigned char byte : blob) {
    out += kHex[byte >> 4];
    out += kHex[byte & 15];
  }
  return out;
}

template <class Row>
void copy(pqxx::transaction_base& work, const char* table, const std::vector<std::string>& columns,
          const std::vector<Row>& rows) {
  if (rows.empty()) return;
  pqxx::stream_to stream(work, table, columns);
  for (const Row& row : rows) stream << row;
  stream.complete();
}

class PgBulkInsert final : public BulkInsert {
 public:
  PgBulkInsert(Tx& tx, pqxx::transaction_base& work, std::int64_t now)
      : tx_(tx), work_(work), now_(now), deposits_id_(tx.system_account_id("deposits")),
        customer_ids_(work, "customers"), account_ids_(work, "accounts"),
        transfer_ids_(work, "transfers") {}

  std::int64_t add_customer(const Customer& c) override {
    const std::int64_t id = customer_ids_.next();
    customers_.emplace_back(id, c.phone, c.paymaart_id, c.first_name, c.middle_name, c.last_name,
                            c.email, c.kyc_status, c.language, now_);
    return id;
  }

  void add_pin(std::int64_t customer_id, const Blob& hash) override {
    pins_.emplace_back(customer_id, bytea_text(hash), now_);
  }

  void add_account(std::int64_t customer_id, std::int64_t opening_minor) override {
    const std::int64_t account_id = account_ids_.next();
    accounts_.emplace_back(account_id, customer_id, opening_minor, now_);
    if (opening_minor <= 0) return;
    const std::int64_t transfer_id = transfer_ids_.next();
    transfers_.emplace_back(transfer_id, random_reference(), "deposit", deposits_id_, account_id,
                            opening_minor, 0, now_);
    entries_.emplace_back(transfer_id, deposits_id_, -opening_minor);
    entries_.emplace_back(transfer_id, account_id, opening_minor);
    deposited_ += opening_minor;
  }

  // In the order the foreign keys need.
  void finish() override {
    copy(work_, "customers",
         {"id", "phone", "paymaart_id", "first_name", "middle_name", "last_name", "email",
          "kyc_status", "language", "created_at"},
         customers_);
    copy(work_, "pin_credentials", {"customer_id", "hash", "updated_at"}, pins_);
    copy(work_, "accounts", {"id", "customer_id", "balance_minor", "updated_at"}, accounts_);
    copy(work_, "transfers",
         {"id", "reference", "kind", "payer_account_id", "payee_account_id", "amount_minor",
          "fee_minor", "created_at"},
         transfers_);
    copy(work_, "entries", {"transfer_id", "account_id", "amount_minor"}, entries_);
    customers_.clear();
    pins_.clear();
    accounts_.clear();
    transfers_.clear();
    entries_.clear();
    if (deposited_ != 0) tx_.add_to_balance(deposits_id_, -deposited_, now_);
    deposited_ = 0;
  }

 private:
  using I = std::int64_t;
  using S = std::string;

  Tx& tx_;
  pqxx::transaction_base& work_;
  I now_;
  I deposits_id_;
  ReservedIds customer_ids_, account_ids_, transfer_ids_;
  std::vector<std::tuple<I, S, S, S, S, S, S, S, S, I>> customers_;
  std::vector<std::tuple<I, S, I>> pins_;
  std::vector<std::tuple<I, I, I, I>> accounts_;
  std::vector<std::tuple<I, S, S, I, I, I, I, I>> transfers_;
  std::vector<std::tuple<I, I, I>> entries_;
  I deposited_ = 0;
};

}  // namespace

std::unique_ptr<BulkInsert> PgTx::bulk_insert(std::int64_t now) {
  return std::make_unique<PgBulkInsert>(*this, work_, now);
}

}  // namespace dialgraph::actions
