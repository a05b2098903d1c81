#include "actions/action_list.hpp"

#include <algorithm>

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

TEST_CASE("customer.lookup finds the caller by phone") {
  World world;
  const auto result = world.run("customer.lookup", kAlice);
  CHECK(result.outcome == "ok");
  CHECK(result.values.at("full_name") == "Alinafe Grace Banda");
  CHECK(result.values.at("first_name") == "Alinafe");
  CHECK(result.values.at("last_name") == "Banda");
  CHECK(result.values.at("paymaart_id") == "PM500001");
  CHECK(result.values.at("phone") == kAlice);
  CHECK(result.values.at("email") == "alinafe@example.mw");
  CHECK(result.values.at("kyc_status") == "verified");
  CHECK(result.values.at("language") == "en");
  CHECK(result.values.at("pin_locked_until") == "0");
  CHECK(world.run("customer.lookup", kBanda).values.at("full_name") == "Chifundo Phiri");
  CHECK(world.run("customer.lookup", kStranger).outcome == "unknown");
}

TEST_CASE("customer.lookup reads when the caller's PIN lock ends, for the unlocked guard") {
  World world;
  for (const char* wrong : {"0000", "1111", "2222"}) world.run("pin.verify", kAlice, wrong);
  const auto locked = world.run("customer.lookup", kAlice);
  CHECK(locked.values.at("pin_locked_until") == std::to_string(kStart + Settings{}.pin_lock_seconds));
}

TEST_CASE("customer.verified lets only verified customers through, and tells pending from rejected") {
  World world;
  CHECK(world.run("customer.verified", kAlice).outcome == "ok");
  CHECK(world.run("customer.verified", kPending).outcome == "not_verified");
  CHECK(world.run("customer.verified", kRejected).outcome == "kyc_rejected");
  CHECK(world.run("customer.verified", kStranger).outcome == "unregistered");
}

TEST_CASE("customer.verified decides on the caller values this request already read") {
  World world;
  // The store says Alice is verified; the request's caller values win, since
  // they were read for this very request.
  CHECK(world.run("customer.verified", kAlice, "", {{"caller.kyc_status", "pending"}}).outcome ==
        "not_verified");
  CHECK(world.run("customer.verified", kPending, "", {{"caller.kyc_status", "verified"}}).outcome == "ok");
  CHECK(world.run("customer.verified", kAlice, "", {{"caller.kyc_status", "rejected"}}).outcome ==
        "kyc_rejected");
  // Without them it reads the store.
  CHECK(world.run("customer.verified", kPending).outcome == "not_verified");
}

TEST_CASE("balance.get and profile.get") {
  World world;
  const auto balance = world.run("balance.get", kAlice);
  CHECK(balance.outcome == "ok");
  CHECK(balance.values.at("balance") == "10000000");
  CHECK(balance.values.at("updated_at") == std::to_string(kStart));
  const auto profile = world.run("profile.get", kBanda);
  CHECK(profile.outcome == "ok");
  CHECK(profile.values == dialgraph::engine::Record{{"full_name", "Chifundo Phiri"},
                                                    {"paymaart_id", "PM500002"},
                                                    {"phone", kBanda},
                                                    {"email", ""},
                                                    {"kyc_status", "verified"},
                                                    {"language", "ny"}});
}

TEST_CASE("an action that needs a customer refuses a stranger loudly") {
  World world;
  CHECK_THROWS_AS(world.run("balance.get", kStranger), std::logic_error);
}

TEST_CASE("transactions.recent lists the latest 20, newest first") {
  World world;
  for (int i = 1; i <= 22; ++i) {
    world.now += 60;
    world.run("payment.send", kAlice, "", {{"recipient_id", "PM500002"}, {"amount", std::to_string(i * 100)}});
  }
  world.now += 60;
  world.run("payment.send", kBanda, "", {{"recipient_id", "pm500001"}, {"amount", "5000"}});
  const auto result = world.run("transactions.recent", kAlice);
  CHECK(result.outcome == "ok");
  const auto& rows = result.lists.at("transactions");
  REQUIRE(rows.size() == 20);
  CHECK(rows[0].at("direction") == "in");
  CHECK(rows[0].at("amount") == "5000");
  CHECK(rows[0].at("fee") == "0");
  CHECK(rows[0].at("counterparty") == "Chifundo Phiri");
  CHECK(rows[1].at("direction") == "out");
  CHECK(rows[1].at("amount") == "2200");
  CHECK(rows[1].at("fee") == "2000");
  CHECK(rows[1].at("reference").starts_with("PM"));
  CHECK(std::stoll(rows[0].at("created_at")) > std::stoll(rows[1].at("created_at")));
  // The opening deposit is the oldest of Chifundo's.
  const auto banda = world.run("transactions.recent", kBanda).lists.at("transactions");
  CHECK(banda.size() == 20);
  const auto broke = world.run("transactions.recent", kBroke).lists.at("transactions");
  CHECK(broke.empty());
  const auto pending = world.run("transactions.recent", kPending).lists.at("transactions");
  REQUIRE(pending.size() == 1);
  CHECK(pending[0].at("counterparty") == "Paymaart");
  CHECK(pending[0].at("direction") == "in");
  // Rows carry exactly the fields the action declares for `check`.
  const auto& declared = world.actions.at("transactions.recent").row_fields;
  for (const auto& row : rows) {
    std::vector<std::string> fields;
    for (const auto& [field, value] : row) fields.push_back(field);
    CHECK(std::is_permutation(fields.begin(), fields.end(), declared.begin(), declared.end()));
  }
}
