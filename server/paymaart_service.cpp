#include "server/paymaart_service.hpp"

#include <stdexcept>

#include "actions/demo.hpp"
#include "actions/store.hpp"
#include "server/http_phone.hpp"
#include "server/loopback_server.hpp"
#include "server/paymaart_wiring.hpp"
#include "server/paymaart_world.hpp"

namespace dialgraph::server {

toolkit::Service paymaart_service() {
  toolkit::Service service;
  service.program = "dialgraph";
  service.menus = "menus.yaml";
  service.conversations = "tests/conversations";
  service.service_code = "*3664#";
  service.network = "65001";
  service.phone = actions::demo_well_known().front().phone;
  service.make_world = [](const YAML::Node& fixture, const std::string& file,
                          const std::string& database) -> std::unique_ptr<toolkit::World> {
    return paymaart_world(fixture, file, database);
  };
  // `test --db`: each world a fresh schema on that PostgreSQL server, dropped
  // afterwards. A SQLite world is already a temporary file of its own.
  service.test_database = toolkit::TestDatabase{
      "postgresql://URL", [](const std::string& database) {
        if (!actions::is_postgresql_url(database))
          throw std::invalid_argument("--db takes a postgresql:// URL (each file's world gets a schema of its own "
                                      "there), not '" + actions::redacted_location(database) + "'");
      }};
  // The demo customers on the wall clock: the database `dialgraph demo` makes.
  service.make_sim_world = [](const std::string& db) -> std::unique_ptr<toolkit::World> {
    auto world = std::make_unique<PaymaartWorld>(db, actions::Settings{}, 0);
    actions::create_demo(world->store(), world->settings(), 0, [w = world.get()] { return w->now(); });
    return world;
  };
  service.remote = http_phone;
  // `test --http`: the real server on the conversation file's world. Its
  // worlds are all PaymaartWorlds (make_world above); the store receives
  // /events as in `serve`. No SMS sender runs: it would mark the codes sent,
  // and the conversations read them back from the outbox (messages_to).
  service.serve_over_http = [](toolkit::World& world,
                               const std::string& menus) -> std::unique_ptr<toolkit::LiveServer> {
    auto& paymaart = dynamic_cast<PaymaartWorld&>(world);
    return std::make_unique<LoopbackServer>(paymaart.registry(), paymaart.commands(),
                                            std::make_unique<StoreEventSink>(paymaart.store()), menus);
  };
  return service;
}

}  // namespace dialgraph::server
