// `sim`: a phone in the terminal, on the service in process or on a running server.
#include <unistd.h>

#include <iostream>

#include "engine/engine.hpp"
#include "server/toolkit/cli.hpp"
#include "server/toolkit/cli_args.hpp"
#include "server/toolkit/sim.hpp"

namespace dialgraph::toolkit {
namespace {

std::string usage(const Service& service) {
  const bool db = service.test_database.has_value();  // a service with a database to open
  return "usage: " + service.program + " sim [--phone P] [--network N] [--url URL] [--menus FILE]" +
         (db ? " [--db FILE|URL]" : "") + " [--plain]\n"
         "  --phone P    the caller (default: " + service.phone + ")\n"
         "  --url URL    a running server's callback, e.g. http://127.0.0.1:8080/callback;\n"
         "               without it the service runs in process (--menus" + (db ? ", --db" : "") + ")\n"
         "  --plain      no handset boxes (the default when stdin is not a terminal)\n"
         "Type each answer and Enter; Ctrl-D quits.\n";
}

}  // namespace

int run_sim(const Service& service, int argc, char** argv) {
  Args args;
  Phone remote;
  try {
    args = parse_args(argc, argv, {"--help", "-h", "--plain"}, {"--phone", "--network", "--url", "--menus", "--db"});
    if (args.has("--help") || args.has("-h")) {
      std::cout << usage(service);
      return 0;
    }
    if (!args.positional.empty()) throw std::invalid_argument("unexpected argument '" + args.positional[0] + "'");
    if (args.values.contains("--db") && !service.test_database)
      throw std::invalid_argument("--db: " + service.program + " keeps its store in memory; it has no database to open");
    if (args.values.contains("--url")) {
      if (!service.remote) throw std::invalid_argument("--url is not available for this service");
      remote = service.remote(args.get("--url", ""));  // a URL of the wrong shape is a usage error
    }
  } catch (const std::exception& e) {
    std::cerr << service.program << " sim: " << e.what() << "\n" << usage(service);
    return 2;
  }
  const bool terminal = ::isatty(0) && ::isatty(1);
  SimOptions options{args.get("--phone", service.phone), service.service_code, args.get("--network", service.network),
                     terminal && !args.has("--plain"), !::isatty(0), {}};
  try {
    if (remote) {
      simulate(std::cin, std::cout, remote, options);
      return 0;
    }
    const auto world = service.make_sim_world(args.get("--db", ""));
    const engine::LoadResult loaded = engine::load_menus(args.get("--menus", service.menus), world->registry());
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics) std::cerr << d.str() << '\n';
      return 1;
    }
    options.messages = [&](const std::string& phone) { return world->messages_to(phone); };
    simulate(std::cin, std::cout, [&](const engine::Request& r) {
      return engine::respond(*loaded.graph, world->registry(), world->commands(), r);
    }, options);
    return 0;
  } catch (const std::exception& e) {
    std::cerr << service.program << " sim: " << e.what() << '\n';
    return 1;
  }
}

}  // namespace dialgraph::toolkit
