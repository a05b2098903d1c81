#include "test_db.hpp"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <stdexcept>

#include <SQLiteCpp/SQLiteCpp.h>
#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <pqxx/result>
#include <unistd.h>

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

// Unique across the test processes that may share one server.
std::string new_schema_name() {
  std::random_device random;
  return "dg_test_" + std::to_string(::getpid()) + "_" + std::to_string(random()) +
         std::to_string(random());
}

}  // namespace

bool on_postgresql() { return env("DIALGRAPH_TEST_BACKEND") == "postgresql"; }

std::string pg_url() { return env("DIALGRAPH_TEST_PG_URL"); }

// The schema goes first on the search path of every connection the Store opens
// (libpq's `options` parameter), so the store's unqualified tables land there.
TestDb::TestDb(const std::string& name) {
  if (on_postgresql()) {
    const std::string base = pg_url();
    if (base.empty()) throw std::runtime_error("DIALGRAPH_TEST_PG_URL is not set");
    schema_ = new_schema_name();
    pqxx::connection admin(base);
    pqxx::nontransaction(admin).exec("CREATE SCHEMA " + schema_);
    url_ = base + (base.find('?') == std::string::npos ? "?" : "&") +
           "options=-csearch_path%3D" + schema_;
  } else if (name.empty()) {
    url_ = ":memory:";
  } else {
    url_ = (std::filesystem::temp_directory_path() /
            (name + "-" + std::to_string(::getpid()) + ".db"))
               .string();
    remove_files();
  }
}

TestDb::~TestDb() {
  try {
    if (!schema_.empty()) {
      pqxx::connection admin(pg_url());
      pqxx::nontransaction(admin).exec("DROP SCHEMA " + schema_ + " CASCADE");
    } else if (url_ != ":memory:") {
      remove_files();
    }
  } catch (...) {
    // A schema left behind is removed with the throwaway cluster.
  }
}

void TestDb::remove_files() const {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(url_ + suffix);
}

std::vector<std::string> TestDb::column(const std::string& sql) const {
  std::vector<std::string> out;
  if (!schema_.empty()) {
    pqxx::connection connection(url_);
    for (const auto& row : pqxx::nontransaction(connection).exec(sql))
      out.push_back(row[0].is_null() ? "" : row[0].as<std::string>());
    return out;
  }
  if (url_ == ":memory:") throw std::logic_error("TestDb::column needs a named database");
  SQLite::Database db(url_, SQLite::OPEN_READONLY);
  SQLite::Statement query(db, sql);
  while (query.executeStep()) out.push_back(query.getColumn(0).getString());
  return out;
}

std::string TestDb::everything() const {
  if (schema_.empty()) return file_bytes(url_) + file_bytes(url_ + "-wal");
  pqxx::connection connection(url_);
  pqxx::nontransaction work(connection);
  work.exec("SET bytea_output = 'escape'");
  std::string out;
  for (const auto& table : work.exec(
           "SELECT table_name FROM information_schema.tables WHERE table_schema = " +
           work.quote(schema_)))
    for (const auto& row :
         work.exec("SELECT t::text FROM " + work.quote_name(table[0].as<std::string>()) + " t"))
      out += row[0].as<std::string>() + "\n";
  return out;
}

}  // namespace dialgraph::actions::testing
