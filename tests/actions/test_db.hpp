// The database a test runs against. The suite runs once on SQLite (`actions`)
// and once on PostgreSQL (`actions_pg`: DIALGRAPH_TEST_BACKEND=postgresql, the
// server at DIALGRAPH_TEST_PG_URL); each test gets a database of its own.
#pragma once

#include <string>
#include <vector>

namespace dialgraph::actions::testing {

bool on_postgresql();
std::string pg_url();  // DIALGRAPH_TEST_PG_URL, "" when unset

class TestDb {
 public:
  // A fresh, empty database, removed on destruction. SQLite: a file in the temp
  // directory named after `name` (with -wal and -shm), or ":memory:" when `name`
  // is empty; PostgreSQL: a new schema, whatever the name.
  explicit TestDb(const std::string& name = "");
  ~TestDb();
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;

  // What to give Store: a path or a URL.
  const std::string& url() const { return url_; }

  // The first column of every row `sql` returns, as text, read past the Store
  // (what is really stored). Not for ":memory:".
  std::vector<std::string> column(const std::string& sql) const;

  // Everything the database holds, as text a grep can search: the SQLite file
  // and its WAL as bytes; every row of every PostgreSQL table, BYTEA in escape
  // format (printable bytes as themselves).
  std::string everything() const;

 private:
  void remove_files() const;

  std::string url_;
  std::string schema_;  // PostgreSQL only
};

}  // namespace dialgraph::actions::testing
