// Counts the flushes (xSync: fsync or fdatasync) SQLite asks of the disk, so a
// test can tell a commit that waits for the disk from one that does not.
//
// While a FlushCounter lives, a VFS that forwards everything to the default one
// and counts each sync is the default; connections opened meanwhile go through
// it, so they must be closed before the counter goes. Not for two at once.
#pragma once

#include <atomic>

#include <sqlite3.h>

namespace dialgraph::actions::testing {

class FlushCounter {
 public:
  FlushCounter();
  ~FlushCounter();
  FlushCounter(const FlushCounter&) = delete;
  FlushCounter& operator=(const FlushCounter&) = delete;

  int flushes() const { return flushes_.load(); }

 private:
  sqlite3_vfs* real_;
  sqlite3_vfs vfs_{};
  std::atomic<int> flushes_{0};
};

}  // namespace dialgraph::actions::testing
