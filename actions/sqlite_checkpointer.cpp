#include "actions/sqlite_checkpointer.hpp"

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include <stdexcept>

namespace dialgraph::actions {

Checkpointer::Checkpointer(const std::string& path, sqlite3* writer, std::mutex& writer_mutex,
                           int pages)
    : writer_(writer),
      writer_mutex_(writer_mutex),
      pages_(pages),
      due_at_(pages),
      db_(std::make_unique<SQLite::Database>(path, SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX)) {
  // A connection learns that the file is in WAL mode when it first reads it;
  // until then a checkpoint on it does nothing and says SQLITE_OK.
  SQLite::Statement mode(*db_, "PRAGMA journal_mode");
  if (!mode.executeStep() || mode.getColumn(0).getString() != "wal")
    throw std::logic_error("checkpointer opened on " + path + ", not in WAL mode");
  // Replaces the writer's automatic checkpoint (itself a WAL hook).
  sqlite3_wal_hook(
      writer,
      [](void* self, sqlite3*, const char*, int wal_pages) {
        static_cast<Checkpointer*>(self)->committed(wal_pages);
        return SQLITE_OK;
      },
      this);
  thread_ = std::thread([this] { run(); });
}

Checkpointer::~Checkpointer() {
  sqlite3_wal_autocheckpoint(writer_, pages_);
  {
    const std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  thread_.join();
}

// On the writer's thread, right after its COMMIT: only a flag and a wake-up.
// Not on every commit past the threshold: while a checkpoint runs beside the
// writers the WAL keeps growing, and asking again at each commit would flush
// the database file for every few pages.
void Checkpointer::committed(int wal_pages) {
  if (wal_pages < wal_pages_) due_at_ = pages_;  // the WAL started again
  wal_pages_ = wal_pages;
  if (wal_pages < due_at_) return;
  due_at_ = wal_pages + pages_;
  {
    const std::lock_guard lock(mutex_);
    due_ = true;
  }
  wake_.notify_one();
}

void Checkpointer::run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    wake_.wait(lock, [this] { return due_ || stopping_; });
    if (stopping_) return;
    due_ = false;
    lock.unlock();
    // PASSIVE: copies what no reader still needs and never waits for a lock.
    // A checkpoint that could not run (the file busy in another process) is
    // only late: the WAL growing asks again.
    const auto checkpoint = [this] {
      return sqlite3_wal_checkpoint_v2(db_->getHandle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                       nullptr, nullptr);
    };
    if (checkpoint() == SQLITE_OK) {
      const std::lock_guard writers(writer_mutex_);
      checkpoint();
    }
    lock.lock();
  }
}

}  // namespace dialgraph::actions
