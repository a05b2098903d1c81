// The insert half of the import, shared with the demo data.
#include <unordered_set>

#include "actions/import.hpp"
#include "actions/secrets.hpp"
#include "actions/store_bulk.hpp"

namespace dialgraph::actions {
namespace {

// Rows whose phone or Paymaart ID is already in the database, one message each.
void check_not_taken(Store& store, const std::vector<NewCustomer>& rows,
                     const std::string& source, ImportReport& report) {
  std::unordered_set<std::string> phones, ids;
  store.read([&](Tx& tx) {
    for (auto& phone : tx.all_phones()) phones.insert(std::move(phone));
    for (auto& id : tx.all_paymaart_ids()) ids.insert(std::move(id));
  });
  for (const NewCustomer& row : rows) {
    const std::string where = source + ":" + std::to_string(row.line) + ": ";
    if (phones.contains(row.customer.phone))
      report.errors.push_back(where + "phone " + row.customer.phone + " is already registered");
    if (ids.contains(row.customer.paymaart_id))
      report.errors.push_back(where + "paymaart_id " + row.customer.paymaart_id +
                              " is already registered");
  }
}

void insert_all(Tx& tx, const Settings& settings, const std::vector<NewCustomer>& rows,
                std::int64_t now) {
  const auto bulk = tx.bulk_insert(now);
  for (const NewCustomer& row : rows) {
    const std::int64_t id = bulk->add_customer(row.customer);
    bulk->add_pin(id, hash_secret(settings.pepper, SecretKind::pin, id, row.pin));
    bulk->add_account(id, row.balance_minor);
  }
  bulk->finish();
}

}  // namespace

ImportReport insert_customers(Store& store, const Settings& settings,
                              const std::vector<NewCustomer>& rows,
                              const std::string& source_name, std::int64_t now) {
  ImportReport report;
  report.rows = rows.size();
  check_not_taken(store, rows, source_name, report);
  if (!report.ok()) return report;
  try {
    store.write([&](Tx& tx) { insert_all(tx, settings, rows, now); });
  } catch (const ConstraintViolation& e) {
    // A customer registered between the check and the write: nothing was written.
    report.errors.push_back(source_name + ": import rolled back: " + e.what());
    return report;
  }
  report.imported = rows.size();
  for (const NewCustomer& row : rows) report.deposited_minor += row.balance_minor;
  return report;
}

}  // namespace dialgraph::actions
