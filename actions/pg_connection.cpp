#include "actions/pg_connection.hpp"

#include <pqxx/nontransaction>

namespace dialgraph::actions {

PgConnection::PgConnection(const std::string& url) : conn_(url) {
  // IF NOT EXISTS and friends print NOTICEs, which libpqxx writes to stderr.
  pqxx::nontransaction(conn_).exec("SET client_min_messages = warning");
}

void PgConnection::prepare_once(const char* name, const char* sql) {
  if (prepared_.insert(name).second) conn_.prepare(name, sql);
}

}  // namespace dialgraph::actions
