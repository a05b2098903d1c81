#include "engine/engine.hpp"

#include <algorithm>
#include <cctype>
#include <string>

#include <doctest/doctest.h>

#include "fake_actions.hpp"

namespace dialgraph::engine {
namespace {

// A conversation with the fixture bank: what the user types, the screen back.
struct Phone {
  testing::FakeBank bank;
  Registry registry = testing::fake_registry(bank);
  std::shared_ptr<const Graph> graph;
  std::string number = "+265991000001";
  std::string session = "s1";
  std::string network;

  explicit Phone(const std::string& fixture = "bank.yaml") {
    LoadResult loaded = load_menus(DIALGRAPH_ENGINE_FIXTURES "/fixtures/" + fixture, registry);
    for (const Diagnostic& d : loaded.diagnostics) MESSAGE(d.str());
    REQUIRE(loaded.ok());
    graph = loaded.graph;
  }

  Reply dial(std::vector<std::string> inputs) {
    return respond(*graph, registry, bank.log, Request{session, number, "*3664#", network, std::move(inputs)});
  }

  // Dials from a network of its own with `budget`; the graph returned is this
  // phone's copy, to change further.
  std::shared_ptr<Graph> on_network(const std::string& name, Budget budget) {
    auto copy = std::make_shared<Graph>(*graph);
    copy->network_budgets[name] = budget;
    network = name;
    graph = copy;
    return copy;
  }
};

// The numbers of the list rows a screen shows ("6. ..." lines; not 0, 98, 99).
std::vector<int> rows_shown(const std::string& text) {
  std::vector<int> rows;
  for (std::size_t from = 0; from < text.size();) {
    std::size_t end = text.find('\n', from);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(from, end - from);
    const std::size_t dot = line.find(". ");
    if (dot != std::string::npos && dot > 0 &&
        std::all_of(line.begin(), line.begin() + static_cast<long>(dot), [](unsigned char c) { return std::isdigit(c); })) {
      const int n = std::stoi(line.substr(0, dot));
      if (n != 0 && n != 98 && n != 99) rows.push_back(n);
    }
    from = end + 1;
  }
  return rows;
}

}  // namespace

TEST_CASE("the start screen lists the options with the exit line the engine adds") {
  Phone phone;
  const Reply reply = phone.dial({});
  CHECK_FALSE(reply.end);
  CHECK(reply.screen == "home");
  CHECK(reply.text == "Hello Chisomo\n1. Balance\n2. Send\n3. History\n4. Broken\n5. Leave\n9. Exit");
}

TEST_CASE("a caller the guard refuses gets its END text") {
  Phone phone;
  phone.number = "+265888000000";
  const Reply reply = phone.dial({});
  CHECK(reply.end);
  CHECK(reply.text == "Not registered.");
}

TEST_CASE("the caller's language picks the wording") {
  Phone phone;
  phone.number = "+265991000002";
  CHECK(phone.dial({}).text.starts_with("Moni Chisomo\n1. Ndalama"));
  CHECK(phone.dial({"9"}).text == "Tsalani bwino.");
}

TEST_CASE("with a session memo a query runs once per step of the session") {
  Phone phone;
  SessionMemo memo;
  auto dial = [&](std::vector<std::string> inputs) {
    return respond(*phone.graph, phone.registry, phone.bank.log,
                   Request{phone.session, phone.number, "*3664#", "", std::move(inputs)}, nullptr, &memo);
  };
  CHECK(dial({}).text.starts_with("Hello Chisomo"));
  CHECK(dial({"1"}).text == "Enter PIN\n0. Back");
  CHECK(dial({"1", "0"}).text.starts_with("Hello Chisomo"));  // the caller's values, kept
  CHECK(phone.bank.caller_lookups == 1);

  // The balance query at the newest step runs; a retry of that request is
  // answered from the memo (the command before it from the command log).
  const Reply first = dial({"1", "1357"});
  phone.bank.balances["+265991000001"] = 1;
  CHECK(dial({"1", "1357"}).text == first.text);
  // A new path is a new step: asked afresh.
  CHECK(dial({"1", "0", "1", "1357"}).text == "Balance: 0.01 MWK");

  // Without a memo every request asks again.
  phone.dial({});
  phone.dial({"1"});
  CHECK(phone.bank.caller_lookups == 3);
}

TEST_CASE("balance: PIN, then the balance formatted as money") {
  Phone phone;
  CHECK(phone.dial({"1"}).text == "Enter PIN\n0. Back");
  const Reply reply = phone.dial({"1", "1357"});
  CHECK(reply.end);
  CHECK(reply.text == "Balance: 1,500.00 MWK");
  CHECK(reply.secret_inputs == std::vector<bool>{false, true});
  CHECK(reply.screen == "balance");  // the screen it ended on, for logs and metrics
  CHECK(phone.dial({"5"}).screen == "home");  // an option's own END text: the menu
}

TEST_CASE("a refused input asks again with the error line; a wrong PIN shows what the validator said") {
  Phone phone;
  CHECK(phone.dial({"1", "12"}).text == "PIN has 4 digits.\nEnter PIN\n0. Back");
  CHECK(phone.dial({"1", "1111"}).text == "Wrong PIN, 2 left.\nEnter PIN\n0. Back");
  // The wrong PIN is not checked again when the path is replayed.
  CHECK(phone.dial({"1", "1111", "1357"}).text == "Balance: 1,500.00 MWK");
  CHECK(phone.bank.wrong_pins == 1);
}

TEST_CASE("back, home and exit are graph-aware") {
  Phone phone;
  CHECK(phone.dial({"1", "0"}).screen == "home");
  CHECK(phone.dial({"2", "00"}).screen == "home");
  CHECK(phone.dial({"9"}).text == "Goodbye.");
  // On the start screen there is nowhere to go back to: 0 is just a wrong choice.
  CHECK(phone.dial({"0"}).text.starts_with("Invalid choice.\nHello Chisomo"));
}

TEST_CASE("back passes over an input a command checked, and not over one checked by rules") {
  Phone phone("checked_inputs.yaml");
  // The PIN check counted (a wrong PIN would have counted against the caller):
  // back from the list goes to the menu, not to the PIN again.
  CHECK(phone.dial({"1", "1357"}).screen == "history_list");
  CHECK(phone.dial({"1", "1357", "0"}).screen == "home");
  CHECK(phone.dial({"1", "1357", "98", "0", "0"}).screen == "home");
  // An amount is only checked against rules: back asks for it again.
  CHECK(phone.dial({"2", "500"}).screen == "confirm");
  CHECK(phone.dial({"2", "500", "0"}).screen == "amount");
}

TEST_CASE("9 is an amount on an input screen, not exit") {
  Phone phone;
  const Reply reply = phone.dial({"2", "9"});
  CHECK_FALSE(reply.end);
  CHECK(reply.screen == "confirm");
  CHECK(reply.text.starts_with("Send 0.09?") == false);
  CHECK(reply.text.starts_with("Send 9.00?"));
}

TEST_CASE("an input refusal can end the session") {
  Phone phone;
  const Reply reply = phone.dial({"2", "9000"});
  CHECK(reply.end);
  CHECK(reply.text == "Too much.");
}

TEST_CASE("a command runs once per session and path, however often the request comes") {
  Phone phone;
  const std::vector<std::string> path{"2", "500", "1", "1357"};
  const Reply first = phone.dial(path);
  CHECK(first.text == "Sent. Ref REF1");
  const Reply retry = phone.dial(path);
  CHECK(retry.text == first.text);
  CHECK(phone.bank.transfers == 1);
  CHECK(phone.bank.balances["+265991000001"] == 100000);
  phone.session = "s2";  // a new session may pay again
  CHECK(phone.dial(path).text == "Sent. Ref REF2");
}

// pin.check, like Paymaart's pin.verify, answers a right PIN without recording
// it (ActionResult::record_later): the walk records it when it must.
TEST_CASE("a command's answer left to the walk is recorded only where a later request replays it") {
  Phone phone;
  const auto pin_records = [&phone] {
    return std::count_if(phone.bank.log.results.begin(), phone.bank.log.results.end(),
                         [](const auto& kv) { return kv.first.ends_with("/pin.check"); });
  };
  // The session ends on the balance: no request replays the PIN, nothing is written.
  CHECK(phone.dial({"1", "1357"}).text == "Balance: 1,500.00 MWK");
  CHECK(pin_records() == 0);
  CHECK(phone.bank.log.record_calls == 0);
  // A command after it in the same request records it with its own result.
  CHECK(phone.dial({"2", "500", "1", "1357"}).text == "Sent. Ref REF1");
  CHECK(pin_records() == 1);
  CHECK(phone.bank.log.record_calls == 0);

  // The session goes on past the PIN: recorded before the reply, and replayed.
  Phone listing("checked_inputs.yaml");
  CHECK(listing.dial({"1", "1357"}).screen == "history_list");
  CHECK(listing.bank.log.record_calls == 1);
  CHECK(listing.dial({"1", "1357", "0"}).screen == "home");
}

TEST_CASE("when the answers a replay needs cannot be recorded, the session ends with the apology") {
  Phone phone("checked_inputs.yaml");
  phone.bank.log.failing = true;
  const Reply reply = phone.dial({"1", "1357"});
  CHECK(reply.end);
  CHECK(reply.text == "Sorry, something went wrong.");
  CHECK(reply.error.find("disk full") != std::string::npos);
}

TEST_CASE("a command's record belongs to the session's phone, not to its id alone") {
  Phone phone;
  const std::vector<std::string> path{"2", "500", "1", "1357"};
  CHECK(phone.dial(path).text == "Sent. Ref REF1");
  // The same session id and path from another phone runs on that phone's
  // account (empty), instead of being answered with the first one's record.
  phone.number = "+265991000002";
  CHECK(phone.dial(path).text == "Ndalama sizokwanira.");
  CHECK(phone.bank.transfers == 1);
}

TEST_CASE("inputs past a command's step that never ran end with one_step_at_a_time, and run nothing") {
  Phone phone;
  // *3664*2*500*1*1111*1357#: a PIN typed into the dial string, then another.
  const Reply reply = phone.dial({"2", "500", "1", "1111", "1357"});
  CHECK(reply.end);
  CHECK(reply.text == "Type the PIN when asked.");
  CHECK(reply.error.find("no record for a replayed step") != std::string::npos);
  CHECK(phone.bank.wrong_pins == 0);
  CHECK(phone.bank.transfers == 0);
  // Dialled up to the command's own step, it runs: that input is the newest.
  phone.session = "s2";
  CHECK(phone.dial({"2", "500", "1", "1357"}).text == "Sent. Ref REF1");
}

TEST_CASE("long lists are paged with a more line, and rows are chosen by number") {
  Phone phone;
  const Reply first = phone.dial({"3"});
  CHECK(first.screen == "history_list");
  CHECK(first.text.find("98. More") != std::string::npos);
  CHECK(first.text.size() <= 182);
  const Reply second = phone.dial({"3", "98"});
  CHECK(second.text != first.text);
  CHECK(phone.dial({"3", "98", "0"}).text == first.text);
  CHECK(phone.dial({"3", "2"}).text == "2,000.00 MWK to Person 2");
}

TEST_CASE("only a row on the page shown can be chosen") {
  Phone phone;
  const Reply first = phone.dial({"3"});
  // The highest row number on the first page.
  int last_shown = 0;
  for (std::size_t at = 0; at < first.text.size();) {
    const std::size_t end = std::min(first.text.find('\n', at), first.text.size());
    const std::string line = first.text.substr(at, end - at);
    if (!line.empty() && std::isdigit(static_cast<unsigned char>(line[0])) && !line.starts_with("98."))
      last_shown = std::max(last_shown, std::stoi(line));
    at = end + 1;
  }
  REQUIRE(last_shown > 0);
  const std::string next_row = std::to_string(last_shown + 1);
  const Reply unseen = phone.dial({"3", next_row});
  CHECK_FALSE(unseen.end);
  CHECK(unseen.screen == "history_list");
  CHECK(unseen.text.starts_with("Invalid choice."));
  CHECK(phone.dial({"3", "98", next_row}).text ==
        std::to_string(last_shown + 1) + ",000.00 MWK to Person " + next_row);
  CHECK(phone.dial({"3", "98", "1"}).text.starts_with("Invalid choice."));
}

TEST_CASE("after a wrong choice a list page keeps its rows, the title giving way, so that more skips none") {
  Phone phone;
  phone.bank.rows = 12;
  auto graph = phone.on_network("full", Budget{1000, 1000});
  // A budget with room for the error line only where the title was.
  const std::size_t page_size = phone.dial({"3"}).text.size();
  const int budget = static_cast<int>(page_size + std::string("Invalid choice.").size() - std::string("History").size());
  graph->network_budgets["full"] = Budget{budget, 1000};
  const std::string page = phone.dial({"3"}).text;
  REQUIRE(page.size() == page_size);
  const std::string mistyped = phone.dial({"3", "77"}).text;
  CHECK(mistyped.starts_with("Invalid choice.\n1. "));
  const std::string rows = page.substr(page.find('\n') + 1);  // every line below the title
  CHECK(mistyped.ends_with(rows));
  CHECK(phone.dial({"3", "77", "98"}).text == phone.dial({"3", "98"}).text);
}

TEST_CASE("a page keeps no room for a more line it will not show, with or without an error line") {
  Phone phone;
  phone.bank.rows = 4;
  auto graph = phone.on_network("exact", Budget{1000, 1000});
  // A more line longer than a row: room kept for it would push a row off.
  graph->labels["more"].by_language = {{"en", "More of your history, older entries first"}};
  const std::string all_rows = phone.dial({"3", "x"}).text;
  REQUIRE(all_rows.find("4. 4,000.00 MWK to Person 4") != std::string::npos);
  // A budget the error page fills to the last character: all four rows still fit.
  graph->network_budgets["exact"] = Budget{static_cast<int>(all_rows.size()), 1000};
  CHECK(phone.dial({"3", "x"}).text == all_rows);
  // Without the error line too: the rows left fit without the more line, so
  // the page takes them all instead of two and a more line.
  CHECK(phone.dial({"3"}).text == all_rows.substr(all_rows.find('\n') + 1));
}

TEST_CASE("under an error line the last page of a list offers no more pages") {
  Phone phone;
  phone.on_network("tight", Budget{71, 40});  // rows drop off a page under the error line
  std::vector<std::string> path{"3"};
  for (int pages = 0; phone.dial(path).text.find("98. More") != std::string::npos; ++pages) {
    REQUIRE(pages < 50);
    path.push_back("98");
  }
  const Reply last = phone.dial(path);
  path.push_back("x");
  const Reply wrong = phone.dial(path);
  // At 71 characters its rows stay, each cut to make room for the whole
  // error line: "6. 6,000.00 MWK to P...".
  CHECK(wrong.text.starts_with("Invalid choice.\n"));
  CHECK(rows_shown(wrong.text) == rows_shown(last.text));
  CHECK(wrong.text.find("98. More") == std::string::npos);
  CHECK(wrong.text.size() <= 71);
  // The last page's first row can still be chosen from it (its number opens
  // the line after the title: "7. ...").
  const std::size_t row_start = last.text.find('\n') + 1;
  path.push_back(last.text.substr(row_start, last.text.find('.', row_start) - row_start));
  CHECK(phone.dial(path).text.find("MWK to Person") != std::string::npos);
}

TEST_CASE("an action that throws ends with the generic error and says why for the log") {
  Phone phone;
  const Reply reply = phone.dial({"4"});
  CHECK(reply.end);
  CHECK(reply.text == "Sorry, something went wrong.");
  CHECK(reply.error.find("database is on fire") != std::string::npos);
}

TEST_CASE("a narrower network budget gives shorter pages") {
  Phone phone;
  phone.on_network("narrow", Budget{60, 30});
  const Reply reply = phone.dial({});
  CHECK(reply.text.size() <= 60);
  CHECK(reply.text.find("98. More") != std::string::npos);
}

TEST_CASE("too many inputs end the session politely") {
  Phone phone;
  const Reply reply = phone.dial(std::vector<std::string>(41, "0"));
  CHECK(reply.end);
  CHECK(reply.text == "Sorry, something went wrong.");
  CHECK(reply.inputs_walked == 0);  // its secret flags say nothing
}

TEST_CASE("a reply says how many inputs the walk stepped through") {
  Phone phone;
  CHECK(phone.dial({"98", "0"}).inputs_walked == 2);
  const Reply ended = phone.dial({"9", "1", "2"});  // exit first: the rest are never walked
  CHECK(ended.end);
  CHECK(ended.inputs_walked == 1);
}

TEST_CASE("a menu option can end the session with its own text") {
  Phone phone;
  CHECK(phone.dial({"5"}).text == "Bye from the menu.");
}

// Regression (a probe, 2026-12-05): a wrong choice on a later page laid the
// menu out again with the error line as part of its title, and the page began
// with an option of the page before.
TEST_CASE("a wrong choice on a later page shows that page again under the error") {
  Phone phone;
  phone.on_network("narrow", Budget{50, 30});
  const std::string second = phone.dial({"98"}).text;
  REQUIRE(second.find("3. History") != std::string::npos);
  const std::string again = phone.dial({"98", "77"}).text;
  CHECK(again.starts_with("Invalid"));
  for (const std::string row : {"3. History", "98. More", "0. Back"}) CHECK(again.find(row) != std::string::npos);
  CHECK(again.find("2. Send") == std::string::npos);
  CHECK(phone.dial({"98", "77", "98"}).text == phone.dial({"98", "98"}).text);
}

// Regression: page 0 was measured with page 1's footer (which adds "0. Back"), so
// page 1 started one row early and repeated "2. Send".
TEST_CASE("paging the start menu on a narrow network never shows a row twice") {
  Phone phone;
  phone.on_network("narrow", Budget{50, 30});
  CHECK(phone.dial({}).text == "Hello Chisomo\n1. Balance\n2. Send\n98. More\n9. Exit");
  CHECK(phone.dial({"98"}).text == "Hello Chisomo\n3. History\n98. More\n0. Back\n9. Exit");
  CHECK(phone.dial({"98", "98"}).text == "Hello Chisomo\n4. Broken\n5. Leave\n0. Back\n9. Exit");
  CHECK(phone.dial({"98", "98", "0"}).text == phone.dial({"98"}).text);
}

// Regression: the router's number test used std::stoll, which threw on "-" and
// took the whole request down instead of answering it.
TEST_CASE("a router compares a typed '-' as text instead of failing the request") {
  testing::FakeBank bank;
  const Registry registry = testing::fake_registry(bank);
  const LoadResult loaded = load_menus_text(R"(service: Mini
start: ask
languages: [en]
labels: {back: Back, home: Home, exit: Exit, more: More}
messages: {goodbye: Bye., error: Oops., timeout: Busy., invalid_input: Invalid.}
screens:
  ask:
    type: input
    text: Number?
    save: n
    next: which
  which:
    type: router
    routes:
      - when: n > 5
        end: Big.
      - end: Small.
)", "mini.yaml", registry);
  REQUIRE(loaded.ok());
  const auto answer = [&](std::string input) {
    return respond(*loaded.graph, registry, bank.log, Request{"s", "+265991000001", "*1#", "", {std::move(input)}}).text;
  };
  CHECK(answer("7") == "Big.");
  CHECK(answer("-7") == "Small.");
  CHECK(answer("-") == "Small.");   // "-" < "5" as text
  CHECK(answer("--") == "Small.");
  CHECK(answer("1-9") == "Small.");  // not a number: text, where "1" sorts before "5"
  CHECK(answer("99999999999999999999") == "Big.");  // too large for a number: text
}

}  // namespace dialgraph::engine
