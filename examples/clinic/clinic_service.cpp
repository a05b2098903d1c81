#include "clinic_service.hpp"

#include <chrono>
#include <set>

#include "clinic_actions.hpp"

namespace dialgraph::clinic {
namespace {

constexpr std::int64_t kConversationTime = 1'795'000'000;  // 18/11/2026 13:06 in Blantyre

class ClinicWorld : public toolkit::World {
 public:
  explicit ClinicWorld(std::int64_t now) : now_(now) {
    register_clinic_actions(registry_, store_, [this] { return this->now(); });
  }
  const engine::Registry& registry() const override { return registry_; }
  engine::CommandLog& commands() override { return commands_; }
  bool advance_clock(std::int64_t seconds) override { return offset_ += seconds, true; }
  ClinicStore& store() { return store_; }

  std::int64_t now() const {
    if (now_ != 0) return now_ + offset_;
    using namespace std::chrono;
    return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + offset_;
  }

 private:
  std::int64_t now_ = 0;  // 0: the wall clock
  std::int64_t offset_ = 0;
  ClinicStore store_;
  ClinicCommandLog commands_{store_};
  engine::Registry registry_;
};

std::string where(const std::string& file, const YAML::Node& node) {
  return file + ":" + std::to_string(node.Mark().line + 1) + ": ";
}

// Books through the real action, so that fixtures and sessions make the same rows.
void book(ClinicWorld& world, const YAML::Node& row, const std::string& file) {
  for (const char* key : {"phone", "clinic", "patient", "day", "time"})
    if (!row[key]) throw std::runtime_error(where(file, row) + "a booking needs " + key);
  const int day = row["day"].as<int>();
  const auto days = world.registry().get("slots.days").run({engine::Request{}, engine::Vars{}, "", ""});
  if (day < 1 || day > static_cast<int>(days.lists.at("days").size()))
    throw std::runtime_error(where(file, row["day"]) + "day counts days after today, 1 to 5");
  Appointment a{"", row["phone"].as<std::string>(), row["clinic"].as<std::string>(), row["patient"].as<std::string>(),
                std::stoll(days.lists.at("days")[static_cast<std::size_t>(day - 1)].at("day")),
                row["time"].as<std::string>()};
  if (!world.store().book(a)) throw std::runtime_error(where(file, row) + "that time is booked twice");
}

// The store is in memory: `database` is always "" (no test_database, so `test`
// refuses --db).
std::unique_ptr<toolkit::World> world_from(const YAML::Node& fixture, const std::string& file,
                                           const std::string& /*database*/) {
  const bool given = fixture.IsMap();
  if (given)
    for (const auto& kv : fixture)
      if (!std::set<std::string>{"now", "booked"}.contains(kv.first.as<std::string>()))
        throw std::runtime_error(where(file, kv.first) + "unknown fixture key (now, booked)");
  auto world = std::make_unique<ClinicWorld>(given && fixture["now"] ? fixture["now"].as<std::int64_t>()
                                                                     : kConversationTime);
  if (given && fixture["booked"])
    for (const YAML::Node& row : fixture["booked"]) book(*world, row, file);
  return world;
}

}  // namespace

toolkit::Service clinic_service() {
  toolkit::Service service;
  service.program = "dialgraph-clinic";
  service.menus = "menus.yaml";
  service.conversations = "tests";
  service.service_code = "*4545#";
  service.phone = "+265991000009";
  service.make_world = world_from;
  service.make_sim_world = [](const std::string&) -> std::unique_ptr<toolkit::World> {
    return std::make_unique<ClinicWorld>(0);
  };
  return service;
}

}  // namespace dialgraph::clinic
