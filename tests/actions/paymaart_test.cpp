#include "actions/paymaart.hpp"

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;
namespace engine = dialgraph::engine;

TEST_CASE("register_paymaart_actions registers every action once") {
  TestDb db;
  Store store(db.url());
  engine::Registry registry;
  register_paymaart_actions(registry, store, Settings{}, [] { return kStart; });
  CHECK(registry.names() == std::vector<std::string>{
      "balance.get", "customer.lookup", "customer.verified", "identity.verify", "otp.send",
      "otp.verify", "payment.quote", "payment.send", "pin.check_new", "pin.reset",
      "pin.unlocked", "pin.update", "pin.verify", "profile.get", "recipient.find", "transactions.recent"});
  CHECK_THROWS_AS(register_paymaart_actions(registry, store, Settings{}, [] { return kStart; }),
                  std::invalid_argument);
}

TEST_CASE("commands say so") {
  World world;
  for (const auto& [name, spec] : world.actions) {
    INFO(name);
    CHECK(spec.run);
    CHECK(spec.outcomes.front() == "ok");
  }
  for (const char* command : {"pin.verify", "payment.send", "pin.update", "identity.verify",
                              "otp.send", "otp.verify", "pin.reset"})
    CHECK(world.actions.at(command).kind == engine::ActionKind::command);
}

TEST_CASE("a fee account named in the settings is created") {
  Settings settings;
  settings.fee_account = "fees_2025";
  World world("", settings);
  world.run("payment.send", kAlice, "", {{"recipient_id", "PM500002"}, {"amount", "100"}});
  CHECK(world.fee_balance() == 2'000);
}

// The contract each action offers menus.yaml. A new action, or a new outcome,
// fails here until it is added (and so thought about) in this table.
TEST_CASE("every action declares exactly the documented outcomes") {
  const std::map<std::string, std::vector<std::string>> expected = {
      {"balance.get", {"ok"}},
      {"customer.lookup", {"ok", "unknown"}},
      {"customer.verified", {"ok", "unregistered", "not_verified", "kyc_rejected"}},
      {"identity.verify", {"ok", "mismatch", "locked"}},
      {"otp.send", {"ok", "too_many_codes"}},
      {"otp.verify", {"ok", "wrong_otp", "expired", "too_many_attempts"}},
      {"payment.quote",
       {"ok", "below_minimum", "over_limit", "over_daily_limit", "daily_limit_reached", "insufficient_funds",
        "invalid"}},
      {"payment.send", {"ok", "insufficient_funds", "over_daily_limit", "recipient_not_verified", "payer_not_verified"}},
      {"pin.check_new", {"ok", "trivial", "same_as_old", "invalid"}},
      {"pin.reset", {"ok", "no_verified_otp"}},
      {"pin.unlocked", {"ok", "locked"}},
      {"pin.update", {"ok"}},
      {"pin.verify", {"ok", "wrong_pin", "locked"}},
      {"profile.get", {"ok"}},
      {"recipient.find", {"ok", "unknown_recipient", "self", "recipient_not_verified"}},
      {"transactions.recent", {"ok"}},
  };
  World world;
  REQUIRE(world.actions.size() == expected.size());
  for (const auto& [name, spec] : world.actions) {
    INFO(name);
    REQUIRE(expected.contains(name));
    CHECK(spec.outcomes == expected.at(name));
  }
}
