// One PostgreSQL connection and the names of the statements prepared on it
// (store internals). Parsing and planning a statement once per connection
// rather than once per use is what connection.hpp does for SQLite.
#pragma once

#include <string>
#include <unordered_set>

#include <pqxx/connection>

namespace dialgraph::actions {

class PgConnection {
 public:
  // Connects to `url` (libpq syntax). Throws pqxx::broken_connection.
  explicit PgConnection(const std::string& url);

  pqxx::connection& raw() { return conn_; }

  // Registers `sql` as the prepared statement `name` unless it already is;
  // the server prepares it on its first execution.
  void prepare_once(const char* name, const char* sql);

 private:
  pqxx::connection conn_;
  std::unordered_set<std::string> prepared_;
};

}  // namespace dialgraph::actions
