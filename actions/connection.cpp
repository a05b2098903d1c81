#include "actions/connection.hpp"

#include <mutex>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

namespace dialgraph::actions {
namespace {

constexpr int kBusyTimeoutMs = 2'000;

// SQLite counts every allocation under one process-wide mutex unless told not
// to; the store reads no memory statistics, and with two threads preparing and
// stepping at once that mutex was the busiest lock in the server. Only possible
// before SQLite initialises, hence once, before the first connection opens.
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] { sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

// NOMUTEX: a connection is only ever used by one thread at a time (the writer
// under its mutex, a reader while leased), so SQLite's own locking is waste.
Connection::Connection(const std::string& path, bool reader) {
  configure_sqlite_once();
  const int flags =
      SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX | (reader ? 0 : SQLite::OPEN_CREATE);
  db_ = std::make_unique<SQLite::Database>(path, flags, kBusyTimeoutMs);
  db_->exec("PRAGMA foreign_keys = ON");
  if (reader) {
    db_->exec("PRAGMA query_only = ON");
  } else {
    // Up to 32 MB of page cache for the one writer, so a bulk import does not
    // spill half-built pages to the WAL again and again (2 MB by default).
    db_->exec("PRAGMA cache_size = -32768");
  }
}

// Statements first: they must be finalised before their database closes.
Connection::~Connection() {
  used_.clear();
  statements_.clear();
}

SQLite::Statement& Connection::prepared(const std::string& sql) {
  auto& slot = statements_[sql];
  if (!slot) {
    slot = std::make_unique<SQLite::Statement>(*db_, sql);
  } else {
    slot->reset();
    slot->clearBindings();
  }
  used_.push_back(slot.get());
  return *slot;
}

void Connection::reset_used() noexcept {
  for (SQLite::Statement* statement : used_) statement->tryReset();
  used_.clear();
}

}  // namespace dialgraph::actions
