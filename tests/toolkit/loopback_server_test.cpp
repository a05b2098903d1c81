// The loopback server behind `test --http`: the real HTTP stack on a free
// port, serving a world that stays in the test, and stopped when it goes.
#include "server/loopback_server.hpp"

#include <doctest/doctest.h>

#include <unistd.h>

#include <csignal>
#include <filesystem>
#include <fstream>

#include "server/http_phone.hpp"
#include "tiny_service.hpp"

namespace dialgraph::server {
namespace {

using toolkit::testing::kFixtures;

// Records the gateway's notifications, or refuses them all.
class Events : public EventSink {
 public:
  explicit Events(bool refuse, std::vector<std::string>& sessions) : refuse_(refuse), sessions_(sessions) {}
  void record(const SessionEvent& event) override {
    if (refuse_) throw std::runtime_error("the events table is gone");
    sessions_.push_back(event.session_id);
  }

 private:
  bool refuse_;
  std::vector<std::string>& sessions_;
};

engine::Request request(const std::string& phone, std::vector<std::string> inputs) {
  return {"loop-1", phone, "*1#", "65001", std::move(inputs)};
}

// The tiny service's menus over HTTP; `events` receives the notifications.
std::unique_ptr<LoopbackServer> serve(toolkit::World& world, std::vector<std::string>& events,
                                      bool refuse_events = false, const std::string& menus = kFixtures + "/menus.yaml") {
  return std::make_unique<LoopbackServer>(world.registry(), world.commands(),
                                          std::make_unique<Events>(refuse_events, events), menus);
}

// http_phone posts the callback's form; /events needs only its sessionId.
void notify(const LoopbackServer& server) {
  http_phone("http://127.0.0.1:" + std::to_string(server.port()) + "/events")(request("+1", {}));
}

}  // namespace

TEST_CASE("answers a session over HTTP on a port of its own, and refuses connections once stopped") {
  toolkit::testing::TinyWorld world;
  std::vector<std::string> events;
  auto server = serve(world, events);
  REQUIRE(server->port() != 0);
  CHECK(server->url() == "http://127.0.0.1:" + std::to_string(server->port()) + "/callback");
  const engine::Reply home = server->phone()(request("+1", {}));
  CHECK_FALSE(home.end);
  CHECK(home.text == "Welcome to Tiny\n1. Greet me\n2. Leave");
  const engine::Reply hello = server->phone()(request("+1", {"1", "Al"}));
  CHECK(hello.end);
  CHECK(hello.text == "Hello, Al!");
  CHECK(server->take_log().empty());
  // The gateway's notification reaches the sink it was given; OK is not CON/END.
  CHECK_THROWS_WITH(notify(*server), "the server answered 200: OK\n");
  CHECK(events == std::vector<std::string>{"loop-1"});

  const std::string url = server->url();
  const std::string port = std::to_string(server->port());
  server.reset();
  CHECK_THROWS_WITH(http_phone(url)(request("+1", {})),
                    ("cannot reach 127.0.0.1:" + port + ": connect: Connection refused").c_str());
}

TEST_CASE("what the server logs as a warning or an error is kept for the runner, once") {
  toolkit::testing::TinyWorld world;
  std::vector<std::string> events;
  const auto server = serve(world, events, true);
  CHECK_THROWS_WITH(notify(*server), doctest::Contains("the server answered 503"));
  const auto log = server->take_log();
  REQUIRE(log.size() == 1);
  CHECK(log[0].find("level=error msg=\"event not stored\"") != std::string::npos);
  CHECK(server->take_log().empty());
  server->phone()(request("+1", {}));  // an answered request logs at info: not kept
  CHECK(server->take_log().empty());
}

TEST_CASE("a menus file that does not load is refused with its errors") {
  const std::string bad = (std::filesystem::temp_directory_path() /
                           ("dialgraph-loopback-bad-" + std::to_string(::getpid()) + ".yaml")).string();
  std::ofstream(bad) << "service: Broken\nstart: nowhere\nlanguages: [en]\nscreens: {}\n";
  toolkit::testing::TinyWorld world;
  std::vector<std::string> events;
  try {
    serve(world, events, false, bad);
    FAIL("the server started");
  } catch (const std::runtime_error& e) {
    const std::string what = e.what();
    CHECK(what.starts_with(bad + " does not load:\n  " + bad + ":"));
  }
  std::filesystem::remove(bad);
}

TEST_CASE("leaves SIGINT, SIGTERM and SIGHUP as the command had them") {
  // Not the defaults, which the server's own signal handling would put back.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGHUP, SIG_IGN);
  const auto handlers = [] {
    std::vector<void (*)(int)> out;
    for (int signal : {SIGINT, SIGTERM, SIGHUP}) {
      struct sigaction now {};
      ::sigaction(signal, nullptr, &now);
      out.push_back(now.sa_handler);
    }
    return out;
  };
  const auto before = handlers();
  {
    toolkit::testing::TinyWorld world;
    std::vector<std::string> events;
    const auto server = serve(world, events);
    CHECK(handlers() == before);
  }
  CHECK(handlers() == before);
  std::signal(SIGINT, SIG_DFL);
  std::signal(SIGHUP, SIG_DFL);
}

}  // namespace dialgraph::server
