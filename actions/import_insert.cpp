// The insert half of the import, shared with the demo data.
#include "actions/import.hpp"
#include "actions/pin_rules.hpp"
#include "actions/secrets.hpp"
#include "actions/store_bulk.hpp"

namespace dialgraph::actions {
namespace {

// Rows whose phone or Paymaart ID is already in the database, one message each.
void check_not_registered(const RegisteredKeys& registered, const std::vector<NewCustomer>& rows,
                          const std::string& source, ImportReport& report) {
  for (const NewCustomer& row : rows) {
    const std::string where = source + ":" + std::to_string(row.line) + ": ";
    const std::size_t errors_before = report.errors.size();
    if (registered.phones.contains(row.customer.phone))
      report.errors.push_back(where + "phone " + row.customer.phone + " is already registered");
    if (registered.paymaart_ids.contains(row.customer.paymaart_id))
      report.errors.push_back(where + "paymaart_id " + row.customer.paymaart_id +
                              " is already registered");
    if (report.errors.size() > errors_before) ++report.bad_rows;
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

RegisteredKeys registered_keys(Store& store) {
  RegisteredKeys keys;
  store.read([&](Tx& tx) {
    for (auto& phone : tx.all_phones()) keys.phones.insert(std::move(phone));
    for (auto& id : tx.all_paymaart_ids()) keys.paymaart_ids.insert(std::move(id));
  });
  return keys;
}

ImportReport insert_customers(Store& store, const Settings& settings,
                              const std::vector<NewCustomer>& rows,
                              const std::string& source_name, std::int64_t now) {
  ImportReport report;
  report.rows = rows.size();
  check_not_registered(registered_keys(store), rows, source_name, report);
  if (!report.ok()) return report;
  return insert_checked_customers(store, settings, rows, source_name, now);
}

ImportReport insert_checked_customers(Store& store, const Settings& settings,
                                      const std::vector<NewCustomer>& rows,
                                      const std::string& source_name, std::int64_t now) {
  ImportReport report;
  report.rows = rows.size();
  try {
    store.write([&](Tx& tx) { insert_all(tx, settings, rows, now); });
  } catch (const ConstraintViolation& e) {
    // A customer registered between the check and the write: nothing was written.
    report.errors.push_back(source_name + ": import rolled back: " + e.what());
    return report;
  }
  report.imported = rows.size();
  for (const NewCustomer& row : rows) {
    report.deposited_minor += row.balance_minor;
    if (is_trivial_pin(row.pin)) ++report.trivial_pins;
  }
  return report;
}

}  // namespace dialgraph::actions
