#include "actions/settings.hpp"

#include <limits>

#include <doctest/doctest.h>
#include <yaml-cpp/yaml.h>

using namespace dialgraph::actions;

namespace {

Settings parse(const std::string& yaml) { return settings_from_yaml(YAML::Load(yaml)["paymaart"]); }

std::string error_of(const std::string& yaml) {
  try {
    parse(yaml);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("an absent section gives the documented defaults") {
  const Settings s = parse("server: {port: 8080}");
  CHECK(s.pepper == demo_pepper());
  CHECK(s.max_pin_attempts == 3);
  CHECK(s.pin_lock_seconds == 900);
  CHECK(s.otp_ttl_seconds == 300);
  CHECK(s.otp_max_attempts == 3);
  CHECK(s.min_payment_minor == 100);
  CHECK(s.max_payment_minor == 100'000'000);
  CHECK(s.fee_account == "fees");
  CHECK(s.utc_offset_minutes == 120);
}

TEST_CASE("every key is read") {
  const Settings s = parse(R"(
paymaart:
  pepper: "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f"
  max_pin_attempts: 5
  pin_lock_seconds: 60
  otp_ttl_seconds: 120
  otp_max_attempts: 2
  min_payment_minor: 500
  max_payment_minor: 1000000
  daily_limit_minor: 2000000
  fee_account: fees_mw
  utc_offset_minutes: 0
  fees: {type: percentage, basis_points: 150, min_fee_minor: 100, max_fee_minor: 5000}
)");
  CHECK(s.pepper[1] == 1);
  CHECK(s.pepper[31] == 31);
  CHECK(s.max_pin_attempts == 5);
  CHECK(s.daily_limit_minor == 2'000'000);
  CHECK(s.fee_account == "fees_mw");
  CHECK(s.fees.kind == FeeSchedule::Kind::percentage);
  CHECK(s.fees.fee_for(10'000) == 150);       // 1.5 % of 100 MWK
  CHECK(s.fees.fee_for(1'000) == 100);        // the minimum
  CHECK(s.fees.fee_for(10'000'000) == 5'000);  // the maximum
}

TEST_CASE("a percentage fee on the largest amount that can be typed does not overflow") {
  FeeSchedule fees;
  fees.kind = FeeSchedule::Kind::percentage;
  fees.basis_points = 10'000;  // 100 %, the most the configuration allows
  fees.min_fee_minor = 0;
  fees.max_fee_minor = std::numeric_limits<std::int64_t>::max();
  CHECK(fees.fee_for(999'999'999'999'999) == 999'999'999'999'999);  // 15 digits
  fees.basis_points = 9'999;
  CHECK(fees.fee_for(999'999'999'999'999) == 999'899'999'999'999);  // 99.99 %, rounded half up
  CHECK(fees.fee_for(15'001) == 14'999);  // 14,999.4999 rounds down
  fees.basis_points = 1'000;               // 10 %
  CHECK(fees.fee_for(25) == 3);            // 2.5 rounds up
  CHECK(fees.fee_for(10'024) == 1'002);    // 1,002.4 rounds down
}

TEST_CASE("tiered fees pick the first tier the amount fits in") {
  const Settings s = parse(R"(
paymaart:
  fees:
    type: tiered
    tiers: [{up_to_minor: 1000, fee_minor: 10}, {up_to_minor: 5000, fee_minor: 50}]
)");
  CHECK(s.fees.fee_for(1) == 10);
  CHECK(s.fees.fee_for(1'000) == 10);
  CHECK(s.fees.fee_for(1'001) == 50);
  CHECK(s.fees.fee_for(9'999) == 50);  // above the last tier: the last fee
  CHECK(Settings{}.fees.fee_for(150'000) == 10'000);
}

TEST_CASE("bad values name the key") {
  CHECK(error_of("paymaart: {pepper: abc}") ==
        "paymaart.pepper: expected 64 hex digits (32 bytes)");
  CHECK(error_of("paymaart: {max_pin_attempts: 0}") ==
        "paymaart.max_pin_attempts: must be between 1 and 10");
  CHECK(error_of("paymaart: {otp_ttl_seconds: soon}") ==
        "paymaart.otp_ttl_seconds: expected an integer");
  CHECK(error_of("paymaart: {max_pin_attempt: 3}") == "paymaart.max_pin_attempt: unknown key");
  CHECK(error_of("paymaart:\n  max_pin_attempts: 3\n  max_pin_attempts: 99\n") ==
        "paymaart.max_pin_attempts: set twice");
  CHECK(error_of("paymaart: {fees: {type: tiered, tiers: [{up_to_minor: 9, fee_minor: 1, fee_minor: 2}]}}") ==
        "paymaart.fees.tiers.fee_minor: set twice");
  CHECK(error_of("paymaart: {fees: {type: flat}}") ==
        "paymaart.fees.type: expected tiered or percentage, got 'flat'");
  CHECK(error_of("paymaart: {fees: {type: tiered, tiers: [{up_to_minor: 9, fee_minor: 1}, "
                 "{up_to_minor: 5, fee_minor: 2}]}}") ==
        "paymaart.fees.tiers: up_to_minor must increase from tier to tier");
  CHECK(error_of("paymaart: {min_payment_minor: 500, max_payment_minor: 100}") ==
        "paymaart.min_payment_minor: must not exceed max_payment_minor");
}
