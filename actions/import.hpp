// Loading customers from a CSV file (and the demo's synthetic ones) in bulk.
#pragma once

#include <cstdint>
#include <istream>
#include <string>
#include <unordered_set>
#include <vector>

#include "actions/settings.hpp"
#include "actions/store.hpp"

namespace dialgraph::actions {

// The header an import file must start with, exactly.
inline constexpr const char* kImportHeader =
    "phone,paymaart_id,first_name,middle_name,last_name,email,kyc_status,language,pin,balance";

struct ImportReport {
  std::size_t rows = 0;      // data rows read
  std::size_t bad_rows = 0;  // data rows with at least one problem (each may have several)
  std::size_t imported = 0;  // customers created: all rows, or none when any is bad
  std::int64_t deposited_minor = 0;
  // Imported customers whose PIN is easy to guess (1111, 1234): kept, since a
  // migration must carry PINs over, but they should change it.
  std::size_t trivial_pins = 0;
  std::vector<std::string> errors;  // "FILE:LINE: message", one per problem, file order
  bool ok() const { return errors.empty(); }
};

// A customer ready to insert. `customer.id` and `created_at` are ignored.
struct NewCustomer {
  int line = 0;  // where it came from, for messages
  Customer customer;
  std::string pin;  // four digits; only its hash is stored
  std::int64_t balance_minor = 0;
};

// Validates every row and reports every bad one; imports nothing unless all are
// good, and then all of them in one transaction.
ImportReport import_customers_csv(Store& store, const Settings& settings, std::istream& csv,
                                  std::string source_name, Clock clock = system_clock());

// The insert half of the import, for rows that are already well-formed: checks
// that no phone or Paymaart ID is taken, then inserts all rows or none.
ImportReport insert_customers(Store& store, const Settings& settings,
                              const std::vector<NewCustomer>& rows,
                              const std::string& source_name, std::int64_t now);

// Phones and Paymaart IDs already in the store, which new rows must not reuse.
struct RegisteredKeys {
  std::unordered_set<std::string> phones, paymaart_ids;
};
RegisteredKeys registered_keys(Store& store);

// insert_customers for rows already checked against registered_keys(): a
// customer registered since then rolls all back and is reported.
ImportReport insert_checked_customers(Store& store, const Settings& settings,
                                      const std::vector<NewCustomer>& rows,
                                      const std::string& source_name, std::int64_t now);

}  // namespace dialgraph::actions
