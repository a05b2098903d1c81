// The engine alone, without HTTP: whole navigation and balance sessions
// through engine::respond on a demo database, as `dialgraph serve` runs them
// (one memo per session, the store's command log), one thread. Prints the
// process CPU time per request, the figure that bench/http_bench.sh's
// "CPU/ceil" column spends on top of the HTTP stack.
//
//   engine_bench DB MENUS [SESSIONS]
//
// DB: a database made by `dialgraph demo` (its verified callers are used;
// the demo PIN is 1357). Nothing in it changes but balance's PIN records.
#include <SQLiteCpp/SQLiteCpp.h>
#include <sys/resource.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "actions/command.hpp"
#include "actions/paymaart.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "engine/engine.hpp"
#include "engine/session_memo.hpp"

namespace {

using namespace dialgraph;

double cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

std::vector<std::string> verified_phones(const std::string& db) {
  SQLite::Database database(db, SQLite::OPEN_READONLY);
  SQLite::Statement query(database, "SELECT phone FROM customers WHERE kyc_status = 'verified' ORDER BY id");
  std::vector<std::string> phones;
  while (query.executeStep()) phones.push_back(query.getColumn(0).getString());
  if (phones.empty()) throw std::runtime_error(db + ": no verified customers");
  return phones;
}

struct Flow {
  const char* name;
  std::vector<std::vector<std::string>> steps;  // the inputs of each request
};

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: engine_bench DB MENUS [SESSIONS]\n");
    return 2;
  }
  const std::string db = argv[1];
  const int sessions = argc > 3 ? std::atoi(argv[3]) : 20000;
  try {
    const auto phones = verified_phones(db);
    actions::Settings settings;
    actions::Store store(db);
    engine::Registry registry;
    const actions::Clock clock = [] {
      return static_cast<std::int64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                           std::chrono::system_clock::now().time_since_epoch())
                                           .count());
    };
    actions::register_paymaart_actions(registry, store, settings, clock);
    actions::StoreCommandLog commands(store);
    const auto loaded = engine::load_menus(argv[2], registry);
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics) std::fprintf(stderr, "%s\n", d.str().c_str());
      return 1;
    }
    const engine::Graph& graph = *loaded.graph;
    const Flow flows[] = {
        {"navigation", {{}, {"2"}, {"2", "0"}, {"2", "0", "6"}, {"2", "0", "6", "00"}, {"2", "0", "6", "00", "9"}}},
        {"balance", {{}, {"1"}, {"1", "1357"}}},
    };
    std::printf("%-12s %9s %12s\n", "flow", "requests", "CPU us/req");
    // Session ids new to the database: a session id that an earlier run used
    // would find its PIN check recorded and replay it instead of checking.
    const std::string run = "bench-" + std::to_string(clock()) + "-" + std::to_string(getpid()) + "-";
    int serial = 0;
    for (const Flow& flow : flows) {
      long requests = 0;
      const double before = cpu_seconds();
      for (int s = 0; s < sessions; ++s) {
        engine::SessionMemo memo;
        engine::Request request{run + std::to_string(++serial), phones[serial % phones.size()], "*3664#",
                                "65001", {}};
        for (const auto& inputs : flow.steps) {
          request.inputs = inputs;
          const engine::Reply reply = engine::respond(graph, registry, commands, request, nullptr, &memo);
          ++requests;
          if (!reply.error.empty()) throw std::runtime_error(flow.name + std::string(": ") + reply.error);
        }
      }
      const double spent = cpu_seconds() - before;
      std::printf("%-12s %9ld %12.2f\n", flow.name, requests, spent * 1e6 / static_cast<double>(requests));
    }
  } catch (const std::exception& failure) {
    std::fprintf(stderr, "engine_bench: %s\n", failure.what());
    return 1;
  }
  return 0;
}
