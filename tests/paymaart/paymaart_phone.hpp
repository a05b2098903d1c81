// A phone dialling the real Paymaart menus on a fresh demo database of the
// backend under test (tests/support/test_db.hpp).
#pragma once

#include <doctest/doctest.h>

#include <memory>
#include <string>
#include <vector>

#include "actions/command.hpp"
#include "actions/demo.hpp"
#include "actions/paymaart.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/engine.hpp"
#include "tests/support/test_db.hpp"

namespace dialgraph::testing {

struct PaymaartWorld {
  actions::testing::TestDb db{"dialgraph-paymaart"};  // a file on SQLite, not ":memory:"
  std::int64_t now = 1'795'000'000;  // a fixed time, moved by tests
  actions::Settings settings;
  actions::Store store{db.url()};
  engine::Registry registry;
  actions::StoreCommandLog commands{store, [this] { return now; }};
  std::shared_ptr<const engine::Graph> graph;

  explicit PaymaartWorld(int synthetic_customers = 20) {
    const actions::Clock clock = [this] { return now; };
    actions::create_demo(store, settings, synthetic_customers, clock);
    actions::register_paymaart_actions(registry, store, settings, clock);
    engine::LoadResult loaded = engine::load_menus(DIALGRAPH_SOURCE_DIR "/menus.yaml", registry);
    for (const engine::Diagnostic& d : loaded.diagnostics) MESSAGE(d.str());
    REQUIRE(loaded.ok());
    graph = loaded.graph;
  }

  // One request, as the gateway sends it.
  engine::Reply request(const std::string& phone, const std::string& session, std::vector<std::string> inputs,
                        const std::string& network = "65001") {
    return engine::respond(*graph, registry, commands,
                           engine::Request{session, phone, "*3664#", network, std::move(inputs)});
  }

  // A customer typing `inputs` one by one: every step of the session is sent in
  // order (commands run only on the newest input), and the last reply returned.
  engine::Reply dial(const std::string& phone, const std::string& session, const std::vector<std::string>& inputs) {
    engine::Reply reply = request(phone, session, {});
    for (std::size_t n = 1; n <= inputs.size() && !reply.end; ++n)
      reply = request(phone, session, {inputs.begin(), inputs.begin() + static_cast<long>(n)});
    return reply;
  }
};

}  // namespace dialgraph::testing
