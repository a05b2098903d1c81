// What a service built on the engine hands the toolkit (`test`, `check`,
// `graph`, `sim`): how to build a world of its own from a conversation file's
// fixture, and optionally how to serve one over its real server. The toolkit
// knows nothing of any service's storage or transport.
#pragma once

#include <yaml-cpp/yaml.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/command_log.hpp"
#include "engine/registry.hpp"
#include "engine/request.hpp"

namespace dialgraph::toolkit {

// One service instance with its own store: its actions, where its commands
// record their results, what it has sent, and its clock.
class World {
 public:
  virtual ~World() = default;
  virtual const engine::Registry& registry() const = 0;
  virtual engine::CommandLog& commands() = 0;
  // Texts of the messages (SMS) queued for `phone`, oldest first.
  virtual std::vector<std::string> messages_to(const std::string& /*phone*/) { return {}; }
  // Moves the service's clock forward; false when it has none the toolkit may move.
  virtual bool advance_clock(std::int64_t /*seconds*/) { return false; }
};

// Answers one request from a session: in process, or a running server.
using Phone = std::function<engine::Reply(const engine::Request&)>;

// The service's own server running for one world (in this process, on a port
// of its own), and a phone that reaches it through the server's real transport.
// Destroying it stops the server and waits until it has stopped.
class LiveServer {
 public:
  virtual ~LiveServer() = default;
  virtual const Phone& phone() const = 0;
  // The warnings and errors the server logged since the last call, one line
  // each: `test --http` shows them under a session that failed.
  virtual std::vector<std::string> take_log() { return {}; }
};

// `test --db DATABASE`, for a service whose worlds can keep their stores in a
// database the caller names rather than where they keep them by default: each
// world a fresh store of its own there, removed with the world.
struct TestDatabase {
  std::string syntax;  // what DATABASE looks like, for the usage text: "postgresql://URL"
  // Throws std::invalid_argument saying why the service cannot use `database`
  // (a usage error); called once, before any world is made.
  std::function<void(const std::string& database)> check;
};

struct Service {
  std::string program = "dialgraph";     // for usage lines
  std::string menus = "menus.yaml";      // default menus file
  std::string conversations = "tests/conversations";  // default for test and check --coverage
  std::string service_code;              // e.g. *3664#
  std::string network = "65001";         // when a session names none
  std::string phone;                     // sim's default caller

  // A fresh world filled from a conversation file's `fixture:` (a null node when
  // there is none). `file` is the conversation file, for messages and relative
  // paths ("" for `check` and `graph`, which need only the registry).
  // `database` is `test --db`'s DATABASE, which test_database has checked, or
  // "" for the service's default; either way the world's store is its own and
  // goes with it. Throws std::runtime_error with a message for the file's author.
  std::function<std::unique_ptr<World>(const YAML::Node& fixture, const std::string& file,
                                       const std::string& database)>
      make_world;
  // Empty when the program's worlds cannot live anywhere but their default:
  // `test` then refuses --db (exit 2).
  std::optional<TestDatabase> test_database;
  // The world `sim` talks to in process; `db` is its --db option ("" for the default).
  std::function<std::unique_ptr<World>(const std::string& db)> make_sim_world;
  // A client for a running server at `url`, for `sim --url`; empty when the
  // program has none.
  std::function<Phone(const std::string& url)> remote;
  // The service's server started for `world` (built by make_world) on the
  // menus file `menus`, for `test --http`; empty when the program has none.
  // Throws std::runtime_error when it cannot start.
  std::function<std::unique_ptr<LiveServer>(World& world, const std::string& menus)> serve_over_http;
};

}  // namespace dialgraph::toolkit
