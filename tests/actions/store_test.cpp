#include "actions/store.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include "actions/migrations.hpp"
#include "world.hpp"

using namespace dialgraph::actions;
using dialgraph::actions::testing::TempDb;

namespace {

std::string pragma(const std::string& path, const char* name) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, std::string("PRAGMA ") + name);
  query.executeStep();
  return query.getColumn(0).getString();
}

}  // namespace

TEST_CASE("a new store applies every migration, and reopening applies none again") {
  TempDb db("dialgraph-store");
  { Store store(db.path.string()); CHECK(store.schema_version() == migrations().back().version); }
  { Store store(db.path.string()); CHECK(store.schema_version() == migrations().back().version); }
  SQLite::Database raw(db.path.string(), SQLite::OPEN_READONLY);
  CHECK(raw.execAndGet("SELECT COUNT(*) FROM schema_migrations").getInt() ==
        static_cast<int>(migrations().size()));
  CHECK(raw.execAndGet("SELECT COUNT(*) FROM accounts WHERE name = 'deposits'").getInt() == 1);
  CHECK(pragma(db.path.string(), "journal_mode") == "wal");
}

TEST_CASE("migrations are numbered upwards") {
  int previous = 0;
  for (const Migration& m : migrations()) {
    CHECK(m.version == previous + 1);
    previous = m.version;
  }
}

TEST_CASE("foreign keys are enforced") {
  Store store(":memory:");
  CHECK_THROWS_AS(store.write([](Tx& tx) { tx.insert_entry(999, 999, 5); }), SQLite::Exception);
}

TEST_CASE("a customer account can never go below zero, whatever the code does") {
  dialgraph::actions::testing::World world;
  CHECK_THROWS_AS(world.store->write([&](Tx& tx) {
    tx.add_to_balance(tx.account_of(tx.customer_by_phone(testing::kBroke)->id)->id, -1, 0);
  }),
                  SQLite::Exception);
  CHECK(world.balance(testing::kBroke) == 0);
}

TEST_CASE("a write that throws leaves nothing behind") {
  Store store(":memory:");
  CHECK_THROWS(store.write([](Tx& tx) {
    tx.record_command_result("k", "{}", 1);
    throw std::runtime_error("boom");
  }));
  CHECK_FALSE(store.read([](Tx& tx) { return tx.command_result("k"); }).has_value());
}

TEST_CASE("after a failed transaction the connection and its prepared statements serve the next") {
  const testing::TempDb db("failed-tx");
  Store store(db.path.string());
  // A read that throws mid-way, with a statement left stepping.
  CHECK_THROWS(store.read([](Tx& tx) {
    tx.count_events();
    throw std::runtime_error("boom");
  }));
  // A write whose second statement fails (no such account) rolls back the first.
  CHECK_THROWS(store.write([](Tx& tx) {
    tx.record_command_result("k", "{}", 1);
    tx.add_to_balance(987654, 1, 1);
  }));
  for (int i = 0; i < 3; ++i) {  // the same statements again, reset and rebound
    CHECK_FALSE(store.read([](Tx& tx) { return tx.command_result("k"); }).has_value());
    store.write([&](Tx& tx) { tx.record_command_result("k" + std::to_string(i), "{}", 1); });
    CHECK(store.read([&](Tx& tx) { return tx.command_result("k" + std::to_string(i)); }) == "{}");
  }
}

TEST_CASE("events are stored once per session, as given") {
  Store store(":memory:");
  SessionEvent event;
  event.session_id = "ATUid_1";
  event.phone = "+265991110001";
  event.status = "Success";
  event.input = "1*****";
  event.duration_ms = 5'300;
  event.hops_count = 4;
  event.received_at = 1'700'000'000;
  CHECK(store.write([&](Tx& tx) { return tx.insert_event(event); }));
  CHECK_FALSE(store.write([&](Tx& tx) { return tx.insert_event(event); }));
  CHECK(store.read([](Tx& tx) { return tx.count_events(); }) == 1);
}

TEST_CASE("the outbox hands out due messages and records what happened to them") {
  Store store(":memory:");
  store.write([](Tx& tx) {
    tx.queue_sms("+265991110001", Blob{1, 2, 3}, 100);
    tx.queue_sms("+265991110002", Blob{4}, 100);
  });
  auto due = store.read([](Tx& tx) { return tx.due_sms(100, 10); });
  REQUIRE(due.size() == 2);
  CHECK(due[0].body == Blob{1, 2, 3});
  store.write([&](Tx& tx) {
    tx.mark_sms_sent(due[0].id, "ATXid_1", 101);
    tx.mark_sms_failed(due[1].id, 160, false);
  });
  CHECK(store.read([](Tx& tx) { return tx.due_sms(120, 10); }).empty());
  due = store.read([](Tx& tx) { return tx.due_sms(160, 10); });
  REQUIRE(due.size() == 1);
  CHECK(due[0].attempts == 1);
}
