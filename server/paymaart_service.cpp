#include "server/paymaart_service.hpp"

#include "actions/demo.hpp"
#include "server/http_phone.hpp"
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
  service.make_world = [](const YAML::Node& fixture, const std::string& file) -> std::unique_ptr<toolkit::World> {
    return paymaart_world(fixture, file);
  };
  // The demo customers on the wall clock: the database `dialgraph demo` makes.
  service.make_sim_world = [](const std::string& db) -> std::unique_ptr<toolkit::World> {
    auto world = std::make_unique<PaymaartWorld>(db, actions::Settings{}, 0);
    actions::create_demo(world->store(), world->settings(), 0, [w = world.get()] { return w->now(); });
    return world;
  };
  service.remote = http_phone;
  return service;
}

}  // namespace dialgraph::server
