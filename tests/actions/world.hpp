// A small Paymaart for tests: a store with known customers, a clock the test
// moves, and the registered actions called by name.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>

#include "actions/import.hpp"
#include "actions/paymaart.hpp"
#include "actions/settings.hpp"
#include "actions/sms_outbox.hpp"
#include "actions/store.hpp"
#include "engine/registry.hpp"
#include "tests/support/test_db.hpp"

namespace dialgraph::actions::testing {

// 2023-11-14 22:13:20 UTC, i.e. 00:13:20 on the 15th in Blantyre.
inline constexpr std::int64_t kStart = 1'700'000'000;

// Customers every World starts with. PINs chosen to appear in no other stored text.
inline constexpr const char* kAlice = "+265991110001";  // PM500001 verified en 100,000.00
inline constexpr const char* kBanda = "+265991110002";  // PM500002 verified ny 5,000.00
inline constexpr const char* kPending = "+265991110003";   // PM500003 pending
inline constexpr const char* kRejected = "+265991110004";  // PM500004 rejected
inline constexpr const char* kBroke = "+265991110005";     // PM500005 verified, 0.00
inline constexpr const char* kStranger = "+265881234567";  // not a customer
inline constexpr const char* kAlicePin = "8264";
inline constexpr const char* kOtherPin = "5829";

inline std::vector<NewCustomer> seed_customers() {
  auto row = [](int n, const char* phone, const char* first, const char* last, const char* kyc,
                const char* language, const char* pin, std::int64_t balance) {
    NewCustomer r;
    r.line = n;
    r.customer.phone = phone;
    r.customer.paymaart_id = "PM50000" + std::to_string(n);
    r.customer.first_name = first;
    r.customer.last_name = last;
    r.customer.kyc_status = kyc;
    r.customer.language = language;
    r.pin = pin;
    r.balance_minor = balance;
    return r;
  };
  auto rows = std::vector<NewCustomer>{
      row(1, kAlice, "Alinafe", "Banda", "verified", "en", kAlicePin, 10'000'000),
      row(2, kBanda, "Chifundo", "Phiri", "verified", "ny", kOtherPin, 500'000),
      row(3, kPending, "Dumisani", "Mwale", "pending", "en", kOtherPin, 100'000),
      row(4, kRejected, "Esnart", "Zulu", "rejected", "en", kOtherPin, 0),
      row(5, kBroke, "Fatsani", "Gondwe", "verified", "en", kOtherPin, 0),
  };
  rows[0].customer.middle_name = "Grace";
  rows[0].customer.email = "alinafe@example.mw";
  return rows;
}

struct World {
  std::int64_t now = kStart;
  Settings settings;
  std::unique_ptr<TestDb> own_db;  // when no path was given; outlives the store
  std::unique_ptr<Store> store;
  std::map<std::string, engine::ActionSpec, std::less<>> actions;
  int next_key = 0;

  // An empty `path` is a fresh database of the backend under test (test_db.hpp).
  // `seed` false opens a store some other World already filled.
  explicit World(const std::string& path = "", Settings s = Settings{}, bool seed = true)
      : settings(std::move(s)),
        own_db(path.empty() ? std::make_unique<TestDb>() : nullptr),
        store(std::make_unique<Store>(path.empty() ? own_db->url() : path)) {
    if (seed) {
      const auto report = insert_customers(*store, settings, seed_customers(), "seed", now);
      if (!report.ok()) throw std::runtime_error(report.errors.front());
    }
    for (auto& spec : paymaart_actions(*store, settings, [this] { return now; }))
      actions.emplace(spec.name, std::move(spec));
  }

  // Runs action `name` for `phone`. Commands get a fresh key unless one is given
  // (pass one when calling from several threads).
  engine::ActionResult run(const std::string& name, const std::string& phone,
                           const std::string& input = "",
                           std::map<std::string, std::string, std::less<>> scalars = {},
                           std::string key = "") {
    const engine::Request request{"session-1", phone, "*3664#", "650", {}};
    engine::Vars vars;
    vars.scalars = std::move(scalars);
    if (key.empty()) key = "key-" + std::to_string(++next_key);
    const engine::ActionContext ctx{request, vars, input, key};
    return actions.at(name).run(ctx);
  }

  std::int64_t balance(const std::string& phone) {
    return store->read([&](Tx& tx) {
      return tx.account_of(tx.customer_by_phone(phone)->id)->balance_minor;
    });
  }

  std::int64_t fee_balance() {
    return store->read(
        [&](Tx& tx) { return tx.account(tx.system_account_id(settings.fee_account)).balance_minor; });
  }

  std::vector<OutgoingSms> sms() { return due_sms(*store, settings, now + 1'000'000, 1'000); }
};

}  // namespace dialgraph::actions::testing
