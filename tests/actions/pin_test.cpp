#include "actions/pin_rules.hpp"

#include <doctest/doctest.h>

#include "world.hpp"

using namespace dialgraph::actions;
using namespace dialgraph::actions::testing;

TEST_CASE("trivial PINs: one digit, or a run up or down") {
  for (const char* pin : {"1111", "0000", "1234", "0123", "6789", "4321", "9876", "3210"})
    CHECK(is_trivial_pin(pin));
  for (const char* pin : {"1357", "8264", "1123", "9012", "1212", "2468"})
    CHECK_FALSE(is_trivial_pin(pin));
  CHECK(is_pin_shape("0000"));
  CHECK_FALSE(is_pin_shape("123"));
  CHECK_FALSE(is_pin_shape("12345"));
  CHECK_FALSE(is_pin_shape("12a4"));
}

TEST_CASE("pin.verify: right, wrong, then locked after three wrong tries") {
  World world;
  CHECK(world.run("pin.verify", kAlice, kAlicePin).outcome == "ok");
  auto wrong = world.run("pin.verify", kAlice, "0000");
  CHECK(wrong.outcome == "wrong_pin");
  CHECK(wrong.values.at("attempts_left") == "2");
  CHECK(world.run("pin.verify", kAlice, "1111").values.at("attempts_left") == "1");
  const auto locked = world.run("pin.verify", kAlice, "2222");
  CHECK(locked.outcome == "locked");
  CHECK(locked.values.at("locked_until") == std::to_string(kStart + 900));
  CHECK(locked.values.at("lock_minutes") == "15");
  // Even the right PIN is refused while locked.
  world.now += 600;
  const auto still = world.run("pin.verify", kAlice, kAlicePin);
  CHECK(still.outcome == "locked");
  CHECK(still.values.at("lock_minutes") == "5");
  world.now += 301;
  CHECK(world.run("pin.verify", kAlice, kAlicePin).outcome == "ok");
}

TEST_CASE("a right PIN resets the count of wrong ones") {
  World world;
  world.run("pin.verify", kAlice, "0000");
  world.run("pin.verify", kAlice, "0000");
  CHECK(world.run("pin.verify", kAlice, kAlicePin).outcome == "ok");
  CHECK(world.run("pin.verify", kAlice, "0000").values.at("attempts_left") == "2");
}

TEST_CASE("a replayed wrong PIN is not counted twice") {
  World world;
  world.run("pin.verify", kAlice, "0000", {}, "s/1");
  world.run("pin.verify", kAlice, "0000", {}, "s/1");
  CHECK(world.run("pin.verify", kAlice, "0000").values.at("attempts_left") == "1");
}

TEST_CASE("pin.unlocked says whether the PIN is locked, and counts nothing") {
  World world;
  CHECK(world.run("pin.unlocked", kAlice).outcome == "ok");
  for (int i = 0; i < 2; ++i) world.run("pin.verify", kAlice, "0000");
  CHECK(world.run("pin.unlocked", kAlice).outcome == "ok");
  world.run("pin.verify", kAlice, "0000");
  CHECK(world.run("pin.unlocked", kAlice).outcome == "locked");
  world.now += Settings{}.pin_lock_seconds;
  CHECK(world.run("pin.unlocked", kAlice).outcome == "ok");
  CHECK(world.run("pin.verify", kAlice, kAlicePin).outcome == "ok");
}

TEST_CASE("pin.unlocked decides on the lock read with the caller, without a read of its own") {
  World world;
  const std::string later = std::to_string(kStart + 60);
  // The store says Alice is not locked; the caller values read with her say so.
  CHECK(world.run("pin.unlocked", kAlice, "", {{"caller.pin_locked_until", later}}).outcome == "locked");
  CHECK(world.run("pin.unlocked", kAlice, "", {{"caller.pin_locked_until", "0"}}).outcome == "ok");
  world.now += 61;
  CHECK(world.run("pin.unlocked", kAlice, "", {{"caller.pin_locked_until", later}}).outcome == "ok");
}

TEST_CASE("pin.check_new refuses trivial PINs and the current one the caller typed") {
  World world;
  const std::map<std::string, std::string, std::less<>> typed{{"pin", kAlicePin}};
  CHECK(world.run("pin.check_new", kAlice, "2580", typed).outcome == "ok");
  CHECK(world.run("pin.check_new", kAlice, "1111", typed).outcome == "trivial");
  CHECK(world.run("pin.check_new", kAlice, "9876", typed).outcome == "trivial");
  CHECK(world.run("pin.check_new", kAlice, kAlicePin, typed).outcome == "same_as_old");
  CHECK(world.run("pin.check_new", kAlice, "12", typed).outcome == "invalid");
}

TEST_CASE("pin.check_new does not tell a caller who typed no PIN what the stored one is") {
  World world;  // Forgot PIN: no PIN screen in the session
  CHECK(world.run("pin.check_new", kAlice, kAlicePin).outcome == "ok");
}

TEST_CASE("pin.update sets the new PIN once per key, and unlocks") {
  World world;
  for (int i = 0; i < 3; ++i) world.run("pin.verify", kAlice, "0000");
  CHECK(world.run("pin.update", kAlice, "", {{"new_pin", "2580"}}, "u/1").outcome == "ok");
  CHECK(world.run("pin.verify", kAlice, "2580").outcome == "ok");
  CHECK(world.run("pin.verify", kAlice, kAlicePin).outcome == "wrong_pin");
  // The same key again changes nothing, even with another PIN in the vars.
  CHECK(world.run("pin.update", kAlice, "", {{"new_pin", "3691"}}, "u/1").outcome == "ok");
  CHECK(world.run("pin.verify", kAlice, "2580").outcome == "ok");
  CHECK_THROWS_AS(world.run("pin.update", kAlice, "", {{"new_pin", "12"}}), std::logic_error);
}
