// The database a store test runs against. A suite that opens a Store runs
// once on SQLite and once on PostgreSQL (DIALGRAPH_TEST_BACKEND=postgresql,
// the server at DIALGRAPH_TEST_PG_URL; see backend_main.cpp); each test gets a
// database of its own.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "actions/scratch_db.hpp"

namespace dialgraph::actions::testing {

bool on_postgresql();
std::string pg_url();  // DIALGRAPH_TEST_PG_URL, "" when unset

// What CTest's SKIP_RETURN_CODE expects (dialgraph_add_store_test).
inline constexpr int kSkipped = 77;
// True, after saying so on stdout, for a PostgreSQL run with no server to run on.
bool postgresql_unavailable();

class TestDb {
 public:
  // A fresh, empty database, removed on destruction (actions/scratch_db.hpp).
  // SQLite: a file in the temp directory whose name starts with `name`, or
  // ":memory:" when `name` is empty; PostgreSQL: a new schema, whatever the name.
  explicit TestDb(const std::string& name = "");

  // What to give Store: a path or a URL.
  const std::string& url() const { return url_; }

  // The first column of every row `sql` returns, as text, read past the Store
  // (what is really stored). Not for ":memory:".
  std::vector<std::string> column(const std::string& sql) const;

  // Runs `sql` past the Store, as the back office or an operator would
  // (withdrawing a customer's KYC status). Not for ":memory:".
  void exec(const std::string& sql) const;

  // Everything the database holds, as text a grep can search: the SQLite file
  // and its WAL as bytes; every row of every PostgreSQL table, BYTEA in escape
  // format (printable bytes as themselves).
  std::string everything() const;

 private:
  std::unique_ptr<ScratchDb> scratch_;  // none for ":memory:"
  std::string url_;
};

}  // namespace dialgraph::actions::testing
