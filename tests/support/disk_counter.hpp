// Counts the flushes (xSync: fsync or fdatasync) SQLite asks of the disk, so a
// test can tell a commit that waits for the disk from one that does not, and
// the writes to database files proper (not WALs or journals), which in WAL mode
// only checkpoints make. It can also refuse flushes, as a failing disk would,
// and hold a writer just after its commit became visible to readers.
//
// While a DiskCounter lives, a VFS that forwards everything to the default one
// and counts each sync is the default; connections opened meanwhile go through
// it, so they must be closed before the counter goes. Not for two at once.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include <sqlite3.h>

namespace dialgraph::actions::testing {

class DiskCounter {
 public:
  DiskCounter();
  ~DiskCounter();
  DiskCounter(const DiskCounter&) = delete;
  DiskCounter& operator=(const DiskCounter&) = delete;

  // By every thread, and by the thread that made this counter.
  int flushes() const { return flushes_.load(); }
  int flushes_here() const { return flushes_here_.load(); }
  // Writes to a main database file by the thread that made this counter.
  int database_writes_here() const { return database_writes_here_.load(); }
  // While true, every flush fails with SQLITE_IOERR_FSYNC (and is still counted).
  void refuse_flushes(bool refuse) { refuse_flushes_.store(refuse); }

  // The next thread to end a WAL write transaction (a COMMIT: its frames are
  // written and readers already see them) is held there, before the COMMIT
  // statement returns, until release_held().
  void hold_next_commit();
  // Whether a thread is held, waiting up to `timeout` for one.
  bool wait_until_held(std::chrono::milliseconds timeout);
  void release_held();
  // Called by the VFS as a writer ends its write transaction.
  void on_commit_visible();

 private:
  sqlite3_vfs* real_;
  sqlite3_vfs vfs_{};
  std::thread::id here_ = std::this_thread::get_id();
  std::atomic<int> flushes_{0};
  std::atomic<int> flushes_here_{0};
  std::atomic<int> database_writes_here_{0};
  std::atomic<bool> refuse_flushes_{false};
  std::mutex hold_mutex_;
  std::condition_variable hold_changed_;
  enum class Hold { none, armed, holding } hold_ = Hold::none;
};

}  // namespace dialgraph::actions::testing
