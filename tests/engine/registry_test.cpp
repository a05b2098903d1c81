#include "engine/registry.hpp"

#include <doctest/doctest.h>

#include <stdexcept>

namespace dialgraph::engine {
namespace {

ActionSpec spec(std::string name, std::vector<std::string> outcomes = {"ok"}) {
  return {std::move(name), ActionKind::query, {}, {}, std::move(outcomes),
          [](const ActionContext&) { return ActionResult{}; }};
}

Registry bank() {
  Registry r;
  r.add(spec("pin.verify"));
  r.add(spec("balance.get"));
  r.add(spec("customer.lookup"));
  return r;
}

// The message of the exception `call` throws, or "" when it throws none.
template <typename Exception, typename Call>
std::string thrown(Call call) {
  try {
    call();
  } catch (const Exception& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("names are listed sorted, whatever the order they were added in") {
  CHECK(bank().names() == std::vector<std::string>{"balance.get", "customer.lookup", "pin.verify"});
  CHECK(Registry{}.names().empty());
}

TEST_CASE("adding a name twice throws and names the action") {
  Registry r = bank();
  CHECK(thrown<std::invalid_argument>([&] { r.add(spec("pin.verify")); }) ==
        "action 'pin.verify' is registered twice");
  CHECK(r.names().size() == 3);
}

TEST_CASE("an action without a name, outcomes or function is refused") {
  Registry r;
  CHECK(thrown<std::invalid_argument>([&] { r.add(spec("")); }) == "an action needs a name");
  CHECK(thrown<std::invalid_argument>([&] { r.add(spec("quiet", {})); }) == "action 'quiet' declares no outcomes");
  ActionSpec no_function = spec("idle");
  no_function.run = nullptr;
  CHECK(thrown<std::invalid_argument>([&] { r.add(no_function); }) == "action 'idle' has no function");
  CHECK(r.names().empty());
}

TEST_CASE("find returns the spec by name, and null for an unknown name") {
  const Registry r = bank();
  REQUIRE(r.find("pin.verify") != nullptr);
  CHECK(r.find("pin.verify")->name == "pin.verify");
  CHECK(r.find("pin.verif") == nullptr);
  CHECK(r.find("") == nullptr);
}

TEST_CASE("get returns the spec by name") {
  CHECK(bank().get("balance.get").outcomes == std::vector<std::string>{"ok"});
}

TEST_CASE("get of an unknown name throws with the closest registered name") {
  const Registry r = bank();
  CHECK(thrown<std::out_of_range>([&] { r.get("pin.verfy"); }) ==
        "unknown action 'pin.verfy'; did you mean 'pin.verify'?");
  CHECK(thrown<std::out_of_range>([&] { r.get("balanse.gett"); }) ==
        "unknown action 'balanse.gett'; did you mean 'balance.get'?");
}

TEST_CASE("get of a name close to nothing throws without a hint") {
  const Registry r = bank();
  CHECK(thrown<std::out_of_range>([&] { r.get("sms.outbox.flush"); }) == "unknown action 'sms.outbox.flush'");
  CHECK(thrown<std::out_of_range>([&] { Registry{}.get("x"); }) == "unknown action 'x'");
}

TEST_CASE("closest picks the nearest name, and nothing when all are far") {
  const Registry r = bank();
  CHECK(r.closest("customer.lookpu") == "customer.lookup");
  CHECK(r.closest("zzzzzzzzzzzzzzzz") == "");
}

TEST_CASE("an action runs through the function it was registered with") {
  Registry r;
  r.add({"echo", ActionKind::query, {"said"}, {}, {"ok"}, [](const ActionContext& c) {
           return ActionResult{"ok", {{"said", std::string(c.input)}}, {}};
         }});
  const Request request;
  const Vars vars;
  const ActionResult result = r.get("echo").run(ActionContext{request, vars, "hi", ""});
  CHECK(result.values.at("said") == "hi");
}

}  // namespace dialgraph::engine
