// Running conversations: what a failure says, and what a run reaches.
#include "server/toolkit/runner.hpp"

#include <doctest/doctest.h>

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

TEST_CASE("a file that does not exist or does not parse counts as a failure") {
  const Service service = testing::tiny_service();
  const FileResult missing = run_conversation_file(service, service.menus, kFixtures + "/nope.yaml");
  CHECK(missing.failed == 1);
  CHECK(missing.problems.find("nope.yaml: cannot open") != std::string::npos);
  CHECK_THROWS_AS(conversation_files({kFixtures + "/nope"}), std::runtime_error);
  const auto files = conversation_files({kFixtures});
  CHECK(files == std::vector<std::string>{kFixtures + "/failing.yaml", kFixtures + "/menus.yaml", kFixtures + "/tiny.yaml"});
}

}  // namespace dialgraph::toolkit
