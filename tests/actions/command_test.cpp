#include "actions/command.hpp"

#include <doctest/doctest.h>

#include "actions/settings.hpp"
#include "tests/support/test_db.hpp"

using namespace dialgraph::actions;
using dialgraph::actions::testing::TestDb;
using dialgraph::engine::ActionResult;

TEST_CASE("results survive the trip through JSON") {
  ActionResult result{"ok", {{"reference", "PM0123456789"}, {"name", "Thoko \"T\" Phiri"}}, {}};
  result.lists["transactions"] = {{{"amount", "100"}}, {{"amount", "200"}, {"fee", "20"}}};
  const ActionResult back = result_from_json(result_to_json(result));
  CHECK(back.outcome == result.outcome);
  CHECK(back.values == result.values);
  CHECK(back.lists == result.lists);
}

TEST_CASE("run_once acts once per key") {
  TestDb db;
  Store store(db.url());
  int runs = 0;
  const CommandFn act = [&](Tx&) {
    ++runs;
    return ActionResult{"ok", {{"n", std::to_string(runs)}}, {}};
  };
  CHECK(run_once(store, "k1", 1, act).values.at("n") == "1");
  CHECK(run_once(store, "k1", 2, act).values.at("n") == "1");
  CHECK(runs == 1);
  CHECK(run_once(store, "k2", 3, act).values.at("n") == "2");
  CHECK_THROWS_AS(run_once(store, "", 4, act), std::logic_error);
}

TEST_CASE("a command that throws records nothing, so a retry may run it") {
  TestDb db;
  Store store(db.url());
  CHECK_THROWS(run_once(store, "k", 1, [](Tx&) -> ActionResult {
    throw std::runtime_error("down");
  }));
  CHECK_FALSE(StoreCommandLog(store).find("k").has_value());
  CHECK(run_once(store, "k", 2, [](Tx&) { return ActionResult{}; }).outcome == "ok");
}

// Regression (tests/reliability/secrets_test.py found it): the engine's command
// key is "session/inputs so far/screen/action", PINs and OTPs included, and it
// was stored as command_results.key in clear.
TEST_CASE("command keys are stored as keyed hashes, never with the inputs in clear") {
  TestDb db("dialgraph-command-keys");
  Store store(db.url());
  Pepper pepper{};
  pepper.fill(7);
  store.set_record_secret(pepper);
  const std::string key = "s1/1*1357/enter_pin/pin.verify";
  run_once(store, key, 1, [](Tx&) { return ActionResult{"ok", {}, {}}; });
  CHECK(StoreCommandLog(store).find(key).has_value());
  const auto keys = db.column("SELECT key FROM command_results");
  REQUIRE(keys.size() == 1);
  const std::string& stored = keys.front();
  CHECK(stored.find("1357") == std::string::npos);
  CHECK(stored.find("s1") == std::string::npos);
  CHECK(stored.size() == 3 + 64);
  // Another secret, another record: a different pepper does not find it.
  Pepper other{};
  store.set_record_secret(other);
  CHECK_FALSE(StoreCommandLog(store).find(key).has_value());
}

TEST_CASE("forgetting records deletes those made before the horizon, a batch at a time") {
  TestDb db;
  Store store(db.url());
  const CommandFn act = [](Tx&) { return ActionResult{"ok", {}, {}}; };
  for (int i = 0; i < 5; ++i) run_once(store, "old" + std::to_string(i), 100 + i, act);
  run_once(store, "at-horizon", 1000, act);
  run_once(store, "new", 2000, act);

  CHECK(forget_command_records(store, 1000, 2) == 2);  // full: there may be more
  CHECK(forget_command_records(store, 1000, 2) == 2);
  CHECK(forget_command_records(store, 1000, 2) == 1);  // the rest
  CHECK(forget_command_records(store, 1000, 2) == 0);

  StoreCommandLog log(store);
  for (int i = 0; i < 5; ++i) CHECK_FALSE(log.find("old" + std::to_string(i)).has_value());
  CHECK(log.find("at-horizon").has_value());
  CHECK(log.find("new").has_value());
  CHECK_THROWS_AS(forget_command_records(store, 1000, 0), std::invalid_argument);
}

TEST_CASE("a forgotten record is no answer any more: its key would run the command again") {
  TestDb db;
  Store store(db.url());
  int runs = 0;
  const CommandFn act = [&](Tx&) { return ActionResult{"ok", {{"n", std::to_string(++runs)}}, {}}; };
  run_once(store, "k", 10, act);
  REQUIRE(forget_command_records(store, 11, 100) == 1);
  CHECK(run_once(store, "k", 12, act).values.at("n") == "2");
}
