// The WAL checkpoint is not the committing request's work (sqlite_checkpointer.hpp).
#include <chrono>
#include <filesystem>
#include <string>
#include <thread>

#include <doctest/doctest.h>

#include "actions/store.hpp"
#include "tests/support/disk_counter.hpp"
#include "tests/support/test_db.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

namespace {

// About one WAL page per commit: an event with a 3 KB reply in it.
void store_events(Store& store, int first, int count) {
  for (int n = first; n < first + count; ++n) {
    SessionEvent event;
    event.session_id = "checkpoint-" + std::to_string(n);
    event.phone = "+265991110001";
    event.status = "Success";
    event.last_app_response = std::string(3000, 'x');
    store.write([&](Tx& tx) {
      tx.insert_event(event);
      tx.commit_lazily();
    });
  }
}

}  // namespace

TEST_SUITE("sqlite") {
  TEST_CASE("commits past the checkpoint threshold leave the checkpoint to another thread") {
    const DiskCounter counter;  // before the store: its connections go through it
    const TestDb db("dialgraph-checkpoint");
    Store store(db.url());
    const auto db_size = [&] { return std::filesystem::file_size(db.url()); };
    const auto size_before = db_size();
    const int flushes_before = counter.flushes();
    const int writes_before = counter.database_writes_here();  // switching to WAL mode

    // In WAL mode only a checkpoint writes the database file; 3,000 pages
    // cross the threshold (1,000) more than once.
    store_events(store, 0, 3000);
    CHECK(counter.database_writes_here() == writes_before);

    // Meanwhile the checkpointer copied pages into the database file and
    // flushed it: within seconds, on a machine under load.
    const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(20);
    while (db_size() == size_before && std::chrono::steady_clock::now() < give_up)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    CHECK(db_size() > size_before);
    CHECK(counter.flushes() > flushes_before);
    CHECK(store.read([](Tx& tx) { return tx.count_events(); }) == 3000);
  }
}
