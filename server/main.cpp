// The composition root: the `dialgraph` executable and its subcommands. The
// only place where the long-lived objects are created and wired together.
#include <algorithm>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <string>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

#include "actions/command.hpp"
#include "actions/paymaart.hpp"
#include "actions/pepper_binding.hpp"
#include "actions/settings.hpp"
#include "actions/store.hpp"
#include "server/cli.hpp"
#include "server/config.hpp"
#include "server/engine_service.hpp"
#include "server/http_server.hpp"
#include "server/paymaart_wiring.hpp"
#include "server/router.hpp"
#include "server/sms.hpp"
#include "server/worker_pool.hpp"

namespace dialgraph::server {

namespace {

constexpr const char* usage =
    "usage: dialgraph <command> [options]\n\n"
    "commands:\n"
    "  serve              answer Africa's Talking (see dialgraph serve --help)\n"
    "  check              validate the menus file (--coverage: what the tests never reach)\n"
    "  test [PATH...]     run conversation tests (--http: through the real server)\n"
    "  graph              draw the menus as a Mermaid or Graphviz graph\n"
    "  sim                a phone in the terminal (in process, or --url a server)\n"
    "  demo               create a demo database\n"
    "  customers import   load customers from a CSV file\n";

std::int64_t epoch_now() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

RouterSettings router_settings(const Config& config) {
  RouterSettings settings;
  settings.deadline = std::chrono::milliseconds(config.deadline_ms);
  settings.body_limit = static_cast<std::size_t>(config.body_limit);
  settings.phone_digits_visible = config.phone_digits_visible;
  settings.secrets_ttl = std::chrono::seconds(2 * config.session_ttl_s);
  settings.secrets_capacity = static_cast<std::size_t>(config.session_capacity);
  return settings;
}

ServerSettings server_settings(const Config& config) {
  ServerSettings settings;
  settings.address = config.listen_address;
  settings.port = config.listen_port;
  settings.threads = config.effective_threads();
  settings.body_limit = static_cast<std::size_t>(config.body_limit);
  settings.header_limit = static_cast<std::size_t>(config.header_limit);
  settings.max_connections = config.max_connections;
  settings.read_timeout = std::chrono::milliseconds(config.read_timeout_ms);
  settings.idle_timeout = std::chrono::milliseconds(config.idle_timeout_ms);
  settings.write_timeout = std::chrono::milliseconds(config.write_timeout_ms);
  settings.shutdown_grace = std::chrono::milliseconds(config.shutdown_grace_ms);
  return settings;
}

// Files the process may open beside its connections: the database and its
// WAL, readers, the log, the SMS client's socket, the listener, with room over.
constexpr rlim_t kFilesBesideConnections = 64;

// Raises the open-files limit to what the system allows: under the usual soft
// limit of 1024, accept fails ("too many open files") before max_connections'
// canned 503 can answer, and /healthz stops answering too. Warns when even the
// hard limit leaves max_connections out of reach.
void make_room_for_connections(int max_connections, Logger& logger) {
  rlimit files{};
  if (getrlimit(RLIMIT_NOFILE, &files) != 0) return;
  if (files.rlim_cur < files.rlim_max) {
    files.rlim_cur = files.rlim_max;
    if (setrlimit(RLIMIT_NOFILE, &files) != 0) getrlimit(RLIMIT_NOFILE, &files);
  }
  const auto wanted = static_cast<rlim_t>(max_connections) + kFilesBesideConnections;
  if (files.rlim_cur != RLIM_INFINITY && files.rlim_cur < wanted)
    logger.write(LogLine("warn", "max_connections cannot be reached: the process may open only " +
                                     std::to_string(files.rlim_cur) + " files (ulimit -n); raise it or lower "
                                     "max_connections, or clients past it wait for accept instead of a 503"));
}

// Builds everything, serves until SIGTERM/SIGINT, and tears down in order:
// HTTP drained, SMS sender stopped, workers joined, then the store closes.
int serve(const Config& config, Logger& logger) {
  Metrics metrics;
  make_room_for_connections(config.max_connections, logger);
  if (config.shutdown_grace_ms < config.deadline_ms)
    logger.write(LogLine("warn", "shutdown_grace_ms is below deadline_ms: a stop may cut off a request still "
                                 "within its deadline, whose payment can complete unanswered"));
  const auto paymaart = actions::settings_from_yaml(config.paymaart);
  if (paymaart.pepper == actions::demo_pepper())
    logger.write(LogLine("warn", "serving with the published demo pepper: set paymaart.pepper (64 hex digits) "
                                 "before importing real customers, whose PINs it would hash"));
  // A mistyped --db would otherwise make a new, empty database and serve it:
  // every caller "not registered".
  if (!actions::is_postgresql_url(config.db) && config.db != ":memory:" && !std::filesystem::exists(config.db))
    throw std::runtime_error("no database at " + config.db + "; create one with `dialgraph demo --db " + config.db +
                             "` or `dialgraph customers import FILE.csv --db " + config.db + "`");
  actions::Store store(config.db);
  if (actions::bind_pepper(store, paymaart.pepper) == actions::PepperBinding::unverified)
    logger.write(LogLine("warn", actions::kUnverifiedPepper));
  if (!store.read([](actions::Tx& tx) { return tx.has_customers(); }))
    logger.write(LogLine("warn", "the database has no customers: every caller will be told to register. Add them "
                                 "with `dialgraph customers import FILE.csv` (or `dialgraph demo`)"));
  engine::Registry registry;
  actions::register_paymaart_actions(registry, store, paymaart, actions::system_clock());
  actions::StoreCommandLog commands(store);

  GraphStore graphs(nullptr, std::chrono::seconds(config.session_ttl_s),
                    static_cast<std::size_t>(config.session_capacity));
  if (!reload_menus(config.menus, registry, graphs, metrics, logger, false)) return 1;
  EngineUssdService ussd(graphs, registry, commands);
  StoreEventSink events(store);
  StoreSmsOutbox outbox(store, paymaart, actions::system_clock());
  const auto transport = make_sms_transport(config.sms, logger, config.phone_digits_visible);

  // Before the pool, which runs it: it outlives every job it gave the pool.
  RecordPruner pruner(store, logger, std::chrono::seconds(config.records_retention_s),
                      std::chrono::minutes(10), actions::system_clock());

  // Reloads always run on a worker; requests too when `workers` asks for a pool.
  WorkerPool workers(std::max(1, config.workers));
  InlineExecutor on_io_threads(workers);
  Executor& requests = config.workers > 0 ? static_cast<Executor&>(workers) : on_io_threads;
  AccessPolicy access(parse_cidrs(config.allow), parse_cidrs(config.trusted_proxies),
                      config.callback_key);
  // Writes return before their flush; every reply waits for it instead (group commit).
  store.defer_flushes();
  StoreDurability durability(store);
  Router router(ussd, events, requests, metrics, logger, std::move(access), router_settings(config),
                &durability);
  HttpServer http(server_settings(config), router, metrics, logger);
  http.listen();
  // Sending several at once overlaps network round trips; a log line has none.
  SmsConfig sending = config.sms;
  if (!sends_to_provider(config.sms)) sending.parallel = 1;
  SmsSender sms(outbox, *transport, sending, metrics, logger, epoch_now);
  sms.start();
  pruner.start(workers);
  http.run([&] {
    workers.post([&] { reload_menus(config.menus, registry, graphs, metrics, logger); });
  });
  // Replies held for a flush are handed over before the router goes.
  store.wait_flushed();
  sms.stop();
  workers.shutdown();
  logger.write(LogLine("info", "stopped"));
  return 0;
}

}  // namespace

int run_serve(int argc, char** argv) {
  ServeArgs args;
  try {
    args = parse_serve_args(std::vector<std::string>(argv + 1, argv + argc), process_environment());
  } catch (const ConfigError& error) {
    std::cerr << "dialgraph serve: " << error.what() << "\n";
    return 2;
  }
  if (args.help) {
    std::cout << serve_help();
    return 0;
  }
  Logger logger(std::chrono::milliseconds(100));
  std::vector<std::string> present;
  for (char** entry = environ; *entry != nullptr; ++entry) {
    const std::string_view text = *entry;
    present.emplace_back(text.substr(0, text.find('=')));
  }
  for (const std::string& warning : environment_typos(present)) logger.write(LogLine("warn", warning));
  try {
    return serve(args.config, logger);
  } catch (const std::exception& error) {
    logger.write(LogLine("error", "cannot serve").add("error", error.what()));
    return 1;
  }
}

}  // namespace dialgraph::server

int main(int argc, char** argv) {
  using namespace dialgraph::server;
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    std::cout << usage;
    return argc < 2 ? 2 : 0;
  }
  const std::string command = argv[1];
  if (command == "serve") return run_serve(argc - 1, argv + 1);
  if (command == "check") return run_check(argc - 1, argv + 1);
  if (command == "test") return run_test(argc - 1, argv + 1);
  if (command == "graph") return run_graph(argc - 1, argv + 1);
  if (command == "sim") return run_sim(argc - 1, argv + 1);
  if (command == "demo") return run_demo(argc - 1, argv + 1);
  if (command == "customers") return run_customers(argc - 1, argv + 1);
  std::cerr << "dialgraph: unknown command '" << command << "'\n" << usage;
  return 2;
}
