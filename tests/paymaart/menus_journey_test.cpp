// Journeys through the real menus.yaml: what the customer types, the screen back.
#include <doctest/doctest.h>

#include <regex>

#include "actions/sms_outbox.hpp"
#include "engine/session_memo.hpp"
#include "paymaart_phone.hpp"

namespace dialgraph::testing {
namespace {

const std::string chikondi = "+265991000001";   // verified, English, 250,000.00 MWK
const std::string thokozani = "+265991000002";  // verified, Chichewa, 75,000.00 MWK
const std::string kondwani = "+265991000003";   // KYC pending

std::int64_t balance_of(PaymaartWorld& world, const std::string& phone) {
  return world.store.read([&](actions::Tx& tx) {
    return tx.account_of(tx.customer_by_phone(phone)->id)->balance_minor;
  });
}

// The code in the newest SMS to `phone`.
std::string latest_code(PaymaartWorld& world, const std::string& phone) {
  std::string code;
  for (const actions::OutgoingSms& sms : actions::due_sms(world.store, world.settings, world.now + 1, 100)) {
    std::smatch m;
    if (sms.to_phone == phone && std::regex_search(sms.text, m, std::regex("\\b([0-9]{6})\\b"))) code = m[1];
  }
  return code;
}

}  // namespace

TEST_CASE("the home screen is exactly Paymaart's") {
  PaymaartWorld world;
  const engine::Reply reply = world.dial(chikondi, "s", {});
  CHECK_FALSE(reply.end);
  CHECK(reply.text ==
        "Welcome to Paymaart\n1. View Balance\n2. Make Payment\n3. View Transactions\n4. View Profile\n"
        "5. Update PIN\n6. Forgot PIN\n9. Exit");
}

TEST_CASE("an unknown number is told how to register; an unverified one about KYC") {
  PaymaartWorld world;
  const engine::Reply unknown = world.dial("+265888123456", "s", {});
  CHECK(unknown.end);
  CHECK(unknown.text.starts_with("This number is not registered with Paymaart."));
  const engine::Reply pending = world.dial(kondwani, "s", {});
  CHECK(pending.end);
  CHECK(pending.text.starts_with("Your Paymaart account is not verified yet (KYC)."));
}

TEST_CASE("a Chichewa speaker is answered in Chichewa") {
  PaymaartWorld world;
  CHECK(world.dial(thokozani, "s", {}).text.starts_with("Takulandirani ku Paymaart\n1. Onani Ndalama\n"));
  CHECK(world.dial(thokozani, "s", {"9"}).text == "Zikomo pogwiritsa ntchito Paymaart. Tsalani bwino.");
}

TEST_CASE("View Balance: PIN, then the balance and when it last changed") {
  PaymaartWorld world;
  CHECK(world.dial(chikondi, "s", {"1"}).text == "Enter your PIN\n0. Back");
  const engine::Reply reply = world.dial(chikondi, "s", {"1", "1357"});
  CHECK(reply.end);
  CHECK(std::regex_match(reply.text, std::regex("Account balance:\n250,000\\.00 MWK\nLast Updated:\n"
                                                "[0-9]{2}/[0-9]{2}/[0-9]{4} [0-9]{2}:[0-9]{2}")));
  CHECK(reply.secret_inputs == std::vector<bool>{false, true});
  // A right PIN on a clean account changes nothing, and no later request of
  // the session replays it: the session wrote nothing (docs/architecture.md, decision 2).
  CHECK(world.db.column("SELECT COUNT(*) FROM command_results") == std::vector<std::string>{"0"});
  // A retry of the last request, on any instance, checks the PIN again.
  CHECK(world.request(chikondi, "s", {"1", "1357"}).text == reply.text);
}

TEST_CASE("Make Payment: recipient, amount, summary, PIN, and a retried request pays once") {
  PaymaartWorld world;
  CHECK(world.dial(chikondi, "p", {"2", "PM100002"}).text == "Pay Thokozani Phiri\nEnter amount in MWK\n0. Back");
  const engine::Reply summary = world.dial(chikondi, "p", {"2", "PM100002", "1000"});
  CHECK(summary.text.starts_with("Pay Thokozani Phiri\nAmount: 1,000.00 MWK\nFee: "));
  CHECK(summary.text.find("1. Confirm\n2. Cancel") != std::string::npos);
  const std::vector<std::string> path{"2", "PM100002", "1000", "1", "1357"};
  const std::int64_t before = balance_of(world, thokozani);
  const engine::Reply paid = world.dial(chikondi, "p", path);
  CHECK(paid.end);
  CHECK(paid.text.starts_with("Paid 1,000.00 MWK to Thokozani Phiri.\nFee: "));
  CHECK(paid.text.find("Ref: PM") != std::string::npos);
  CHECK(world.request(chikondi, "p", path).text == paid.text);  // the gateway retries
  CHECK(balance_of(world, thokozani) == before + 100000);
}

// PaymaartWorld keeps no memo: every request replays its path afresh, as on
// another instance or after a restart.
TEST_CASE("a replay reads the answers the caller saw, though the balance changed since") {
  PaymaartWorld world;
  // Too much for Chikondi: the amount is asked again, so the next input is an amount.
  const std::vector<std::string> refused{"2", "PM100002", "300000"};
  CHECK(world.dial(chikondi, "short", refused).text.starts_with("Not enough money."));
  // Money arrives before the caller types 1 (meaning 1 MWK).
  CHECK(world.dial(thokozani, "in", {"2", "PM100001", "60000", "1", "1357"}).text.starts_with("Mwalipira"));
  std::vector<std::string> then = refused;
  then.push_back("1");
  const engine::Reply summary = world.request(chikondi, "short", then);
  CHECK(summary.text.starts_with("Pay Thokozani Phiri\nAmount: 1.00 MWK\n"));  // not a PIN prompt
}

TEST_CASE("a retried last request gets its receipt though the payment left too little to pay it again") {
  PaymaartWorld world;
  const std::vector<std::string> path{"2", "PM100001", "70000", "1", "1357"};
  const engine::Reply paid = world.dial(thokozani, "all", path);
  REQUIRE(paid.text.starts_with("Mwalipira 70,000.00 MWK"));
  CHECK(world.request(thokozani, "all", path).text == paid.text);
}

TEST_CASE("a recipient whose KYC status is withdrawn during the payment is not paid, and the payer is told") {
  PaymaartWorld world;
  // One server, which keeps the session's answers between its requests.
  engine::SessionMemo memo;
  const auto step = [&](std::vector<std::string> inputs) {
    return engine::respond(*world.graph, world.registry, world.commands,
                           engine::Request{"kyc", chikondi, "*3664#", "65001", std::move(inputs)}, nullptr, &memo);
  };
  const std::vector<std::string> path{"2", "PM100002", "1000", "1"};
  for (std::size_t n = 0; n <= path.size(); ++n) step({path.begin(), path.begin() + static_cast<long>(n)});
  CHECK(step(path).text.starts_with("Enter your PIN"));  // confirmed
  world.db.exec("UPDATE customers SET kyc_status = 'rejected' WHERE paymaart_id = 'PM100002'");
  const std::int64_t before = balance_of(world, chikondi);
  std::vector<std::string> pin = path;
  pin.push_back("1357");
  // Another server, which asks again, refuses the recipient before the PIN,
  // a refusal the caller never saw: the session ends on it.
  const engine::Reply elsewhere = world.request(chikondi, "kyc", pin);
  CHECK(elsewhere.end);
  CHECK(elsewhere.text == "That customer cannot receive payments.");
  const engine::Reply refused = step(pin);
  CHECK(refused.end);
  CHECK(refused.text == "Payment failed. Thokozani Phiri cannot receive payments now.");
  CHECK(balance_of(world, chikondi) == before);
}

// A payment's command records the recipient and quote its walk relied on,
// not the caller: a retry on another server tells a status changed since,
// and moves no money again.
TEST_CASE("a retried payment is told the payer's new status, and pays once") {
  PaymaartWorld world;
  const std::vector<std::string> path{"2", "PM100002", "1000", "1", "1357"};
  const engine::Reply paid = world.dial(chikondi, "r1", path);
  REQUIRE(paid.text.starts_with("Paid 1,000.00 MWK"));
  const std::int64_t after = balance_of(world, chikondi);
  world.db.exec("UPDATE customers SET kyc_status = 'pending' WHERE phone = '" + chikondi + "'");
  const engine::Reply retried = world.request(chikondi, "r1", path);
  CHECK(retried.end);
  CHECK(retried.text.starts_with("Your Paymaart account is not verified yet"));
  CHECK(balance_of(world, chikondi) == after);
}

TEST_CASE("a shortcut dial that a step refuses ends there, the inputs typed after it unread") {
  PaymaartWorld world;
  // *3664*2*PM100002*300000*1*1357#: too much for Chikondi. Read on, the 1
  // would be an amount and the PIN the next one, shown in the summary.
  const engine::Reply short_of = world.request(chikondi, "d1", {"2", "PM100002", "300000", "1", "1357"});
  CHECK(short_of.end);
  CHECK(short_of.text.starts_with("Not enough money. With the fee you need 30"));
  CHECK(short_of.text.find("1,357") == std::string::npos);
  const engine::Reply nobody = world.request(chikondi, "d2", {"2", "PM999999", "100", "1", "1357"});
  CHECK(nobody.end);
  CHECK(nobody.text.starts_with("No Paymaart customer has that ID"));
  // Typed one step at a time, the same refusal is shown and the session goes on.
  CHECK_FALSE(world.dial(chikondi, "d3", {"2", "PM100002", "300000"}).end);
}

TEST_CASE("Make Payment refuses unknown recipients, yourself and too much, each in its own words") {
  PaymaartWorld world;
  CHECK(world.dial(chikondi, "p", {"2", "PM999999"}).text.starts_with("No Paymaart customer has that ID"));
  CHECK(world.dial(chikondi, "p", {"2", "0991000001"}).text.starts_with("You cannot pay yourself."));
  const engine::Reply broke = world.dial(thokozani, "p", {"2", "0991000001", "80000"});
  CHECK(broke.text.starts_with("Ndalama sizokwanira."));
  CHECK(world.dial(chikondi, "p", {"2", "PM100002", "12.345"}).text.starts_with("Enter an amount such as"));
}

TEST_CASE("three wrong PINs lock the account; Forgot PIN unlocks it") {
  PaymaartWorld world;
  CHECK(world.dial(chikondi, "a", {"1", "1111"}).text.starts_with("Wrong PIN. Tries left: 2."));
  CHECK(world.dial(chikondi, "a", {"1", "1111", "2222"}).text.starts_with("Wrong PIN. Tries left: 1."));
  const engine::Reply locked = world.dial(chikondi, "a", {"1", "1111", "2222", "3333"});
  CHECK(locked.end);
  // "min", not "minutes": in the lock's last minute it says 1.
  CHECK(locked.text == "Too many wrong PINs. Your account is locked for 15 min. Choose Forgot PIN to unlock it now.");
  CHECK(world.dial(chikondi, "b", {"1", "1357"}).text.starts_with("Too many wrong PINs."));

  CHECK(world.dial(chikondi, "f", {"6"}).text.starts_with("Forgot PIN\nEnter your Paymaart ID"));
  const engine::Reply sent = world.dial(chikondi, "f", {"6", "pm100001"});
  CHECK(sent.text.starts_with("We sent a 6-digit code by SMS to"));
  const std::string code = latest_code(world, chikondi);
  REQUIRE(code.size() == 6);
  CHECK(world.dial(chikondi, "f", {"6", "pm100001", code}).text.starts_with("Enter your new 4-digit PIN"));
  CHECK(world.dial(chikondi, "f", {"6", "pm100001", code, "1234"}).text.starts_with("That PIN is too easy"));
  const engine::Reply reset = world.dial(chikondi, "f", {"6", "pm100001", code, "2580", "2580"});
  CHECK(reset.text == "Your new PIN is set and your account is unlocked.");
  CHECK(world.dial(chikondi, "c", {"1", "2580"}).text.starts_with("Account balance:"));
}

TEST_CASE("a step that skips an unrecorded command is refused, not run out of order") {
  PaymaartWorld world;
  const engine::Reply reply = world.request(chikondi, "x", {"5", "1357", "2468"});
  CHECK(reply.end);
  CHECK(reply.text == "For your safety, type your PIN only when you are asked for it. Please dial again.");
}

TEST_CASE("Update PIN: current PIN, a new one twice; trivial, old and mismatched PINs are refused") {
  PaymaartWorld world;
  CHECK(world.dial(chikondi, "u", {"5", "1357", "1111"}).text.starts_with("That PIN is too easy"));
  CHECK(world.dial(chikondi, "u", {"5", "1357", "1357"}).text.starts_with("The new PIN must differ"));
  const auto mismatch = world.dial(chikondi, "u", {"5", "1357", "2468", "2469"});
  CHECK_FALSE(mismatch.end);
  CHECK(mismatch.text.starts_with("The PINs did not match. Enter it again, or 0 to choose another."));
  CHECK(world.dial(chikondi, "v", {"5", "1357", "2468", "2468"}).text == "Your PIN has been changed.");
  CHECK(world.dial(chikondi, "w", {"1", "2468"}).text.starts_with("Account balance:"));
}

TEST_CASE("View Profile and View Transactions") {
  PaymaartWorld world;
  const engine::Reply profile = world.dial(chikondi, "r", {"4", "1357"});
  CHECK(profile.text.starts_with("Name: Chikondi Banda\nPaymaart ID: PM100001\nPhone: +265991000001\n"));
  world.dial(chikondi, "t0", {"2", "PM100002", "1500", "1", "1357"});
  const engine::Reply list = world.dial(chikondi, "t", {"3", "1357"});
  CHECK(list.text.starts_with("Recent transactions\n1. "));
  CHECK(list.text.find("1,500.00 Thokozani Phiri") != std::string::npos);
  CHECK(world.dial(chikondi, "t", {"3", "1357", "1"}).text.starts_with("Paid 1,500.00 MWK\nTo: Thokozani Phiri"));
  // Row 1 stays the row the caller saw when a newer transfer arrives meanwhile.
  world.dial(thokozani, "t1", {"2", "PM100001", "2500", "1", "1357"});
  CHECK(world.request(chikondi, "t", {"3", "1357", "1"}).text.starts_with("Paid 1,500.00 MWK\nTo: Thokozani Phiri"));
}

// The row numbers a list page shows, in order.
std::vector<int> rows_on(const std::string& text) {
  std::vector<int> numbers;
  const std::regex row("(^|\n)([0-9]+)\\. [0-9]{2}/");
  for (auto it = std::sregex_iterator(text.begin(), text.end(), row); it != std::sregex_iterator(); ++it)
    numbers.push_back(std::stoi((*it)[2]));
  return numbers;
}

TEST_CASE("View Transactions: a wrong choice keeps the list where it was") {
  PaymaartWorld world;
  for (const char* amount : {"1001", "1002", "1003", "1004", "1005", "1006", "1007"})
    world.dial(chikondi, std::string("pay") + amount, {"2", "PM100002", amount, "1", "1357"});
  const std::vector<std::string> page_two_path{"3", "1357", "98"};
  const std::vector<int> page_two = rows_on(world.dial(chikondi, "t", page_two_path).text);
  REQUIRE(page_two.size() >= 2);
  // A number that is no row: the page comes back under the error line, from the same row.
  const engine::Reply wrong = world.dial(chikondi, "t", {"3", "1357", "98", "77"});
  REQUIRE(wrong.text.starts_with("Invalid choice. Try again.\n"));
  const std::vector<int> shown = rows_on(wrong.text);
  REQUIRE_FALSE(shown.empty());
  CHECK(shown.front() == page_two.front());
  // Every row of the page can be chosen (the caller saw them all before the
  // mistake), and none of another page.
  for (const int number : page_two) {
    CAPTURE(number);
    const engine::Reply chosen = world.dial(chikondi, "t", {"3", "1357", "98", "77", std::to_string(number)});
    CHECK(chosen.end);
    CHECK(chosen.text.starts_with("Paid "));
  }
  for (const int outside : {page_two.front() - 1, page_two.back() + 1}) {
    CAPTURE(outside);
    const engine::Reply refused = world.dial(chikondi, "t", {"3", "1357", "98", "77", std::to_string(outside)});
    CHECK(refused.text.starts_with("Invalid choice. Try again.\n"));
  }
  // More leads to the page after it, as it would have without the mistake.
  CHECK(world.dial(chikondi, "t", {"3", "1357", "98", "77", "98"}).text ==
        world.dial(chikondi, "t", {"3", "1357", "98", "98"}).text);
}

}  // namespace dialgraph::testing
