#include "engine/validators.hpp"

#include <doctest/doctest.h>

namespace dialgraph::engine {
namespace {

const Graph malawi;  // country code 265, nine national digits

Validation rule(std::string name) {
  Validation v;
  v.name = std::move(name);
  return v;
}

Validation lengths(std::string name, int min, int max) {
  Validation v = rule(std::move(name));
  v.min_length = min;
  v.max_length = max;
  return v;
}

Validation amount(std::int64_t min_minor, std::int64_t max_minor, int decimals = 2) {
  Validation v = rule("amount");
  v.min_minor = min_minor;
  v.max_minor = max_minor;
  v.decimals = decimals;
  return v;
}

std::string outcome(const Validation& v, std::string_view input, const Vars& vars = {}) {
  return check_builtin(v, input, vars, malawi).outcome;
}

std::string value(const Validation& v, std::string_view input) {
  const Checked checked = check_builtin(v, input, {}, malawi);
  REQUIRE(checked.outcome == "ok");
  return checked.value;
}

std::optional<std::string> phone(std::string_view text) { return normalise_phone(text, "265", 9); }

}  // namespace

TEST_CASE("the built-in validators are known by name, and registered names are not") {
  for (const char* name : {"digits", "amount", "phone", "regex", "one_of", "pin", "otp", "same_as"})
    CHECK(is_builtin_validator(name));
  CHECK_FALSE(is_builtin_validator("pin.verify"));
}

TEST_CASE("each built-in validator declares the outcomes it refuses with") {
  CHECK(builtin_outcomes("amount") == std::vector<std::string>{"invalid", "too_small", "too_large"});
  CHECK(builtin_outcomes("same_as") == std::vector<std::string>{"mismatch"});
  CHECK(builtin_outcomes("pin") == std::vector<std::string>{"invalid"});
}

TEST_CASE("digits accepts only digits within the length range") {
  const Validation v = lengths("digits", 2, 5);
  CHECK(value(v, "0123") == "0123");  // leading zeros are kept: it is text
  CHECK(outcome(v, "1") == "invalid");
  CHECK(outcome(v, "123456") == "invalid");
  CHECK(outcome(v, "12a") == "invalid");
  CHECK(outcome(v, "") == "invalid");
  CHECK(outcome(v, "-12") == "invalid");
}

TEST_CASE("a pin has exactly its length in digits") {
  const Validation v = lengths("pin", 4, 4);
  CHECK(value(v, "1357") == "1357");
  CHECK(outcome(v, "135") == "invalid");
  CHECK(outcome(v, "13579") == "invalid");
  CHECK(outcome(v, "13 7") == "invalid");
}

TEST_CASE("an otp has exactly its length in digits") {
  const Validation v = lengths("otp", 6, 6);
  CHECK(value(v, "004211") == "004211");
  CHECK(outcome(v, "04211") == "invalid");
}

TEST_CASE("an amount is stored in tambala, with commas and up to two decimals") {
  const Validation v = amount(1, 0);
  CHECK(value(v, "1500") == "150000");
  CHECK(value(v, "1,500") == "150000");
  CHECK(value(v, "1,000,000.5") == "100000050");
  CHECK(value(v, "12,345") == "1234500");
  CHECK(value(v, "999,999.99") == "99999999");
  CHECK(value(v, "0.50") == "50");
  CHECK(value(v, ".5") == "50");
}

TEST_CASE("an amount that is not a number is invalid") {
  const Validation v = amount(1, 0);
  for (const char* bad : {"", "abc", "1.234", "5.", "1.2.3", "-5", "1e3", " ", ",", "1234567890123456",
                          // commas that do not group thousands: 1,5 is not 15
                          "1,5", "1,00", ",100", "1,000,00", "1,0000", "1000,000", "1,,000", "1,000,",
                          "1.000,5", "0,500"}) {
    CAPTURE(bad);
    CHECK(outcome(v, bad) == "invalid");
  }
}

TEST_CASE("an amount below the minimum is too_small, above the maximum too_large") {
  const Validation v = amount(100, 500000);  // 1.00 .. 5,000.00 MWK
  CHECK(outcome(v, "0") == "too_small");
  CHECK(outcome(v, "0.99") == "too_small");
  CHECK(value(v, "1") == "100");
  CHECK(value(v, "5000") == "500000");
  CHECK(outcome(v, "5000.01") == "too_large");
}

TEST_CASE("an amount with no maximum accepts any size up to fifteen digits") {
  CHECK(value(amount(1, 0), "999999999999999") == "99999999999999900");
}

TEST_CASE("an amount allowing no decimals refuses a decimal point") {
  const Validation v = amount(1, 0, 0);
  CHECK(value(v, "15") == "1500");
  CHECK(outcome(v, "1.5") == "invalid");
}

TEST_CASE("parse_amount reads decimal text as minor units") {
  CHECK(parse_amount("12.3", 2) == 1230);
  CHECK(parse_amount("12.34", 1) == std::nullopt);
  CHECK(parse_amount("0", 2) == 0);
  // Spaces around it are slips; a leading zero group is no grouping.
  CHECK(parse_amount(" 1500 ", 2) == 150000);
  CHECK(parse_amount("1,500", 2) == 150000);
  CHECK(parse_amount("0,500", 2) == std::nullopt);
  CHECK(parse_amount("1 500", 2) == std::nullopt);
}

TEST_CASE("a Malawian phone number in any local form becomes E.164") {
  CHECK(phone("0991234567") == "+265991234567");
  CHECK(phone("991234567") == "+265991234567");
  CHECK(phone("265991234567") == "+265991234567");
  CHECK(phone("+265991234567") == "+265991234567");
  CHECK(phone("00265991234567") == "+265991234567");
  CHECK(phone("099 123 4567") == "+265991234567");
  CHECK(phone("0991-234-567") == "+265991234567");
}

TEST_CASE("a phone number of the wrong length, country or characters is refused") {
  for (const char* bad : {"", "12345", "09912345678", "+27991234567", "0027991234567", "099123456x",
                          "+2659912345678", "+", "00", "26599123456"}) {
    CAPTURE(bad);
    CHECK(phone(bad) == std::nullopt);
  }
}

TEST_CASE("the phone validator stores the E.164 form and refuses others as invalid") {
  CHECK(value(rule("phone"), "0991234567") == "+265991234567");
  CHECK(outcome(rule("phone"), "0991") == "invalid");
}

TEST_CASE("regex must match the whole input") {
  Validation v = rule("regex");
  v.pattern = "[A-Z]{2}[0-9]+";
  v.compiled = std::make_shared<const std::regex>(v.pattern, std::regex::ECMAScript);
  CHECK(value(v, "PM123") == "PM123");
  CHECK(outcome(v, "xPM123") == "invalid");
  CHECK(outcome(v, "PM") == "invalid");
}

TEST_CASE("regex refuses inputs longer than a screen without trying them") {
  Validation v = rule("regex");
  v.compiled = std::make_shared<const std::regex>(".*", std::regex::ECMAScript);
  CHECK(value(v, std::string(182, 'a')) == std::string(182, 'a'));
  CHECK(outcome(v, std::string(183, 'a')) == "invalid");
}

TEST_CASE("a regex pattern is compiled once and shared by every screen that uses it") {
  const auto first = compile_regex("^[0-9]{11}$");
  CHECK(compile_regex("^[0-9]{11}$") == first);
  CHECK(compile_regex("^[0-9]{12}$") != first);
}

TEST_CASE("a bad regex pattern throws every time it is compiled, never leaving an empty entry") {
  CHECK_THROWS_AS(compile_regex("[A-Z"), std::regex_error);
  CHECK_THROWS_AS(compile_regex("[A-Z"), std::regex_error);
}

TEST_CASE("one_of accepts exactly one of the listed inputs") {
  Validation v = rule("one_of");
  v.choices = {"1", "2"};
  CHECK(value(v, "2") == "2");
  CHECK(outcome(v, "3") == "invalid");
  CHECK(outcome(v, "") == "invalid");
}

TEST_CASE("same_as accepts only a repeat of the earlier input and refuses with mismatch") {
  Validation v = rule("same_as");
  v.other = "new_pin";
  Vars vars;
  vars.scalars["new_pin"] = "2468";
  CHECK(outcome(v, "2468", vars) == "ok");
  CHECK(outcome(v, "2469", vars) == "mismatch");
  CHECK(outcome(v, "2468") == "mismatch");  // nothing to repeat yet
}

}  // namespace dialgraph::engine
