#include "server/logging.hpp"

#include <doctest/doctest.h>

#include <future>
#include <mutex>
#include <regex>
#include <utility>

using namespace dialgraph::server;

TEST_CASE("logfmt values are quoted when needed") {
  CHECK(logfmt_value("plain") == "plain");
  CHECK(logfmt_value("") == "\"\"");
  CHECK(logfmt_value("two words") == "\"two words\"");
  CHECK(logfmt_value("a=b") == "\"a=b\"");
  CHECK(logfmt_value("say \"hi\"\\") == "\"say \\\"hi\\\"\\\\\"");
  CHECK(logfmt_value("line\nbreak") == "\"line\\nbreak\"");
}

TEST_CASE("a log line is one logfmt line") {
  LogLine line("info", "request");
  line.add("status", 200).add("path", "/callback").add("phone", "+*********4567");
  CHECK(std::regex_match(line.str(), std::regex(R"(ts=\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z level=info msg=request status=200 path=/callback phone=\+\*+4567)")));
  std::vector<std::string> seen;
  Logger logger([&](std::string_view text) { seen.emplace_back(text); });
  logger.write(line);
  REQUIRE(seen.size() == 1);
  CHECK(seen[0] == line.str());
}

TEST_CASE("a batching logger writes info lines in batches and warnings at once") {
  std::mutex mutex;
  std::vector<std::string> batches;
  auto seen = [&] {
    const std::lock_guard lock(mutex);
    return batches;
  };
  {
    Logger logger(std::chrono::hours(1), [&](std::string_view batch) {
      const std::lock_guard lock(mutex);
      batches.emplace_back(batch);
    });
    logger.write(LogLine("info", "first"));
    logger.write(LogLine("info", "second"));
    CHECK(seen().empty());  // an hour to go before the flusher wakes

    logger.write(LogLine("warn", "third"));
    const auto after_warning = seen();
    REQUIRE(after_warning.size() == 1);
    // The warning comes out after the lines batched before it, all whole.
    CHECK(std::regex_match(after_warning[0],
                           std::regex("ts=\\S+ level=info msg=first\n"
                                      "ts=\\S+ level=info msg=second\n"
                                      "ts=\\S+ level=warn msg=third\n")));
    logger.write(LogLine("info", "last"));
  }
  // Destruction writes what is left.
  const auto all = seen();
  REQUIRE(all.size() == 2);
  CHECK(all[1].find("msg=last\n") != std::string::npos);
}

TEST_CASE("a batching logger's flusher writes within its interval") {
  std::promise<std::string> written;
  Logger logger(std::chrono::milliseconds(20),
                [&, done = false](std::string_view batch) mutable {
                  if (!std::exchange(done, true)) written.set_value(std::string(batch));
                });
  logger.write(LogLine("info", "request"));
  auto future = written.get_future();
  REQUIRE(future.wait_for(std::chrono::seconds(5)) == std::future_status::ready);
  CHECK(future.get().find("msg=request\n") != std::string::npos);
}

TEST_CASE("a request thread's line does not wait for a batch being written") {
  std::promise<void> in_sink;
  std::promise<void> release;
  auto released = release.get_future().share();
  std::mutex mutex;
  std::vector<std::string> batches;
  {
    Logger logger(std::chrono::hours(1), [&, first = true](std::string_view batch) mutable {
      if (std::exchange(first, false)) {
        in_sink.set_value();
        released.wait();  // a slow disk
      }
      const std::lock_guard lock(mutex);
      batches.emplace_back(batch);
    });
    // A warning flushes on its own thread, which then sits in the sink.
    auto flushing = std::async(std::launch::async, [&] { logger.write(LogLine("warn", "slow")); });
    in_sink.get_future().wait();
    auto appending = std::async(std::launch::async, [&] { logger.write(LogLine("info", "next")); });
    const bool appended = appending.wait_for(std::chrono::seconds(5)) == std::future_status::ready;
    release.set_value();
    CHECK(appended);
    flushing.get();
    appending.get();
  }
  // Still in order: the slow batch first, the line written meanwhile after it.
  REQUIRE(batches.size() == 2);
  CHECK(batches[0].find("msg=slow\n") != std::string::npos);
  CHECK(batches[1].find("msg=next\n") != std::string::npos);
}

TEST_CASE("phones are masked to their last digits") {
  CHECK(mask_phone("+265991234567", 4) == "+********4567");
  CHECK(mask_phone("+265991234567", 0) == "+************");
  CHECK(mask_phone("123", 4) == "123");
  CHECK(mask_phone("", 4) == "");
}

TEST_CASE("secret inputs are masked") {
  const std::vector<std::string> inputs{"1", "0991234567", "5000", "1234"};
  CHECK(join_masked(inputs, {false, false, false, true}) == "1*0991234567*5000*****");
  CHECK(join_masked(inputs, {}) == "1*0991234567*5000*1234");
  CHECK(guess_secret_inputs(inputs) == std::vector<bool>{false, true, true, true});
  CHECK(guess_secret_inputs({"12345", "123456", "1234567", "12a4", "123", "1357#", " 1357", "PM100001", "abcd"}) ==
        std::vector<bool>{true, true, true, false, false, true, true, true, false});
}

TEST_CASE("scrub removes secrets from error texts") {
  CHECK(scrub("bad pin 1234 for 1234", {"1234"}) == "bad pin **** for ****");
  CHECK(scrub("nothing here", {"", "9999"}) == "nothing here");
}
