// Which commits wait for the disk. Every change does; the record of a command
// that changed nothing does not (actions/command.hpp), so a right PIN on a clean
// account, the step every balance and payment passes, costs no flush.
#include <doctest/doctest.h>

#include "actions/command.hpp"
#include "tests/support/disk_counter.hpp"
#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

namespace {

struct Checked {
  std::string outcome;
  int flushes;  // what SQLite asked of the disk meanwhile
};

Checked verify_pin(World& world, const DiskCounter& counter, const std::string& pin,
                   const std::string& key = "") {
  const int before = counter.flushes();
  std::string outcome = world.run("pin.verify", kAlice, pin, {}, key).outcome;
  return {std::move(outcome), counter.flushes() - before};
}

}  // namespace

TEST_SUITE("sqlite") {
  TEST_CASE("a right PIN on a clean account is recorded without a flush; a wrong one is flushed") {
    const DiskCounter counter;  // before the store: its connections go through it
    const TestDb db("dialgraph-lazy-commit");
    World world(db.url());

    const Checked right = verify_pin(world, counter, kAlicePin, "s/right");
    CHECK(right.outcome == "ok");
    CHECK(right.flushes == 0);
    const Checked wrong = verify_pin(world, counter, "0000");
    CHECK(wrong.outcome == "wrong_pin");
    CHECK(wrong.flushes > 0);
    // The right PIN now clears a count: a change, so it waits for the disk too.
    const Checked clearing = verify_pin(world, counter, kAlicePin);
    CHECK(clearing.outcome == "ok");
    CHECK(clearing.flushes > 0);
    const Checked clean_again = verify_pin(world, counter, kAlicePin);
    CHECK(clean_again.outcome == "ok");
    CHECK(clean_again.flushes == 0);

    // The lazy record is a record like any other: a replay of that step finds it.
    CHECK(StoreCommandLog(*world.store).find("s/right").has_value());
  }

  TEST_CASE("a lazily recorded answer outlives the store that wrote it") {
    const TestDb db("dialgraph-lazy-reopen");
    {
      World world(db.url());
      CHECK(world.run("pin.verify", kAlice, kAlicePin, {}, "s/1*8264/pin").outcome == "ok");
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
