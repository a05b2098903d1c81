// One SQLite connection and the statements prepared on it (store internals).
//
// Preparing a statement parses and plans its SQL, and every prepare takes
// SQLite's global allocator lock dozens of times: that was most of a
// navigation request's CPU. A connection prepares each SQL text once and
// resets it for every later use.
#pragma once

#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace SQLite {
class Database;
class Statement;
}  // namespace SQLite

namespace dialgraph::actions {

class Connection {
 public:
  // Opens `path` (":memory:" for a private in-memory database); a reader is
  // query_only. Throws SQLite::Exception when it cannot.
  Connection(const std::string& path, bool reader);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  SQLite::Database& database() { return *db_; }

  // The statement for `sql`, ready to bind and step: prepared on first use,
  // reset with its bindings cleared on every later one. Valid until the next
  // prepared() call with the same text, so never hold two uses of one SQL text.
  SQLite::Statement& prepared(const std::string& sql);

  // Resets every statement used since the last call, so that none keeps a
  // read open after its transaction ends.
  void reset_used() noexcept;

 private:
  std::unique_ptr<SQLite::Database> db_;
  std::unordered_map<std::string, std::unique_ptr<SQLite::Statement>> statements_;
  std::vector<SQLite::Statement*> used_;
};

}  // namespace dialgraph::actions
