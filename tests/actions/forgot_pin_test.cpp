#include "actions/paymaart.hpp"

#include <regex>

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

namespace {

// The code in the newest SMS to `phone`, read the way the customer would.
std::string otp_from_outbox(World& world, const std::string& phone) {
  std::string code;
  for (const auto& sms : world.sms()) {
    std::smatch match;
    if (sms.to_phone == phone && std::regex_search(sms.text, match, std::regex("\\b(\\d{6})\\b")))
      code = match[1];
  }
  return code;
}

void lock_pin(World& world) {
  for (int i = 0; i < 3; ++i) world.run("pin.verify", kAlice, "0000");
  REQUIRE(world.run("pin.verify", kAlice, kAlicePin).outcome == "locked");
}

}  // namespace

TEST_CASE("Forgot PIN: identity, code by SMS, new PIN, and the lock is gone") {
  World world;
  lock_pin(world);
  CHECK(world.run("identity.verify", kAlice, "pm500001").outcome == "ok");
  const auto sent = world.run("otp.send", kAlice);
  CHECK(sent.outcome == "ok");
  CHECK(sent.values == dialgraph::engine::Record{{"phone_masked", "+265*****0001"},
                                                 {"expires_at", std::to_string(kStart + 300)}});
  const std::string code = otp_from_outbox(world, kAlice);
  REQUIRE(code.size() == 6);
  CHECK(world.sms().back().text ==
        "Your Paymaart code is " + code + ". It expires in 5 minutes. Never share it.");
  const std::string wrong = code == "000000" ? "111111" : "000000";
  const auto miss = world.run("otp.verify", kAlice, wrong);
  CHECK(miss.outcome == "wrong_otp");
  CHECK(miss.values.at("attempts_left") == "2");
  CHECK(world.run("otp.verify", kAlice, code).outcome == "ok");
  CHECK(world.run("pin.reset", kAlice, "", {{"new_pin", "7053"}}).outcome == "ok");
  CHECK(world.run("pin.verify", kAlice, "7053").outcome == "ok");
  // The code served once: a second reset needs a new one.
  CHECK(world.run("pin.reset", kAlice, "", {{"new_pin", "3691"}}).outcome == "no_verified_otp");
}

TEST_CASE("the OTP SMS is in Chichewa for ny customers") {
  World world;
  world.run("otp.send", kBanda);
  const std::string code = otp_from_outbox(world, kBanda);
  CHECK(world.sms().back().text == "Nambala yanu ya Paymaart ndi " + code +
                                       ". Ithera mu mphindi 5. Musauze aliyense.");
}

TEST_CASE("pin.reset without a verified OTP is refused") {
  World world;
  CHECK(world.run("pin.reset", kAlice, "", {{"new_pin", "7053"}}).outcome == "no_verified_otp");
  world.run("otp.send", kAlice);  // sent but not verified
  CHECK(world.run("pin.reset", kAlice, "", {{"new_pin", "7053"}}).outcome == "no_verified_otp");
  CHECK(world.run("pin.verify", kAlice, kAlicePin).outcome == "ok");
}

TEST_CASE("a verified OTP is good for a reset within the TTL only") {
  World world;
  world.run("otp.send", kAlice);
  REQUIRE(world.run("otp.verify", kAlice, otp_from_outbox(world, kAlice)).outcome == "ok");
  world.now += 301;
  CHECK(world.run("pin.reset", kAlice, "", {{"new_pin", "7053"}}).outcome == "no_verified_otp");
}

TEST_CASE("an OTP expires with the clock") {
  World world;
  world.run("otp.send", kAlice);
  const std::string code = otp_from_outbox(world, kAlice);
  world.now += 300;
  CHECK(world.run("otp.verify", kAlice, code).outcome == "expired");
  CHECK(World().run("otp.verify", kAlice, "123456").outcome == "expired");  // none sent
}

TEST_CASE("three wrong codes use the OTP up") {
  World world;
  world.run("otp.send", kAlice);
  const std::string code = otp_from_outbox(world, kAlice);
  const std::string wrong = code == "000000" ? "111111" : "000000";
  CHECK(world.run("otp.verify", kAlice, wrong).values.at("attempts_left") == "2");
  CHECK(world.run("otp.verify", kAlice, wrong).values.at("attempts_left") == "1");
  CHECK(world.run("otp.verify", kAlice, wrong).outcome == "too_many_attempts");
  CHECK(world.run("otp.verify", kAlice, code).outcome == "too_many_attempts");
  // A new code replaces it.
  world.run("otp.send", kAlice);
  CHECK(world.run("otp.verify", kAlice, otp_from_outbox(world, kAlice)).outcome == "ok");
}

TEST_CASE("identity.verify locks after three wrong answers, on its own counter") {
  World world;
  const auto miss = world.run("identity.verify", kAlice, "PM500002");
  CHECK(miss.outcome == "mismatch");
  CHECK(miss.values.at("attempts_left") == "2");
  CHECK(world.run("identity.verify", kAlice, "nonsense").outcome == "mismatch");
  CHECK(world.run("identity.verify", kAlice, "PM5000").outcome == "locked");
  CHECK(world.run("identity.verify", kAlice, "PM500001").outcome == "locked");
  CHECK(world.run("pin.verify", kAlice, kAlicePin).outcome == "ok");  // PIN not affected
  world.now += 901;
  CHECK(world.run("identity.verify", kAlice, "PM500001").outcome == "ok");
}

TEST_CASE("otp.send is idempotent by key and never returns the code") {
  World world;
  const auto first = world.run("otp.send", kAlice, "", {}, "o/1");
  const auto again = world.run("otp.send", kAlice, "", {}, "o/1");
  CHECK(first.values == again.values);
  CHECK(world.sms().size() == 1);
  for (const auto& [name, value] : first.values)
    CHECK(value.find(otp_from_outbox(world, kAlice)) == std::string::npos);
}

TEST_CASE("at most otp_sends_per_hour codes go to one customer in any hour") {
  World world;
  for (int i = 1; i <= 3; ++i) {
    world.now += 60;
    CHECK(world.run("otp.send", kAlice, "", {}, "o/" + std::to_string(i)).outcome == "ok");
  }
  world.now += 60;
  CHECK(world.run("otp.send", kAlice, "", {}, "o/4").outcome == "too_many_codes");
  CHECK(world.sms().size() == 3);  // no code and no SMS for the refused one
  CHECK(world.run("otp.send", kBanda, "", {}, "b/1").outcome == "ok");  // the limit is per customer
  world.now += 3'600 - 3 * 60;  // an hour after the first code
  CHECK(world.run("otp.send", kAlice, "", {}, "o/5").outcome == "ok");
}

TEST_CASE("only the newest code counts, and an older one stays dead once it is used") {
  World world;
  world.run("otp.send", kAlice);
  const std::string older = otp_from_outbox(world, kAlice);
  world.run("otp.send", kAlice);
  const std::string newer = otp_from_outbox(world, kAlice);
  REQUIRE(older != newer);  // one chance in a million that two codes are equal
  CHECK(world.run("otp.verify", kAlice, older).outcome == "wrong_otp");
  CHECK(world.run("otp.verify", kAlice, newer).outcome == "ok");
  CHECK(world.run("otp.verify", kAlice, older).outcome == "expired");
  CHECK(world.run("otp.verify", kAlice, newer).outcome == "expired");
}
