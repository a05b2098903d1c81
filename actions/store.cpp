// Connections, migrations and transactions.
//
// Threading: one writer connection guarded by a mutex, and a pool of reader
// connections that grows to the number of threads reading at once. WAL lets the
// readers run beside the writer; the mutex serialises writers inside this process,
// and BEGIN IMMEDIATE (with a bounded busy_timeout) serialises them against other
// processes on the same file, so two payments never both read the old balance.
// A ":memory:" database exists only inside one connection, so there everything
// goes through the writer connection and its mutex.
#include "actions/store.hpp"

#include <mutex>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>

#include "actions/migrations.hpp"

namespace dialgraph::actions {
namespace {

constexpr int kBusyTimeoutMs = 2'000;

// NOMUTEX: a connection is only ever used by one thread at a time (the writer
// under its mutex, a reader while leased), so SQLite's own locking is waste.
std::unique_ptr<SQLite::Database> open_connection(const std::string& path, bool reader) {
  const int flags =
      SQLite::OPEN_READWRITE | SQLite::OPEN_NOMUTEX | (reader ? 0 : SQLite::OPEN_CREATE);
  auto db = std::make_unique<SQLite::Database>(path, flags, kBusyTimeoutMs);
  db->exec("PRAGMA foreign_keys = ON");
  if (reader) {
    db->exec("PRAGMA query_only = ON");
  } else {
    // Up to 32 MB of page cache for the one writer, so a bulk import does not
    // spill half-built pages to the WAL again and again (2 MB by default).
    db->exec("PRAGMA cache_size = -32768");
  }
  return db;
}

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

}  // namespace

struct Store::Impl {
  std::string path;
  std::array<unsigned char, 32> record_secret{};
  bool memory = false;
  std::mutex writer_mutex;
  std::unique_ptr<SQLite::Database> writer;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<SQLite::Database>> idle_readers;

  std::unique_ptr<SQLite::Database> take_reader() {
    {
      const std::lock_guard lock(pool_mutex);
      if (!idle_readers.empty()) {
        auto db = std::move(idle_readers.back());
        idle_readers.pop_back();
        return db;
      }
    }
    return open_connection(path, true);
  }

  void give_back(std::unique_ptr<SQLite::Database> db) {
    const std::lock_guard lock(pool_mutex);
    idle_readers.push_back(std::move(db));
  }
};

Store::Store(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->memory = path.empty() || path == ":memory:";
  impl_->writer = open_connection(impl_->memory ? ":memory:" : path, false);
  if (!impl_->memory) {
    // journal_mode returns the mode it ended in; anything but wal means no WAL.
    SQLite::Statement wal(*impl_->writer, "PRAGMA journal_mode = WAL");
    if (!wal.executeStep() || wal.getColumn(0).getString() != "wal")
      throw std::runtime_error("cannot switch " + path + " to WAL mode");
  }
  migrate(*impl_->writer);
}

Store::~Store() = default;

const std::string& Store::path() const { return impl_->path; }

void Store::set_record_secret(const std::array<unsigned char, 32>& secret) {
  impl_->record_secret = secret;
}

const std::array<unsigned char, 32>& Store::record_secret() const { return impl_->record_secret; }

int Store::schema_version() {
  return read([](Tx& tx) {
    SQLite::Statement query(tx.database(), "SELECT MAX(version) FROM schema_migrations");
    query.executeStep();
    return query.getColumn(0).getInt();
  });
}

void Store::run_in_transaction(bool writing, const std::function<void(Tx&)>& fn) {
  if (writing || impl_->memory) {
    const std::lock_guard lock(impl_->writer_mutex);
    SQLite::Transaction transaction(*impl_->writer, writing
                                                        ? SQLite::TransactionBehavior::IMMEDIATE
                                                        : SQLite::TransactionBehavior::DEFERRED);
    Tx tx(*impl_->writer);
    fn(tx);
    transaction.commit();
    return;
  }
  auto reader = impl_->take_reader();
  {
    SQLite::Transaction transaction(*reader, SQLite::TransactionBehavior::DEFERRED);
    Tx tx(*reader);
    fn(tx);
    transaction.commit();
  }
  // Only a connection whose transaction ended cleanly goes back to the pool.
  impl_->give_back(std::move(reader));
}

}  // namespace dialgraph::actions
