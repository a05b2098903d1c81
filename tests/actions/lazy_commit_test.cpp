// Which commits wait for the disk. Every change does; a command's answer that
// changed nothing is not written at all when it is a right PIN on a clean
// account (the step every balance and payment passes), and otherwise recorded
// without waiting (actions/command.hpp).
#include <doctest/doctest.h>

#include "actions/command.hpp"
#include "tests/support/disk_counter.hpp"
#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

namespace {

struct Checked {
  dialgraph::engine::ActionResult result;
  int flushes;  // what SQLite asked of the disk meanwhile
};

Checked verify_pin(World& world, const DiskCounter& counter, const std::string& pin,
                   const std::string& key = "") {
  const int before = counter.flushes();
  auto result = world.run("pin.verify", kAlice, pin, {}, key);
  return {std::move(result), counter.flushes() - before};
}

}  // namespace

TEST_SUITE("sqlite") {
  TEST_CASE("a right PIN on a clean account writes nothing and is left to the engine to record; a wrong one is flushed") {
    const DiskCounter counter;  // before the store: its connections go through it
    const TestDb db("dialgraph-lazy-commit");
    World world(db.url());

    const Checked right = verify_pin(world, counter, kAlicePin, "s/right");
    CHECK(right.result.outcome == "ok");
    CHECK(right.result.record_later);
    CHECK(right.flushes == 0);
    CHECK_FALSE(StoreCommandLog(*world.store).find("s/right").has_value());

    const Checked wrong = verify_pin(world, counter, "0000", "s/wrong");
    CHECK(wrong.result.outcome == "wrong_pin");
    CHECK_FALSE(wrong.result.record_later);
    CHECK(wrong.flushes > 0);
    CHECK(StoreCommandLog(*world.store).find("s/wrong").has_value());
    // A retry of that request reads the record: the wrong PIN is counted once.
    CHECK(verify_pin(world, counter, "0000", "s/wrong").result.values.at("attempts_left") ==
          wrong.result.values.at("attempts_left"));

    // The right PIN now clears a count: a change, recorded, and it waits for the disk too.
    const Checked clearing = verify_pin(world, counter, kAlicePin, "s/clearing");
    CHECK(clearing.result.outcome == "ok");
    CHECK_FALSE(clearing.result.record_later);
    CHECK(clearing.flushes > 0);
    CHECK(StoreCommandLog(*world.store).find("s/clearing").has_value());

    const Checked clean_again = verify_pin(world, counter, kAlicePin);
    CHECK(clean_again.result.record_later);
    CHECK(clean_again.flushes == 0);
  }

  TEST_CASE("what the engine records is recorded without a flush, and outlives the store that wrote it") {
    const DiskCounter counter;
    const TestDb db("dialgraph-lazy-reopen");
    {
      World world(db.url());
      const auto right = std::make_shared<const dialgraph::engine::ActionResult>(
          world.run("pin.verify", kAlice, kAlicePin, {}, "s/1*8264/pin"));
      REQUIRE(right->record_later);
      const int before = counter.flushes();
      const dialgraph::engine::Answered answers[] = {{"s/1*8264/pin", right}};
      StoreCommandLog(*world.store).record(answers);
      CHECK(counter.flushes() == before);
    }
    Store reopened(db.url());
    reopened.set_record_secret(Settings{}.pepper);
    const auto recorded = StoreCommandLog(reopened).find("s/1*8264/pin");
    REQUIRE(recorded.has_value());
    CHECK(recorded->outcome == "ok");
  }
}

TEST_CASE("Tx::changed tells a transaction that wrote from one that only read") {
  TestDb db;
  Store store(db.url());
  store.write([](Tx& tx) {
    tx.schema_version();
    CHECK_FALSE(tx.changed());
    tx.ensure_system_account("test:float", 1);
    CHECK(tx.changed());
  });
}

TEST_CASE("a command that changed nothing is recorded all the same, on either backend") {
  TestDb db;
  Store store(db.url());
  int runs = 0;
  const CommandFn look = [&](Tx& tx) {
    ++runs;
    return dialgraph::engine::ActionResult{tx.changed() ? "changed" : "unchanged", {}, {}};
  };
  CHECK(run_once(store, "k", 1, look).outcome == "unchanged");
  CHECK(run_once(store, "k", 2, look).outcome == "unchanged");
  CHECK(runs == 1);
  CHECK(StoreCommandLog(store).find("k").has_value());
}
