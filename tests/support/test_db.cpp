#include "tests/support/test_db.hpp"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>

namespace dialgraph::actions::testing {
namespace {

std::string env(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

std::string file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::unique_ptr<ScratchDb> scratch_for(const std::string& name) {
  if (on_postgresql()) {
    const std::string server = pg_url();
    if (server.empty()) throw std::runtime_error("DIALGRAPH_TEST_PG_URL is not set");
    return std::make_unique<ScratchDb>(server, "dg_test");
  }
  if (name.empty()) return nullptr;  // ":memory:"
  return std::make_unique<ScratchDb>("", name);
}

}  // namespace

bool on_postgresql() { return env("DIALGRAPH_TEST_BACKEND") == "postgresql"; }

std::string pg_url() { return env("DIALGRAPH_TEST_PG_URL"); }

bool postgresql_unavailable() {
  if (!on_postgresql() || !pg_url().empty()) return false;
  std::cout << "DIALGRAPH_TEST_PG_URL is not set: PostgreSQL run skipped\n";
  return true;
}

TestDb::TestDb(const std::string& name)
    : scratch_(scratch_for(name)), url_(scratch_ ? scratch_->location() : ":memory:") {}

std::vector<std::string> TestDb::column(const std::string& sql) const {
  std::vector<std::string> out;
  if (!scratch_) throw std::logic_error("TestDb::column needs a named database");
  if (!scratch_->schema().empty()) {
    pqxx::connection connection(url_);
    for (const auto& row : pqxx::nontransaction(connection).exec(sql))
      out.push_back(row[0].is_null() ? "" : row[0].as<std::string>());
    return out;
  }
  SQLite::Database db(url_, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, sql);
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

void TestDb::exec(const std::string& sql) const {
  if (!scratch_) throw std::logic_error("TestDb::exec needs a named database");
  if (!scratch_->schema().empty()) {
    pqxx::connection connection(url_);
    pqxx::nontransaction(connection).exec(sql);
    return;
  }
  SQLite::Database(url_, SQLite::OPEN_READWRITE).exec(sql);
}

std::string TestDb::everything() const {
  if (!scratch_) throw std::logic_error("TestDb::everything needs a named database");
  if (scratch_->schema().empty()) return file_bytes(url_) + file_bytes(url_ + "-wal");
  pqxx::connection connection(url_);
  pqxx::nontransaction work(connection);
  work.exec("SET bytea_output = 'escape'");
  std::string out;
  for (const auto& table : work.exec(
           "SELECT table_name FROM information_schema.tables WHERE table_schema = " +
           work.quote(scratch_->schema())))
    for (const auto& row :
         work.exec("SELECT t::text FROM " + work.quote_name(table[0].as<std::string>()) + " t"))
      out += row[0].as<std::string>() + "\n";
  return out;
}

}  // namespace dialgraph::actions::testing
