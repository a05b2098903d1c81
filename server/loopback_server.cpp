#include "server/loopback_server.hpp"

#include <mutex>
#include <stdexcept>
#include <thread>
#include <utility>

#include "engine/engine.hpp"
#include "server/config.hpp"
#include "server/engine_service.hpp"
#include "server/http_phone.hpp"
#include "server/http_server.hpp"
#include "server/router.hpp"
#include "server/worker_pool.hpp"

namespace dialgraph::server {
namespace {

ServerSettings loopback_settings() {
  ServerSettings settings;  // the limits and timeouts `serve` has by default
  settings.address = "127.0.0.1";
  settings.port = 0;
  settings.threads = 1;  // one file's sessions run one request at a time
  // Nothing waits for an answer once the runner tears the server down.
  settings.shutdown_grace = std::chrono::milliseconds(1000);
  settings.handle_signals = false;  // Ctrl-C must still stop the command around it
  return settings;
}

// Only warnings and errors are kept (for a failed session's report); the one
// info line per request would only be noise.
bool worth_keeping(std::string_view line) {
  return line.find(" level=warn ") != std::string_view::npos || line.find(" level=error ") != std::string_view::npos;
}

std::shared_ptr<const engine::Graph> load(const std::string& menus, const engine::Registry& registry) {
  const engine::LoadResult loaded = engine::load_menus(menus, registry);
  if (loaded.ok()) return loaded.graph;
  std::string message = menus + " does not load:";
  for (const auto& d : loaded.diagnostics) message += "\n  " + d.str();
  throw std::runtime_error(message);
}

EventSink& required(const std::unique_ptr<EventSink>& events) {
  if (!events) throw std::invalid_argument("a loopback server needs an event sink");
  return *events;
}

}  // namespace

// Members in the order `serve` builds them; destroyed in reverse, after the
// destructor has stopped the server and joined its threads.
struct LoopbackServer::Impl {
  Impl(const engine::Registry& registry, engine::CommandLog& commands, std::unique_ptr<EventSink> event_sink,
       const std::string& menus)
      : logger([this](std::string_view line) {
          if (!worth_keeping(line)) return;
          const std::lock_guard lock(log_mutex);
          log.emplace_back(line);
        }),
        graphs(load(menus, registry), std::chrono::seconds(defaults.session_ttl_s),
               static_cast<std::size_t>(defaults.session_capacity)),
        ussd(graphs, registry, commands),
        events(std::move(event_sink)),
        workers(1),  // for timers only: requests run on the I/O thread, as in `serve`
        on_io_thread(workers),
        router(ussd, required(events), on_io_thread, metrics, logger, AccessPolicy(), RouterSettings()) {
    http = std::make_unique<HttpServer>(loopback_settings(), router, metrics, logger);
    try {
      port = http->listen();
      url = "http://127.0.0.1:" + std::to_string(port) + "/callback";
      phone = http_phone(url);
      thread = std::thread([this] {
        try {
          http->run({});
        } catch (const std::exception& e) {
          logger.write(LogLine("error", "loopback server stopped").add("error", e.what()));
        }
      });
    } catch (...) {  // ~Impl will not run
      http.reset();
      throw;
    }
  }

  ~Impl() {
    http->stop();  // posted to the server's loop: also correct if run() has not started yet
    if (thread.joinable()) thread.join();
    http.reset();
    workers.shutdown();
  }

  const Config defaults;
  std::mutex log_mutex;
  std::vector<std::string> log;
  Logger logger;
  Metrics metrics;
  GraphStore graphs;
  EngineUssdService ussd;
  std::unique_ptr<EventSink> events;
  WorkerPool workers;
  InlineExecutor on_io_thread;
  Router router;
  std::unique_ptr<HttpServer> http;
  unsigned short port = 0;
  std::string url;
  toolkit::Phone phone;
  std::thread thread;
};

LoopbackServer::LoopbackServer(const engine::Registry& registry, engine::CommandLog& commands,
                               std::unique_ptr<EventSink> events, const std::string& menus)
    : impl_(std::make_unique<Impl>(registry, commands, std::move(events), menus)) {}

LoopbackServer::~LoopbackServer() = default;

unsigned short LoopbackServer::port() const { return impl_->port; }

std::string LoopbackServer::url() const { return impl_->url; }

const toolkit::Phone& LoopbackServer::phone() const { return impl_->phone; }

std::vector<std::string> LoopbackServer::take_log() {
  const std::lock_guard lock(impl_->log_mutex);
  return std::exchange(impl_->log, {});
}

}  // namespace dialgraph::server
