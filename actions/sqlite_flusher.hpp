// Group commit for the SQLite store (store internals).
//
// The writer commits with synchronous=NORMAL: COMMIT appends the transaction
// to the WAL and returns without waiting for the disk. Durability comes from
// here: a thread that flushes the WAL file (fdatasync, which covers every frame
// written before it began) whenever someone waits, so the commits made during
// one flush share the next. Each commit that must be durable takes a ticket
// before its COMMIT runs, since readers may see the commit before the COMMIT
// statement returns and a reply built on what they saw must wait for it too;
// a ticket is durable once a flush that started after its COMMIT returned has
// finished.
//
// Waiting comes in two forms: wait() blocks the caller (the CLI, tests, the
// SMS sender), after() runs a callback on this thread once durable, so the
// server's I/O threads hand their reply over and go on serving instead of
// sleeping through the flush.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct sqlite3_file;

namespace dialgraph::actions {

class WalFlusher {
 public:
  // Opens the WAL file at `wal_path` (it must exist) through SQLite's default
  // VFS, as SQLite would, and starts the thread.
  explicit WalFlusher(const std::string& wal_path);
  // Runs the flush still owed to waiters, then stops.
  ~WalFlusher();
  WalFlusher(const WalFlusher&) = delete;
  WalFlusher& operator=(const WalFlusher&) = delete;

  // A commit that must become durable is about to run its COMMIT: its ticket.
  // Under the writer mutex, so tickets follow the order of the WAL, and one
  // ticket at a time is reserved and not yet committed.
  std::uint64_t reserve();
  // The COMMIT of `ticket` has returned, so a flush can cover it, or failed,
  // so it left nothing to flush.
  void committed(std::uint64_t ticket);
  // The newest ticket handed out (0 before any).
  std::uint64_t newest() const;

  // `then(true)` once every ticket handed out so far is durable: at once, on
  // the caller's thread, if they already are; else later on the flusher's
  // thread. `then(false)` when the flush failed: after a failed fdatasync
  // nothing written since the last good one can be trusted to be on disk, so
  // every later ticket fails too.
  void after_all(std::function<void(bool durable)> then);
  // Blocks until `ticket` is durable, and the callbacks of after_all() for tickets
  // up to it have returned; throws std::runtime_error if it cannot be.
  void wait(std::uint64_t ticket);

 private:
  void run();

  std::string path_;  // SQLite's VFS keeps a pointer to it while open
  std::unique_ptr<char[]> file_memory_;
  sqlite3_file* file_;
  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the flusher: someone waits
  std::condition_variable flushed_;  // blocked waiters: a flush finished
  std::uint64_t reserved_ = 0;   // tickets handed out
  std::uint64_t committed_ = 0;  // of those, the ones whose COMMIT has returned
  std::uint64_t durable_ = 0;
  std::uint64_t wanted_ = 0;  // the highest ticket someone waits for
  bool failed_ = false;
  bool delivering_ = false;  // after_all()'s callbacks are running
  bool stopping_ = false;
  struct Waiter {
    std::uint64_t ticket;
    std::function<void(bool)> then;
  };
  std::vector<Waiter> waiters_;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace dialgraph::actions
