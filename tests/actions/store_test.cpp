#include "actions/store.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <thread>
#include <utility>

#include <SQLiteCpp/SQLiteCpp.h>
#include <doctest/doctest.h>

#include "actions/migrations.hpp"
#include "world.hpp"

using namespace dialgraph::actions;
using dialgraph::actions::testing::TestDb;

namespace {

std::string pragma(const std::string& path, const char* name) {
  SQLite::Database db(path, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, std::string("PRAGMA ") + name);
  query.executeStep();
  return query.getColumn(0).getString();
}

}  // namespace

TEST_CASE("a new store applies every migration, and reopening applies none again") {
  TestDb db("dialgraph-store");
  { Store store(db.url()); CHECK(store.schema_version() == migrations().back().version); }
  { Store store(db.url()); CHECK(store.schema_version() == migrations().back().version); }
  CHECK(db.column("SELECT COUNT(*) FROM schema_migrations") ==
        std::vector<std::string>{std::to_string(migrations().size())});
  CHECK(db.column("SELECT COUNT(*) FROM accounts WHERE name = 'deposits'") ==
        std::vector<std::string>{"1"});
}

TEST_CASE("a SQLite file store runs in WAL mode" * doctest::test_suite("sqlite")) {
  TestDb db("dialgraph-wal");
  Store store(db.url());
  CHECK(pragma(db.url(), "journal_mode") == "wal");
}

TEST_CASE("migrations are numbered upwards, the same in both dialects") {
  int previous = 0;
  for (const Migration& m : migrations()) {
    CHECK(m.version == previous + 1);
    previous = m.version;
  }
  REQUIRE(pg_migrations().size() == migrations().size());
  for (std::size_t i = 0; i < migrations().size(); ++i) {
    CHECK(pg_migrations()[i].version == migrations()[i].version);
    CHECK(std::string(pg_migrations()[i].name) == migrations()[i].name);
  }
}

TEST_CASE("foreign keys are enforced") {
  TestDb db;
  Store store(db.url());
  CHECK_THROWS_AS(store.write([](Tx& tx) { tx.insert_entry(999, 999, 5); }), ConstraintViolation);
}

TEST_CASE("a customer account can never go below zero, whatever the code does") {
  dialgraph::actions::testing::World world;
  CHECK_THROWS_AS(world.store->write([&](Tx& tx) {
    tx.add_to_balance(tx.account_of(tx.customer_by_phone(testing::kBroke)->id)->id, -1, 0);
  }),
                  ConstraintViolation);
  CHECK(world.balance(testing::kBroke) == 0);
}

TEST_CASE("a write that throws leaves nothing behind") {
  TestDb db;
  Store store(db.url());
  CHECK_THROWS(store.write([](Tx& tx) {
    tx.record_command_result("k", "{}", 1);
    throw std::runtime_error("boom");
  }));
  CHECK_FALSE(store.read([](Tx& tx) { return tx.command_result("k"); }).has_value());
}

TEST_CASE("after a failed transaction the connection and its prepared statements serve the next") {
  const TestDb db("failed-tx");
  Store store(db.url());
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

TEST_CASE("a read transaction cannot write, and its refused write leaves nothing behind") {
  for (const char* name : {"", "read-no-write"}) {  // ":memory:" (SQLite only) and a file
    CAPTURE(name);
    const TestDb db(name);
    Store store(db.url());
    store.write([](Tx& tx) { tx.record_command_result("before", "{}", 1); });
    CHECK_THROWS(store.read([](Tx& tx) { tx.record_command_result("k", "{}", 1); }));
    CHECK_FALSE(store.read([](Tx& tx) { return tx.command_result("k"); }).has_value());
    store.write([](Tx& tx) { tx.record_command_result("after", "{}", 1); });
    CHECK(store.read([](Tx& tx) { return tx.command_result("after"); }) == "{}");
  }
}

TEST_CASE("a read does not wait for a write in progress, and sees only what was committed") {
  const TestDb db("read-beside-write");
  Store store(db.url());
  store.write([](Tx& tx) { tx.record_command_result("old", "{}", 1); });
  std::promise<void> writing;
  std::promise<void> finish;
  std::thread writer([&] {
    store.write([&](Tx& tx) {
      tx.record_command_result("new", "{}", 2);
      writing.set_value();
      finish.get_future().wait();
    });
  });
  writing.get_future().wait();
  auto read = std::async(std::launch::async, [&] {
    return store.read([](Tx& tx) {
      return std::pair(tx.command_result("old").has_value(), tx.command_result("new").has_value());
    });
  });
  const bool done = read.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
  finish.set_value();
  writer.join();
  REQUIRE_MESSAGE(done, "the read waited for the write to end");
  CHECK(read.get() == std::pair(true, false));
  CHECK(store.read([](Tx& tx) { return tx.command_result("new"); }) == "{}");
}

TEST_CASE("a write that timed out on another process's lock does not fail the next one" *
          doctest::test_suite("sqlite")) {
  const TestDb db("busy-then-free");
  Store store(db.url());
  SQLite::Database other(db.url(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");  // held past the store's busy timeout
  CHECK_THROWS(store.write([](Tx& tx) { tx.record_command_result("a", "{}", 1); }));
  other.exec("ROLLBACK");
  store.write([](Tx& tx) { tx.record_command_result("b", "{}", 1); });
  CHECK(store.read([](Tx& tx) { return tx.command_result("b"); }) == "{}");
}

TEST_CASE("events are stored once per session, as given") {
  TestDb db;
  Store store(db.url());
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
  TestDb db;
  Store store(db.url());
  store.write([](Tx& tx) {
    tx.queue_sms("+265991110001", Blob{1, 2, 3}, 100, SmsUrgency::receipt);
    tx.queue_sms("+265991110002", Blob{4}, 100, SmsUrgency::receipt);
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

TEST_CASE("a code goes out before the receipts queued ahead of it, which then go oldest first") {
  TestDb db("dialgraph-urgent");
  Store store(db.url());
  store.write([](Tx& tx) {
    for (std::uint8_t i = 1; i <= 3; ++i) tx.queue_sms("+265991110001", Blob{i}, 100, SmsUrgency::receipt);
    tx.queue_sms("+265991110002", Blob{9}, 101, SmsUrgency::code);
  });
  const auto looked = store.read([](Tx& tx) { return tx.due_sms(200, 2); });
  REQUIRE(looked.size() == 2);
  CHECK(looked[0].body == Blob{9});
  CHECK(looked[1].body == Blob{1});
  const auto claimed = store.write([](Tx& tx) { return tx.claim_due_sms(200, 3, 500); });
  REQUIRE(claimed.size() == 3);
  CHECK(claimed[0].body == Blob{9});
  CHECK(claimed[1].body == Blob{1});
  CHECK(claimed[2].body == Blob{2});
}

TEST_CASE("due messages go in the order they fell due: a retry waits behind those due before it") {
  TestDb db("dialgraph-due-order");
  Store store(db.url());
  store.write([](Tx& tx) { tx.queue_sms("+265991110001", Blob{1}, 100, SmsUrgency::receipt); });
  const auto first = store.write([](Tx& tx) { return tx.claim_due_sms(100, 1, 130); });
  REQUIRE(first.size() == 1);
  store.write([&](Tx& tx) {
    tx.mark_sms_failed(first[0].id, 300, false);  // the provider was down: again at 300
    tx.queue_sms("+265991110002", Blob{2}, 200, SmsUrgency::receipt);
  });
  const auto due = store.read([](Tx& tx) { return tx.due_sms(400, 10); });
  REQUIRE(due.size() == 2);
  CHECK(due[0].body == Blob{2});
  CHECK(due[1].body == Blob{1});
  CHECK(due[1].attempts == 1);
}

// Two Stores on one database stand for two instances (or two processes on one
// SQLite file), each with its own SMS sender.
TEST_CASE("a claimed message goes to one sender, and comes back when its claim runs out") {
  TestDb db("dialgraph-claim");
  Store first(db.url());
  Store second(db.url());
  first.write([](Tx& tx) {
    for (int i = 0; i < 3; ++i) tx.queue_sms("+26599111000" + std::to_string(i), Blob{1}, 100, SmsUrgency::receipt);
  });
  const auto mine = first.write([](Tx& tx) { return tx.claim_due_sms(100, 2, 400); });
  REQUIRE(mine.size() == 2);
  CHECK(mine[0].id < mine[1].id);
  const auto theirs = second.write([](Tx& tx) { return tx.claim_due_sms(100, 10, 400); });
  REQUIRE(theirs.size() == 1);
  CHECK(theirs[0].id != mine[0].id);
  CHECK(theirs[0].id != mine[1].id);
  CHECK(second.write([](Tx& tx) { return tx.claim_due_sms(399, 10, 700); }).empty());
  first.write([&](Tx& tx) { tx.mark_sms_sent(mine[0].id, "ATXid_1", 101); });
  second.write([&](Tx& tx) { tx.mark_sms_failed(theirs[0].id, 500, false); });
  // The first sender died holding mine[1]: once its claim is over, it is due again.
  const auto retried = second.write([](Tx& tx) { return tx.claim_due_sms(400, 10, 700); });
  REQUIRE(retried.size() == 1);
  CHECK(retried[0].id == mine[1].id);
}

TEST_CASE("senders claiming at once on two stores never share a message") {
  TestDb db("dialgraph-claim-race");
  Store first(db.url());
  Store second(db.url());
  constexpr int kMessages = 200;
  first.write([](Tx& tx) {
    for (int i = 0; i < kMessages; ++i) tx.queue_sms("+265991110001", Blob{2}, 100, SmsUrgency::receipt);
  });
  std::vector<std::vector<std::int64_t>> claimed(4);
  std::atomic<int> errors{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 4; ++t) {
    senders.emplace_back([&, t] {
      Store& store = t % 2 == 0 ? first : second;
      try {
        for (;;) {
          const auto batch = store.write([](Tx& tx) { return tx.claim_due_sms(100, 7, 1'000); });
          if (batch.empty()) return;
          for (const auto& sms : batch) claimed[t].push_back(sms.id);
        }
      } catch (const std::exception&) {
        ++errors;
      }
    });
  }
  for (auto& sender : senders) sender.join();
  CHECK(errors == 0);
  std::vector<std::int64_t> all;
  for (const auto& ids : claimed) all.insert(all.end(), ids.begin(), ids.end());
  std::sort(all.begin(), all.end());
  CHECK(all.size() == kMessages);
  CHECK(std::adjacent_find(all.begin(), all.end()) == all.end());
}

TEST_CASE("a database URL's password never reaches a log line") {
  CHECK(redacted_location("/var/lib/paymaart.db") == "/var/lib/paymaart.db");
  CHECK(redacted_location("postgresql://app:s3cret@db:5432/pay") == "postgresql://app:***@db:5432/pay");
  CHECK(redacted_location("postgres://app@db/pay?sslmode=require&password=s3cret&x=1") ==
        "postgres://app@db/pay?sslmode=require&password=***&x=1");
  CHECK(redacted_location("postgresql:///pay?host=/run/pg&password=p") ==
        "postgresql:///pay?host=/run/pg&password=***");
  CHECK(redacted_location("postgresql://db/pay?options=-csearch_path%3Dx") ==
        "postgresql://db/pay?options=-csearch_path%3Dx");
}
