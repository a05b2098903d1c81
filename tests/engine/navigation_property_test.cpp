// Random walks over the fixture bank: whatever a caller types, in whatever order,
// the engine answers with a non-empty screen that fits the network's budget.
#include "engine/engine.hpp"

#include <doctest/doctest.h>

#include <random>
#include <set>

#include "engine/gsm.hpp"
#include "fake_actions.hpp"

namespace dialgraph::engine {
namespace {

constexpr unsigned seed = 20240611;
constexpr int paths = 4000;

class Inputs {
 public:
  explicit Inputs(std::mt19937& random) : random_(random) {}

  // One input, drawn from what callers type and what they should not.
  std::string next() {
    switch (pick(10)) {
      case 0:
      case 1: return one_of({"1", "2", "3", "4", "5"});  // menu keys
      case 2: return one_of({"0", "00", "9", "98"});     // navigation
      case 3: return digits(1 + pick(12));
      case 4: return one_of({"1357", "1111", digits(4)});  // PINs, right and wrong
      case 5: return one_of({"500", "1,000.50", "5000.01", "0", "0.001", "-", "-5"});  // amounts
      case 6: return one_of({"", "#", "*", " ", "*3664#"});
      case 7: return std::string(150 + pick(300), "x9{"[pick(3)]);  // long strings
      case 8: return one_of({"ŵ", "Moni ŵanu", "é", "\xF0\x9F\x98\x80", "\xFF\xFE", std::string(1, '\0')});
      default: return std::to_string(pick(100));
    }
  }

  std::vector<std::string> path() {
    std::vector<std::string> out(pick(10) == 0 ? 35 + pick(10) : pick(12));  // some past max_inputs
    for (std::string& input : out) input = next();
    return out;
  }

  std::size_t pick(std::size_t below) { return std::uniform_int_distribution<std::size_t>(0, below - 1)(random_); }

 private:
  std::mt19937& random_;

  std::string one_of(std::initializer_list<std::string> choices) { return *(choices.begin() + pick(choices.size())); }

  std::string digits(std::size_t length) {
    std::string out;
    for (std::size_t i = 0; i < length; ++i) out += static_cast<char>('0' + pick(10));
    return out;
  }
};

struct Bank {
  testing::FakeBank bank;
  Registry registry = testing::fake_registry(bank);
  std::shared_ptr<Graph> graph;

  Bank() {
    const LoadResult loaded = load_menus(DIALGRAPH_ENGINE_FIXTURES "/fixtures/bank.yaml", registry);
    REQUIRE(loaded.ok());
    graph = std::make_shared<Graph>(*loaded.graph);
    graph->network_budgets["narrow"] = Budget{60, 30};
  }

  Reply dial(const std::string& session, const std::string& phone, const std::string& network,
             std::vector<std::string> inputs) {
    return respond(*graph, registry, bank.log, Request{session, phone, "*3664#", network, std::move(inputs)});
  }
};

std::string shown(const std::vector<std::string>& inputs) {
  std::string out;
  for (const std::string& input : inputs) out += "[" + input + "]";
  return out;
}

// The row keys a page lists: lines that start "<digits>. ".
std::vector<std::string> row_keys(const std::string& text) {
  std::vector<std::string> keys;
  std::size_t from = 0;
  while (from < text.size()) {
    std::size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(from, end - from);
    if (const std::size_t dot = line.find(". "); dot != std::string::npos && dot > 0 &&
                                                  line.find_first_not_of("0123456789") == dot)
      keys.push_back(line.substr(0, dot));
    from = end + 1;
  }
  return keys;
}

}  // namespace

TEST_CASE("for thousands of random input paths, respond never throws and always fits the budget") {
  Bank bank;
  std::mt19937 random(seed);
  Inputs inputs(random);
  int ended = 0;
  for (int n = 0; n < paths; ++n) {
    const std::string phone = inputs.pick(8) == 0 ? "+265888000000" : inputs.pick(2) ? "+265991000001" : "+265991000002";
    const std::string network = inputs.pick(4) == 0 ? "narrow" : "";
    const std::vector<std::string> path = inputs.path();
    INFO("path ", n, ": ", shown(path), " phone ", phone, " network '", network, "'");
    Reply reply;
    REQUIRE_NOTHROW(reply = bank.dial("p" + std::to_string(n), phone, network, path));
    CHECK_FALSE(reply.text.empty());
    const Budget& budget = bank.graph->budget_for(network);
    const ScreenSize size = measure(reply.text);
    CHECK(size.units <= (size.gsm7 ? budget.gsm7 : budget.ucs2));
    CHECK(reply.secret_inputs.size() == path.size());
    CHECK((reply.end || bank.graph->screen(reply.screen) != nullptr));
    ended += reply.end;
  }
  // The walk explores both ends and open screens, not one of them only.
  CHECK(ended > paths / 10);
  CHECK(ended < paths * 9 / 10);
}

TEST_CASE("the same path in a new session gets the same screen: replay is deterministic") {
  Bank bank;
  std::mt19937 random(seed + 1);
  Inputs inputs(random);
  for (int n = 0; n < 300; ++n) {
    const std::vector<std::string> path = inputs.path();
    const Reply first = bank.dial("a" + std::to_string(n), "+265991000002", "", path);
    const Reply again = bank.dial("a" + std::to_string(n), "+265991000002", "", path);
    INFO(shown(path));
    CHECK(again.text == first.text);
    CHECK(again.end == first.end);
  }
}

TEST_CASE("paging with 98 shows every row of a menu or list exactly once, on every budget") {
  Bank bank;
  for (const Budget budget : {Budget{182, 80}, Budget{90, 45}, Budget{60, 30}}) {
    bank.graph->network_budgets["n"] = budget;
    for (const std::vector<std::string>& start : {std::vector<std::string>{}, std::vector<std::string>{"3"}}) {
      CAPTURE(budget.gsm7);
      CAPTURE(start.size());
      std::vector<std::string> path = start, seen;
      for (int page = 0; page < 12; ++page) {
        const Reply reply = bank.dial("pages", "+265991000001", "n", path);
        for (const std::string& key : row_keys(reply.text))
          if (key != "0" && key != "9" && key != "98") seen.push_back(key);
        if (reply.text.find("\n98. ") == std::string::npos) break;
        path.push_back("98");
      }
      const std::size_t rows = start.empty() ? 5 : 7;
      CHECK(seen.size() == rows);
      CHECK(std::set<std::string>(seen.begin(), seen.end()).size() == rows);
    }
  }
}

}  // namespace dialgraph::engine
