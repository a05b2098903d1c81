// Demo data: a few well-known customers the README names, plus N synthetic ones.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "actions/settings.hpp"
#include "actions/store.hpp"

namespace dialgraph::actions {

// Every demo customer's PIN. Not trivial, so Change PIN flows start from a valid PIN.
inline constexpr const char* kDemoPin = "1357";

struct DemoCustomer {
  std::string phone;
  std::string paymaart_id;
  std::string full_name;
  std::string kyc_status;
  std::string language;
  std::int64_t balance_minor = 0;
};

struct DemoInfo {
  bool created = false;  // false when the demo customers were already there
  std::string pin = kDemoPin;
  std::vector<DemoCustomer> well_known;  // what to print for people trying the demo
  int synthetic = 0;                      // further customers generated
  std::size_t customers = 0;              // customers in the database afterwards
};

// The well-known demo customers, created by create_demo.
std::vector<DemoCustomer> demo_well_known();

// Creates the well-known customers and `customers` synthetic ones (deterministic
// Malawian names, +26599xxxxxxx phones, mostly verified, a mix of en and ny)
// through the same bulk insert as the CSV import. Does nothing when the first
// well-known customer exists. Throws std::runtime_error if the insert fails, or
// if the database has other customers: demo customers, whose PIN is
// published, never go into a database of real ones.
DemoInfo create_demo(Store& store, const Settings& settings, int customers,
                     Clock clock = system_clock());

}  // namespace dialgraph::actions
