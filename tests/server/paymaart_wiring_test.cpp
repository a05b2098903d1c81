// The Paymaart store bound into the server: the pruner of command records.
#include "server/paymaart_wiring.hpp"

#include <doctest/doctest.h>

#include <chrono>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actions/command.hpp"

using namespace dialgraph;
using namespace dialgraph::server;

namespace {

// The log lines written so far, from any thread.
class LogLines {
 public:
  Logger::Output output() {
    return [this](std::string_view line) {
      const std::lock_guard lock(mutex_);
      lines_.emplace_back(line);
    };
  }
  // The first line holding `text`, waiting up to `patience` for it.
  std::string wait_for(const std::string& text, std::chrono::milliseconds patience) {
    const auto until = std::chrono::steady_clock::now() + patience;
    while (std::chrono::steady_clock::now() < until) {
      {
        const std::lock_guard lock(mutex_);
        for (const auto& line : lines_)
          if (line.find(text) != std::string::npos) return line;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return "";
  }

 private:
  std::mutex mutex_;
  std::vector<std::string> lines_;
};

}  // namespace

TEST_CASE("the record pruner forgets records older than the retention, batch after batch") {
  actions::Store store(":memory:");
  const actions::CommandFn act = [](actions::Tx&) { return engine::ActionResult{"ok", {}, {}}; };
  const std::int64_t now = 1'000'000;
  // Many batches (100 each) of records two hours old, and one a minute old.
  for (int i = 0; i < 1'200; ++i) actions::run_once(store, "old/" + std::to_string(i), now - 7'200, act);
  actions::run_once(store, "young", now - 60, act);

  LogLines log;
  Logger logger(log.output());
  RecordPruner pruner(store, logger, std::chrono::hours(1), std::chrono::milliseconds(20),
                      [now] { return now; });
  std::string line;
  {
    WorkerPool pool(1);
    pruner.start(pool);
    line = log.wait_for("command records forgotten", std::chrono::seconds(10));
    pool.shutdown();
  }
  REQUIRE_FALSE(line.empty());
  CHECK(line.find("count=1200") != std::string::npos);  // one line for the whole pass

  actions::StoreCommandLog records(store);
  CHECK_FALSE(records.find("old/0").has_value());
  CHECK_FALSE(records.find("old/1199").has_value());
  CHECK(records.find("young").has_value());
}

TEST_CASE("a pruner that cannot prune logs why and tries again next period") {
  actions::Store store(":memory:");
  LogLines log;
  Logger logger(log.output());
  int calls = 0;
  // A clock that throws stands for a store that fails: the pass is logged, not fatal.
  RecordPruner pruner(store, logger, std::chrono::hours(1), std::chrono::milliseconds(10), [&]() -> std::int64_t {
    ++calls;
    throw std::runtime_error("clock unavailable");
  });
  std::string line;
  {
    WorkerPool pool(1);
    pruner.start(pool);
    line = log.wait_for("command records not pruned", std::chrono::seconds(10));
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    pool.shutdown();
  }
  CHECK(line.find("clock unavailable") != std::string::npos);
  CHECK(calls >= 2);
}
