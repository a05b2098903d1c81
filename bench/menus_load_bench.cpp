// Times loading and validating one menus file: what `dialgraph serve` does at
// start-up and on every SIGHUP. Run it through bench/menus_load.sh.
//
//   menus_load_bench FILE [RUNS]    prints min/median/max milliseconds
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "engine/engine.hpp"

namespace {

using dialgraph::engine::ActionContext;
using dialgraph::engine::ActionKind;
using dialgraph::engine::ActionResult;
using dialgraph::engine::Registry;

ActionResult nothing(const ActionContext&) { return {}; }

// The names bench/gen_menus.py writes, with the values and outcomes it uses.
Registry bench_registry() {
  Registry r;
  r.add({"customer.lookup", ActionKind::query, {"first_name", "language"}, {}, {"ok", "unknown"}, nothing});
  r.add({"customer.verified", ActionKind::query, {}, {}, {"ok", "unregistered"}, nothing});
  r.add({"pin.verify", ActionKind::command, {"attempts_left"}, {}, {"ok", "wrong_pin", "locked"}, nothing});
  r.add({"money.send", ActionKind::command, {"reference"}, {}, {"ok", "insufficient_funds"}, nothing});
  r.add({"history.list", ActionKind::query, {}, {"items"}, {"ok"}, nothing});
  return r;
}

struct Timing {
  double wall_ms = 0;
  double cpu_ms = 0;  // this process only: steadier than wall time on a shared machine
};

Timing time_load(const std::string& file, const Registry& registry, bool& ok) {
  const auto start = std::chrono::steady_clock::now();
  const std::clock_t cpu_start = std::clock();
  const auto result = dialgraph::engine::load_menus(file, registry);
  const std::clock_t cpu_end = std::clock();
  const auto elapsed = std::chrono::steady_clock::now() - start;
  ok = result.ok();
  if (!ok)
    for (const auto& d : result.diagnostics) std::fprintf(stderr, "%s\n", d.str().c_str());
  return {std::chrono::duration<double, std::milli>(elapsed).count(),
          1000.0 * static_cast<double>(cpu_end - cpu_start) / CLOCKS_PER_SEC};
}

double median(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return values[values.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 3) {
    std::fprintf(stderr, "usage: %s MENUS_FILE [RUNS]\n", argv[0]);
    return 2;
  }
  const std::string file = argv[1];
  const int runs = argc == 3 ? std::max(1, std::atoi(argv[2])) : 20;
  const Registry registry = bench_registry();
  std::vector<double> wall, cpu;
  for (int i = 0; i < runs; ++i) {
    bool ok = false;
    const Timing t = time_load(file, registry, ok);
    if (!ok) {
      std::fprintf(stderr, "%s does not load; the generator and the registry disagree\n", file.c_str());
      return 1;
    }
    wall.push_back(t.wall_ms);
    cpu.push_back(t.cpu_ms);
  }
  std::printf("runs %d  min %.1f ms  median %.1f ms  max %.1f ms  (median CPU %.1f ms)\n", runs,
              *std::min_element(wall.begin(), wall.end()), median(wall),
              *std::max_element(wall.begin(), wall.end()), median(cpu));
  return 0;
}
