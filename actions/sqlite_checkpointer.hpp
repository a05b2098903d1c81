// WAL checkpoints on a thread of their own (store internals).
//
// SQLite's automatic checkpoint runs inside the COMMIT that crosses the
// threshold: that request copies ~1,000 pages into the database file and waits
// for two flushes while holding the writer mutex, so every write behind it
// waits too, and the benchmark's p99 was that wait. Here the writer's WAL hook
// only wakes this thread, which checkpoints on its own connection in two
// passes: the first copies nearly everything beside the running writers (a
// PASSIVE checkpoint never blocks them); the second, under the writer mutex,
// copies the few pages committed meanwhile, so the WAL is complete when the
// next writer begins, and that writer starts the WAL again from its beginning
// (SQLite restarts the WAL only then) instead of letting it grow.
#pragma once

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

struct sqlite3;

namespace SQLite {
class Database;
}

namespace dialgraph::actions {

class Checkpointer {
 public:
  // Opens its own connection to `path` and takes over `writer`'s checkpoints
  // (`writer_mutex` is what serialises its transactions): one is due each time
  // the WAL grew by `pages` pages since the last one was asked for.
  Checkpointer(const std::string& path, sqlite3* writer, std::mutex& writer_mutex, int pages);
  // Gives `writer` back its automatic checkpoints (so it must outlive this)
  // and stops the thread; a checkpoint under way finishes first.
  ~Checkpointer();
  Checkpointer(const Checkpointer&) = delete;
  Checkpointer& operator=(const Checkpointer&) = delete;

 private:
  void committed(int wal_pages);
  void run();

  sqlite3* writer_;
  std::mutex& writer_mutex_;
  int pages_;
  // The writer's side, touched only under writer_mutex_.
  int wal_pages_ = 0;  // after the last commit
  int due_at_;         // WAL size at which the next checkpoint is asked for

  std::unique_ptr<SQLite::Database> db_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool due_ = false;
  bool stopping_ = false;
  std::thread thread_;  // last: starts once the rest exists
};

}  // namespace dialgraph::actions
