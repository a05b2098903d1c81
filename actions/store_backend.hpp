// The seam between the Store facade and a database (store internals).
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "actions/store.hpp"

namespace dialgraph::actions {

class StoreBackend {
 public:
  virtual ~StoreBackend() = default;
  // Runs fn in one transaction: committed when it returns, rolled back when it
  // throws. Constraint failures surface as ConstraintViolation.
  virtual void run(bool writing, const std::function<void(Tx&)>& fn) = 0;
  // Group commit (Store::defer_flushes); a backend whose COMMIT is durable
  // keeps these defaults.
  virtual void defer_flushes() {}
  virtual void after_flush(std::function<void(bool durable)> then) { then(true); }
  virtual void wait_flushed() {}
};

// Each opens the database and applies pending migrations (sqlite_store.cpp, pg_store.cpp).
std::unique_ptr<StoreBackend> open_sqlite_store(const std::string& path);
std::unique_ptr<StoreBackend> open_pg_store(const std::string& url);

}  // namespace dialgraph::actions
