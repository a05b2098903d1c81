// The SQLite store's group commit (actions/sqlite_flusher.hpp): commits append
// to the WAL, one flush makes all of them so far durable, and a write returns
// only once durable unless the composition root deferred that to its replies.
#include <chrono>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "actions/store.hpp"
#include "tests/support/disk_counter.hpp"
#include "tests/support/test_db.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;
using namespace std::chrono_literals;

namespace {

void store_event(Store& store, int n) {
  SessionEvent event;
  event.session_id = "group-" + std::to_string(n);
  event.phone = "+265991110001";
  event.status = "Success";
  store.write([&](Tx& tx) { tx.insert_event(event); });
}

struct Flushed {
  bool durable;
  int flushes;  // the counter's, when the callback ran
  std::thread::id thread;
};

}  // namespace

TEST_SUITE("sqlite") {
  TEST_CASE("a write returns once flushed") {
    const DiskCounter counter;  // before the store: its files go through it
    const TestDb db("dialgraph-group-commit");
    Store store(db.url());
    const int before = counter.flushes();
    store_event(store, 1);
    CHECK(counter.flushes() > before);
  }

  TEST_CASE("with flushes deferred, writes return at once and one flush covers them all") {
    const DiskCounter counter;
    const TestDb db("dialgraph-group-commit-deferred");
    Store store(db.url());
    store.defer_flushes();
    const int before = counter.flushes();
    for (int n = 0; n < 50; ++n) store_event(store, n);
    CHECK(counter.flushes() == before);  // nobody asked yet

    std::promise<Flushed> promise;
    store.after_flush([&](bool durable) {
      promise.set_value({durable, counter.flushes(), std::this_thread::get_id()});
    });
    auto future = promise.get_future();
    REQUIRE(future.wait_for(10s) == std::future_status::ready);
    const Flushed flushed = future.get();
    CHECK(flushed.durable);
    CHECK(flushed.flushes == before + 1);
    CHECK(flushed.thread != std::this_thread::get_id());

    // Nothing owed now: the next answer comes at once, on this thread.
    bool durable_now = false;
    std::thread::id ran_on;
    store.after_flush([&](bool durable) {
      durable_now = durable;
      ran_on = std::this_thread::get_id();
    });
    CHECK(durable_now);
    CHECK(ran_on == std::this_thread::get_id());
    CHECK(counter.flushes() == before + 1);
  }

  TEST_CASE("once the disk refused a flush, no later write is called durable") {
    DiskCounter disk;
    const TestDb db("dialgraph-group-commit-refused");
    Store store(db.url());
    store.defer_flushes();
    const auto durable_after_flush = [&store] {
      std::promise<bool> promise;
      store.after_flush([&](bool durable) { promise.set_value(durable); });
      auto future = promise.get_future();
      REQUIRE(future.wait_for(10s) == std::future_status::ready);
      return future.get();
    };
    store_event(store, 1);
    CHECK(durable_after_flush());

    disk.refuse_flushes(true);
    store_event(store, 2);
    CHECK_FALSE(durable_after_flush());
    CHECK_THROWS_AS(store.wait_flushed(), std::runtime_error);
    // After a failed fdatasync the kernel may have dropped the dirty pages it
    // could not write: a later flush that succeeds proves nothing about them.
    disk.refuse_flushes(false);
    store_event(store, 3);
    CHECK_FALSE(durable_after_flush());
  }

  TEST_CASE("a read that already sees a commit is answered durable only after that commit's flush") {
    DiskCounter counter;
    const TestDb db("dialgraph-group-commit-visible");
    Store store(db.url());
    store.defer_flushes();
    counter.hold_next_commit();
    std::thread writer([&] { store_event(store, 1); });
    // The writer is inside its COMMIT: readers see the event, the COMMIT
    // statement has not returned.
    const bool held = counter.wait_until_held(10s);
    const bool seen = held && store.read([](Tx& tx) { return tx.count_events(); }) == 1;
    const int before = counter.flushes();
    std::promise<Flushed> promise;
    if (held) {
      store.after_flush([&](bool durable) {
        promise.set_value({durable, counter.flushes(), std::this_thread::get_id()});
      });
    }
    auto future = promise.get_future();
    const bool answered_early = held && future.wait_for(100ms) == std::future_status::ready;
    counter.release_held();
    writer.join();
    REQUIRE(held);
    CHECK(seen);
    CHECK_FALSE(answered_early);
    REQUIRE(future.wait_for(10s) == std::future_status::ready);
    const Flushed flushed = future.get();
    CHECK(flushed.durable);
    CHECK(flushed.flushes > before);
  }

  TEST_CASE("a lazy write is owed no flush") {
    const DiskCounter counter;
    const TestDb db("dialgraph-group-commit-lazy");
    Store store(db.url());
    store.defer_flushes();
    SessionEvent event;
    event.session_id = "lazy";
    event.phone = "+265991110001";
    event.status = "Success";
    store.write([&](Tx& tx) {
      tx.insert_event(event);
      tx.commit_lazily();
    });
    const int before = counter.flushes();
    bool answered = false;
    store.after_flush([&](bool durable) { answered = durable; });
    CHECK(answered);  // at once, on this thread
    store.wait_flushed();
    CHECK(counter.flushes() == before);
  }
}

TEST_CASE("after_flush and wait_flushed answer on either backend") {
  TestDb db;
  Store store(db.url());
  store.defer_flushes();
  store.write([](Tx& tx) { tx.ensure_system_account("test:float", 1); });
  std::promise<bool> promise;
  store.after_flush([&](bool durable) { promise.set_value(durable); });
  auto future = promise.get_future();
  REQUIRE(future.wait_for(10s) == std::future_status::ready);
  CHECK(future.get());
  store.wait_flushed();
}
