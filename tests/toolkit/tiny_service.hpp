// A service small enough to read at a glance, for the toolkit's own tests:
// fixtures/menus.yaml on three actions that keep their state in memory.
#pragma once

#include <doctest/doctest.h>

#include <map>
#include <memory>
#include <span>
#include <stdexcept>

#include "engine/engine.hpp"
#include "server/toolkit/service.hpp"

namespace dialgraph::toolkit::testing {

inline const std::string kFixtures = DIALGRAPH_TOOLKIT_FIXTURES "/fixtures";

class NoCommands : public engine::CommandLog {
 public:
  std::optional<engine::ActionResult> find(const std::string&) override { return std::nullopt; }
  // Its actions are queries, none of which leaves a record to the walk.
  void record(std::span<const engine::Answered>) override {
    throw std::logic_error("TinyWorld has no commands to record");
  }
};

class TinyWorld : public World {
 public:
  // `guard_runs`, when given, counts the runs of caller.known (the guard of home).
  explicit TinyWorld(std::shared_ptr<int> guard_runs = nullptr) {
    registry_.add({"caller.known", engine::ActionKind::query, {}, {}, {"ok", "stranger"},
                   [guard_runs](const engine::ActionContext& c) {
                     if (guard_runs) ++*guard_runs;
                     return engine::ActionResult{c.request.phone == "+9" ? "stranger" : "ok", {}, {}};
                   }});
    registry_.add({"name.check", engine::ActionKind::query, {}, {}, {"ok", "too_short"},
                   [](const engine::ActionContext& c) { return engine::ActionResult{c.input.size() < 2 ? "too_short" : "ok", {}, {}}; }});
    registry_.add({"greet", engine::ActionKind::query, {}, {}, {"ok", "shy"},
                   [](const engine::ActionContext& c) {
                     return engine::ActionResult{c.vars.scalars.at("name") == "Shy" ? "shy" : "ok", {}, {}};
                   }});
  }
  const engine::Registry& registry() const override { return registry_; }
  engine::CommandLog& commands() override { return commands_; }
  std::vector<std::string> messages_to(const std::string&) override { return {"your code 123", "your code 456"}; }

 private:
  engine::Registry registry_;
  NoCommands commands_;
};

inline Service tiny_service(std::shared_ptr<int> guard_runs = nullptr) {
  Service s;
  s.program = "tiny";
  s.menus = kFixtures + "/menus.yaml";
  s.conversations = kFixtures;
  s.service_code = "*1#";
  s.phone = "+1";
  s.make_world = [guard_runs](const YAML::Node&, const std::string&, const std::string&) -> std::unique_ptr<World> {
    return std::make_unique<TinyWorld>(guard_runs);
  };
  s.make_sim_world = [](const std::string&) -> std::unique_ptr<World> { return std::make_unique<TinyWorld>(); };
  return s;
}

inline std::shared_ptr<const engine::Graph> tiny_graph(const World& world) {
  auto loaded = engine::load_menus(kFixtures + "/menus.yaml", world.registry());
  for (const auto& d : loaded.diagnostics) MESSAGE(d.str());
  REQUIRE(loaded.ok());
  return loaded.graph;
}

}  // namespace dialgraph::toolkit::testing
