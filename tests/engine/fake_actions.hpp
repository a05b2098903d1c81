// A small bank of fake actions for engine tests: enough to drive every screen
// type, with a command log kept in memory.
#pragma once

#include <map>
#include <span>
#include <stdexcept>
#include <string>

#include "engine/command_log.hpp"
#include "engine/registry.hpp"

namespace dialgraph::engine::testing {

// Remembers command results by key, as a real store does in its transaction.
class MemoryCommandLog : public CommandLog {
 public:
  std::optional<ActionResult> find(const std::string& key) override {
    const auto it = results.find(key);
    if (it == results.end()) return std::nullopt;
    return it->second;
  }
  void record(std::span<const Answered> answers) override {
    ++record_calls;
    if (failing) throw std::runtime_error("disk full");
    for (const Answered& answer : answers) results.try_emplace(answer.key, *answer.result);
  }
  std::map<std::string, ActionResult> results;
  int record_calls = 0;  // how many times the engine asked it to record answers
  bool failing = false;  // record() throws, as a full disk would make it
};

// The world the fake actions act on.
struct FakeBank {
  std::map<std::string, long long> balances{{"+265991000001", 150000}, {"+265991000002", 0}};
  std::string pin = "1357";
  int transfers = 0;     // how many times the command really moved money
  int wrong_pins = 0;
  int caller_lookups = 0;  // how many times caller.find ran
  int rows = 7;          // transactions the list action returns
  MemoryCommandLog log;
};

inline Registry fake_registry(FakeBank& bank) {
  Registry r;
  r.add({"caller.find", ActionKind::query, {"name", "language"}, {}, {"ok", "unknown"},
         [&bank](const ActionContext& c) {
           ++bank.caller_lookups;
           if (!bank.balances.contains(c.request.phone)) return ActionResult{"unknown", {}, {}};
           const std::string language = c.request.phone.ends_with("2") ? "ny" : "en";
           return ActionResult{"ok", {{"name", "Chisomo"}, {"language", language}}, {}};
         }});
  r.add({"caller.known", ActionKind::query, {}, {}, {"ok", "unregistered"},
         [&bank](const ActionContext& c) {
           return ActionResult{bank.balances.contains(c.request.phone) ? "ok" : "unregistered", {}, {}};
         }});
  r.add({"pin.check", ActionKind::command, {"attempts_left"}, {}, {"ok", "wrong_pin"},
         [&bank](const ActionContext& c) {
           if (const auto recorded = bank.log.find(c.command_key)) return *recorded;
           // A right PIN changes nothing, and is left to the walk to record, as pin.verify does.
           if (c.input == bank.pin) return ActionResult{"ok", {}, {}, true};
           ActionResult result{"wrong_pin", {{"attempts_left", std::to_string(3 - ++bank.wrong_pins)}}, {}};
           bank.log.results[c.command_key] = result;
           return result;
         }});
  r.add({"balance.read", ActionKind::query, {"balance"}, {}, {"ok"}, [&bank](const ActionContext& c) {
           return ActionResult{"ok", {{"balance", std::to_string(bank.balances.at(c.request.phone))}}, {}};
         }});
  r.add({"money.send", ActionKind::command, {"reference"}, {}, {"ok", "insufficient_funds"},
         [&bank](const ActionContext& c) {
           if (const auto recorded = bank.log.find(c.command_key)) return *recorded;
           const long long amount = std::stoll(c.vars.scalars.at("amount"));
           long long& from = bank.balances.at(c.request.phone);
           ActionResult result{"insufficient_funds", {}, {}};
           if (amount <= from) {
             from -= amount;
             result = {"ok", {{"reference", "REF" + std::to_string(++bank.transfers)}}, {}};
           }
           bank.log.results[c.command_key] = result;
           for (const Answered& answer : c.relied_on) bank.log.results.try_emplace(answer.key, *answer.result);
           return result;
         }});
  r.add({"history.list", ActionKind::query, {}, {"items"}, {"ok"}, [&bank](const ActionContext&) {
           ActionResult result;
           for (int i = 1; i <= bank.rows; ++i)
             result.lists["items"].push_back({{"amount", std::to_string(i * 100000)}, {"who", "Person " + std::to_string(i)}});
           return result;
         },
         {"amount", "who"}});
  r.add({"boom", ActionKind::query, {}, {}, {"ok"},
         [](const ActionContext&) -> ActionResult { throw std::runtime_error("database is on fire"); }});
  return r;
}

}  // namespace dialgraph::engine::testing
