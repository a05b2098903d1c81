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
#include <sqlite3.h>

#include "actions/connection.hpp"
#include "actions/migrations.hpp"

namespace dialgraph::actions {
namespace {

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

void rollback(Connection& connection) noexcept {
  if (sqlite3_get_autocommit(connection.database().getHandle()) == 0)
    connection.prepared("ROLLBACK").tryExecuteStep();
}

// `fn` in one transaction on `connection`, through the connection's prepared
// BEGIN and COMMIT (an exec() would parse them again every time). The
// statements fn used are reset before the transaction ends; when fn or the
// commit throws, the transaction is rolled back.
void run_on(Connection& connection, const char* begin, const std::function<void(Tx&)>& fn) {
  connection.prepared(begin).exec();
  try {
    Tx tx(connection);
    fn(tx);
    connection.reset_used();
    connection.prepared("COMMIT").exec();
  } catch (...) {
    connection.reset_used();
    rollback(connection);
    connection.reset_used();
    throw;
  }
  connection.reset_used();
}

}  // namespace

struct Store::Impl {
  std::string path;
  std::array<unsigned char, 32> record_secret{};
  bool memory = false;
  std::mutex writer_mutex;
  std::unique_ptr<Connection> writer;
  std::mutex pool_mutex;
  std::vector<std::unique_ptr<Connection>> idle_readers;

  std::unique_ptr<Connection> take_reader() {
    {
      const std::lock_guard lock(pool_mutex);
      if (!idle_readers.empty()) {
        auto db = std::move(idle_readers.back());
        idle_readers.pop_back();
        return db;
      }
    }
    return std::make_unique<Connection>(path, true);
  }

  void give_back(std::unique_ptr<Connection> db) {
    const std::lock_guard lock(pool_mutex);
    idle_readers.push_back(std::move(db));
  }
};

Store::Store(const std::string& path) : impl_(std::make_unique<Impl>()) {
  impl_->path = path;
  impl_->memory = path.empty() || path == ":memory:";
  impl_->writer = std::make_unique<Connection>(impl_->memory ? ":memory:" : path, false);
  if (!impl_->memory) {
    // journal_mode returns the mode it ended in; anything but wal means no WAL.
    SQLite::Statement wal(impl_->writer->database(), "PRAGMA journal_mode = WAL");
    if (!wal.executeStep() || wal.getColumn(0).getString() != "wal")
      throw std::runtime_error("cannot switch " + path + " to WAL mode");
  }
  migrate(impl_->writer->database());
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
    run_on(*impl_->writer, writing ? "BEGIN IMMEDIATE" : "BEGIN", fn);
    return;
  }
  auto reader = impl_->take_reader();
  run_on(*reader, "BEGIN", fn);
  // Only a connection whose transaction ended cleanly goes back to the pool.
  impl_->give_back(std::move(reader));
}

SQLite::Database& Tx::database() { return conn_.database(); }

}  // namespace dialgraph::actions
