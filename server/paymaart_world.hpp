// One Paymaart on a store of its own, for conversation tests and `sim`.
#pragma once

#include <yaml-cpp/yaml.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "actions/command.hpp"
#include "actions/scratch_db.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "server/toolkit/service.hpp"

namespace dialgraph::server {

class PaymaartWorld : public toolkit::World {
 public:
  // Opens the database `db` (a SQLite path or a postgresql:// URL; "" for a
  // temporary SQLite file, removed with the world) with a clock that starts at
  // `now` (0: the wall clock) and moves only when told to.
  PaymaartWorld(const std::string& db, actions::Settings settings, std::int64_t now);
  // The same on `scratch`, a fresh database the world removes when it goes.
  PaymaartWorld(std::unique_ptr<actions::ScratchDb> scratch, actions::Settings settings, std::int64_t now);
  ~PaymaartWorld() override;

  const engine::Registry& registry() const override { return registry_; }
  engine::CommandLog& commands() override { return *commands_; }
  std::vector<std::string> messages_to(const std::string& phone) override;
  bool advance_clock(std::int64_t seconds) override;

  actions::Store& store() { return *store_; }
  const actions::Settings& settings() const { return settings_; }
  std::int64_t now() const;

 private:
  PaymaartWorld(std::unique_ptr<actions::ScratchDb> scratch, const std::string& db, actions::Settings settings,
                std::int64_t now);

  std::unique_ptr<actions::ScratchDb> scratch_;  // none for a database given; outlives the store
  std::int64_t fixed_now_ = 0;  // 0: the wall clock
  // Added by advance_clock. Atomic: under `test --http` the server's worker
  // threads read the clock that the runner's thread moves.
  std::atomic<std::int64_t> offset_{0};
  actions::Settings settings_;
  std::unique_ptr<actions::Store> store_;
  engine::Registry registry_;
  std::unique_ptr<actions::StoreCommandLog> commands_;
};

// A world filled from a conversation file's `fixture:` (docs/testing.md):
// demo, customers, customers_csv, settings, now. Its store is a fresh
// temporary SQLite file, or with `server` (a postgresql:// URL, `test --db`) a
// fresh schema there; either is removed with the world. Throws
// std::runtime_error with every problem, each as "FILE:LINE: message".
std::unique_ptr<PaymaartWorld> paymaart_world(const YAML::Node& fixture, const std::string& file,
                                              const std::string& server = "");

}  // namespace dialgraph::server
