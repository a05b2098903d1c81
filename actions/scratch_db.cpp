#include "actions/scratch_db.hpp"

#include <cctype>
#include <filesystem>
#include <random>
#include <stdexcept>

#include <pqxx/connection>
#include <pqxx/nontransaction>
#include <unistd.h>

#include "actions/store.hpp"

namespace dialgraph::actions {
namespace {

// Unique across the processes and threads that may share one server or
// directory: the pid, then 64 random bits.
std::string unique_suffix() {
  std::random_device random;
  return std::to_string(::getpid()) + "_" + std::to_string(random()) + "_" + std::to_string(random());
}

// `name` as an identifier PostgreSQL takes unquoted: lower case, '_' for
// anything else, short enough that the suffix fits its 63 bytes.
std::string schema_name(const std::string& name) {
  std::string out;
  for (const char c : name.substr(0, 24))
    out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::tolower(c)) : '_';
  if (out.empty() || std::isdigit(static_cast<unsigned char>(out.front()))) out.insert(0, "s");
  return out + "_" + unique_suffix();
}

// `server` with `schema` alone on the search path of every connection made
// with the result (%3D is '=', which libpq's URL syntax wants escaped there).
std::string url_in_schema(const std::string& server, const std::string& schema) {
  return server + (server.find('?') == std::string::npos ? "?" : "&") + "options=-csearch_path%3D" + schema;
}

void remove_sqlite_files(const std::string& path) {
  for (const char* suffix : {"", "-wal", "-shm"}) std::filesystem::remove(path + suffix);
}

}  // namespace

ScratchDb::ScratchDb(const std::string& server, const std::string& name) : server_(server) {
  if (server.empty()) {
    location_ = (std::filesystem::temp_directory_path() / (name + "-" + unique_suffix() + ".db")).string();
    return;
  }
  if (!is_postgresql_url(server))
    throw std::invalid_argument("a scratch database needs a postgresql:// URL, not '" + redacted_location(server) +
                                "'");
  schema_ = schema_name(name);
  pqxx::connection admin(server);
  pqxx::nontransaction(admin).exec("CREATE SCHEMA " + schema_);
  location_ = url_in_schema(server, schema_);
}

ScratchDb::~ScratchDb() {
  try {
    if (schema_.empty()) {
      remove_sqlite_files(location_);
    } else {
      pqxx::connection admin(server_);
      pqxx::nontransaction(admin).exec("DROP SCHEMA " + schema_ + " CASCADE");
    }
  } catch (...) {
    // Nothing to do about it here; see the header.
  }
}

}  // namespace dialgraph::actions
