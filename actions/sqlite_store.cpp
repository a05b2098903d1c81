// The SQLite backend: connections, migrations and transactions.
//
// Threading: one writer connection guarded by a mutex, and a pool of reader
// connections that grows to the number of threads reading at once. The mutex
// serialises writers inside this process, and BEGIN IMMEDIATE (with a bounded
// busy_timeout) serialises them against other processes on the same file, so
// two payments never both read the old balance. A read takes the writer
// connection when it is free, since its page cache survives its own commits,
// while a reader drops its whole cache after any commit it did not make
// (bench/README.md: 12 page reads per balance session became 2); when a write
// or a checkpoint holds it, a pooled reader serves the read beside it (WAL)
// rather than wait. A ":memory:" database exists only inside one connection,
// so there everything goes through the writer connection and its mutex. A
// file's commits are made durable by a flusher thread (sqlite_flusher.hpp) and
// its WAL checkpoints run on a thread of their own (sqlite_checkpointer.hpp).
#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <vector>

#include <SQLiteCpp/SQLiteCpp.h>
#include <sqlite3.h>

#include "actions/connection.hpp"
#include "actions/migrations.hpp"
#include "actions/sqlite_checkpointer.hpp"
#include "actions/sqlite_flusher.hpp"
#include "actions/sqlite_tx.hpp"
#include "actions/store_backend.hpp"

namespace dialgraph::actions {
namespace {

// SQLite's own default threshold for a checkpoint, in WAL pages (4 MB).
constexpr int kCheckpointPages = 1000;

int current_version(SQLite::Database& db) {
  db.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at INTEGER NOT NULL)");
  SQLite::Statement query(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations");
  query.executeStep();
  return query.getColumn(0).getInt();
}

// Each migration and its version row commit together, so a crash mid-way leaves
// the schema at a known version.
void migrate(SQLite::Database& db) {
  SQLite::Transaction tx(db, SQLite::TransactionBehavior::IMMEDIATE);
  const int from = current_version(db);
  for (const Migration& m : migrations()) {
    if (m.version <= from) continue;
    db.exec(m.sql);
    SQLite::Statement record(db,
                             "INSERT INTO schema_migrations (version, name, applied_at)"
                             " VALUES (?, ?, strftime('%s', 'now'))");
    record.bind(1, m.version);
    record.bind(2, m.name);
    record.exec();
  }
  tx.commit();
}

// Inside a catch block: a refused constraint becomes the backend-neutral
// ConstraintViolation, anything else goes on as it is.
[[noreturn]] void rethrow_as_store_error() {
  try {
    throw;
  } catch (const SQLite::Exception& e) {
    if ((e.getErrorCode() & 0xff) == SQLITE_CONSTRAINT) throw ConstraintViolation(e.what());
    throw;
  }
}

void rollback(Connection& connection) noexcept {
  if (sqlite3_get_autocommit(connection.database().getHandle()) == 0)
    connection.prepared("ROLLBACK").tryExecuteStep();
}

// `fn` in one transaction on `connection`, through the connection's prepared
// BEGIN and COMMIT (an exec() would parse them again every time). The
// statements used, BEGIN's included, are reset before this returns or throws;
// when BEGIN, fn or the commit throws, the transaction is rolled back. With a
// `flusher`, a commit that must be flushed to count as durable
// (SqliteTx::needs_flush) reserves its ticket before COMMIT and returns it;
// otherwise 0.
std::uint64_t run_on(Connection& connection, const char* begin,
                     const std::function<void(Tx&)>& fn, WalFlusher* flusher) {
  std::uint64_t ticket = 0;
  try {
    connection.prepared(begin).exec();
    SqliteTx tx(connection);
    fn(tx);
    if (flusher != nullptr && tx.needs_flush()) ticket = flusher->reserve();
    connection.reset_used();
    connection.prepared("COMMIT").exec();
  } catch (...) {
    if (ticket != 0) flusher->committed(ticket);  // nothing to flush: it holds no one back
    connection.reset_used();
    rollback(connection);
    connection.reset_used();
    rethrow_as_store_error();
  }
  if (ticket != 0) flusher->committed(ticket);
  connection.reset_used();
  return ticket;
}

class SqliteStore final : public StoreBackend {
 public:
  explicit SqliteStore(const std::string& path)
      : path_(path), memory_(path.empty() || path == ":memory:") {
    writer_ = std::make_unique<Connection>(memory_ ? ":memory:" : path, false);
    if (!memory_) {
      // journal_mode returns the mode it ended in; anything but wal means no WAL.
      SQLite::Statement wal(writer_->database(), "PRAGMA journal_mode = WAL");
      if (!wal.executeStep() || wal.getColumn(0).getString() != "wal")
        throw std::runtime_error("cannot switch " + path + " to WAL mode");
    }
    // The migrations wait for the disk at their COMMIT, as SQLite's FULL does.
    writer_->database().exec("PRAGMA synchronous = FULL");
    migrate(writer_->database());
    if (memory_) return;
    // From here on COMMIT only appends to the WAL; the flusher makes commits
    // durable (sqlite_flusher.hpp), several with one fdatasync. In WAL mode
    // NORMAL still flushes the WAL before a checkpoint and the database after
    // it. A lazy commit (Tx::commit_lazily) takes no ticket.
    writer_->database().exec("PRAGMA synchronous = NORMAL");
    flusher_ = std::make_unique<WalFlusher>(path + "-wal");
    checkpointer_ = std::make_unique<Checkpointer>(path, writer_->database().getHandle(),
                                                   writer_mutex_, kCheckpointPages);
  }

  void run(bool writing, const std::function<void(Tx&)>& fn) override {
    if (writing) {
      std::uint64_t ticket = 0;
      {
        const std::lock_guard lock(writer_mutex_);
        ticket = run_on(*writer_, "BEGIN IMMEDIATE", fn, flusher_.get());
      }
      if (ticket != 0 && !deferred_.load()) flusher_->wait(ticket);
      return;
    }
    std::unique_lock lock(writer_mutex_, std::defer_lock);
    if (memory_) {
      lock.lock();
    } else {
      (void)lock.try_lock();
    }
    if (lock.owns_lock()) {
      // A pooled reader is query_only; on the writer the refusal is ours.
      run_on(
          *writer_, "BEGIN",
          [&](Tx& tx) {
            fn(tx);
            if (tx.changed()) throw std::logic_error("a read transaction tried to write");
          },
          nullptr);
      return;
    }
    auto reader = take_reader();
    run_on(*reader, "BEGIN", fn, nullptr);
    // Only a connection whose transaction ended cleanly goes back to the pool.
    give_back(std::move(reader));
  }

  void defer_flushes() override { deferred_.store(true); }

  void after_flush(std::function<void(bool)> then) override {
    if (!flusher_) return then(true);
    flusher_->after_all(std::move(then));
  }

  void wait_flushed() override {
    if (flusher_) flusher_->wait(flusher_->newest());
  }

 private:
  std::unique_ptr<Connection> take_reader() {
    {
      const std::lock_guard lock(pool_mutex_);
      if (!idle_readers_.empty()) {
        auto db = std::move(idle_readers_.back());
        idle_readers_.pop_back();
        return db;
      }
    }
    return std::make_unique<Connection>(path_, true);
  }

  void give_back(std::unique_ptr<Connection> db) {
    const std::lock_guard lock(pool_mutex_);
    idle_readers_.push_back(std::move(db));
  }

  std::string path_;
  bool memory_;
  std::mutex writer_mutex_;
  std::unique_ptr<Connection> writer_;
  std::atomic<bool> deferred_{false};
  // After writer_, so they go before it; the checkpointer first, as its
  // thread takes writer_mutex_ and its destructor touches the writer.
  std::unique_ptr<WalFlusher> flusher_;
  std::unique_ptr<Checkpointer> checkpointer_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace

std::unique_ptr<StoreBackend> open_sqlite_store(const std::string& path) {
  return std::make_unique<SqliteStore>(path);
}

}  // namespace dialgraph::actions
