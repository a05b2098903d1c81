// The PostgreSQL backend: a small connection pool, migrations, and transactions
// with retry.
//
// Several instances share one database, so the database, not a mutex, keeps
// writers apart: every write transaction is SERIALIZABLE. PostgreSQL then
// aborts one of two transactions that would otherwise both have read the old
// balance (or both found no idempotency record), and the loser runs again on
// fresh data: a few times at most, after a short, jittered pause, and from its
// third attempt on alone (WriterGate). Reads are REPEATABLE READ READ ONLY: one
// consistent snapshot, and they never abort.
#include <algorithm>
#include <chrono>
#include <memory>
#include <mutex>
#include <random>
#include <thread>
#include <vector>

#include <pqxx/except>
#include <pqxx/nontransaction>
#include <pqxx/transaction>

#include "actions/migrations.hpp"
#include "actions/pg_connection.hpp"
#include "actions/pg_tx.hpp"
#include "actions/store_backend.hpp"

namespace dialgraph::actions {
namespace {

constexpr int kMaxAttempts = 5;
constexpr int kSharedAttempts = 2;  // then the transaction goes through WriterGate alone
// Idle connections kept open. A thread that finds none opens its own, so the
// number open at once follows the number of threads using the store at once.
constexpr std::size_t kMaxIdle = 8;
// Any constant works, as long as every instance takes the same one.
constexpr long long kMigrationLock = 0x6469616c67726170;  // "dialgrap"
constexpr long long kWriterGate = 0x6469616c67617465;     // "dialgate"

// Migrations run under an advisory lock, so instances starting together apply
// each one once; the pending migrations and their version rows commit together.
void migrate(PgConnection& connection) {
  pqxx::work work(connection.raw());
  work.exec("SELECT pg_advisory_xact_lock(" + std::to_string(kMigrationLock) + ")");
  work.exec(
      "CREATE TABLE IF NOT EXISTS schema_migrations ("
      " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)");
  const int from =
      work.exec("SELECT COALESCE(MAX(version), 0) FROM schema_migrations")[0][0].as<int>();
  for (const Migration& m : pg_migrations()) {
    if (m.version <= from) continue;
    work.exec(m.sql);
    work.exec_params(
        "INSERT INTO schema_migrations (version, name, applied_at)"
        " VALUES ($1, $2, EXTRACT(EPOCH FROM now())::BIGINT)",
        m.version, std::string(m.name));
  }
  work.commit();
}

// Random within a window that doubles with each attempt (1, 2, 4, 8 ms):
// writers that collided spread out instead of colliding again in step.
void pause_before_retry(int attempt) {
  std::minstd_rand random(std::random_device{}());
  const unsigned window_us = 1000u << std::min(attempt - 1, 7);
  std::this_thread::sleep_for(std::chrono::microseconds(random() % window_us + 200));
}

// Every write passes a gate, a session advisory lock taken before its snapshot
// (BEGIN comes after). First attempts hold it shared, so they run side by side
// and SERIALIZABLE alone keeps them apart. A transaction that lost twice holds
// it exclusive: it runs alone across all instances, and the writers arriving
// meanwhile queue behind it (PostgreSQL grants locks in order), so it cannot
// lose again. Measured with eight writers on one account
// (tests/actions/ledger_test.cpp): without the gate, payments still failed
// after 12 optimistic attempts.
class WriterGate {
 public:
  WriterGate(PgConnection& connection, bool alone) : connection_(connection), alone_(alone) {
    exec(alone_ ? "pg_advisory_lock" : "pg_advisory_lock_shared");
  }
  ~WriterGate() {
    try {
      if (connection_.raw().is_open())
        exec(alone_ ? "pg_advisory_unlock" : "pg_advisory_unlock_shared");
    } catch (...) {
      // A broken connection has lost its session locks with it.
    }
  }
  WriterGate(const WriterGate&) = delete;
  WriterGate& operator=(const WriterGate&) = delete;

 private:
  void exec(const char* function) {
    pqxx::nontransaction(connection_.raw())
        .exec(std::string("SELECT ") + function + "(" + std::to_string(kWriterGate) + ")");
  }

  PgConnection& connection_;
  bool alone_;
};

class PgStore final : public StoreBackend {
 public:
  explicit PgStore(const std::string& url) : url_(url) {
    auto connection = take();
    migrate(*connection);
    give_back(std::move(connection));
  }

  void run(bool writing, const std::function<void(Tx&)>& fn) override {
    for (int attempt = 1;; ++attempt) {
      try {
        run_once(writing, fn, attempt > kSharedAttempts);
        return;
      } catch (const pqxx::serialization_failure&) {
        if (attempt == kMaxAttempts) throw;
      } catch (const pqxx::deadlock_detected&) {
        if (attempt == kMaxAttempts) throw;
      }
      pause_before_retry(attempt);
    }
  }

 private:
  template <class Work>
  static void run_in(PgConnection& connection, const std::function<void(Tx&)>& fn) {
    Work work(connection.raw());
    PgTx tx(connection, work);
    fn(tx);
    work.commit();
  }  // a Work destroyed uncommitted rolls back

  void run_once(bool writing, const std::function<void(Tx&)>& fn, bool alone) {
    auto connection = take();
    try {
      if (writing) {
        const WriterGate gate(*connection, alone);
        run_in<pqxx::transaction<pqxx::serializable, pqxx::read_write>>(*connection, fn);
      } else {
        run_in<pqxx::transaction<pqxx::repeatable_read, pqxx::read_only>>(*connection, fn);
      }
    } catch (const pqxx::integrity_constraint_violation& e) {
      give_back(std::move(connection));
      throw ConstraintViolation(e.what());
    } catch (...) {
      // A connection that broke (or whose commit is in doubt) is dropped.
      if (connection->raw().is_open()) give_back(std::move(connection));
      throw;
    }
    give_back(std::move(connection));
  }

  std::unique_ptr<PgConnection> take() {
    {
      const std::lock_guard lock(mutex_);
      if (!idle_.empty()) {
        auto connection = std::move(idle_.back());
        idle_.pop_back();
        return connection;
      }
    }
    return std::make_unique<PgConnection>(url_);
  }

  void give_back(std::unique_ptr<PgConnection> connection) {
    const std::lock_guard lock(mutex_);
    if (idle_.size() < kMaxIdle) idle_.push_back(std::move(connection));
  }

  std::string url_;
  std::mutex mutex_;
  std::vector<std::unique_ptr<PgConnection>> idle_;
};

}  // namespace

std::unique_ptr<StoreBackend> open_pg_store(const std::string& url) {
  return std::make_unique<PgStore>(url);
}

}  // namespace dialgraph::actions
