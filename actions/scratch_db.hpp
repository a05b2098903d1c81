// A fresh, empty database that exists for one test world and is removed with
// it: what `dialgraph test` gives each conversation file, and what the test
// suites give each test. The only place that creates and drops such databases.
#pragma once

#include <string>

namespace dialgraph::actions {

class ScratchDb {
 public:
  // With `server` a postgresql:// URL: a new schema there, and a URL whose
  // connections find the store's tables in it first (libpq's `options`
  // parameter puts it on the search path). With `server` "": a new SQLite file
  // in the temporary directory. `name` starts the schema's or the file's name
  // (then the process id and a random number, so that processes and threads
  // sharing one server or directory never meet). Throws when the schema
  // cannot be created.
  explicit ScratchDb(const std::string& server = "", const std::string& name = "dialgraph-scratch");
  // Drops the schema (the store using it must be closed by then) or removes
  // the file with its -wal and -shm. Never throws: a schema left behind by a
  // failed drop is named so that whoever finds it knows where it came from.
  ~ScratchDb();
  ScratchDb(const ScratchDb&) = delete;
  ScratchDb& operator=(const ScratchDb&) = delete;

  // What to give Store: the SQLite file's path or the schema's URL.
  const std::string& location() const { return location_; }
  // The schema's name; "" on SQLite.
  const std::string& schema() const { return schema_; }

 private:
  std::string server_;
  std::string schema_;
  std::string location_;
};

}  // namespace dialgraph::actions
