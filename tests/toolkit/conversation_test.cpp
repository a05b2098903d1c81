// Conversation files: what they may say, and the exact complaint when they are wrong.
#include "server/toolkit/conversation.hpp"

#include <doctest/doctest.h>

namespace dialgraph::toolkit {
namespace {

std::string error_of(const std::string& text) {
  try {
    parse_conversation_text(text, "c.yaml");
  } catch (const ConversationError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("a session is a phone and steps: dial, send, wait, each with what the reply must be") {
  const Conversation c = parse_conversation_text(R"(
sms: {code: '([0-9]{6})'}
sessions:
  - name: pays
    phone: "+265991000001"
    network: "65010"
    steps:
      - dial:
        con: |
          Welcome
          1. Pay
      - send: "1"
        reply: end
        contains: [Paid, MWK]
        regex: "Paid .*"
      - wait: 301
uncovered:
  - {part: outcome pay not_run, why: a race}
)", "c.yaml");
  REQUIRE(c.sessions.size() == 1);
  const Session& s = c.sessions[0];
  CHECK(s.name == "pays");
  CHECK(s.network == "65010");
  REQUIRE(s.steps.size() == 3);
  CHECK(s.steps[0].kind == Step::Kind::dial);
  CHECK(s.steps[0].expect.end == false);
  CHECK(s.steps[0].expect.equals == "Welcome\n1. Pay");  // a | block's last newline is not part of the screen
  CHECK(s.steps[1].input == "1");
  CHECK(s.steps[1].expect.end == true);
  CHECK(s.steps[1].expect.contains == std::vector<std::string>{"Paid", "MWK"});
  CHECK(s.steps[2].kind == Step::Kind::wait);
  CHECK(s.steps[2].seconds == 301);
  CHECK(c.sms.at("code") == "([0-9]{6})");
  REQUIRE(c.uncovered.size() == 1);
  CHECK(c.uncovered[0].part == "outcome pay not_run");
  CHECK(c.uncovered[0].line == 18);
}

TEST_CASE("mistakes in a conversation file are named with file, line and column") {
  CHECK(error_of("sessions:\n  - phone: '1'\n    steps:\n      - send: '1'\n") ==
        "c.yaml:4:9: a session starts with dial");
  CHECK(error_of("sessions:\n  - phone: '1'\n    steps:\n      - dial:\n        expect: con\n") ==
        "c.yaml:5:9: unknown key 'expect' in a step");
  CHECK(error_of("sessions:\n  - phone: '1'\n    steps:\n      - dial:\n        con: a\n        end: b\n") ==
        "c.yaml:6:14: a step expects either con or end, not both");
  CHECK(error_of("sessions:\n  - steps: [{dial: }]\n") == "c.yaml:2:5: a session needs a phone");
  CHECK(error_of("fixtures: {}\n") == "c.yaml:1:1: unknown key 'fixtures' in a conversation file");
  CHECK(error_of("sessions:\n  - phone: '1'\n    steps:\n      - dial:\n      - wait: 5\n        con: x\n") ==
        "c.yaml:5:9: wait gets no reply to check");
  // A second check under the same key would never run.
  CHECK(error_of("sessions:\n  - phone: '1'\n    steps:\n      - dial:\n        contains: Welcome\n"
                 "        contains: ZZZ\n") == "c.yaml:6:9: 'contains' is given twice here");
  CHECK(error_of("") == "c.yaml: no sessions (the file is empty)");
  CHECK(error_of("sessions: []\n") == "c.yaml:1:1: no sessions: a conversation file needs at least one under 'sessions'");
}

TEST_CASE("continues: goes on with an earlier session: its phone, its network, and (when run) its id and path") {
  const Conversation c = parse_conversation_text(R"(
sessions:
  - name: first
    phone: "+1"
    network: "65010"
    steps: [{dial: }, {send: "1"}]
  - name: meanwhile
    phone: "+1"
    steps: [{dial: }]
  - name: first goes on
    continues: first
    steps: [{send: "2", reply: end}]
  - name: and on
    continues: first goes on
    steps: [{wait: 5}]
)", "c.yaml");
  REQUIRE(c.sessions.size() == 4);
  CHECK(c.sessions[0].continues == -1);
  CHECK(c.sessions[1].continues == -1);
  CHECK(c.sessions[2].continues == 0);
  CHECK(c.sessions[2].phone == "+1");
  CHECK(c.sessions[2].network == "65010");
  CHECK(c.sessions[2].steps[0].input == "2");
  CHECK(c.sessions[3].continues == 0);  // a continuation of a continuation is still the session that dialled
}

TEST_CASE("continues: names exactly one earlier session, and neither dials nor names a phone") {
  const std::string first = "sessions:\n  - name: a\n    phone: '1'\n    steps: [{dial: }]\n";
  CHECK(error_of(first + "  - continues: b\n    steps: [{send: '1'}]\n") == "c.yaml:5:16: no earlier session is named 'b'");
  CHECK(error_of("sessions:\n  - continues: a\n    steps: [{send: '1'}]\n  - name: a\n    phone: '1'\n    steps: [{dial: }]\n") ==
        "c.yaml:2:16: no earlier session is named 'a'");
  CHECK(error_of(first + first.substr(10) + "  - continues: a\n    steps: [{send: '1'}]\n") ==
        "c.yaml:8:16: more than one earlier session is named 'a'");
  CHECK(error_of(first + "  - continues: a\n    phone: '1'\n    steps: [{send: '1'}]\n") ==
        "c.yaml:6:12: a session that continues another keeps its phone and network");
  CHECK(error_of(first + "  - continues: a\n    steps: [{dial: }]\n") == "c.yaml:6:13: dial only starts a session");
}

}  // namespace dialgraph::toolkit
