#include "actions/payments.hpp"

#include <doctest/doctest.h>

#include "actions/command.hpp"
#include "actions/parse.hpp"
#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

TEST_CASE("recipient.find takes a Paymaart ID or a phone in any form") {
  World world;
  for (const char* input : {"PM500002", "pm500002", "0991110002", "991110002", "265991110002",
                            "+265991110002"}) {
    const auto result = world.run("recipient.find", kAlice, input);
    CHECK(result.outcome == "ok");
    CHECK(result.values.at("recipient_name") == "Chifundo Phiri");
    CHECK(result.values.at("recipient_id") == "PM500002");
    CHECK(result.values.at("recipient_phone") == kBanda);
  }
  CHECK(world.run("recipient.find", kAlice, "PM999999").outcome == "unknown_recipient");
  CHECK(world.run("recipient.find", kAlice, "0881234567").outcome == "unknown_recipient");
  CHECK(world.run("recipient.find", kAlice, "hello").outcome == "unknown_recipient");
  CHECK(world.run("recipient.find", kAlice, "pm500001").outcome == "self");
  CHECK(world.run("recipient.find", kAlice, "0991110003").outcome == "recipient_not_verified");
  CHECK(world.run("recipient.find", kAlice, "PM500004").outcome == "recipient_not_verified");
}

TEST_CASE("payment.quote checks limits and funds and quotes the fee") {
  World world;
  auto quote = [&](const char* phone, const char* amount) {
    return world.run("payment.quote", phone, amount, {{"recipient_id", "PM500002"}});
  };
  const auto ok = quote(kAlice, "150000");
  CHECK(ok.outcome == "ok");
  CHECK(ok.values == dialgraph::engine::Record{{"amount", "150000"}, {"fee", "10000"},
                                               {"total", "160000"},
                                               {"daily_remaining", "300000000"},
                                               {"min_payment", "100"},
                                               {"max_payment", "100000000"}});
  CHECK(quote(kAlice, "99").outcome == "below_minimum");
  CHECK(quote(kAlice, "100").outcome == "ok");
  CHECK(quote(kAlice, "100000001").outcome == "over_limit");
  CHECK(quote(kAlice, "9950000").outcome == "ok");  // + 500 MWK fee = the whole balance
  CHECK(quote(kAlice, "9950001").outcome == "insufficient_funds");
  CHECK(quote(kBroke, "100").outcome == "insufficient_funds");
  CHECK(quote(kAlice, "12a").outcome == "invalid");
}

TEST_CASE("a payment moves exactly amount and fee, and queues two receipts") {
  World world;
  const auto result = world.run("payment.send", kAlice, "",
                                {{"recipient_id", "PM500002"}, {"amount", "150000"}});
  REQUIRE(result.outcome == "ok");
  CHECK(result.values.at("amount") == "150000");
  CHECK(result.values.at("fee") == "10000");
  CHECK(result.values.at("total") == "160000");
  CHECK(result.values.at("balance") == "9840000");
  CHECK(result.values.at("recipient_name") == "Chifundo Phiri");
  CHECK(result.values.at("reference").size() == 12);
  CHECK(world.balance(kAlice) == 10'000'000 - 160'000);
  CHECK(world.balance(kBanda) == 500'000 + 150'000);
  CHECK(world.fee_balance() == 10'000);
  const auto sms = world.sms();
  REQUIRE(sms.size() == 2);
  const std::string ref = result.values.at("reference");
  CHECK(sms[0].to_phone == kAlice);
  CHECK(sms[0].text == "Paymaart: You sent MWK 1,500.00 to Chifundo Phiri. Fee MWK 100.00. "
                       "New balance MWK 98,400.00. Ref " + ref + ".");
  CHECK(sms[1].to_phone == kBanda);
  CHECK(sms[1].text == "Paymaart: Mwalandira MWK 1,500.00 kuchokera kwa Alinafe Grace Banda. "
                       "Ndalama zanu tsopano MWK 6,500.00. Nambala " + ref + ".");
}

TEST_CASE("a retried payment.send returns the first result and moves nothing") {
  World world;
  const std::map<std::string, std::string, std::less<>> vars = {{"recipient_id", "PM500002"},
                                                                {"amount", "150000"}};
  const auto first = world.run("payment.send", kAlice, "", vars, "s1/path");
  const auto again = world.run("payment.send", kAlice, "", vars, "s1/path");
  CHECK(again.values == first.values);
  CHECK(world.balance(kAlice) == 10'000'000 - 160'000);
  CHECK(world.sms().size() == 2);
  StoreCommandLog log(*world.store);
  REQUIRE(log.find("s1/path").has_value());
  CHECK(log.find("s1/path")->values.at("reference") == first.values.at("reference"));
  CHECK_FALSE(log.find("s1/other").has_value());
}

TEST_CASE("payment.send re-checks everything and refuses without moving money") {
  World world;
  auto send = [&](const char* phone, const char* to, const char* amount, std::string key = "") {
    return world.run("payment.send", phone, "", {{"recipient_id", to}, {"amount", amount}}, key)
        .outcome;
  };
  // What can change after payment.quote is an outcome of its own.
  CHECK(send(kAlice, "PM500002", "9999999") == "insufficient_funds");
  CHECK(send(kBroke, "PM500002", "100") == "insufficient_funds");
  // The back office may withdraw a recipient's KYC status after recipient.find.
  const auto withdrawn =
      world.run("payment.send", kAlice, "", {{"recipient_id", "PM500003"}, {"amount", "1000"}});
  CHECK(withdrawn.outcome == "recipient_not_verified");
  CHECK(withdrawn.values.at("recipient_name") == world.store->read([](Tx& tx) {
    return tx.customer_by_paymaart_id("PM500003")->full_name();
  }));
  // And the payer's, after the guard at the start of the session let it in.
  CHECK(send(kPending, "PM500002", "10000") == "payer_not_verified");
  CHECK(world.balance(kPending) == 100'000);
  // What recipient.find and payment.quote refuse first is a menus file that
  // skipped them: an error, recorded nowhere, so nothing is left half done.
  for (const auto& [to, amount] : std::vector<std::pair<const char*, const char*>>{
           {"PM500002", "50"},          // below the minimum
           {"PM500002", "100000001"},   // over the limit per payment
           {"PM500001", "1000"},        // herself
           {"PM777777", "1000"}}) {     // nobody
    INFO(to, " ", amount);
    CHECK_THROWS_AS(send(kAlice, to, amount, "refused"), std::logic_error);
    CHECK_FALSE(StoreCommandLog(*world.store).find("refused").has_value());
  }
  CHECK(world.balance(kAlice) == 10'000'000);
  CHECK(world.fee_balance() == 0);
  CHECK(world.sms().empty());
}

TEST_CASE("the daily limit counts today's payments in Blantyre time") {
  Settings settings;
  settings.daily_limit_minor = 500'000;
  World world("", settings);
  // kStart is 00:13:20 in Blantyre; move to 23:00 the same local day.
  world.now = local_day_start(kStart, 120) + 23 * 3'600;
  auto send = [&](const char* amount) {
    return world.run("payment.send", kAlice, "", {{"recipient_id", "PM500002"}, {"amount", amount}});
  };
  CHECK(send("300000").outcome == "ok");
  const auto quote = world.run("payment.quote", kAlice, "300000", {{"recipient_id", "PM500002"}});
  CHECK(quote.outcome == "over_daily_limit");
  CHECK(quote.values.at("daily_remaining") == "200000");
  CHECK(send("300000").outcome == "over_daily_limit");
  CHECK(send("199950").outcome == "ok");
  // 0.50 MWK left, less than the smallest payment: used up, not "0.50 more".
  const auto used_up = world.run("payment.quote", kAlice, "100", {{"recipient_id", "PM500002"}});
  CHECK(used_up.outcome == "daily_limit_reached");
  CHECK(used_up.values.at("daily_remaining") == "50");
  world.now += 3'600;  // 00:00 next local day (22:00 UTC): a new day
  CHECK(send("300000").outcome == "ok");
}

TEST_CASE("receipts follow each customer's language") {
  World world;
  world.run("payment.send", kBanda, "", {{"recipient_id", "PM500001"}, {"amount", "100"}});
  const auto sms = world.sms();
  REQUIRE(sms.size() == 2);
  CHECK(sms[0].text.starts_with("Paymaart: Mwatumiza MWK 1.00 kwa Alinafe Grace Banda."));
  CHECK(sms[1].text.starts_with("Paymaart: You received MWK 1.00 from Chifundo Phiri."));
}
