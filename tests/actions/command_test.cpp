#include "actions/command.hpp"

#include <doctest/doctest.h>

using namespace dialgraph::actions;
using dialgraph::engine::ActionResult;

TEST_CASE("results survive the trip through JSON") {
  ActionResult result{"ok", {{"reference", "PM0123456789"}, {"name", "Thoko \"T\" Phiri"}}, {}};
  result.lists["transactions"] = {{{"amount", "100"}}, {{"amount", "200"}, {"fee", "20"}}};
  const ActionResult back = result_from_json(result_to_json(result));
  CHECK(back.outcome == result.outcome);
  CHECK(back.values == result.values);
  CHECK(back.lists == result.lists);
}

TEST_CASE("run_once acts once per key, and never on a replay it did not record") {
  Store store(":memory:");
  int runs = 0;
  const CommandFn act = [&](Tx&) {
    ++runs;
    return ActionResult{"ok", {{"n", std::to_string(runs)}}, {}};
  };
  CHECK(run_once(store, "k1", false, 1, act).values.at("n") == "1");
  CHECK(run_once(store, "k1", false, 2, act).values.at("n") == "1");
  CHECK(run_once(store, "k1", true, 3, act).values.at("n") == "1");
  CHECK(run_once(store, "k2", true, 4, act).outcome == "not_run");
  CHECK(runs == 1);
  CHECK_THROWS_AS(run_once(store, "", false, 5, act), std::logic_error);
}

TEST_CASE("a command that throws records nothing, so a retry may run it") {
  Store store(":memory:");
  CHECK_THROWS(run_once(store, "k", false, 1, [](Tx&) -> ActionResult {
    throw std::runtime_error("down");
  }));
  CHECK_FALSE(SqliteCommandLog(store).find("k").has_value());
  CHECK(run_once(store, "k", false, 2, [](Tx&) { return ActionResult{}; }).outcome == "ok");
}
