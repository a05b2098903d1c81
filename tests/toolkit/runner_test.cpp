// Running conversations: what a failure says, and what a run reaches.
#include "server/toolkit/runner.hpp"

#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <utility>

#include <unistd.h>

#include "tiny_service.hpp"

namespace dialgraph::toolkit {
using testing::kFixtures;

TEST_CASE("a screen that differs is shown line by line, expected (-) against actual (+)") {
  Expect expect;
  expect.end = true;
  expect.equals = "Welcome\n1. Pay\n2. Leave";
  engine::Reply reply;
  reply.text = "Welcome\n1. Pay now\n2. Leave";
  CHECK(mismatch(expect, reply, "") ==
        "expected END, got CON\n"
        "the screen differs (- expected, + actual):\n"
        "    Welcome\n"
        "  - 1. Pay\n"
        "  + 1. Pay now\n"
        "    2. Leave\n");
}

TEST_CASE("contains and regex failures show the whole screen") {
  Expect expect;
  expect.contains = {"Paid"};
  expect.regex = "Pa.*";
  engine::Reply reply;
  reply.text = "Wrong PIN\nEnter PIN";
  CHECK(mismatch(expect, reply, "") ==
        "the screen does not contain \"Paid\"\n"
        "the screen does not match /Pa.*/\n"
        "the screen was:\n  | Wrong PIN\n  | Enter PIN\n");
  expect = {};
  CHECK(mismatch(expect, reply, "").empty());
}

TEST_CASE("{{sms.NAME}} is the pattern's first group in the newest SMS that matches") {
  Conversation file;
  file.sms["code"] = "code ([0-9]+)";
  CHECK(fill("{{sms.code}}#", file, "+1", {"your code 123", "your code 456", "hello"}) == "456#");
  CHECK(fill("{{phone}}", file, "+1", {}) == "+1");
  CHECK_THROWS_WITH(fill("{{sms.code}}", file, "+1", {"hello"}),
                    "no SMS to this phone matches sms.code (code ([0-9]+))");
  CHECK_THROWS_WITH(fill("{{sms.pin}}", file, "+1", {}), "unknown variable {{sms.pin}} (declare sms.pin under sms:)");
}

TEST_CASE("a file runs its sessions and records the parts of the menus they reach") {
  const Service service = testing::tiny_service();
  const FileResult ok = run_conversation_file(service, service.menus, kFixtures + "/tiny.yaml");
  CHECK(ok.problems == "");
  CHECK(ok.passed == 1);
  CHECK(ok.failed == 0);
  CHECK(ok.reached.contains("option home 1"));
  CHECK(ok.reached.contains("outcome greet ok"));
  CHECK(ok.reached.contains("route after 2"));
  CHECK_FALSE(ok.reached.contains("route after 1"));

  const RunResult both = run_conversations(service, service.menus,
                                           {kFixtures + "/tiny.yaml", kFixtures + "/failing.yaml"}, 2);
  CHECK(both.passed == 1);
  CHECK(both.failed == 1);
  CHECK(both.files[1].problems.find("  - 1. Greet you\n") != std::string::npos);
  CHECK(both.files[1].problems.find("  + 1. Greet me\n") != std::string::npos);
}

namespace {

// A conversation file of its own in the temporary folder, removed at the end.
class TempFile {
 public:
  TempFile(const std::string& name, const std::string& text)
      : path_((std::filesystem::temp_directory_path() / (std::to_string(::getpid()) + "-" + name)).string()) {
    std::ofstream(path_) << text;
  }
  ~TempFile() { std::filesystem::remove(path_); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

}  // namespace

TEST_CASE("in process, each session keeps its query answers as the server does; continues: goes on with one") {
  const auto guard_runs = std::make_shared<int>(0);
  const Service service = testing::tiny_service(guard_runs);
  const TempFile file("dialgraph_runner_overlap.yaml", R"(
sessions:
  - name: first
    phone: "+1"
    steps:
      - dial:
      - send: "1"
        equals: Your name?
  - name: meanwhile
    phone: "+1"
    steps:
      - dial:
        contains: Welcome
  - name: first goes on
    continues: first
    steps:
      - send: Al
        end: Hello, Al!
)");
  const FileResult result = run_conversation_file(service, service.menus, file.path());
  CHECK(result.problems == "");
  CHECK(result.passed == 3);
  // Four requests replay home and its guard; the guard ran once per session id:
  // "first goes on" got the answer "first" kept, as one session.
  CHECK(*guard_runs == 2);
}

TEST_CASE("a session cannot go on after it ended, nor after an entry of it failed") {
  const Service service = testing::tiny_service();
  const TempFile file("dialgraph_runner_after.yaml", R"(
sessions:
  - name: leaves
    phone: "+1"
    steps: [{dial: }, {send: "2", end: Bye.}]
  - name: comes back
    continues: leaves
    steps: [{send: "1"}]
  - name: wrong
    phone: "+1"
    steps: [{dial: , equals: Hello}]
  - name: goes on
    continues: wrong
    steps: [{send: "1"}]
)");
  const FileResult result = run_conversation_file(service, service.menus, file.path());
  CHECK(result.passed == 1);
  CHECK(result.failed == 3);
  CHECK(result.problems.find(":8: send \"1\": the session has already ended\n") != std::string::npos);
  CHECK(result.problems.find("  session \"goes on\" (line 12)\n  " + file.path() +
                             ":12: the session it continues failed\n") != std::string::npos);
}

TEST_CASE("a file that does not exist or does not parse counts as a failure") {
  const Service service = testing::tiny_service();
  const FileResult missing = run_conversation_file(service, service.menus, kFixtures + "/nope.yaml");
  CHECK(missing.failed == 1);
  CHECK(missing.problems.find("nope.yaml: cannot open") != std::string::npos);
  CHECK_THROWS_AS(conversation_files({kFixtures + "/nope"}), std::runtime_error);
  // A file with a mistyped step fails each of its sessions, not one.
  const TempFile mistyped("dialgraph_runner_mistyped.yaml", R"(
sessions:
  - {name: one, phone: "+1", steps: [{dial: }]}
  - {name: two, phone: "+1", steps: [{dial: }, {sned: "1"}]}
)");
  const FileResult unread = run_conversation_file(service, service.menus, mistyped.path());
  CHECK(unread.failed == 2);
  CHECK(unread.problems.find("unknown key 'sned' in a step") != std::string::npos);
  const auto files = conversation_files({kFixtures});
  CHECK(files == std::vector<std::string>{kFixtures + "/failing.yaml", kFixtures + "/menus.yaml", kFixtures + "/tiny.yaml"});
}

}  // namespace dialgraph::toolkit

namespace dialgraph::toolkit {
namespace {

// Stands in for a service's server: answers in process, but counts what the
// runner asks of it, and logs one error per request.
struct ServerCounts {
  int started = 0;
  int running = 0;
  int requests = 0;
};

class CountingServer : public LiveServer {
 public:
  CountingServer(World& world, const std::string& menus, ServerCounts& counts)
      : graph_(engine::load_menus(menus, world.registry()).graph), counts_(counts) {
    ++counts_.started;
    ++counts_.running;
    phone_ = [this, &world](const engine::Request& request) {
      ++counts_.requests;
      log_.push_back("level=error msg=request" + std::to_string(counts_.requests));
      return engine::respond(*graph_, world.registry(), world.commands(), request);
    };
  }
  ~CountingServer() override { --counts_.running; }
  const Phone& phone() const override { return phone_; }
  std::vector<std::string> take_log() override { return std::exchange(log_, {}); }

 private:
  std::shared_ptr<const engine::Graph> graph_;
  ServerCounts& counts_;
  Phone phone_;
  std::vector<std::string> log_;
};

}  // namespace

TEST_CASE("over HTTP every request of a file goes to one server of its own, stopped when the file is done") {
  Service service = testing::tiny_service();
  ServerCounts counts;
  service.serve_over_http = [&counts](World& world, const std::string& menus) -> std::unique_ptr<LiveServer> {
    return std::make_unique<CountingServer>(world, menus, counts);
  };
  const FileResult ok = run_conversation_file(service, service.menus, kFixtures + "/tiny.yaml", Transport::http);
  CHECK(ok.problems == "");
  CHECK(ok.passed == 1);
  CHECK(ok.reached.empty());  // nothing traced: coverage runs in process
  CHECK(counts.started == 1);
  CHECK(counts.running == 0);
  CHECK(counts.requests == 3);

  // A failed session shows what the server logged during that session only.
  const FileResult failed = run_conversation_file(service, service.menus, kFixtures + "/failing.yaml", Transport::http);
  CHECK(failed.failed == 1);
  CHECK(failed.problems.find("  + 1. Greet me\n") != std::string::npos);
  CHECK(failed.problems.find("    the server logged:\n      | level=error msg=request4\n") != std::string::npos);
  CHECK(counts.started == 2);
  CHECK(counts.running == 0);

  // In process, the hook is never called.
  CHECK(run_conversation_file(service, service.menus, kFixtures + "/tiny.yaml").passed == 1);
  CHECK(counts.started == 2);
}

TEST_CASE("over HTTP, a service without a server fails each file and says why") {
  const Service service = testing::tiny_service();
  const FileResult result = run_conversation_file(service, service.menus, kFixtures + "/tiny.yaml", Transport::http);
  CHECK(result.failed == 1);
  CHECK(result.problems.find("tiny has no HTTP server") != std::string::npos);
}

}  // namespace dialgraph::toolkit
